import type { PeriodSpend } from '../../src/core/usage/budget';
import type { BudgetAnswer } from '../../src/platform/budgetPrompts';
import type { BudgetRequest } from '../../src/platform/budgetService';

/** Answers the budget's questions as a person would (in place of the modal dialogs), and remembers what it was asked. */
export class FakeBudgetPrompts {
  readonly warned: PeriodSpend[] = [];
  readonly asked: { spend: PeriodSpend; request: BudgetRequest }[] = [];
  /** The answers to give, in order; 'stop' ("Don't Send") when none is left. */
  readonly answers: (BudgetAnswer | Promise<BudgetAnswer>)[] = [];
  /** The new limits typed after "Raise Budget…", in order; undefined: dismissed. */
  readonly limits: (number | undefined)[] = [];
  warn(spend: PeriodSpend): void {
    this.warned.push(spend);
  }
  ask(spend: PeriodSpend, request: BudgetRequest): Promise<BudgetAnswer> {
    this.asked.push({ spend, request });
    return Promise.resolve(this.answers.shift() ?? 'stop');
  }
  newLimit(): Promise<number | undefined> {
    return Promise.resolve(this.limits.shift());
  }
}
