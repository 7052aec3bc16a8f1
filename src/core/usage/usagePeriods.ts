import { DEFAULT_PROFILE_ID } from '../profiles/modelRef';
import type { UsageSource } from './usageEntry';
import { USAGE_SOURCES } from './usageEntry';
import type { DayTotals, UsageTotals } from './usageTotals';
import { MAX_DAY_ROWS, USAGE_DAYS, dayOf, emptyTotals } from './usageTotals';

// What the Usage view and the status bar show: the ledger's day rows added up per period (today,
// yesterday, the last 7 days, this month, last month) by local calendar day, then per model and
// per source, most expensive first. A period is offered only when the rows kept cover all of it:
// a "Last month" missing its first weeks would look like a real, smaller bill.

export type UsagePeriodId = 'today' | 'yesterday' | 'last7Days' | 'thisMonth' | 'lastMonth' | 'allTime';

export interface SourceUsage {
  source: UsageSource;
  totals: UsageTotals;
}

export interface ModelUsage {
  model: string;
  /** The gateway profile (DEFAULT_PROFILE_ID for TokenHub and for records from before profiles). */
  profile: string;
  totals: UsageTotals;
  /** Per source, most expensive first; empty when the model was used from one source only (nothing to break down). */
  sources: SourceUsage[];
}

export interface ProfileUsage {
  profile: string;
  totals: UsageTotals;
  /** Per model, most expensive first. */
  models: ModelUsage[];
}

export interface PeriodUsage {
  id: UsagePeriodId;
  /** First and last local day counted, `YYYY-MM-DD`; absent for all time. */
  from?: string;
  to?: string;
  totals: UsageTotals;
  /** Per model, most expensive first; empty for all time when the day rows do not hold all of it. */
  models: ModelUsage[];
  /** Per gateway profile, most expensive first, each with its models; empty when one profile was used (nothing to split). */
  profiles: ProfileUsage[];
  /** All time only, when `models` is empty for that reason: the first day still kept in detail. */
  detailFrom?: string;
}

/** What the periods are made from: the ledger's readers `total` and `days`. */
export interface UsageSnapshot {
  total: UsageTotals;
  days: readonly DayTotals[];
}

const dayString = (y: number, m: number, d: number) => dayOf(new Date(y, m, d, 12).getTime());

function parts(day: string): [number, number, number] {
  const [y, m, d] = day.split('-').map(Number);
  return [y, m - 1, d];
}

/** `day` moved by `delta` calendar days (at noon, so a DST change cannot shift the date). */
export function addDays(day: string, delta: number): string {
  const [y, m, d] = parts(day);
  return dayString(y, m, d + delta);
}

/** The first day of the month of `day`, moved by `delta` months. */
function monthStart(day: string, delta = 0): string {
  const [y, m] = parts(day);
  return dayString(y, m + delta, 1);
}

/** The periods, today counted from `now` (local time): each with its first and last day. */
export function periodBounds(now: number): { id: Exclude<UsagePeriodId, 'allTime'>; from: string; to: string }[] {
  const today = dayOf(now);
  const yesterday = addDays(today, -1);
  return [
    { id: 'today', from: today, to: today },
    { id: 'yesterday', from: yesterday, to: yesterday },
    { id: 'last7Days', from: addDays(today, -6), to: today },
    { id: 'thisMonth', from: monthStart(today), to: today },
    { id: 'lastMonth', from: monthStart(today, -1), to: addDays(monthStart(today), -1) },
  ];
}

function add(into: UsageTotals, t: UsageTotals): void {
  into.requests += t.requests;
  into.promptTokens += t.promptTokens;
  into.completionTokens += t.completionTokens;
  into.cost += t.cost;
  into.unpriced += t.unpriced;
  into.estimated += t.estimated;
}

/** Most expensive first; then most requests; then a fixed order, so equal rows never swap places between refreshes. */
function byCost<T extends { totals: UsageTotals }>(tie: (a: T, b: T) => number): (a: T, b: T) => number {
  return (a, b) => b.totals.cost - a.totals.cost || b.totals.requests - a.totals.requests || tie(a, b);
}

