// An in-memory vscode.SecretStorage for unit tests in plain Node, with the change event.
import type * as vscode from 'vscode';
import { FakeEmitter } from './event';

export class FakeSecretStorage implements vscode.SecretStorage {
  private readonly data = new Map<string, string>();
  private readonly emitter = new FakeEmitter<vscode.SecretStorageChangeEvent>();
  readonly onDidChange = this.emitter.event;
  /** Make the next calls fail, as a locked or broken keychain does. */
  failWith: Error | undefined;
  /**
   * The whole store after each write, in order. VS Code for the Web saves a sealed copy of the
   * store after every write without ordering the saves: after a reload it may hold any of these.
   */
  readonly snapshots: Record<string, string>[] = [];

  constructor(initial: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(initial)) this.data.set(k, v);
  }

  async keys(): Promise<string[]> {
    this.check();
    return [...this.data.keys()];
  }

  async get(key: string): Promise<string | undefined> {
    this.check();
    return this.data.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    this.check();
    this.data.set(key, value);
    this.snapshots.push(Object.fromEntries(this.data));
    this.emitter.fire({ key });
  }

  async delete(key: string): Promise<void> {
    this.check();
    const had = this.data.delete(key);
    this.snapshots.push(Object.fromEntries(this.data));
    if (had) this.emitter.fire({ key });
  }

  private check(): void {
    if (this.failWith) throw this.failWith;
  }
}
