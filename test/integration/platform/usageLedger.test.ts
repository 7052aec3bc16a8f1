// The usage ledger writes a few KB per answer whatever the history, to its own file (written
// synchronously on dispose, so a window reload right after an answer keeps it), keeps the old
// globalState ledger's records, and never fails or loses an answer's record because of storage.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StorageKeys } from '../../../src/platform/ids';
import { UsageLedger } from '../../../src/platform/usageLedger';
import type { UsageEntry, UsageSource } from '../../../src/core/usage/usageEntry';
import type { UsageRecord } from '../../../src/core/usage/usageTotals';
import { MAX_DAY_ROWS, dayOf } from '../../../src/core/usage/usageTotals';
import { FakeMemento } from '../../fakes/memento';
import { waitFor } from '../helpers';

const SOURCES: UsageSource[] = ['chat', 'code', 'nativeChat', 'media', 'completion'];
const MODELS = ['anthropic/claude-sonnet-4-6', 'openai/gpt-5.1-codex', 'google/gemini-2.5-pro', 'deepseek/deepseek-v3.2'];
const DAY = 86_400_000;
const START = new Date(2025, 4, 1, 9).getTime();

/**
 * Answer `i` of `n` over a month, a cost on most. `spread` sets how many model × source pairs a
 * day sees: 6 by default (a month of them fits in the days kept), more to fill every row there is.
 */
function entry(i: number, n = 3000, spread = 6): UsageEntry & { at: number } {
  const pair = i % spread;
  const e: UsageEntry & { at: number } = {
    at: START + Math.floor((i * 30 * DAY) / n),
    model: `${MODELS[pair % MODELS.length]}${pair < MODELS.length * SOURCES.length ? '' : `-${pair}`}`,
    source: SOURCES[Math.floor(pair / MODELS.length) % SOURCES.length],
    promptTokens: 1000 + (i % 4099),
    completionTokens: 50 + (i % 1187),
  };
  if (i % 9 !== 0) e.cost = ((i % 17) + 1) / 10_000;
  return e;
}

function sums(list: readonly UsageEntry[]) {
  return {
    requests: list.length,
    promptTokens: list.reduce((s, r) => s + r.promptTokens, 0),
    completionTokens: list.reduce((s, r) => s + r.completionTokens, 0),
    unpriced: list.filter((r) => r.cost === undefined).length,
    cost: list.reduce((s, r) => s + (r.cost ?? 0), 0),
  };
}

function assertTotals(ledger: UsageLedger, list: readonly UsageEntry[], what: string): void {
  const { cost, ...counts } = sums(list);
  const t = ledger.total;
  assert.deepEqual({ requests: t.requests, promptTokens: t.promptTokens, completionTokens: t.completionTokens, unpriced: t.unpriced }, counts, what);
  assert.ok(Math.abs(t.cost - cost) < 1e-9, `${what}: cost ${t.cost} ≠ ${cost}`);
}

/** What one answer may cost to write, whatever came before (2,000 raw records were over 200 KB). */
const WRITE_BOUND = 24 * 1024;

