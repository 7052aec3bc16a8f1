// An in-memory vscode.Memento (globalState / workspaceState) for unit tests in plain Node.
// Values go through JSON like VS Code's storage does, so a test sees what a reload would.
import type * as vscode from 'vscode';

export class FakeMemento implements vscode.Memento {
  private readonly data = new Map<string, string>();
  /** Every update, in order (key, value): lets a test prove what was, or was not, written. */
  readonly writes: { key: string; value: unknown }[] = [];
  private syncKeys: readonly string[] = [];

  constructor(initial: Record<string, unknown> = {}) {
    for (const [k, v] of Object.entries(initial)) this.data.set(k, JSON.stringify(v));
  }

  keys(): readonly string[] {
    return [...this.data.keys()];
  }

  get<T>(key: string): T | undefined;
  get<T>(key: string, defaultValue: T): T;
  get<T>(key: string, defaultValue?: T): T | undefined {
    const raw = this.data.get(key);
    return raw === undefined ? defaultValue : (JSON.parse(raw) as T);
  }

  async update(key: string, value: unknown): Promise<void> {
    this.writes.push({ key, value });
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, JSON.stringify(value));
    // Like VS Code's memento: the value is there at once, the promise settles when it is saved.
    await this.saved;
  }

  private saved: Promise<void> = Promise.resolve();

  /** Holds the promises of later updates (their values are set at once) until `release` is called. */
  holdWrites(): () => void {
    let release!: () => void;
    this.saved = new Promise<void>((r) => (release = r));
    return release;
  }

  /** globalState's extra method; recorded so tests can check what would sync across machines. */
  setKeysForSync(keys: readonly string[]): void {
    this.syncKeys = keys;
  }

  get keysForSync(): readonly string[] {
    return this.syncKeys;
  }

  /** Everything stored, serialised: for "the key is not in here" assertions. */
  dump(): string {
    return JSON.stringify(Object.fromEntries(this.data));
  }
}
