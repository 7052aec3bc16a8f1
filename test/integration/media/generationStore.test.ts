// The Generations list's store on state shared by two stores, as two windows share global state.
import * as assert from 'node:assert/strict';
import type { GenerationRecord } from '../../../src/core/media/records';
import { GenerationStore } from '../../../src/media/generationStore';
import { FakeMemento } from '../../fakes/memento';

const pendingTask: GenerationRecord = {
  id: 'task-1',
  kind: 'video',
  status: 'pending',
  taskState: 'running',
  model: 'video-model',
  prompt: 'A pending task',
  createdAt: 1,
  files: [],
};

/** Lets queued promise callbacks run until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise<void>((r) => setImmediate(r));
  assert.ok(done(), 'the store never wrote');
}

/** A memento whose next save is undone by an older one landing after it, as VS Code's can be. */
class RevertingMemento extends FakeMemento {
  private older: Record<string, unknown> | undefined;

  revertNextSave(): void {
    this.older = Object.fromEntries(this.keys().map((k) => [k, this.get(k)]));
  }

  override async update(key: string, value: unknown): Promise<void> {
    await super.update(key, value);
    const older = this.older;
    this.older = undefined;
    if (older) for (const k of this.keys()) await super.update(k, older[k]);
  }
}

describe('media: generation store', () => {
  it('a change undone by an older save landing after it is written again', async () => {
    const memento = new RevertingMemento();
    const store = new GenerationStore(memento);
    try {
      memento.revertNextSave();
      await store.put(pendingTask);
      assert.equal(store.get(pendingTask.id)?.status, 'pending', JSON.stringify(store.all));
      memento.revertNextSave();
      await store.update(pendingTask.id, { status: 'cancelled', finishedAt: 2 });
      assert.equal(store.get(pendingTask.id)?.status, 'cancelled', JSON.stringify(store.all));
    } finally {
      store.dispose();
    }
  });

  it("a cancel from another store survives this store's progress update saved in between", async () => {
    const memento = new FakeMemento();
    const here = new GenerationStore(memento);
    const elsewhere = new GenerationStore(memento);
    try {
      await here.put(pendingTask);
      // The other window's cancel is set first but saved last; this window's progress update
      // reads the state in between and is saved first.
      const releaseCancel = memento.holdWrites();
      const writes = memento.writes.length;
      const cancel = elsewhere.update(pendingTask.id, { status: 'cancelled', finishedAt: 2 });
      await until(() => memento.writes.length > writes);
      const releaseProgress = memento.holdWrites();
      const progressWrites = memento.writes.length;
      const progress = here.update(pendingTask.id, { progress: 50 });
      await until(() => memento.writes.length > progressWrites);
      releaseProgress();
      await progress;
      releaseCancel();
      await cancel;
      for (const store of [here, elsewhere]) {
        const rec = store.get(pendingTask.id);
        assert.equal(rec?.status, 'cancelled', JSON.stringify(store.all));
      }
    } finally {
      here.dispose();
      elsewhere.dispose();
    }
  });
});
