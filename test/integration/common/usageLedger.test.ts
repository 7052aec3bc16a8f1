// The usage ledger writes a few KB per answer whatever the history (VS Code writes all of an
// extension's global state on every update), keeps the old ledger's records, and never fails or
// loses an answer's record because of storage.
import * as assert from 'node:assert/strict';
import { StorageKeys } from '../../../src/common/ids';
import { UsageLedger } from '../../../src/common/usageLedger';
import type { UsageEntry, UsageSource } from '../../../src/core/usage/usageEntry';
import type { UsageRecord } from '../../../src/core/usage/usageTotals';
import { MAX_DAY_ROWS, dayOf } from '../../../src/core/usage/usageTotals';
import { FakeMemento } from '../../fakes/memento';

const SOURCES: UsageSource[] = ['chat', 'code', 'nativeChat', 'media'];
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

const size = (value: unknown) => JSON.stringify(value).length;
/** What one answer may cost to write, whatever came before (2,000 raw records were over 200 KB). */
const WRITE_BOUND = 24 * 1024;

/** A memento whose writes land only once the test opens it (as with a slow disk or a busy main process). */
class GatedMemento extends FakeMemento {
  private readonly held: (() => void)[] = [];
  private open = false;
  /** Every update as handed over, landed or not: what a window that goes now would still save. */
  readonly received: { key: string; value: unknown }[] = [];
  override update(key: string, value: unknown): Promise<void> {
    this.received.push({ key, value: JSON.parse(JSON.stringify(value ?? null)) });
    if (this.open) return super.update(key, value);
    return new Promise((resolve, reject) => this.held.push(() => super.update(key, value).then(resolve, reject)));
  }
  openGate(): void {
    this.open = true;
    for (const land of this.held.splice(0)) land();
  }
}

/** A memento that refuses writes while `failing` is set. */
class FailingMemento extends FakeMemento {
  failing = true;
  override update(key: string, value: unknown): Promise<void> {
    if (this.failing) return Promise.reject(new Error('disk full'));
    return super.update(key, value);
  }
}

describe('common/usageLedger: bounded writes, nothing lost', () => {
  it('writes a few KB per answer, not the whole history', async () => {
    const memento = new FakeMemento();
    const ledger = new UsageLedger(memento);
    try {
      // Fifty model × source pairs a day: the day rows reach their cap.
      for (let i = 0; i < 2500; i++) await ledger.record(entry(i, 2500, 50));
      // Each write measured as VS Code sends it (JSON).
      const largest = Math.max(...memento.writes.map((w) => size(w.value)));
      assert.ok(largest < WRITE_BOUND, `one answer wrote ${largest} bytes`);
      assert.equal(ledger.days.length, MAX_DAY_ROWS, 'every day row there can be is in use');
      assert.ok(memento.writes.length > 0 && memento.writes.every((w) => w.key === StorageKeys.usage), 'one key, no other');
    } finally {
      ledger.dispose();
    }
  });

  it('keeps the totals right across 3,000 records, and across a reload', async () => {
    const memento = new FakeMemento();
    const list = Array.from({ length: 3000 }, (_, i) => entry(i));
    const ledger = new UsageLedger(memento);
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
    const reloaded = new UsageLedger(memento);
    assertTotals(reloaded, list, 'after a reload');
    assert.deepEqual(reloaded.records, ledger.records);
    reloaded.dispose();
  });

  it('migrates the old array of raw records once, then removes it', async () => {
    const old: UsageRecord[] = Array.from({ length: 2000 }, (_, i) => entry(i, 2000));
    const memento = new FakeMemento({ [StorageKeys.legacyUsageLedger]: old });
    const ledger = new UsageLedger(memento);
    assertTotals(ledger, old, 'read from the old array');
    const next = entry(2000, 2000);
    await ledger.record(next);
    assert.equal(memento.get(StorageKeys.legacyUsageLedger), undefined, 'the old array is gone');
    assert.ok(size(memento.get(StorageKeys.usage)) < WRITE_BOUND);
    ledger.dispose();
    // Counted once: a second start neither loses nor re-adds the old records.
    const reloaded = new UsageLedger(memento);
    assertTotals(reloaded, [...old, next], 'after a reload');
    assert.deepEqual(reloaded.records.at(-1), next);
    reloaded.dispose();
  });

  it('counts every one of many records made at once', async () => {
    const memento = new GatedMemento();
    const ledger = new UsageLedger(memento);
    const list = Array.from({ length: 40 }, (_, i) => entry(i, 40));
    // Writes land late, after all the records were made: none may overwrite another.
    const done = Promise.all(list.map((e) => ledger.record(e)));
    assertTotals(ledger, list, 'counted at once');
    memento.openGate();
    await done;
    ledger.dispose();
    const reloaded = new UsageLedger(memento);
    assertTotals(reloaded, list, 'stored');
    reloaded.dispose();
  });

  it('never rejects when the memento fails, and stores the record with the next write that works', async () => {
    const memento = new FailingMemento();
    const ledger = new UsageLedger(memento);
    const first = entry(1);
    const rec = await ledger.record(first);
    assert.equal(rec.model, first.model);
    assertTotals(ledger, [first], 'counted although not stored');
    memento.failing = false;
    const second = entry(2);
    await ledger.record(second);
    ledger.dispose();
    assertTotals(new UsageLedger(memento), [first, second], 'the failed one came with the next write');
  });

  it('stores on dispose a record whose own write failed', async () => {
    const memento = new FailingMemento();
    const ledger = new UsageLedger(memento);
    const only = entry(1);
    await ledger.record(only);
    memento.failing = false;
    ledger.dispose();
    assertTotals(new UsageLedger(memento), [only], 'after the reload');
  });

  it('hands a record still waiting to be written to the memento on dispose (a window reload)', async () => {
    const memento = new GatedMemento();
    const ledger = new UsageLedger(memento);
    const list = [entry(1), entry(2), entry(3)];
    const pending = list.map((e) => ledger.record(e));
    // The write of those three is under way and held; the fourth record waits behind it.
    await Promise.resolve();
    assert.equal(memento.received.length, 1);
    list.push(entry(4));
    pending.push(ledger.record(list[3]));
    ledger.dispose();
    // The window goes now: what the memento was handed is what the next window reads.
    const last = memento.received.filter((w) => w.key === StorageKeys.usage).at(-1);
    assertTotals(new UsageLedger(new FakeMemento({ [StorageKeys.usage]: last?.value })), list, 'after the reload');
    memento.openGate();
    await Promise.all(pending);
  });
});