/** The day rows' totals per model of a profile (and per source within each model), sorted. */
export function groupByModel(rows: readonly DayTotals[]): ModelUsage[] {
  const models = new Map<string, { model: string; profile: string; totals: UsageTotals; sources: Map<UsageSource, UsageTotals> }>();
  for (const row of rows) {
    const profile = row.profile ?? DEFAULT_PROFILE_ID;
    const key = `${profile}\n${row.model}`;
    let m = models.get(key);
    if (!m) models.set(key, (m = { model: row.model, profile, totals: emptyTotals(), sources: new Map() }));
    add(m.totals, row);
    let s = m.sources.get(row.source);
    if (!s) m.sources.set(row.source, (s = emptyTotals()));
    add(s, row);
  }
  const sourceOrder = byCost<SourceUsage>((a, b) => USAGE_SOURCES.indexOf(a.source) - USAGE_SOURCES.indexOf(b.source));
  const out: ModelUsage[] = [...models.values()].map((m) => {
    const sources = [...m.sources].map(([source, totals]) => ({ source, totals })).sort(sourceOrder);
    return { model: m.model, profile: m.profile, totals: m.totals, sources: sources.length > 1 ? sources : [] };
  });
  const order = (a: ModelUsage, b: ModelUsage) => (a.model < b.model ? -1 : a.model > b.model ? 1 : a.profile < b.profile ? -1 : a.profile > b.profile ? 1 : 0);
  return out.sort(byCost<ModelUsage>(order));
}

/** The models grouped by profile, most expensive first; empty when every model is of one profile. */
export function groupByProfile(models: readonly ModelUsage[]): ProfileUsage[] {
  const profiles = new Map<string, ProfileUsage>();
  for (const m of models) {
    let p = profiles.get(m.profile);
    if (!p) profiles.set(m.profile, (p = { profile: m.profile, totals: emptyTotals(), models: [] }));
    add(p.totals, m.totals);
    p.models.push(m);
  }
  if (profiles.size < 2) return [];
  // The default profile first among equals, then by id: a fixed order.
  const rank = (p: ProfileUsage) => (p.profile === DEFAULT_PROFILE_ID ? '' : p.profile);
  return [...profiles.values()].sort(byCost<ProfileUsage>((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0)));
}

/**
 * The first day whose rows are all still kept, or undefined when the rows hold everything ever
 * recorded. The ledger drops days older than USAGE_DAYS before its newest one, and, past
 * MAX_DAY_ROWS rows, the oldest rows: the oldest day left may then have lost some of its rows.
 */
export function completeFrom(snapshot: UsageSnapshot): string | undefined {
  const { days, total } = snapshot;
  const kept = days.reduce((n, r) => n + r.requests, 0);
  if (kept >= total.requests) return undefined;
  if (!days.length) return '9999-12-31';
  const windowStart = addDays(days[days.length - 1].day, -(USAGE_DAYS - 1));
  if (days.length < MAX_DAY_ROWS) return windowStart;
  const afterOldest = addDays(days[0].day, 1);
  return afterOldest > windowStart ? afterOldest : windowStart;
}

/**
 * Today, yesterday, the last 7 days, this month, last month (those the kept rows cover entirely)
 * and all time (from the running total), with their per-model rows. Nothing at all when nothing
 * was ever recorded.
 */
export function usagePeriods(snapshot: UsageSnapshot, now: number): PeriodUsage[] {
  if (snapshot.total.requests <= 0) return [];
  const complete = completeFrom(snapshot);
  const out: PeriodUsage[] = [];
  for (const { id, from, to } of periodBounds(now)) {
    if (complete !== undefined && from < complete) continue;
    const rows = snapshot.days.filter((r) => r.day >= from && r.day <= to);
    const totals = emptyTotals();
    for (const r of rows) add(totals, r);
    const models = groupByModel(rows);
    out.push({ id, from, to, totals, models, profiles: groupByProfile(models) });
  }
  // Per model only when the rows hold every request the total counts.
  const allModels = complete === undefined ? groupByModel(snapshot.days) : [];
  const allTime: PeriodUsage = { id: 'allTime', totals: { ...snapshot.total }, models: allModels, profiles: groupByProfile(allModels) };
  if (complete !== undefined && snapshot.days.length) allTime.detailFrom = complete;
  out.push(allTime);
  return out;
}

/** Today's totals (the status bar's line). */
export function todayTotals(days: readonly DayTotals[], now: number): UsageTotals {
  const today = dayOf(now);
  const totals = emptyTotals();
  for (const r of days) if (r.day === today) add(totals, r);
  return totals;
}

/** Milliseconds from `now` to the next local midnight (when "today" becomes "yesterday"). */
export function msUntilNextDay(now: number): number {
  const [y, m, d] = parts(dayOf(now));
  return new Date(y, m, d + 1).getTime() - now;
}
