import * as assert from 'node:assert/strict';
import type { UsageSource } from '../../../src/core/usage/usageEntry';
import { USAGE_SOURCES } from '../../../src/core/usage/usageEntry';
import type { UsageRecord, UsageState } from '../../../src/core/usage/usageTotals';
import { MAX_DAY_ROWS, RECENT_RECORDS, USAGE_DAYS, addUsage, applyChange, correctUsage, dayOf, emptyUsage, parseUsageState, toStored, usageFromRecords } from '../../../src/core/usage/usageTotals';

const SOURCES: UsageSource[] = ['chat', 'code', 'nativeChat', 'media'];
/** Local time, so `dayOf` is the day written here whatever the machine's time zone. */
const at = (day: number, minute = 0) => new Date(2025, 4, 1 + day, 9, minute).getTime();

/** `n` records over `days` days, `models` models and every source; every seventh without a cost. */
function records(n: number, days: number, models: number): UsageRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const rec: UsageRecord = {
      at: at(Math.floor((i * days) / n), i % 60),
      model: `vendor/model-${i % models}`,
      source: SOURCES[i % SOURCES.length],
      promptTokens: 100 + (i % 977),
      completionTokens: 10 + (i % 331),
    };
    if (i % 7 !== 0) rec.cost = (i % 13) / 1000;
    return rec;
  });
}

function sums(list: readonly UsageRecord[]) {
  return {
    requests: list.length,
    promptTokens: list.reduce((s, r) => s + r.promptTokens, 0),
    completionTokens: list.reduce((s, r) => s + r.completionTokens, 0),
    cost: list.reduce((s, r) => s + (r.cost ?? 0), 0),
    unpriced: list.filter((r) => r.cost === undefined).length,
  };
}

function assertTotals(actual: { requests: number; promptTokens: number; completionTokens: number; cost: number; unpriced: number }, expected: ReturnType<typeof sums>, what: string) {
  assert.deepEqual([actual.requests, actual.promptTokens, actual.completionTokens, actual.unpriced], [expected.requests, expected.promptTokens, expected.completionTokens, expected.unpriced], what);
  assert.ok(Math.abs(actual.cost - expected.cost) < 1e-9, `${what}: cost ${actual.cost} ≠ ${expected.cost}`);
}

const stored = (s: UsageState) => JSON.stringify(toStored(s)).length;

