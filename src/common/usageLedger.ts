import * as vscode from 'vscode';
import type { UsageEntry } from '../core/usage/usageEntry';
import type { DayTotals, UsageRecord, UsageState, UsageTotals } from '../core/usage/usageTotals';
import { addUsage, parseUsageState, toStored, usageFromRecords } from '../core/usage/usageTotals';
import { StorageKeys } from './ids';
import { Disposable } from './lifecycle';

export type { UsageRecord } from '../core/usage/usageTotals';

/**
 * Every answer's tokens and cost, whichever feature asked (build the entry with `usageEntry`).
 * Kept in memory and written to global state after each record: totals per day × model × source
 * plus the latest records (src/core/usage/usageTotals.ts), 25 KB at most, because VS Code sends
 * all of an extension's global state on every update (2,000 raw records were over 200 KB).
 */
export class UsageLedger extends Disposable {
  private readonly _onDidRecord = this._register(new vscode.EventEmitter<UsageRecord>());
  /** Fires as soon as a record is counted (before it is stored). */
  readonly onDidRecord = this._onDidRecord.event;

  private readonly state: UsageState;
  /** Records counted so far (this window). */
  private version = 0;
  /** The version last handed to the memento, and not known to have failed. */
  private handed = 0;
  /** One write at a time, so an older snapshot can never land after a newer one. */
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly memento: vscode.Memento) {
    super();
    const stored = parseUsageState(memento.get(StorageKeys.usage));
    const legacy = memento.get<unknown>(StorageKeys.legacyUsageLedger);
    this.state = stored ?? usageFromRecords(legacy);
    // First in the write queue, so the records that follow are written after it.
    if (legacy !== undefined) this.writing = this.dropLegacy(stored === undefined);
    // Whatever is still queued reaches the memento before the window goes: a reload loses nothing.
    this._register({ dispose: () => this.flush() });
  }

  /** The latest records (at most RECENT_RECORDS), oldest first. */
  get records(): readonly UsageRecord[] {
    return [...this.state.recent];
  }

  /** Everything recorded, all days. */
  get total(): UsageTotals {
    return { ...this.state.total };
  }

  /** Totals per day × model × source for the last USAGE_DAYS days, oldest first. */
  get days(): readonly DayTotals[] {
    return this.state.days.map((r) => ({ ...r }));
  }

  /** Counts one request. Never rejects: a failed write must not fail the answer that made it. */
  async record(entry: UsageEntry & { at?: number }): Promise<UsageRecord> {
    const rec: UsageRecord = { ...entry, at: entry.at ?? Date.now() };
    // Counted synchronously, so records made at the same time cannot overwrite each other.
    addUsage(this.state, rec);
    this.version++;
    this._onDidRecord.fire(rec);
    await this.save();
    return rec;
  }

  private save(): Promise<void> {
    const next = this.writing.then(() => this.write());
    this.writing = next;
    return next;
  }

  private async write(): Promise<void> {
    // A write already sent holds every record counted before it: records that arrive together share one.
    if (this.handed >= this.version) return;
    const version = this.version;
    this.handed = version;
    try {
      await this.memento.update(StorageKeys.usage, toStored(this.state));
    } catch {
      // Losing the write must never fail (or leave an unhandled rejection in) the request that
      // made it: the answer already shows its own tokens and cost. The next write, or the flush
      // on dispose, stores the state again.
      if (this.handed === version) this.handed = 0;
    }
  }

  /** Hands the latest state to the memento now (it keeps the value synchronously), if a write is still owed. */
  private flush(): void {
    if (this.handed >= this.version) return;
    this.handed = this.version;
    try {
      void Promise.resolve(this.memento.update(StorageKeys.usage, toStored(this.state))).catch(() => undefined);
    } catch {
      // Shutting down: nothing left to tell.
    }
  }

  /** Moves the old array of raw records out of the way: written as totals first, then removed. */
  private async dropLegacy(migrate: boolean): Promise<void> {
    try {
      if (migrate) await this.memento.update(StorageKeys.usage, toStored(this.state));
      await this.memento.update(StorageKeys.legacyUsageLedger, undefined);
    } catch {
      // Kept for the next start: once the new key is stored, the old array is only ever removed, never counted twice.
    }
  }
}
