/**
 * How a profile's key is kept in SecretStorage: the key and the origin it was set for, as one
 * value, so one write sets both. VS Code for the Web seals and saves its whole secret store after
 * each write without ordering the saves, so of two quick writes the first one's copy may be the
 * one that stays; a separate origin secret written beside the key could leave the key out.
 */
export interface StoredKey {
  key?: string;
  /** The origin the key was set for; undefined for a plain key as earlier builds stored it. */
  origin?: string;
}

export function encodeStoredKey(key: string, origin: string): string {
  return JSON.stringify({ key, origin });
}

/** Reads a stored value: a key with its origin, or a plain key as earlier builds wrote it. */
export function decodeStoredKey(value: string | undefined): StoredKey {
  const text = value?.trim();
  if (!text) return {};
  if (!text.startsWith('{')) return { key: text };
  let v: { key?: unknown; origin?: unknown };
  try {
    v = JSON.parse(text) as typeof v;
  } catch {
    return {};
  }
  // Anything but a key bound to an origin is not sent anywhere: no key.
  if (typeof v.key !== 'string' || typeof v.origin !== 'string') return {};
  const key = v.key.trim();
  const origin = v.origin.trim();
  return key && origin ? { key, origin } : {};
}
