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

describe('media: generation store', () => {
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
