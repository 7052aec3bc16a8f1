import * as vscode from 'vscode';
import { DEFAULT_PROFILE_ID } from '../core/profiles/modelRef';
import { originOf } from '../core/profiles/profiles';
import { decodeStoredKey, encodeStoredKey, type StoredKey } from '../core/profiles/storedKey';
import { Disposable } from './lifecycle';
import { API_KEY_ENV, StorageKeys } from './ids';

/** What the key store needs to know of the profiles: where each one's requests go. */
export interface KeyProfiles {
  get(id: string): { readonly baseUrl: string } | undefined;
  readonly all: readonly { readonly id: string }[];
  readonly onDidChange: vscode.Event<void>;
}

/** Where a profile's key stands. `otherHost`: one is stored, but for another host than the profile's now. */
export type KeyStatus = { state: 'stored' | 'environment' | 'none' } | { state: 'otherHost'; storedFor: string };

/**
 * The SecretStorage names of a profile's key and of the origin kept beside a plain key (earlier
 * builds wrote keys so; read only for a plain key, removed when a key is set).
 */
export function secretNames(profile: string): { key: string; origin: string } {
  return {
    key: profile === DEFAULT_PROFILE_ID ? StorageKeys.apiKeySecret : `${StorageKeys.apiKeySecret}/${profile}`,
    origin: `${StorageKeys.keyOriginSecret}/${profile}`,
  };
}

/** The profile a SecretStorage name belongs to, if it is one of ours. */
function profileOfSecret(name: string): string | undefined {
  if (name === StorageKeys.apiKeySecret) return DEFAULT_PROFILE_ID;
  for (const prefix of [`${StorageKeys.apiKeySecret}/`, `${StorageKeys.keyOriginSecret}/`]) if (name.startsWith(prefix)) return name.slice(prefix.length);
  return undefined;
}

/**
 * The keys, one per profile, only in SecretStorage (as vscode-copilot-chat's BYOK storage does:
 * trimmed, never empty, namespaced names), never synced. Each key is bound to the origin it was
 * set for (stored with it, `encodeStoredKey`): a profile whose URL now points at another host, by an edit
 * or by Settings Sync, gets no key until the user sets one for that host. The default profile's
 * key is the one every earlier build stored; found unbound, it is bound to where it is used today.
 * `TOKENHUB_API_KEY` serves the default profile when nothing usable is stored. Nothing here logs,
 * and no key is ever put in settings or state.
 */
