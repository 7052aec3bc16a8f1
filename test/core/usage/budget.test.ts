import * as assert from 'node:assert/strict';
import type { PeriodSpend } from '../../../src/core/usage/budget';
import { BUDGET_WARN_AT, budgetLevel, limitOf, mostPressing, profileBudgets, shownSpend, spendAgainst } from '../../../src/core/usage/budget';
import type { DayTotals } from '../../../src/core/usage/usageTotals';
import { emptyTotals } from '../../../src/core/usage/usageTotals';

/** Local noon of a day in May 2025 (`dayOf` then reads that day whatever the time zone). */
const may = (d: number) => new Date(2025, 4, d, 12).getTime();
const row = (day: string, cost: number, extra: Partial<DayTotals> = {}): DayTotals => ({ ...emptyTotals(), day, model: 'm', source: 'chat', requests: 1, cost, ...extra });

describe('core/usage/budget: what is spent against the budget', () => {
  const days = [
    row('2025-04-30', 9), // last month: in neither period
    row('2025-05-01', 1),
    row('2025-05-14', 0.5, { source: 'code' }),
    row('2025-05-15', 0.25),
    row('2025-05-15', 0.5, { model: 'other', source: 'media', estimated: 1 }),
    row('2025-05-15', 0, { model: 'unpriced', unpriced: 1 }),
    row('2025-05-16', 7), // a later day (another window's clock): not today
  ];

  it('adds up today and this month (local calendar), every model and source, and says what is estimated or unpriced', () => {
    const list = spendAgainst({ day: 1, month: 10 }, days, may(15));
    assert.deepEqual(list, [
      { period: 'day', key: '2025-05-15', spent: 0.75, limit: 1, estimated: true, unpriced: true },
      { period: 'month', key: '2025-05', spent: 2.25, limit: 10, estimated: true, unpriced: true },
    ]);
    assert.deepEqual(spendAgainst({ day: 1 }, days, may(14)), [{ period: 'day', key: '2025-05-14', spent: 0.5, limit: 1, estimated: false, unpriced: false }]);
  });

  it('a period without a limit (none, 0, negative, junk) has no budget', () => {
    assert.deepEqual(spendAgainst({}, days, may(15)), []);
    for (const v of [0, -5, Number.NaN, Infinity, '3', null, undefined]) assert.equal(limitOf(v), undefined, String(v));
    assert.equal(limitOf(2.5), 2.5);
  });

  it('ok below 80%, a warning from 80%, over at 100% or when a known price would go past', () => {
    const at = (spent: number): PeriodSpend => ({ period: 'day', key: 'k', spent, limit: 2, estimated: false, unpriced: false });
    assert.equal(BUDGET_WARN_AT, 0.8);
    assert.equal(budgetLevel(at(1.59)), 'ok');
    assert.equal(budgetLevel(at(1.6)), 'warn');
    assert.equal(budgetLevel(at(1.99)), 'warn');
    assert.equal(budgetLevel(at(2)), 'over');
    assert.equal(budgetLevel(at(3)), 'over');
    // A video of $1 with $0.50 left asks first; one that fits does not.
    assert.equal(budgetLevel(at(1.5), 1), 'over');
    assert.equal(budgetLevel(at(1), 1), 'ok', 'exactly up to the limit is allowed');
    assert.equal(budgetLevel(at(0.2), 0.3), 'ok');
  });

  it('the period to speak of: one over its budget before one near it, the day first', () => {
    const day: PeriodSpend = { period: 'day', key: 'd', spent: 1.7, limit: 2, estimated: false, unpriced: false };
    const month: PeriodSpend = { period: 'month', key: 'm', spent: 50, limit: 50, estimated: false, unpriced: false };
    assert.deepEqual(mostPressing([day, month]), { spend: month, level: 'over' });
    assert.deepEqual(mostPressing([day, { ...month, spent: 45 }]), { spend: day, level: 'warn' });
    assert.equal(mostPressing([]), undefined);
  });
});

describe("core/usage/budget: a profile's own budget", () => {
  // The ledger leaves the default profile (TokenHub) out of its rows.
  const days = [
    row('2025-05-15', 1),
    row('2025-05-15', 2, { profile: 'company' }),
    row('2025-05-15', 4, { profile: 'company', model: 'other', estimated: 1 }),
    row('2025-05-14', 8, { profile: 'company' }),
    row('2025-05-15', 16, { profile: 'local', unpriced: 1 }),
  ];

  it('counts only the requests sent through that profile; the main budget counts them all', () => {
    assert.deepEqual(spendAgainst({ day: 10, month: 100 }, days, may(15), 'company'), [
      { period: 'day', key: '2025-05-15', spent: 6, limit: 10, estimated: true, unpriced: false, profile: 'company' },
      { period: 'month', key: '2025-05', spent: 14, limit: 100, estimated: true, unpriced: false, profile: 'company' },
    ]);
    assert.deepEqual(spendAgainst({ day: 10 }, days, may(15), 'tokenhub'), [{ period: 'day', key: '2025-05-15', spent: 1, limit: 10, estimated: false, unpriced: false, profile: 'tokenhub' }]);
    assert.deepEqual(spendAgainst({ day: 10 }, days, may(15), 'local'), [{ period: 'day', key: '2025-05-15', spent: 16, limit: 10, estimated: false, unpriced: true, profile: 'local' }]);
    assert.deepEqual(spendAgainst({ day: 10 }, days, may(15), 'unknown'), [{ period: 'day', key: '2025-05-15', spent: 0, limit: 10, estimated: false, unpriced: false, profile: 'unknown' }]);
    assert.deepEqual(spendAgainst({ day: 10 }, days, may(15)), [{ period: 'day', key: '2025-05-15', spent: 23, limit: 10, estimated: true, unpriced: true }]);
  });

  it('reads the setting: profile id → daily and monthly limits; malformed ids and entries without a limit are left out', () => {
    const read = profileBudgets({
      company: { daily: 5, monthly: 50 },
      tokenhub: { monthly: 20 },
      local: { daily: 0, monthly: null },
      'Not An Id': { daily: 5 },
      junk: 'five dollars',
      other: { daily: '5' },
      nothing: null,
    });
    assert.deepEqual([...read], [
      ['company', { day: 5, month: 50 }],
      ['tokenhub', { day: undefined, month: 20 }],
    ]);
    for (const v of [undefined, null, 'x', 5, [{ daily: 5 }]]) assert.equal(profileBudgets(v).size, 0, JSON.stringify(v));
  });

  it("the status bar shows the main budget (its day first); with only profiles' budgets, the one nearest its limit", () => {
    const spend = (period: 'day' | 'month', spent: number, limit: number, profile?: string): PeriodSpend => ({ period, key: 'k', spent, limit, estimated: false, unpriced: false, ...(profile ? { profile } : {}) });
    const mainMonth = spend('month', 1, 100);
    const mainDay = spend('day', 1, 10);
    const companyDay = spend('day', 9, 10, 'company');
    const companyMonth = spend('month', 95, 100, 'company');
    const localDay = spend('day', 1, 2, 'local');
    assert.equal(shownSpend([mainMonth, mainDay, companyMonth]), mainDay);
    assert.equal(shownSpend([mainMonth, companyMonth]), mainMonth);
    assert.equal(shownSpend([localDay, companyDay, companyMonth]), companyMonth);
    assert.equal(shownSpend([localDay, companyDay]), companyDay);
    assert.equal(shownSpend([companyDay, spend('month', 9, 10, 'company')]), companyDay, 'the first of equals');
    assert.equal(shownSpend([]), undefined);
  });
});
