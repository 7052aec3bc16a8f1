import * as vscode from 'vscode';
import { Disposable } from '../platform/lifecycle';
import { StorageKeys } from '../platform/ids';
import type { GenerationRecord } from '../core/media/records';
import { mergeStored, removeRecord, splitForStorage, upsert } from '../core/media/records';

/**
 * The Generations list, kept in global state: pending video tasks under
 * `StorageKeys.pendingVideoTasks` (what a reload resumes) and the finished ones under
 * `StorageKeys.mediaHistory`. Writes are serialised so two tasks finishing together cannot
 * overwrite each other's update.
 */
/** Writes of one change before it is given up (each one waits for VS Code to save the last). */
const MAX_TRIES = 3;

export class GenerationStore extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this._onDidChange.event;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly memento: vscode.Memento) {
    super();
  }

  /** Read from state each time: another instance (after a reload) may have written since. */
  get all(): GenerationRecord[] {
    return mergeStored(this.memento.get(StorageKeys.pendingVideoTasks), this.memento.get(StorageKeys.mediaHistory));
  }

  get(id: string): GenerationRecord | undefined {
    return this.all.find((r) => r.id === id);
  }

  put(rec: GenerationRecord): Promise<void> {
    return this.write((list) => upsert(list, rec));
  }

  /** Applies `change` to the stored record, if it is still there. */
  update(id: string, change: Partial<GenerationRecord>): Promise<void> {
    return this.write((list) => {
      const cur = list.find((r) => r.id === id);
      return cur ? upsert(list, { ...cur, ...change }) : list;
    });
  }

  remove(id: string): Promise<void> {
    return this.write((list) => removeRecord(list, id));
  }

  /** Whether the state already holds what `change` makes of it. */
  private holds(change: (list: GenerationRecord[]) => GenerationRecord[]): boolean {
    const all = this.all;
    return JSON.stringify(splitForStorage(change(all))) === JSON.stringify(splitForStorage(all));
  }

  private write(change: (list: GenerationRecord[]) => GenerationRecord[]): Promise<void> {
    const next = this.writing.then(async () => {
      // Read, change and set both keys in one synchronous step: a memento holds its new value as
      // soon as `update` is called, so another store on the same state (another window's, or a
      // second feature instance) never reads half of this change or writes over it with what it
      // read before. Awaiting between the two keys once let a cancel from another window drop
      // the record from both lists. VS Code saves the keys of one step together.
      // VS Code also replaces an extension's whole state with what was last saved when any save
      // of it (another window's, or its own earlier one coming back) lands: a change set before
      // its own save can be undone. Every change here gives the same list when applied again, so
      // it is applied again until the state holds it.
      for (let tries = 0; tries < MAX_TRIES; tries++) {
        const { pending, history } = splitForStorage(change(this.all));
        await Promise.all([this.memento.update(StorageKeys.mediaHistory, history), this.memento.update(StorageKeys.pendingVideoTasks, pending)]);
        if (this.holds(change)) break;
      }
      if (!this.isDisposed) this._onDidChange.fire();
    });
    this.writing = next.catch(() => undefined);
    return next;
  }
}
