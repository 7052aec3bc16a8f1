import * as assert from 'node:assert/strict';
import type { PeriodSpend } from '../../../src/core/usage/budget';
import { BUDGET_WARN_AT, budgetLevel, limitOf, mostPressing, spendAgainst } from '../../../src/core/usage/budget';
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