describe('common/usageLedger: bounded writes, nothing lost', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-usage-'));
    file = path.join(dir, 'globalStorage', 'usage.json');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a few KB per answer, not the whole history', async () => {
    const ledger = new UsageLedger(file);
    const sizes: number[] = [];
    try {
      // Fifty model × source pairs a day: the day rows reach their cap.
      for (let i = 0; i < 2500; i++) {
        await ledger.record(entry(i, 2500, 50));
        if (i % 50 === 49) sizes.push(fs.statSync(file).size);
      }
      const largest = Math.max(...sizes);
      assert.ok(largest < WRITE_BOUND, `one answer wrote ${largest} bytes`);
      assert.equal(ledger.days.length, MAX_DAY_ROWS, 'every day row there can be is in use');
      assert.deepEqual(fs.readdirSync(path.dirname(file)), ['usage.json'], 'no temporary files left');
    } finally {
      ledger.dispose();
    }
  });

  it('keeps the totals right across 3,000 records, and across a reload', async () => {
    const list = Array.from({ length: 3000 }, (_, i) => entry(i));
    const ledger = new UsageLedger(file);
    for (const e of list) await ledger.record(e);
    assertTotals(ledger, list, 'in this window');
    // Every day × model × source row adds up to the records it stands for.
    for (const row of ledger.days) {
      const own = list.filter((e) => e.model === row.model && e.source === row.source && dayOf(e.at) === row.day);
      assert.equal(row.requests, own.length, `${row.day} ${row.model} ${row.source}`);
      assert.equal(row.promptTokens, sums(own).promptTokens);
    }
    assert.equal(ledger.days.reduce((s, r) => s + r.requests, 0), 3000, 'a month fits in the days kept');
    assert.deepEqual(ledger.records, list.slice(-ledger.records.length));
    ledger.dispose();
    const reloaded = new UsageLedger(file);
    assertTotals(reloaded, list, 'after a reload');
    assert.deepEqual(reloaded.records, ledger.records);
    reloaded.dispose();
  });

  it('migrates the globalState ledger (the old array of raw records) once, then removes it', async () => {
    const old: UsageRecord[] = Array.from({ length: 2000 }, (_, i) => entry(i, 2000));
    const memento = new FakeMemento({ [StorageKeys.legacyUsageLedger]: old });
    const ledger = new UsageLedger(file, memento);
    assertTotals(ledger, old, 'read from the old array');
    const next = entry(2000, 2000);
    await ledger.record(next);
    await waitFor(() => memento.get(StorageKeys.legacyUsageLedger) === undefined, 5000, 'the old array removed');
    assert.ok(fs.statSync(file).size < WRITE_BOUND);
    ledger.dispose();
    // Counted once: a second start neither loses nor re-adds the old records.
    const reloaded = new UsageLedger(file, memento);
    assertTotals(reloaded, [...old, next], 'after a reload');
    assert.deepEqual(reloaded.records.at(-1), next);
    reloaded.dispose();
  });

  it('counts every one of many records made at once', async () => {
    const ledger = new UsageLedger(file);
    const list = Array.from({ length: 40 }, (_, i) => entry(i, 40));
    const done = Promise.all(list.map((e) => ledger.record(e)));
    assertTotals(ledger, list, 'counted at once');
    await done;
    ledger.dispose();
    const reloaded = new UsageLedger(file);
    assertTotals(reloaded, list, 'stored');
    reloaded.dispose();
  });

  it('a record made just before the window goes is on disk after dispose (no await: a reload right after an answer)', () => {
    const ledger = new UsageLedger(file);
    const list = [entry(1), entry(2), entry(3)];
    for (const e of list) void ledger.record(e);
    ledger.dispose();
    const reloaded = new UsageLedger(file);
    assertTotals(reloaded, list, 'after the reload');
    reloaded.dispose();
  });

  it('two windows recording in turn both count: each write adds its records to what the file holds', async () => {
    const a = new UsageLedger(file);
    const b = new UsageLedger(file);
    const fromA = Array.from({ length: 30 }, (_, i) => entry(i, 60));
    const fromB = Array.from({ length: 30 }, (_, i) => entry(30 + i, 60));
    for (let i = 0; i < fromA.length; i++) {
      await a.record(fromA[i]!);
      await b.record(fromB[i]!);
    }
    // Each window now also shows what the other one recorded.
    await a.record(entry(60, 61));
    assertTotals(a, [...fromA, ...fromB, entry(60, 61)], 'window A after its next write');
    a.dispose();
    b.dispose();
    assertTotals(new UsageLedger(file), [...fromA, ...fromB, entry(60, 61)], 'on disk');
  });

  it('a correction replaces the estimate it corrects, also after another window wrote, and survives a reload', async () => {
    const a = new UsageLedger(file);
    const b = new UsageLedger(file);
    const estimate = { ...entry(1, 10), estimated: true as const, cost: 0.001 };
    const real = { ...entry(1, 10), promptTokens: estimate.promptTokens + 40, completionTokens: estimate.completionTokens + 7, cost: 0.0017 };
    const rec = await a.record(estimate);
    const fromB = entry(2, 10);
    await b.record(fromB);
    let changes = 0;
    a.onDidChange(() => changes++);
    const corrected = await a.correct(rec, real);
    assert.equal(corrected.at, rec.at, 'the corrected record keeps the time of the request');
    assert.equal(changes, 1, 'the views are told once');
    assertTotals(a, [real, fromB], 'window A after its correction');
    assert.equal(a.total.estimated, 0, 'no estimate is left in the total');
    assert.equal(a.days.reduce((n, r) => n + r.estimated, 0), 0, 'nor in the day rows');
    assert.ok(!a.records.some((r) => r.estimated), 'nor among the latest records');
    a.dispose();
    b.dispose();
    const reloaded = new UsageLedger(file);
    assertTotals(reloaded, [real, fromB], 'on disk');
    assert.equal(reloaded.total.estimated, 0);
    reloaded.dispose();
  });

  it('a correction made before the estimate was written is stored with it', () => {
    const ledger = new UsageLedger(file);
    const estimate = { ...entry(1, 10), estimated: true as const };
    const real = { ...entry(1, 10), cost: 0.002 };
    // No await: the record and its correction are both pending when the window goes.
    void ledger.record(estimate);
    void ledger.correct(estimate, real);
    ledger.dispose();
    const reloaded = new UsageLedger(file);
    assertTotals(reloaded, [real], 'after the reload');
    assert.equal(reloaded.total.estimated, 0);
    reloaded.dispose();
  });

  it('a file that cannot be read is not replaced by less than this window knew', async () => {
    const ledger = new UsageLedger(file);
    const list = [entry(1), entry(2)];
    for (const e of list) await ledger.record(e);
    fs.writeFileSync(file, '{ not json');
    list.push(entry(3));
    await ledger.record(list[2]!);
    ledger.dispose();
    assertTotals(new UsageLedger(file), list, 'after the reload');
  });

  it('never rejects when the file cannot be written, and stores the record with the next write that works', async () => {
    // The storage folder's place is taken by a plain file: every write fails.
    const blocked = path.join(dir, 'blocked');
    fs.writeFileSync(blocked, '');
    const inBlocked = path.join(blocked, 'usage.json');
    const ledger = new UsageLedger(inBlocked);
    const first = entry(1);
    const rec = await ledger.record(first);
    assert.equal(rec.model, first.model);
    assertTotals(ledger, [first], 'counted although not stored');
    fs.rmSync(blocked);
    const second = entry(2);
    await ledger.record(second);
    ledger.dispose();
    assertTotals(new UsageLedger(inBlocked), [first, second], 'the failed one came with the next write');
  });

  it('stores on dispose a record whose own write failed', async () => {
    const blocked = path.join(dir, 'blocked');
    fs.writeFileSync(blocked, '');
    const inBlocked = path.join(blocked, 'usage.json');
    const ledger = new UsageLedger(inBlocked);
    const only = entry(1);
    await ledger.record(only);
    fs.rmSync(blocked);
    ledger.dispose();
    assertTotals(new UsageLedger(inBlocked), [only], 'after the reload');
  });
});
