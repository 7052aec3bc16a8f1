import * as assert from 'node:assert/strict';
import type { UsageSource } from '../../../src/core/usage/usageEntry';
import type { ModelUsage, PeriodUsage, UsagePeriodId } from '../../../src/core/usage/usagePeriods';
import { addDays, completeFrom, groupByModel, groupByProfile, msUntilNextDay, periodBounds, todayTotals, usagePeriods } from '../../../src/core/usage/usagePeriods';
import type { DayTotals, UsageRecord, UsageTotals } from '../../../src/core/usage/usageTotals';
import { MAX_DAY_ROWS, USAGE_DAYS, addUsage, emptyUsage } from '../../../src/core/usage/usageTotals';

/** Local time, so the days are the ones written here whatever the machine's time zone. */
const local = (y: number, month: number, d: number, h = 10, min = 0) => new Date(y, month - 1, d, h, min).getTime();

function rec(at: number, model: string, source: UsageSource, cost: number | undefined, promptTokens = 100, completionTokens = 10): UsageRecord {
  const r: UsageRecord = { at, model, source, promptTokens, completionTokens };
  if (cost !== undefined) r.cost = cost;
  return r;
}

/** The ledger's state after `records`, as the Usage view reads it (through the real `addUsage`). */
function ledger(records: UsageRecord[]) {
  const state = emptyUsage();
  for (const r of records) addUsage(state, r);
  return state;
}

const byId = (periods: PeriodUsage[]) => new Map<UsagePeriodId, PeriodUsage>(periods.map((p) => [p.id, p]));
const ids = (periods: PeriodUsage[]) => periods.map((p) => p.id);

function counts(t: UsageTotals) {
  return { requests: t.requests, promptTokens: t.promptTokens, completionTokens: t.completionTokens, unpriced: t.unpriced, cost: Math.round(t.cost * 1e9) / 1e9 };
}

