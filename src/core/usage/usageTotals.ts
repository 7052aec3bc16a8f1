import { DEFAULT_PROFILE_ID, isProfileId } from '../profiles/modelRef';
import type { UsageEntry, UsageSource } from './usageEntry';
import { USAGE_SOURCES, countOf } from './usageEntry';

// What the usage ledger keeps in global state. VS Code writes an extension's whole global state
// (every key) on each `update`, so this must stay small whatever the history: totals per
// day × model × source for the last USAGE_DAYS days, a running total, and a short ring of the
// latest raw records, instead of one line per request.

/** One request as the ledger saw it. */
export interface UsageRecord extends UsageEntry {
  /** ms since epoch */
  at: number;
}

export interface UsageTotals {
  requests: number;
  promptTokens: number;
  completionTokens: number;
  /** USD of the requests whose cost is known. */
  cost: number;
  /** Requests whose cost is unknown: when above 0, `cost` is a lower bound. */
  unpriced: number;
  /** Requests whose tokens (and so cost) are our estimate: the gateway sent no usage. */
  estimated: number;
}

export interface DayTotals extends UsageTotals {
  /** Local calendar day, `YYYY-MM-DD` (what the user calls "today"). */
  day: string;
  model: string;
  source: UsageSource;
  /** The gateway profile; absent for the default one. */
  profile?: string;
}

/** The ledger's state in memory. */
export interface UsageState {
  version: 1;
  /** Everything recorded since the ledger started (or since the old array it was migrated from). */
  total: UsageTotals;
  /** Sorted by day, oldest first. */
  days: DayTotals[];
  /** The latest records, oldest first. */
  recent: UsageRecord[];
}

/** A day row as stored: [day, model, source, requests, promptTokens, completionTokens, cost, unpriced, estimated, profile (absent for the default)]. */
export type StoredDayRow = [string, string, UsageSource, number, number, number, number, number, number?, string?];

/** The state as stored: day rows as tuples, half the size of objects with their key names. */
export interface StoredUsage {
  version: 1;
  total: UsageTotals;
  days: StoredDayRow[];
  recent: UsageRecord[];
}

/** Two months: this month and all of the last one. */
export const USAGE_DAYS = 62;
/**
 * Caps the rows however many models and sources a day uses (about 90 bytes each, stored): with
 * the recent records, the stored state stays near 20 KB at most.
 */
export const MAX_DAY_ROWS = 200;
export const RECENT_RECORDS = 20;

export function emptyTotals(): UsageTotals {
  return { requests: 0, promptTokens: 0, completionTokens: 0, cost: 0, unpriced: 0, estimated: 0 };
}

