// A stopped answer is counted with our estimate, then corrected when the gateway's usage comes
// after all: the ledger must then read as if the real figures had been recorded in its place.
import * as assert from 'node:assert/strict';
import type { UsageRecord, UsageState } from '../../../src/core/usage/usageTotals';
import { RECENT_RECORDS, USAGE_DAYS, addUsage, applyChange, correctUsage, dayOf, emptyUsage } from '../../../src/core/usage/usageTotals';

/** Local time, so `dayOf` is the day written here whatever the machine's time zone. */
const at = (day: number, minute = 0) => new Date(2025, 8, 1 + day, 9, minute).getTime();

function rec(day: number, model: string, extra: Partial<UsageRecord> = {}): UsageRecord {
  return { at: at(day), model, source: 'chat', promptTokens: 100, completionTokens: 10, ...extra };
}

function ledger(records: UsageRecord[]): UsageState {
  const state = emptyUsage();
  for (const r of records) addUsage(state, r);
  return state;
}

/** The day rows as the Usage view reads them: which row, and what it counts. */
const rows = (s: UsageState) => s.days.map((r) => `${r.day} ${r.model} ${r.source} ${r.profile ?? '-'}: ${r.requests} req, ${r.promptTokens}+${r.completionTokens} tok, $${r.cost.toFixed(4)}, ${r.unpriced} unpriced, ${r.estimated} est`);

