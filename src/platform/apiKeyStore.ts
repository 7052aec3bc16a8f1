import * as vscode from 'vscode';
import { Disposable } from './lifecycle';
import { API_KEY_ENV, StorageKeys } from './ids';

/**
 * The API key lives only in SecretStorage (as vscode-copilot-chat's BYOK storage does: trimmed,
 * never empty, one namespaced name). `TOKENHUB_API_KEY` from the environment is used when
 * nothing is stored. Nothing here logs, and the key is never put in settings or state.
 */
export class ApiKeyStore extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  /** Fires once per actual change of the key in use (a write of ours and SecretStorage's echo of it are one change). */
  readonly onDidChange = this._onDidChange.event;
  /** The key as last seen by `checkChanged`; `null` until then. Kept only to compare, never exposed. */
  private lastSeen: string | undefined | null = null;
  /**
   * The stored key, read once and kept until SecretStorage says it changed: every request asks
   * for the key, and each read is a round trip to VS Code's main process (and its keychain).
   */
  private stored: Promise<string | undefined> | undefined;

  constructor(private readonly secrets: vscode.SecretStorage, private readonly env: NodeJS.ProcessEnv = process.env) {
    super();
    this._register(
      secrets.onDidChange((e) => {
        if (e.key === StorageKeys.apiKeySecret) {
          this.stored = undefined;
          void this.checkChanged();
        }
      }),
    );
  }

  async get(): Promise<string | undefined> {
    const stored = await this.readStored();
    if (stored) return stored;
    const fromEnv = this.env[API_KEY_ENV]?.trim();
    return fromEnv || undefined;
  }

  /** Where the key in use comes from. */
  async source(): Promise<'secretStorage' | 'environment' | undefined> {
    if (await this.readStored()) return 'secretStorage';
    return this.env[API_KEY_ENV]?.trim() ? 'environment' : undefined;
  }

  async set(key: string): Promise<void> {
    const trimmed = key.trim();
    if (!trimmed) throw new Error('empty key');
    this.stored = undefined;
    try {
      await this.secrets.store(StorageKeys.apiKeySecret, trimmed);
    } finally {
      this.stored = undefined;
    }
    await this.checkChanged();
  }

  async clear(): Promise<void> {
    this.stored = undefined;
    try {
      await this.secrets.delete(StorageKeys.apiKeySecret);
    } finally {
      this.stored = undefined;
    }
    await this.checkChanged();
  }

  private readStored(): Promise<string | undefined> {
    if (!this.stored) {
      const read = Promise.resolve(this.secrets.get(StorageKeys.apiKeySecret)).then(
        (v) => v?.trim() || undefined,
        (e: unknown) => {
          // A failed read (keychain locked) is not remembered: the next request tries again.
          if (this.stored === read) this.stored = undefined;
          throw e;
        },
      );
      this.stored = read;
    }
    return this.stored;
  }

  /**
   * Fires `onDidChange` when the key in use differs from the one last seen. Our own writes call it
   * at once (so listeners need not wait for SecretStorage's event); that event then finds nothing
   * new, and each change reaches the features (and their GET /models) once.
   */
  private async checkChanged(): Promise<void> {
    const now = await this.get();
    if (now === this.lastSeen) return;
    this.lastSeen = now;
    this._onDidChange.fire();
  }
}