describe('core/usage/usagePeriods: what the Usage view adds up', () => {
  describe('period boundaries (local days)', () => {
    it('on the first of a month: yesterday and last month are the previous month, the last 7 days straddle both', () => {
      assert.deepEqual(periodBounds(local(2025, 3, 1, 0, 5)), [
        { id: 'today', from: '2025-03-01', to: '2025-03-01' },
        { id: 'yesterday', from: '2025-02-28', to: '2025-02-28' },
        { id: 'last7Days', from: '2025-02-23', to: '2025-03-01' },
        { id: 'thisMonth', from: '2025-03-01', to: '2025-03-01' },
        { id: 'lastMonth', from: '2025-02-01', to: '2025-02-28' },
      ]);
    });

    it('knows leap years and the change of year', () => {
      const leap = new Map(periodBounds(local(2024, 3, 1)).map((p) => [p.id, p]));
      assert.equal(leap.get('yesterday')?.from, '2024-02-29');
      assert.deepEqual(leap.get('lastMonth'), { id: 'lastMonth', from: '2024-02-01', to: '2024-02-29' });
      const newYear = new Map(periodBounds(local(2026, 1, 1, 23, 59)).map((p) => [p.id, p]));
      assert.equal(newYear.get('yesterday')?.from, '2025-12-31');
      assert.deepEqual(newYear.get('lastMonth'), { id: 'lastMonth', from: '2025-12-01', to: '2025-12-31' });
      assert.deepEqual(newYear.get('last7Days'), { id: 'last7Days', from: '2025-12-26', to: '2026-01-01' });
    });

    it('mid-month: this month runs from the 1st to today', () => {
      const p = new Map(periodBounds(local(2025, 7, 31, 23, 30)).map((b) => [b.id, b]));
      assert.deepEqual(p.get('thisMonth'), { id: 'thisMonth', from: '2025-07-01', to: '2025-07-31' });
      assert.deepEqual(p.get('lastMonth'), { id: 'lastMonth', from: '2025-06-01', to: '2025-06-30' });
      assert.equal(addDays('2025-03-30', 1), '2025-03-31', 'a DST weekend in Europe moves no date');
      assert.equal(addDays('2025-11-02', -1), '2025-11-01', 'nor one in America');
    });

    it('counts each record in the periods its local day falls in, yesterday across the month boundary', () => {
      const now = local(2025, 3, 1, 9);
      const state = ledger([
        rec(local(2025, 1, 31, 23, 59), 'a/m', 'chat', 0.5), // January: no period but all time
        rec(local(2025, 2, 1, 0, 1), 'a/m', 'chat', 0.25), // last month only
        rec(local(2025, 2, 22, 12), 'a/m', 'chat', 0.125), // last month, a day before the last 7 days
        rec(local(2025, 2, 23, 0, 0), 'a/m', 'chat', 0.0625), // last month and the last 7 days
        rec(local(2025, 2, 28, 23, 59), 'a/m', 'chat', 0.03125), // yesterday, last 7 days, last month
        rec(local(2025, 3, 1, 0, 0), 'a/m', 'chat', 0.015625), // today, last 7 days, this month
      ]);
      const p = byId(usagePeriods(state, now));
      assert.deepEqual(ids([...p.values()]), ['today', 'yesterday', 'last7Days', 'thisMonth', 'lastMonth', 'allTime']);
      const cost = (id: UsagePeriodId) => p.get(id)?.totals.cost;
      assert.equal(cost('today'), 0.015625);
      assert.equal(cost('yesterday'), 0.03125);
      assert.equal(cost('last7Days'), 0.0625 + 0.03125 + 0.015625);
      assert.equal(cost('thisMonth'), 0.015625);
      assert.equal(cost('lastMonth'), 0.25 + 0.125 + 0.0625 + 0.03125);
      assert.equal(cost('allTime'), 0.5 + 0.25 + 0.125 + 0.0625 + 0.03125 + 0.015625);
      assert.equal(p.get('lastMonth')?.totals.requests, 4);
      assert.deepEqual([p.get('yesterday')?.from, p.get('yesterday')?.to], ['2025-02-28', '2025-02-28']);
    });

    it('shows every period, even an empty one, once anything was recorded; nothing at all before', () => {
      assert.deepEqual(usagePeriods(emptyUsage(), local(2025, 5, 10)), []);
      const p = byId(usagePeriods(ledger([rec(local(2025, 5, 10), 'a/m', 'code', 0.01)]), local(2025, 5, 12)));
      assert.deepEqual(ids([...p.values()]), ['today', 'yesterday', 'last7Days', 'thisMonth', 'lastMonth', 'allTime']);
      assert.deepEqual(counts(p.get('today')!.totals), { requests: 0, promptTokens: 0, completionTokens: 0, unpriced: 0, cost: 0 });
      assert.deepEqual(p.get('today')!.models, []);
      assert.equal(p.get('last7Days')!.totals.requests, 1);
    });

    it('waits until midnight to move "today" on', () => {
      assert.equal(msUntilNextDay(local(2025, 5, 10, 23, 59)), 60_000);
      assert.equal(msUntilNextDay(local(2025, 5, 10, 0, 0)), 24 * 3_600_000);
      const state = ledger([rec(local(2025, 5, 10, 23, 59), 'a/m', 'chat', 0.2)]);
      assert.equal(todayTotals(state.days, local(2025, 5, 10, 23, 59)).requests, 1);
      assert.equal(todayTotals(state.days, local(2025, 5, 11, 0, 0)).requests, 0, 'after midnight it is yesterday');
    });
  });

  describe('cost that is a lower bound', () => {
    it('counts requests without a price apart: the cost adds up only the known ones', () => {
      const now = local(2025, 6, 15, 12);
      const state = ledger([rec(now, 'a/priced', 'chat', 0.3, 1000, 200), rec(now, 'a/priced', 'chat', undefined, 500, 50), rec(now, 'b/free', 'chat', undefined, 10, 1)]);
      const today = byId(usagePeriods(state, now)).get('today')!;
      assert.deepEqual(counts(today.totals), { requests: 3, promptTokens: 1510, completionTokens: 251, unpriced: 2, cost: 0.3 });
      const [priced, unknown] = today.models;
      assert.deepEqual([priced.model, priced.totals.unpriced, priced.totals.cost], ['a/priced', 1, 0.3]);
      assert.deepEqual([unknown.model, unknown.totals.unpriced, unknown.totals.requests, unknown.totals.cost], ['b/free', 1, 1, 0]);
    });
  });

  describe('per model and per source', () => {
    const row = (model: string, source: UsageSource, cost: number, requests: number, unpriced = 0): DayTotals => ({
      day: '2025-06-15',
      model,
      source,
      requests,
      promptTokens: requests * 10,
      completionTokens: requests,
      cost,
      unpriced,
      estimated: 0,
    });

    it('sorts models by cost, then by requests, then by id', () => {
      const models = groupByModel([
        row('z/cheap', 'chat', 0.01, 50),
        row('m/pricey', 'chat', 0.9, 1),
        row('b/tie-more', 'code', 0.2, 9),
        row('a/tie-fewer', 'code', 0.2, 3),
        row('c/unpriced-many', 'chat', 0, 40, 40),
        row('d/unpriced-few', 'chat', 0, 2, 2),
        row('a/same', 'chat', 0, 2, 2),
      ]);
      assert.deepEqual(
        models.map((m) => m.model),
        ['m/pricey', 'b/tie-more', 'a/tie-fewer', 'z/cheap', 'c/unpriced-many', 'a/same', 'd/unpriced-few'],
      );
    });

    it('adds a model up across sources and days, and breaks it down per source (most expensive first) only when there are several', () => {
      const models = groupByModel([
        row('x/one-source', 'chat', 0.1, 1),
        { ...row('x/one-source', 'chat', 0.2, 2), day: '2025-06-16' },
        row('y/three', 'chat', 0.05, 5),
        row('y/three', 'media', 0.4, 1),
        row('y/three', 'code', 0.05, 7),
        { ...row('y/three', 'chat', 0.01, 1), day: '2025-06-16' },
      ]);
      const one = models.find((m) => m.model === 'x/one-source')!;
      assert.deepEqual(counts(one.totals), { requests: 3, promptTokens: 30, completionTokens: 3, unpriced: 0, cost: 0.3 });
      assert.deepEqual(one.sources, [], 'one source: nothing to break down');
      const three = models.find((m) => m.model === 'y/three')!;
      assert.equal(three.totals.requests, 14);
      assert.deepEqual(
        three.sources.map((s) => [s.source, s.totals.requests, Math.round(s.totals.cost * 1000) / 1000]),
        [
          ['media', 1, 0.4],
          ['chat', 6, 0.06],
          ['code', 7, 0.05],
        ],
      );
      assert.deepEqual(models.map((m) => m.model), ['y/three', 'x/one-source']);
    });

    it('a period lists the models of its own days only', () => {
      const now = local(2025, 6, 16, 8);
      const state = ledger([rec(local(2025, 6, 15, 8), 'old/model', 'chat', 1), rec(now, 'new/model', 'code', 0.01), rec(now, 'new/model', 'nativeChat', 0.02)]);
      const p = byId(usagePeriods(state, now));
      assert.deepEqual(p.get('today')!.models.map((m) => m.model), ['new/model']);
      assert.deepEqual(p.get('today')!.models[0].sources.map((s) => s.source), ['nativeChat', 'code']);
      assert.deepEqual(p.get('yesterday')!.models.map((m) => m.model), ['old/model']);
      assert.deepEqual(p.get('allTime')!.models.map((m) => m.model), ['old/model', 'new/model'], 'nothing dropped: all time breaks down too');
      assert.equal(p.get('allTime')!.detailFrom, undefined);
    });
  });

  describe('only periods the kept days cover', () => {
    it(`drops no period while the history fits in ${USAGE_DAYS} days, whatever the day of the year`, () => {
      // A record every day for over a year: the ledger keeps the last 62 days, which always hold
      // all of last month (July and August, both 31 days, need 62 on August 31).
      const state = emptyUsage();
      for (let d = 0; d < 430; d++) {
        const now = local(2025, 1, 1 + d, 13);
        addUsage(state, rec(local(2025, 1, 1 + d, 12), 'a/m', 'chat', 0.01));
        if (d < 62) continue;
        const periods = usagePeriods(state, now);
        assert.ok(ids(periods).includes('lastMonth'), `day ${d}: ${ids(periods).join(', ')}`);
        const lastMonth = byId(periods).get('lastMonth')!;
        const [y, m] = lastMonth.from!.split('-').map(Number);
        assert.equal(lastMonth.totals.requests, new Date(y, m, 0).getDate(), `day ${d}: every day of ${lastMonth.from!.slice(0, 7)}`);
      }
    });

    it('leaves out a period whose first days the ledger no longer holds, and says from when all time is detailed', () => {
      // A heavy month: 12 model × source pairs a day fill the rows' cap in 17 days, so the oldest
      // rows go and last month is only partly kept.
      const list: UsageRecord[] = [];
      const sources: UsageSource[] = ['chat', 'code', 'nativeChat', 'media'];
      for (let d = 0; d < 40; d++) {
        for (let i = 0; i < 12; i++) list.push(rec(local(2025, 5, 1 + d, 9, i), `v/model-${i % 3}`, sources[i % 4], 0.001));
      }
      const state = ledger(list);
      assert.equal(state.days.length, MAX_DAY_ROWS, 'the cap is reached');
      const now = local(2025, 6, 9, 18); // 40 days from May 1: June 9
      const periods = usagePeriods(state, now);
      assert.deepEqual(ids(periods), ['today', 'yesterday', 'last7Days', 'thisMonth', 'allTime']);
      const p = byId(periods);
      assert.equal(p.get('thisMonth')!.totals.requests, 9 * 12, 'June 1–9, whole');
      const allTime = p.get('allTime')!;
      assert.equal(allTime.totals.requests, 40 * 12, 'the total still counts everything');
      assert.deepEqual(allTime.models, [], 'no per-model split that would miss the dropped rows');
      // The oldest day left may have lost some of its rows: detail is complete from the day after it.
      assert.equal(allTime.detailFrom, addDays(state.days[0].day, 1));
      assert.equal(completeFrom(state), allTime.detailFrom);
    });

    it(`counts the ${USAGE_DAYS} days back from the newest day kept`, () => {
      // Used on Jan 1, then again on Mar 15: January's rows went, but nothing happened in between.
      const state = ledger([rec(local(2025, 1, 1), 'a/m', 'chat', 1), rec(local(2025, 3, 15), 'a/m', 'chat', 0.5)]);
      assert.equal(state.days.length, 1);
      assert.equal(completeFrom(state), addDays('2025-03-15', -(USAGE_DAYS - 1)));
      const p = byId(usagePeriods(state, local(2025, 3, 16)));
      assert.deepEqual(ids([...p.values()]), ['today', 'yesterday', 'last7Days', 'thisMonth', 'lastMonth', 'allTime']);
      assert.equal(p.get('lastMonth')!.totals.requests, 0);
      assert.equal(p.get('allTime')!.totals.cost, 1.5);
      assert.deepEqual(p.get('allTime')!.models, []);
    });
  });

  describe('edges', () => {
    const totals = (cost: number, requests = 1): UsageTotals => ({ requests, promptTokens: 1, completionTokens: 1, cost, unpriced: 0, estimated: 0 });
    const row = (day: string, model: string, source: UsageSource, cost: number, requests = 1): DayTotals => ({ day, model, source, ...totals(cost, requests) });

    it('orders equal models by name and a model\'s equal sources in the fixed source order', () => {
      const models = groupByModel([row('2025-05-01', 'c', 'chat', 1), row('2025-05-01', 'b', 'chat', 1), row('2025-05-01', 'd', 'chat', 1)]);
      assert.deepEqual(models.map((m) => m.model), ['b', 'c', 'd']);
      const one = groupByModel([row('2025-05-01', 'a', 'media', 1), row('2025-05-01', 'a', 'nativeChat', 1), row('2025-05-01', 'a', 'code', 1), row('2025-05-01', 'a', 'chat', 1)]);
      assert.deepEqual(one[0]!.sources.map((s) => s.source), ['chat', 'code', 'nativeChat', 'media']);
      const reversed = groupByModel([row('2025-05-01', 'z', 'chat', 1), row('2025-05-01', 'y', 'chat', 1), row('2025-05-01', 'x', 'chat', 1)]);
      assert.deepEqual(reversed.map((m) => m.model), ['x', 'y', 'z']);
    });

    it('orders one model on several profiles, and equal models of different profiles, by model then profile', () => {
      const on = (model: string, profile: string): DayTotals => ({ ...row('2025-05-01', model, 'chat', 1), profile });
      const order = (rows: DayTotals[]) => groupByModel(rows).map((m) => `${m.model}@${m.profile}`);
      assert.deepEqual(order([on('m', 'zeta'), on('m', 'alpha')]), ['m@alpha', 'm@zeta']);
      assert.deepEqual(order([on('m', 'alpha'), on('m', 'zeta')]), ['m@alpha', 'm@zeta']);
      assert.deepEqual(order([on('a', 'zeta'), on('b', 'alpha')]), ['a@zeta', 'b@alpha']);
      assert.deepEqual(order([on('b', 'alpha'), on('a', 'zeta')]), ['a@zeta', 'b@alpha']);
    });

    it('orders equal profiles the default first, then by id, whatever order they came in', () => {
      const model = (profile: string): ModelUsage => ({ model: 'm', profile, totals: totals(1, 2), sources: [] });
      const ids = ['zeta', 'tokenhub', '0-local', 'alpha'];
      const orders = ids.flatMap((a) => ids.flatMap((b) => ids.flatMap((c) => ids.filter((d) => new Set([a, b, c, d]).size === 4).map((d) => [a, b, c, d]))));
      assert.equal(orders.length, 24);
      for (const o of orders) assert.deepEqual(groupByProfile(o.map(model)).map((p) => p.profile), ['tokenhub', '0-local', 'alpha', 'zeta'], o.join(' '));
    });

    it('adds up the estimated requests of a period, per model and per profile', () => {
      const now = local(2025, 5, 10, 12);
      const estimate = (model: string, profile?: string): UsageRecord => ({ ...rec(now, model, 'chat', 0.01), estimated: true, ...(profile ? { profile } : {}) });
      const state = ledger([estimate('a'), estimate('a'), rec(now, 'a', 'code', 0.01), estimate('b', 'tokenhot')]);
      const today = byId(usagePeriods(state, now)).get('today')!;
      assert.equal(today.totals.estimated, 3);
      assert.deepEqual(today.models.map((m) => [m.model, m.totals.estimated]), [['a', 2], ['b', 1]]);
      assert.deepEqual(today.profiles.map((p) => [p.profile, p.totals.estimated]), [['tokenhub', 2], ['tokenhot', 1]]);
    });

    it('a total with no day rows kept is complete from no day, and all time then has no detail date', () => {
      const snapshot = { total: totals(2, 3), days: [] };
      assert.equal(completeFrom(snapshot), '9999-12-31');
      const allTime = usagePeriods(snapshot, local(2025, 5, 1)).at(-1)!;
      assert.equal(allTime.id, 'allTime');
      assert.equal('detailFrom' in allTime, false);
    });

    it('all time has no detail date when the rows hold everything', () => {
      const state = ledger([rec(local(2025, 5, 1), 'm', 'chat', 1)]);
      const allTime = usagePeriods(state, local(2025, 5, 1)).at(-1)!;
      assert.equal('detailFrom' in allTime, false);
      assert.equal(allTime.models.length, 1);
    });

    it('with the row cap reached, complete from the later of the window start and the day after the oldest row', () => {
      const newest = '2025-05-31';
      const windowStart = addDays(newest, -(USAGE_DAYS - 1));
      // Rows that start long before the window (a snapshot not trimmed by addUsage).
      const old = Array.from({ length: MAX_DAY_ROWS }, (_, i) => row(i === MAX_DAY_ROWS - 1 ? newest : addDays(windowStart, -400 + i), `m${i}`, 'chat', 1));
      assert.equal(completeFrom({ total: totals(1, MAX_DAY_ROWS + 1), days: old }), windowStart);
      // Rows all inside the window: the oldest day may have lost rows, the next one is whole.
      const recent = Array.from({ length: MAX_DAY_ROWS }, (_, i) => row(i < 100 ? addDays(newest, -3) : newest, `m${i}`, 'chat', 1));
      assert.equal(completeFrom({ total: totals(1, MAX_DAY_ROWS + 1), days: recent }), addDays(newest, -2));
    });
  });
});