export class ApiKeyStore extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<string>());
  /** Fires with a profile id once per actual change of the key that profile's requests would use. */
  readonly onDidChange = this._onDidChange.event;
  /** The key each profile used when last checked; kept only to compare, never exposed. */
  private readonly lastSeen = new Map<string, string | undefined>();
  /**
   * Each profile's stored key, read once and kept until SecretStorage says it changed: every
   * request asks for the key, and each read is a round trip to VS Code's main process (and its
   * keychain).
   */
  private readonly stored = new Map<string, Promise<StoredKey>>();
  private readonly binding = new Set<string>();

  constructor(private readonly secrets: vscode.SecretStorage, private readonly profiles: KeyProfiles, private readonly env: NodeJS.ProcessEnv = process.env) {
    super();
    this._register(
      secrets.onDidChange((e) => {
        const profile = profileOfSecret(e.key);
        if (profile === undefined) return;
        this.stored.delete(profile);
        void this.checkChanged(profile);
      }),
    );
    // A profile moved to another URL (or went away): its key may no longer apply.
    this._register(profiles.onDidChange(() => void this.checkAll()));
  }

  /**
   * The key to send with `profile`'s requests, or undefined when there is none for its host.
   * `forUrl`: where the request goes, when that may differ from the profile's URL now (a client
   * made before the profile moved): the key must have been set for that origin.
   */
  async get(profile: string = DEFAULT_PROFILE_ID, forUrl?: string): Promise<string | undefined> {
    const status = await this.resolve(profile, forUrl);
    return status.key;
  }

  /** Where the key in use comes from. */
  async source(profile: string = DEFAULT_PROFILE_ID): Promise<'secretStorage' | 'environment' | undefined> {
    const s = (await this.status(profile)).state;
    return s === 'stored' ? 'secretStorage' : s === 'environment' ? 'environment' : undefined;
  }

  async status(profile: string = DEFAULT_PROFILE_ID): Promise<KeyStatus> {
    return (await this.resolve(profile)).status;
  }

  /**
   * Stores `key` for `profile`, bound to the origin of `baseUrl` (default: the profile's URL now).
   * The old key is removed first, so it can never end up bound to the new origin.
   */
  async set(key: string, profile: string = DEFAULT_PROFILE_ID, baseUrl?: string): Promise<void> {
    const trimmed = key.trim();
    if (!trimmed) throw new Error('empty key');
    const origin = originOf(baseUrl ?? this.profiles.get(profile)?.baseUrl ?? '');
    if (!origin) throw new Error(`no base URL for profile ${profile}`);
    const names = secretNames(profile);
    this.stored.delete(profile);
    try {
      // One write replaces key and origin together: the old key is never bound to the new host.
      await this.secrets.store(names.key, encodeStoredKey(trimmed, origin));
      // A separate origin (an earlier build's, or a binding) goes afterwards: the value above has
      // its own. Only if there is one: each write costs VS Code for the Web a sealed copy of the store.
      if ((await this.secrets.get(names.origin)) !== undefined) await this.secrets.delete(names.origin);
    } finally {
      this.stored.delete(profile);
    }
    await this.checkChanged(profile);
  }

  async clear(profile: string = DEFAULT_PROFILE_ID): Promise<void> {
    const names = secretNames(profile);
    this.stored.delete(profile);
    try {
      await this.secrets.delete(names.key);
      await this.secrets.delete(names.origin);
    } finally {
      this.stored.delete(profile);
    }
    await this.checkChanged(profile);
  }

  private async resolve(profile: string, forUrl?: string): Promise<{ key?: string; status: KeyStatus }> {
    const p = this.profiles.get(profile);
    if (!p) return { status: { state: 'none' } };
    const target = originOf(p.baseUrl);
    if (forUrl !== undefined && originOf(forUrl) !== target) return { status: { state: 'none' } };
    const { key, origin } = await this.readStored(profile);
    let otherHost: string | undefined;
    if (key) {
      if (origin === undefined && profile === DEFAULT_PROFILE_ID && target) {
        // A key from a build without profiles: it was used with this URL, so it stays with it.
        void this.bind(profile, target);
        return { key, status: { state: 'stored' } };
      }
      if (origin !== undefined && origin === target) return { key, status: { state: 'stored' } };
      otherHost = origin ?? '?';
    }
    if (profile === DEFAULT_PROFILE_ID) {
      const fromEnv = this.env[API_KEY_ENV]?.trim();
      if (fromEnv) return { key: fromEnv, status: { state: 'environment' } };
    }
    return { status: otherHost ? { state: 'otherHost', storedFor: otherHost } : { state: 'none' } };
  }

  private async bind(profile: string, origin: string): Promise<void> {
    if (this.binding.has(profile)) return;
    this.binding.add(profile);
    try {
      // The origin beside the key, not the key rewritten: a key set meanwhile is never overwritten.
      await this.secrets.store(secretNames(profile).origin, origin);
    } catch {
      // Unbound it keeps working where it is; the next read tries again.
    } finally {
      this.binding.delete(profile);
    }
  }

  private readStored(profile: string): Promise<StoredKey> {
    let entry = this.stored.get(profile);
    if (!entry) {
      const names = secretNames(profile);
      const read: Promise<StoredKey> = Promise.resolve(this.secrets.get(names.key))
        .then(async (value): Promise<StoredKey> => {
          const decoded = decodeStoredKey(value);
          if (!decoded.key || decoded.origin) return decoded;
          // A plain key: earlier builds kept its origin in a secret of its own (none before profiles).
          const origin = (await this.secrets.get(names.origin))?.trim() || undefined;
          return { key: decoded.key, origin };
        })
        .catch((e: unknown) => {
          // A failed read (keychain locked) is not remembered: the next request tries again.
          if (this.stored.get(profile) === read) this.stored.delete(profile);
          throw e;
        });
      entry = read;
      this.stored.set(profile, entry);
    }
    return entry;
  }

  private async checkAll(): Promise<void> {
    const ids = new Set([...this.profiles.all.map((p) => p.id), ...this.lastSeen.keys()]);
    for (const id of ids) await this.checkChanged(id).catch(() => undefined);
  }

  /**
   * Fires `onDidChange` when the key a profile would use differs from the one last seen. Our own
   * writes call it at once (so listeners need not wait for SecretStorage's event); that event then
   * finds nothing new, and each change reaches the features (and their GET /models) once.
   */
  private async checkChanged(profile: string): Promise<void> {
    const now = await this.get(profile);
    if (this.lastSeen.has(profile) && this.lastSeen.get(profile) === now) return;
    this.lastSeen.set(profile, now);
    this._onDidChange.fire(profile);
  }
}
