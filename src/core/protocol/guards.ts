// Small structural checks for data that crosses a trust boundary (webview messages, files on disk).
// Each returns false rather than throwing, so a malformed message is simply dropped.

export type Guard<T> = (value: unknown) => value is T;

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isString(v: unknown, max = Number.POSITIVE_INFINITY): v is string {
  return typeof v === 'string' && v.length <= max;
}

export function isNonEmptyString(v: unknown, max = Number.POSITIVE_INFINITY): v is string {
  return isString(v, max) && v.length > 0;
}

export function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export function isInt(v: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

export function isOneOf<T extends string>(v: unknown, values: readonly T[]): v is T {
  return typeof v === 'string' && (values as readonly string[]).includes(v);
}

export function isArrayOf<T>(v: unknown, guard: Guard<T>, max = Number.POSITIVE_INFINITY): v is T[] {
  return Array.isArray(v) && v.length <= max && v.every((x) => guard(x));
}

/** The object has exactly these keys (optional ones may be missing); extra keys fail. */
export function hasOnlyKeys(v: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(v).every((k) => keys.includes(k));
}
