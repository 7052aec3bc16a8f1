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
      const { pending, history } = splitForStorage(change(this.all));
      // History first: if the window dies between the two writes, a finished task is still
      // pending and is polled again (harmless) rather than lost.
      await this.memento.update(StorageKeys.mediaHistory, history);
      await this.memento.update(StorageKeys.pendingVideoTasks, pending);
      if (!this.isDisposed) this._onDidChange.fire();
    });
    this.writing = next.catch(() => undefined);
    return next;
  }
}