describe('core/usage/usageTotals: correcting a counted record', () => {
  it('moves the figures to the row of the model that answered, drops the emptied row and keeps the days in order', () => {
    const estimate = rec(0, 'a/asked', { cost: 0.001, estimated: true });
    const later = rec(1, 'a/asked', { cost: 0.5 });
    const real = rec(0, 'b/answered', { promptTokens: 120, completionTokens: 14, cost: 0.002 });
    const state = ledger([estimate, later]);
    correctUsage(state, estimate, real);
    assert.deepEqual(rows(state), rows(ledger([real, later])));
    assert.deepEqual(state.days.map((r) => r.day), [dayOf(at(0)), dayOf(at(1))]);
    assert.deepEqual(state.total, { requests: 2, promptTokens: 220, completionTokens: 24, cost: 0.502, unpriced: 0, estimated: 0 });
  });

  it('takes the estimate off its own row only: not another source, model, day or profile of the same request', () => {
    const cases: [string, UsageRecord[], UsageRecord, UsageRecord][] = [
      ['source', [rec(0, 'm', { cost: 0.25 })], rec(0, 'm', { source: 'code', estimated: true, cost: 0.001 }), rec(0, 'm', { source: 'code', promptTokens: 130, cost: 0.002 })],
      ['model', [rec(0, 'a/other', { cost: 0.25 })], rec(0, 'm', { estimated: true, cost: 0.001 }), rec(0, 'm', { promptTokens: 130, cost: 0.002 })],
      ['day', [rec(0, 'm', { cost: 0.25 })], rec(1, 'm', { estimated: true, cost: 0.001 }), rec(1, 'm', { promptTokens: 130, cost: 0.002 })],
      ['profile', [rec(0, 'm', { cost: 0.25 })], rec(0, 'm', { profile: 'tokenhot', estimated: true, cost: 0.001 }), rec(0, 'm', { profile: 'tokenhot', promptTokens: 130, cost: 0.002 })],
      ['default profile', [rec(0, 'm', { profile: 'tokenhot', cost: 0.25 })], rec(0, 'm', { estimated: true, cost: 0.001 }), rec(0, 'm', { promptTokens: 130, cost: 0.002 })],
    ];
    for (const [what, others, estimate, real] of cases) {
      const state = ledger([...others, estimate]);
      correctUsage(state, estimate, real);
      assert.deepEqual(rows(state), rows(ledger([...others, real])), what);
    }
  });

  it('corrects the recent record it names, not one that differs from it in any figure', () => {
    const old = rec(0, 'm', { promptTokens: 100, completionTokens: 10, cost: 0.001, estimated: true });
    const nearMisses: UsageRecord[] = [
      { ...old, at: old.at + 1 },
      { ...old, model: 'other' },
      { ...old, source: 'code' },
      { ...old, promptTokens: 101 },
      { ...old, completionTokens: 11 },
      { ...old, cost: 0.002 },
      (({ estimated: _, ...r }) => r)(old),
    ];
    const real = rec(0, 'm', { promptTokens: 150, completionTokens: 20, cost: 0.003 });
    const state = ledger([...nearMisses, old]);
    correctUsage(state, old, real);
    assert.deepEqual(state.recent, [...nearMisses, real]);
  });

  it('corrects what is still kept when the record\'s day row or recent entry has gone', () => {
    const old = rec(0, 'm', { cost: 0.001, estimated: true });
    const real = rec(0, 'm', { promptTokens: 150, cost: 0.003 });
    // The day has left the window, the record is still among the recent ones.
    const state = ledger([old, rec(USAGE_DAYS, 'm', { cost: 1 })]);
    const daysBefore = rows(state);
    correctUsage(state, old, real);
    assert.deepEqual(rows(state), daysBefore, 'no row to correct');
    assert.deepEqual(state.recent.map((r) => r.promptTokens), [150, 100]);
    assert.deepEqual(state.total, { requests: 2, promptTokens: 250, completionTokens: 20, cost: 1.003, unpriced: 0, estimated: 0 });

    // The recent ring has moved on: only the totals and the row change.
    const busy = ledger([old, ...Array.from({ length: RECENT_RECORDS }, (_, i) => rec(0, 'n', { at: at(0, i + 1), cost: 0.01 }))]);
    const recentBefore = structuredClone(busy.recent);
    correctUsage(busy, old, real);
    assert.deepEqual(busy.recent, recentBefore);
    assert.equal(busy.days.find((r) => r.model === 'm')?.promptTokens, 150);
  });

  it('counts estimates and unpriced requests down one at a time, and only for a record that was one', () => {
    const unpricedEstimate = (minute: number) => rec(0, 'm', { at: at(0, minute), estimated: true });
    const state = ledger([unpricedEstimate(1), unpricedEstimate(2), rec(0, 'm', { at: at(0, 3), cost: 0.5 })]);
    assert.deepEqual([state.total.estimated, state.total.unpriced], [2, 2]);
    correctUsage(state, unpricedEstimate(1), rec(0, 'm', { at: at(0, 1), cost: 0.002 }));
    assert.deepEqual([state.total.estimated, state.total.unpriced], [1, 1]);
    assert.deepEqual([state.days[0]!.estimated, state.days[0]!.unpriced], [1, 1]);
    // A priced, measured record corrected again (the gateway's figures replacing earlier ones).
    correctUsage(state, rec(0, 'm', { at: at(0, 3), cost: 0.5 }), rec(0, 'm', { at: at(0, 3), cost: 0.25 }));
    assert.deepEqual([state.total.estimated, state.total.unpriced, state.total.requests], [1, 1, 3]);
    assert.deepEqual([state.days[0]!.estimated, state.days[0]!.unpriced, state.days[0]!.requests], [1, 1, 3]);
  });

  it('applies a pending new record like addUsage and a pending correction like correctUsage', () => {
    const first = rec(0, 'm', { cost: 0.1 });
    const estimate = rec(0, 'm', { at: at(0, 1), estimated: true });
    const real = rec(0, 'm', { at: at(0, 1), cost: 0.2 });
    const state = emptyUsage();
    applyChange(state, { add: first });
    applyChange(state, { add: estimate });
    assert.deepEqual(state, ledger([first, estimate]));
    applyChange(state, { replace: estimate, by: real });
    assert.deepEqual(rows(state), rows(ledger([first, real])));
    assert.deepEqual(state.recent, [first, real]);
  });
});
