// An in-memory key-value store with the shape of a VS Code Memento (get/update/keys), for unit
// tests of code that persists state through an injected storage (e.g. the model catalogue's cache).
export class MemoryStorage {
  readonly data = new Map<string, unknown>();
  /** How many writes happened (tests check that a fresh cache is not rewritten). */
  writes = 0;

  keys(): readonly string[] {
    return [...this.data.keys()];
  }

  get<T>(key: string): T | undefined;
  get<T>(key: string, defaultValue: T): T;
  get<T>(key: string, defaultValue?: T): T | undefined {
    // A copy, as a real Memento returns deserialized JSON: callers cannot change the stored value.
    return this.data.has(key) ? (JSON.parse(JSON.stringify(this.data.get(key))) as T) : defaultValue;
  }

  update(key: string, value: unknown): Promise<void> {
    this.writes++;
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}
