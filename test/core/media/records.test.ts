import * as assert from 'node:assert/strict';
import type { GenerationRecord } from '../../../src/core/media/records';
import { formatCost, MAX_HISTORY, mergeStored, parseRecords, removeRecord, splitForStorage, tasksToResume, upsert } from '../../../src/core/media/records';

function rec(id: string, over: Partial<GenerationRecord> = {}): GenerationRecord {
  return { id, kind: 'video', status: 'pending', model: 'm', prompt: 'p', createdAt: 1000, files: [], ...over };
}

describe('core/media/records (resume state)', () => {
  it('stores pending video tasks apart from the history, and reads them back', () => {
    const all = [rec('v1', { createdAt: 3, taskState: 'running', folder: 'file:///w/m' }), rec('v2', { status: 'done', createdAt: 2, files: ['file:///w/m/a.mp4'], cost: 0.84 }), rec('i1', { kind: 'image', status: 'pending', createdAt: 4 })];
    const { pending, history } = splitForStorage(all);
    assert.deepEqual(pending.map((r) => r.id), ['v1']);
    assert.deepEqual(history.map((r) => r.id), ['v2']);
    // What a reload reads: JSON round trip, as a Memento stores it.
    const back = mergeStored(JSON.parse(JSON.stringify(pending)), JSON.parse(JSON.stringify(history)));
    assert.deepEqual(back, [all[0], all[1]]);
    assert.deepEqual(tasksToResume(back).map((r) => [r.id, r.folder, r.createdAt]), [['v1', 'file:///w/m', 3]]);
  });

  it('ignores malformed stored entries instead of failing activation', () => {
    const parsed = parseRecords([null, 5, { id: 'x' }, { id: 'y', kind: 'audio', status: 'done', createdAt: 1 }, { id: 'ok', kind: 'image', status: 'done', createdAt: 1, files: ['a', 3], cost: 'free', taskState: 'weird' }]);
    assert.deepEqual(parsed, [{ id: 'ok', kind: 'image', status: 'done', model: '', prompt: '', createdAt: 1, files: ['a'] }]);
    assert.deepEqual(parseRecords(undefined), []);
    assert.deepEqual(parseRecords({ id: 'x' }), []);
  });

  it('a task both pending and in the history (a crash between two writes) appears once, as pending', () => {
    const merged = mergeStored([rec('v1')], [rec('v1', { status: 'done' }), rec('v0', { status: 'failed', createdAt: 1 })]);
    assert.deepEqual(merged.map((r) => [r.id, r.status]), [['v1', 'pending'], ['v0', 'failed']]);
  });

  it('upserts newest first and removes by id; caps the history', () => {
    let list = upsert([], rec('a', { createdAt: 1 }));
    list = upsert(list, rec('b', { createdAt: 2 }));
    list = upsert(list, rec('a', { createdAt: 1, status: 'done' }));
    assert.deepEqual(list.map((r) => [r.id, r.status]), [['b', 'pending'], ['a', 'done']]);
    assert.deepEqual(removeRecord(list, 'b').map((r) => r.id), ['a']);
    const many = Array.from({ length: MAX_HISTORY + 5 }, (_, i) => rec(`h${i}`, { status: 'done', createdAt: -i }));
    assert.equal(splitForStorage(many).history.length, MAX_HISTORY);
  });

  it('formats costs, small ones with two significant digits', () => {
    assert.equal(formatCost(0.84), '$0.84');
    assert.equal(formatCost(0.0035), '$0.0035');
    assert.equal(formatCost(0), '$0.00');
    assert.equal(formatCost(undefined), undefined);
  });
});
