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

  private write(change: (list: GenerationRecord[]) => GenerationRecord[]): Promise<void> {
    const next = this.writing.then(async () => {
      // Read, change and set both keys in one synchronous step: a memento holds its new value as
      // soon as `update` is called, so another store on the same state (another window's, or a
      // second feature instance) never reads half of this change or writes over it with what it
      // read before. Awaiting between the two keys once let a cancel from another window drop
      // the record from both lists. VS Code saves the keys of one step together.
      const { pending, history } = splitForStorage(change(this.all));
      await Promise.all([this.memento.update(StorageKeys.mediaHistory, history), this.memento.update(StorageKeys.pendingVideoTasks, pending)]);
      if (!this.isDisposed) this._onDidChange.fire();
    });
    this.writing = next.catch(() => undefined);
    return next;
  }
}
