import { DEFAULT_PROFILE_ID, isProfileId } from '../profiles/modelRef';
import type { DayTotals } from './usageTotals';
import { periodBounds } from './usagePeriods';

// Budgets: what the user meant to spend per day and per month, against what the usage ledger
// counted. The main budget counts every gateway profile together (it is what the user spends);
// a profile's own budget counts only the requests sent through that profile (a company gateway
// with its own allowance, a paid second gateway beside a free local server). Pure: the ledger's
// day rows in, where each period stands out. The VS Code side (the questions, the warning, the
// status bar) is src/platform/budgetService.ts.

export type BudgetPeriod = 'day' | 'month';

/** USD per period; a period without a limit has no budget. */
export interface BudgetLimits {
  day?: number;
  month?: number;
}

/** The share of a budget at which the user is warned (once per period). */
export const BUDGET_WARN_AT = 0.8;

export interface PeriodSpend {
  period: BudgetPeriod;
  /** Which day or month this is (`2025-05-01`, `2025-05`): a warning is given once per key. */
  key: string;
  /** USD counted so far (a lower bound when `unpriced`). */
  spent: number;
  limit: number;
  /** Some of it is our estimate (answers stopped before the gateway's usage). */
  estimated: boolean;
  /** Some requests had no known price: `spent` is a lower bound. */
  unpriced: boolean;
  /** The profile whose own budget this is; absent for the main budget (every profile together). */
  profile?: string;
}

export type BudgetLevel = 'ok' | 'warn' | 'over';

/** A limit as the settings hold it: a positive amount, or nothing (0, empty, junk: no budget). */
export function limitOf(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

/**
 * Profiles' own budgets as the `tokenhub.budget.profiles` setting holds them (profile id →
 * `{ daily, monthly }`); entries with a malformed id or without any limit are left out.
 */
export function profileBudgets(v: unknown): Map<string, BudgetLimits> {
  const out = new Map<string, BudgetLimits>();
  if (!v || typeof v !== 'object' || Array.isArray(v)) return out;
  for (const [id, entry] of Object.entries(v as Record<string, unknown>)) {
    if (!isProfileId(id) || !entry || typeof entry !== 'object') continue;
    const { daily, monthly } = entry as { daily?: unknown; monthly?: unknown };
    const limits: BudgetLimits = { day: limitOf(daily), month: limitOf(monthly) };
    if (limits.day !== undefined || limits.month !== undefined) out.set(id, limits);
  }
  return out;
}

/**
 * Where each period with a limit stands at `now` (local days), from the ledger's day rows: over
 * every profile, or with `profile` over that profile's requests only.
 */
export function spendAgainst(limits: BudgetLimits, days: readonly DayTotals[], now: number, profile?: string): PeriodSpend[] {
  const out: PeriodSpend[] = [];
  const bounds = periodBounds(now);
  for (const period of ['day', 'month'] as const) {
    const limit = limitOf(limits[period]);
    if (limit === undefined) continue;
    const b = bounds.find((x) => x.id === (period === 'day' ? 'today' : 'thisMonth'))!;
    let spent = 0;
    let estimated = false;
    let unpriced = false;
    for (const r of days) {
      if (r.day < b.from || r.day > b.to) continue;
      // The ledger leaves the default profile out of its rows.
      if (profile !== undefined && (r.profile ?? DEFAULT_PROFILE_ID) !== profile) continue;
      spent += r.cost;
      if (r.estimated > 0) estimated = true;
      if (r.unpriced > 0) unpriced = true;
    }
    const spend: PeriodSpend = { period, key: period === 'day' ? b.to : b.to.slice(0, 7), spent, limit, estimated, unpriced };
    if (profile !== undefined) spend.profile = profile;
    out.push(spend);
  }
  return out;
}

/**
 * `over` once the spend has reached the limit, or when `next` (a request's known price, for
 * media) would take it past; `warn` from BUDGET_WARN_AT of it; `ok` below.
 */
export function budgetLevel(s: PeriodSpend, next = 0): BudgetLevel {
  if (s.spent >= s.limit || (next > 0 && s.spent + next > s.limit)) return 'over';
  return s.spent >= s.limit * BUDGET_WARN_AT ? 'warn' : 'ok';
}

/** The period the user hears about: one over its budget before one near it, the day before the month. */
export function mostPressing(list: readonly PeriodSpend[], next = 0): { spend: PeriodSpend; level: BudgetLevel } | undefined {
  const rank: Record<BudgetLevel, number> = { over: 2, warn: 1, ok: 0 };
  let best: { spend: PeriodSpend; level: BudgetLevel } | undefined;
  for (const spend of list) {
    const level = budgetLevel(spend, next);
    if (!best || rank[level] > rank[best.level]) best = { spend, level };
  }
  return best;
}

/**
 * The budget the status bar shows: the main budget's day, else its month; with only profiles'
 * own budgets, the one nearest its limit (the first of equals: a profile's day before its month).
 */
export function shownSpend(spends: readonly PeriodSpend[]): PeriodSpend | undefined {
  const main = spends.filter((s) => s.profile === undefined);
  if (main.length) return main.find((s) => s.period === 'day') ?? main[0];
  let best: PeriodSpend | undefined;
  for (const s of spends) if (!best || s.spent / s.limit > best.spent / best.limit) best = s;
  return best;
}