describe('core/usage/usageTotals: what the usage ledger stores', () => {
  it('adds up 3,000 records exactly, in all and per day × model × source', () => {
    const list = records(3000, 10, 5);
    const state = emptyUsage();
    for (const r of list) addUsage(state, r);
    assertTotals(state.total, sums(list), 'total');
    // 10 days × 5 models × 4 sources = 200 rows (all the cap allows), each matching the records it stands for.
    assert.equal(state.days.length, 10 * 5 * 4);
    for (const row of state.days) {
      assertTotals(row, sums(list.filter((r) => dayOf(r.at) === row.day && r.model === row.model && r.source === row.source)), `${row.day} ${row.model} ${row.source}`);
    }
    assert.deepEqual(state.recent, list.slice(-RECENT_RECORDS));
  });

  it('stays small however long the history: old days go, the total keeps them', () => {
    // A year of use, a different model on every record: the worst case for the row cap.
    const list = records(3000, 365, 3000);
    const state = emptyUsage();
    let largest = 0;
    for (const r of list) {
      addUsage(state, r);
      largest = Math.max(largest, stored(state));
    }
    assertTotals(state.total, sums(list), 'total');
    assert.ok(state.days.length <= MAX_DAY_ROWS, `${state.days.length} rows`);
    assert.ok(state.recent.length <= RECENT_RECORDS);
    // What 2,000 raw records took (the old ledger) is about ten times this.
    assert.ok(largest < 24 * 1024, `stored state reached ${largest} bytes`);
    assert.ok(JSON.stringify(list.slice(-2000)).length > 10 * largest);
  });

  it(`keeps the days of the last ${USAGE_DAYS} days, counting from the newest`, () => {
    const state = emptyUsage();
    addUsage(state, { at: at(0), model: 'm', source: 'chat', promptTokens: 1, completionTokens: 1, cost: 1 });
    addUsage(state, { at: at(USAGE_DAYS - 1), model: 'm', source: 'chat', promptTokens: 2, completionTokens: 2, cost: 2 });
    assert.deepEqual(state.days.map((r) => r.day), [dayOf(at(0)), dayOf(at(USAGE_DAYS - 1))]);
    addUsage(state, { at: at(USAGE_DAYS), model: 'm', source: 'code', promptTokens: 4, completionTokens: 4 });
    assert.deepEqual(state.days.map((r) => r.day), [dayOf(at(USAGE_DAYS - 1)), dayOf(at(USAGE_DAYS))]);
    assert.deepEqual(state.total, { requests: 3, promptTokens: 7, completionTokens: 7, cost: 3, unpriced: 1, estimated: 0 });
  });

  it('migrates the old array of raw records, dropping junk and reading missing tokens as 0', () => {
    const old = records(2000, 30, 4);
    // Older builds let VS Code's chat store a record without token counts when the gateway sent none.
    const noTokens = { at: at(29, 59), model: 'vendor/model-0', source: 'nativeChat', cost: 0.5 };
    const raw: unknown[] = [...JSON.parse(JSON.stringify(old)), noTokens, null, { at: 'soon', model: 'm', source: 'chat' }, { at: at(1), model: 'm', source: 'fax' }];
    const state = usageFromRecords(raw);
    assertTotals(state.total, sums([...old, { ...noTokens, source: 'nativeChat', promptTokens: 0, completionTokens: 0 }]), 'migrated total');
    assert.deepEqual(state.recent.at(-1), { ...noTokens, promptTokens: 0, completionTokens: 0 });
    assert.deepEqual(usageFromRecords(undefined), emptyUsage());
  });

  it('reads back what it stored, and refuses what is not its state', () => {
    const state = emptyUsage();
    for (const r of records(300, 5, 2)) addUsage(state, r);
    assert.deepEqual(parseUsageState(JSON.parse(JSON.stringify(toStored(state)))), state);
    assert.equal(parseUsageState(undefined), undefined);
    assert.equal(parseUsageState([]), undefined, 'the old array is migrated, not read as state');
    assert.equal(parseUsageState({ version: 2, total: {}, days: [], recent: [] }), undefined);
    const bad = parseUsageState({
      version: 1,
      total: { requests: 'many' },
      days: [['today', 'm', 'chat', 1, 1, 1, 0, 0], { day: '2025-05-01', model: 'm', source: 'chat' }, ['2025-05-01', 'm', 'fax'], 7],
      recent: [{ at: 1 }],
    });
    assert.deepEqual(bad, emptyUsage());
    // A row with junk counts keeps what it can: no NaN reaches a total.
    const junk = parseUsageState({ version: 1, total: {}, days: [['2025-05-01', 'm', 'chat', 2, -5, null, 'x', 1]], recent: [] });
    assert.deepEqual(junk?.days, [{ day: '2025-05-01', model: 'm', source: 'chat', requests: 2, promptTokens: 0, completionTokens: 0, cost: 0, unpriced: 1, estimated: 0 }]);
  });

  it('replaces an estimate by the real figures: totals, the day row and the recent ring as if the real one had been recorded', () => {
    const list = records(50, 3, 2);
    const estimate: UsageRecord = { at: at(2, 30), model: 'vendor/model-0', source: 'chat', promptTokens: 900, completionTokens: 40, cost: 0.0031, estimated: true };
    const real: UsageRecord = { at: estimate.at, model: 'vendor/model-0', source: 'chat', promptTokens: 1000, completionTokens: 52, cost: 0.0042 };
    const corrected = emptyUsage();
    for (const r of list) addUsage(corrected, r);
    addUsage(corrected, estimate);
    addUsage(corrected, list[0]!);
    correctUsage(corrected, estimate, real);

    const expected = emptyUsage();
    for (const r of list) addUsage(expected, r);
    addUsage(expected, real);
    addUsage(expected, list[0]!);
    assertTotals(corrected.total, sums([...list, real, list[0]!]), 'total');
    assert.equal(corrected.total.estimated, 0, 'no estimate is left');
    assert.deepEqual(corrected.days.map((r) => ({ ...r, cost: Math.round(r.cost * 1e9) })), expected.days.map((r) => ({ ...r, cost: Math.round(r.cost * 1e9) })));
    assert.deepEqual(corrected.recent, expected.recent, 'the record is replaced where it was, not moved to the end');
  });

  it('a correction lands on the record it corrects in another copy of the state (what another window wrote)', () => {
    const estimate: UsageRecord = { at: at(0), model: 'm', source: 'code', promptTokens: 10, completionTokens: 5, estimated: true };
    const real: UsageRecord = { at: at(0), model: 'm', source: 'code', promptTokens: 12, completionTokens: 6, cost: 0.5 };
    const other: UsageRecord = { at: at(0, 5), model: 'm', source: 'code', promptTokens: 1, completionTokens: 1, cost: 0.25 };
    // What the file holds: the estimate, then another window's record; this window's correction is applied to it.
    const disk = emptyUsage();
    addUsage(disk, estimate);
    addUsage(disk, other);
    applyChange(disk, { replace: estimate, by: real });
    assert.deepEqual(disk.total, { requests: 2, promptTokens: 13, completionTokens: 7, cost: 0.75, unpriced: 0, estimated: 0 });
    assert.deepEqual(disk.days, [{ day: dayOf(at(0)), model: 'm', source: 'code', requests: 2, promptTokens: 13, completionTokens: 7, cost: 0.75, unpriced: 0, estimated: 0 }]);
    assert.deepEqual(disk.recent, [real, other]);
  });

  it('keeps every source when stored and read back, inline completions included', () => {
    const state = emptyUsage();
    for (const [i, source] of USAGE_SOURCES.entries()) addUsage(state, { at: at(0, i), model: 'm', source, promptTokens: 10, completionTokens: 2, cost: 0.001 });
    const back = parseUsageState(JSON.parse(JSON.stringify(toStored(state))));
    assert.deepEqual(back?.days.map((d) => d.source).sort(), [...USAGE_SOURCES].sort());
    assert.ok(USAGE_SOURCES.includes('completion'));
  });

  describe('edges', () => {
    it('keeps the day rows in day order when a record comes out of time order (a migrated one, a clock change)', () => {
      const state = emptyUsage();
      for (const d of [5, 3, 4, 1]) addUsage(state, { at: at(d), model: 'm', source: 'chat', promptTokens: 1, completionTokens: 1 });
      assert.deepEqual(state.days.map((r) => r.day), [1, 3, 4, 5].map((d) => dayOf(at(d))));
    });

    it('migrates records in time order, whatever order they were stored in', () => {
      const late = { at: at(2), model: 'm', source: 'chat', promptTokens: 2, completionTokens: 0 };
      const early = { at: at(1), model: 'm', source: 'code', promptTokens: 1, completionTokens: 0 };
      const state = usageFromRecords([late, early]);
      assert.deepEqual(state.recent, [early, late]);
      assert.deepEqual(usageFromRecords({ not: 'an array' }), emptyUsage());
    });

    it('reads a stored record only with a finite time, a model name, a known source; costs only when real', () => {
      const base = { at: at(1), model: 'm', source: 'chat', promptTokens: 3, completionTokens: 4, cost: 0.5 };
      const read = (r: unknown) => parseUsageState({ version: 1, total: {}, days: [], recent: [r] })!.recent;
      assert.deepEqual(read(base), [base]);
      for (const bad of [{ at: Number.POSITIVE_INFINITY }, { at: String(at(1)) }, { model: 5 }, { source: 'fax' }]) assert.deepEqual(read({ ...base, ...bad }), [], JSON.stringify(bad));
      for (const cost of [-1, Number.POSITIVE_INFINITY, '0.5', null]) assert.deepEqual(read({ ...base, cost }), [{ ...base, cost: undefined }].map(({ cost: _, ...r }) => r), String(cost));
      for (const n of [Number.POSITIVE_INFINITY, -3, '12']) assert.deepEqual(read({ ...base, promptTokens: n }), [{ ...base, promptTokens: 0 }], String(n));
      assert.deepEqual(read({ ...base, cost: 0 }), [{ ...base, cost: 0 }]);
    });

    it('reads back day rows only with a whole date, a model name and a known source, in day order, at most the cap', () => {
      const row = (day: unknown, model: unknown = 'm') => [day, model, 'chat', 1, 1, 1, 0.1, 0];
      const days = parseUsageState({ version: 1, total: {}, days: [row('2025-05-03'), row('2025-05-01'), row('2025-05-02'), row('x2025-05-04'), row('2025-05-05x'), row(20250506), row(['2025-05-06']), row('2025-05-07', 7)], recent: [] })!.days;
      assert.deepEqual(days.map((d) => d.day), ['2025-05-01', '2025-05-02', '2025-05-03']);
      const many = Array.from({ length: MAX_DAY_ROWS + 5 }, (_, i) => row(dayOf(at(i)), `m${i}`));
      const kept = parseUsageState({ version: 1, total: {}, days: many, recent: [] })!.days;
      assert.equal(kept.length, MAX_DAY_ROWS);
      assert.equal(kept[0]!.model, 'm5');
    });

    it('reads back the model asked for (when routed) and the estimate mark, nothing else in their place', () => {
      const base = { at: at(1), model: 'a/answered', source: 'chat', promptTokens: 3, completionTokens: 4 };
      const read = (r: unknown) => parseUsageState({ version: 1, total: {}, days: [], recent: [r] })!.recent[0];
      assert.deepEqual(read({ ...base, requestedModel: 'a/asked', estimated: true }), { ...base, requestedModel: 'a/asked', estimated: true });
      for (const requestedModel of ['', 5, null]) assert.equal(read({ ...base, requestedModel })?.requestedModel, undefined, String(requestedModel));
      for (const estimated of [false, 'true', 1]) assert.equal(read({ ...base, estimated })?.estimated, undefined, String(estimated));
    });

    it('counts estimated requests in the total and in their day row', () => {
      const state = emptyUsage();
      addUsage(state, { at: at(0), model: 'm', source: 'chat', promptTokens: 10, completionTokens: 2, cost: 0.01, estimated: true });
      addUsage(state, { at: at(0, 1), model: 'm', source: 'chat', promptTokens: 10, completionTokens: 2, cost: 0.01 });
      addUsage(state, { at: at(0, 2), model: 'm', source: 'chat', promptTokens: 10, completionTokens: 2, estimated: true });
      assert.equal(state.total.estimated, 2);
      assert.deepEqual(state.days.map((r) => [r.requests, r.estimated, r.unpriced]), [[3, 2, 1]]);
    });

    it(`reads back at most the last ${RECENT_RECORDS} records`, () => {
      const recent = Array.from({ length: RECENT_RECORDS + 3 }, (_, i) => ({ at: at(1, i), model: `m${i}`, source: 'chat', promptTokens: 1, completionTokens: 1 }));
      const got = parseUsageState({ version: 1, total: {}, days: [], recent })!.recent;
      assert.equal(got.length, RECENT_RECORDS);
      assert.equal(got[0]!.model, 'm3');
      assert.deepEqual(parseUsageState({ version: 1, total: {}, days: 'none', recent: 'none' }), emptyUsage());
    });

    it('reads the stored total, junk as 0', () => {
      const total = parseUsageState({ version: 1, total: { requests: 4, promptTokens: 40, completionTokens: 4, cost: 0.25, unpriced: 1 }, days: [], recent: [] })!.total;
      assert.deepEqual(total, { requests: 4, promptTokens: 40, completionTokens: 4, cost: 0.25, unpriced: 1, estimated: 0 });
      const junk = parseUsageState({ version: 1, total: { requests: Number.POSITIVE_INFINITY, cost: -2 }, days: [], recent: [] })!.total;
      assert.deepEqual(junk, { requests: 0, promptTokens: 0, completionTokens: 0, cost: 0, unpriced: 0, estimated: 0 });
    });
  });
});