export function emptyUsage(): UsageState {
  return { version: 1, total: emptyTotals(), days: [], recent: [] };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The local calendar day of a time, `YYYY-MM-DD`. */
export function dayOf(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** `day` moved by `delta` calendar days (noon, so a DST change cannot shift the date). */
function shiftDay(day: string, delta: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return dayOf(new Date(y, m - 1, d + delta, 12).getTime());
}

function add(t: UsageTotals, rec: UsageEntry): void {
  t.requests += 1;
  t.promptTokens += rec.promptTokens;
  t.completionTokens += rec.completionTokens;
  if (rec.cost === undefined) t.unpriced += 1;
  else t.cost += rec.cost;
  if (rec.estimated) t.estimated += 1;
}

/** Day rows oldest first; rows of one day keep their order. */
function byDay(a: DayTotals, b: DayTotals): number {
  return a.day < b.day ? -1 : a.day > b.day ? 1 : 0;
}

/** The day row a record counts in: its day, model, source and profile. */
function findRow(state: UsageState, rec: UsageRecord): DayTotals | undefined {
  const day = dayOf(rec.at);
  const profile = profileOf(rec.profile);
  return state.days.find((r) => r.day === day && r.model === rec.model && r.source === rec.source && r.profile === profile);
}

/** The day row a record counts in, made (in day order) when there is none yet. */
function rowFor(state: UsageState, rec: UsageRecord): DayTotals {
  const found = findRow(state, rec);
  if (found) return found;
  const row: DayTotals = { day: dayOf(rec.at), model: rec.model, source: rec.source, ...emptyTotals() };
  const profile = profileOf(rec.profile);
  if (profile) row.profile = profile;
  state.days.push(row);
  // Records come in time order, but a migrated one, a clock change or a correction may not.
  state.days.sort(byDay);
  return row;
}

/** Adds one record to `state` (in place). */
export function addUsage(state: UsageState, rec: UsageRecord): void {
  add(state.total, rec);
  state.recent.push(rec);
  if (state.recent.length > RECENT_RECORDS) state.recent.splice(0, state.recent.length - RECENT_RECORDS);

  add(rowFor(state, rec), rec);
  const cutoff = shiftDay(state.days[state.days.length - 1].day, -(USAGE_DAYS - 1));
  const keepFrom = state.days.findIndex((r) => r.day >= cutoff);
  // Oldest days go first; the running total still counts what they held.
  const drop = Math.max(keepFrom, state.days.length - MAX_DAY_ROWS);
  if (drop > 0) state.days.splice(0, drop);
}

/** Takes one record's figures off a sum (in place), never below zero. */
function sub(t: UsageTotals, rec: UsageEntry): void {
  t.requests = Math.max(0, t.requests - 1);
  t.promptTokens = Math.max(0, t.promptTokens - rec.promptTokens);
  t.completionTokens = Math.max(0, t.completionTokens - rec.completionTokens);
  if (rec.cost === undefined) t.unpriced = Math.max(0, t.unpriced - 1);
  else t.cost = Math.max(0, t.cost - rec.cost);
  if (rec.estimated) t.estimated = Math.max(0, t.estimated - 1);
}

/** Whether two records are the same request as counted (the ledger keeps no ids). */
export function sameRecord(a: UsageRecord, b: UsageRecord): boolean {
  return a.at === b.at && a.model === b.model && a.source === b.source && a.promptTokens === b.promptTokens && a.completionTokens === b.completionTokens && a.cost === b.cost && !!a.estimated === !!b.estimated;
}

/**
 * Replaces a counted record by its corrected figures (in place): our estimate of a stopped answer
 * by the usage the gateway sent after all. `next` keeps `old`'s time, so it stays on the day the
 * request was made; the request count does not change. Where `old` is no longer kept (its day
 * row dropped, the recent ring moved on) only what is kept is corrected.
 */
export function correctUsage(state: UsageState, old: UsageRecord, next: UsageRecord): void {
  sub(state.total, old);
  add(state.total, next);
  const i = state.recent.findIndex((r) => sameRecord(r, old));
  if (i >= 0) state.recent[i] = next;
  const oldRow = findRow(state, old);
  if (!oldRow) return;
  sub(oldRow, old);
  add(rowFor(state, next), next);
  if (oldRow.requests === 0) state.days.splice(state.days.indexOf(oldRow), 1);
}

/** A change the ledger made and has not written yet: a new record, or a record's corrected figures. */
export type UsageChange = { add: UsageRecord } | { replace: UsageRecord; by: UsageRecord };

/** Applies one change to `state` (in place). */
export function applyChange(state: UsageState, change: UsageChange): void {
  if ('add' in change) addUsage(state, change.add);
  else correctUsage(state, change.replace, change.by);
}

// --- storing and reading back ----------------------------------------------------------------

/** What goes to global state: a copy, so the state can go on changing while a write is under way. */
export function toStored(state: UsageState): StoredUsage {
  return {
    version: 1,
    total: { ...state.total },
    days: state.days.map((r): StoredDayRow =>
      r.profile
        ? [r.day, r.model, r.source, r.requests, r.promptTokens, r.completionTokens, r.cost, r.unpriced, r.estimated, r.profile]
        : [r.day, r.model, r.source, r.requests, r.promptTokens, r.completionTokens, r.cost, r.unpriced, r.estimated],
    ),
    recent: state.recent.map((r) => ({ ...r })),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const usd = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
const isSource = (v: unknown): v is UsageSource => (USAGE_SOURCES as readonly unknown[]).includes(v);
/** A record's profile as kept: absent for the default one (so older records and new ones of TokenHub agree). */
const profileOf = (v: unknown): string | undefined => (isProfileId(v) && v !== DEFAULT_PROFILE_ID ? v : undefined);

/** A stored record, or undefined for junk. Missing token counts read as 0 (older builds could leave them out). */
export function parseRecord(v: unknown): UsageRecord | undefined {
  if (!isObject(v) || typeof v.at !== 'number' || !Number.isFinite(v.at) || typeof v.model !== 'string' || !isSource(v.source)) return undefined;
  const rec: UsageRecord = { at: v.at, model: v.model, source: v.source, promptTokens: countOf(v.promptTokens), completionTokens: countOf(v.completionTokens) };
  const cost = usd(v.cost);
  if (cost !== undefined) rec.cost = cost;
  if (typeof v.requestedModel === 'string' && v.requestedModel) rec.requestedModel = v.requestedModel;
  if (v.estimated === true) rec.estimated = true;
  const profile = profileOf(v.profile);
  if (profile) rec.profile = profile;
  return rec;
}

function parseTotals(v: Record<string, unknown>): UsageTotals {
  return { requests: countOf(v.requests), promptTokens: countOf(v.promptTokens), completionTokens: countOf(v.completionTokens), cost: usd(v.cost) ?? 0, unpriced: countOf(v.unpriced), estimated: countOf(v.estimated) };
}

/** The stored state (`toStored`), or undefined when there is none (or it is not one). Junk rows are dropped. */
export function parseUsageState(v: unknown): UsageState | undefined {
  if (!isObject(v) || v.version !== 1 || !isObject(v.total)) return undefined;
  const days: DayTotals[] = [];
  for (const r of Array.isArray(v.days) ? (v.days as unknown[]) : []) {
    if (!Array.isArray(r)) continue;
    const [day, model, source, requests, promptTokens, completionTokens, cost, unpriced, estimated, profile] = r as unknown[];
    if (typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) && typeof model === 'string' && isSource(source)) {
      const row: DayTotals = { day, model, source, ...parseTotals({ requests, promptTokens, completionTokens, cost, unpriced, estimated }) };
      const p = profileOf(profile);
      if (p) row.profile = p;
      days.push(row);
    }
  }
  days.sort(byDay);
  const recent = (Array.isArray(v.recent) ? v.recent : []).map(parseRecord).filter((r): r is UsageRecord => r !== undefined).slice(-RECENT_RECORDS);
  return { version: 1, total: parseTotals(v.total), days: days.slice(-MAX_DAY_ROWS), recent };
}

/** The state the old ledger's array of raw records (`tokenhub.usageLedger`) adds up to. */
export function usageFromRecords(v: unknown): UsageState {
  const state = emptyUsage();
  const records = (Array.isArray(v) ? v : []).map(parseRecord).filter((r): r is UsageRecord => r !== undefined);
  for (const rec of records.sort((a, b) => a.at - b.at)) addUsage(state, rec);
  return state;
}
