import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { UsageEntry } from '../core/usage/usageEntry';
import type { DayTotals, UsageChange, UsageRecord, UsageState, UsageTotals } from '../core/usage/usageTotals';
import { addUsage, applyChange, correctUsage, emptyUsage, parseUsageState, toStored, usageFromRecords } from '../core/usage/usageTotals';
import { StorageKeys } from './ids';
import { Disposable } from './lifecycle';

export type { UsageRecord } from '../core/usage/usageTotals';

/**
 * Every answer's tokens and cost, whichever feature asked (build the entry with `usageEntry`).
 * Kept in memory and in one small JSON file in the extension's global storage (totals per day ×
 * model × source plus the latest records, src/core/usage/usageTotals.ts; 25 KB at most), written
 * atomically after each record and synchronously on dispose, like the chat's conversations.
 * Not in `globalState`: VS Code sends all of an extension's global state on every update, and in
 * the browser-hosted workbench (code-server, Codespaces) an update made just before a window
 * reload could be lost (the e2e chat test saw it). The old `globalState` ledger is migrated.
 */
export class UsageLedger extends Disposable {
  private readonly _onDidRecord = this._register(new vscode.EventEmitter<UsageRecord>());
  /** Fires as soon as a record is counted (before it is stored). */
  readonly onDidRecord = this._onDidRecord.event;
  private readonly _onDidCorrect = this._register(new vscode.EventEmitter<{ old: UsageRecord; next: UsageRecord }>());
  /** Fires when a record's figures were replaced (an estimate by the gateway's usage that came late). */
  readonly onDidCorrect = this._onDidCorrect.event;
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  /** Fires after either: what the totals say has changed. */
  readonly onDidChange = this._onDidChange.event;

  /** What the file held at the last write or read, plus this window's records not written yet. */
  private state: UsageState;
  /**
   * This window's records and corrections not on disk yet. A write applies them to what the file
   * holds *then*, so two windows recording at once both count (each rewriting its own copy would
   * keep only one), and a correction lands on the record it corrects, wherever it was written.
   */
  private pending: UsageChange[] = [];
  /** The state from `globalState` (older versions) until the first write puts it in the file. */
  private migrated: UsageState | undefined;
  /** One write at a time, so an older snapshot can never land after a newer one. */
  private writing: Promise<void> = Promise.resolve();
  private seq = 0;

  /** `file`: where the ledger lives (the extension's global storage); `memento`: where older versions kept it. */
  constructor(private readonly file: string, memento?: vscode.Memento) {
    super();
    const disk = readStateSync(file);
    const onDisk = disk === 'unreadable' ? undefined : disk;
    const old = memento && (memento.get(StorageKeys.usage) !== undefined || memento.get(StorageKeys.legacyUsageLedger) !== undefined);
    this.state = onDisk ?? (old ? parseUsageState(memento.get(StorageKeys.usage)) ?? usageFromRecords(memento.get<unknown>(StorageKeys.legacyUsageLedger)) : emptyUsage());
    if (!onDisk && old) {
      // Written to the file first; only then are the old keys removed (a failed write keeps them for next time).
      this.migrated = structuredClone(this.state);
      void this.save().then(() => {
        if (!this.migrated) void Promise.resolve(memento.update(StorageKeys.usage, undefined)).then(() => memento.update(StorageKeys.legacyUsageLedger, undefined)).catch(() => undefined);
      });
    }
    // Whatever is not on disk yet is written before the window goes: a reload loses nothing.
    this._register({ dispose: () => this.flushSync() });
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
    this.pending.push({ add: rec });
    this._onDidRecord.fire(rec);
    this._onDidChange.fire();
    await this.save();
    return rec;
  }

  /**
   * Replaces a record's figures by better ones: the gateway's usage for a request first counted
   * with our estimate (it came after the answer was stopped). The corrected record keeps the
   * first one's time and counts as the same request. Never rejects.
   */
  async correct(old: UsageRecord, entry: UsageEntry): Promise<UsageRecord> {
    const next: UsageRecord = { ...entry, at: old.at };
    correctUsage(this.state, old, next);
    this.pending.push({ replace: old, by: next });
    this._onDidCorrect.fire({ old, next });
    this._onDidChange.fire();
    await this.save();
    return next;
  }

  private save(): Promise<void> {
    const next = this.writing.then(() => this.write());
    this.writing = next;
    return next;
  }

  /** The file's state now (another window may have written) with this window's pending records added. */
  private merged(disk: DiskState): { state: UsageState; taken: number } {
    const taken = this.pending.length;
    // A file that is there but cannot be read is not replaced by less: this window's view of it.
    if (disk === 'unreadable') return { state: structuredClone(this.state), taken };
    const state = disk ?? (this.migrated ? structuredClone(this.migrated) : emptyUsage());
    for (let i = 0; i < taken; i++) applyChange(state, this.pending[i]!);
    return { state, taken };
  }

  private written(state: UsageState, taken: number): void {
    this.pending.splice(0, taken);
    // What the other windows recorded shows here too from now on; records made while writing stay counted.
    for (const change of this.pending) applyChange(state, change);
    this.state = state;
    this.migrated = undefined;
  }

  private async write(): Promise<void> {
    // A write takes every record counted before it: records that arrive together share one.
    if (!this.pending.length && !this.migrated) return;
    const tmp = this.tempFile();
    try {
      const { state, taken } = this.merged(await readStateAsync(this.file));
      await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
      await fs.promises.writeFile(tmp, JSON.stringify(toStored(state)), 'utf8');
      await fs.promises.rename(tmp, this.file);
      this.written(state, taken);
    } catch {
      // Losing the write must never fail (or leave an unhandled rejection in) the request that
      // made it: the answer already shows its own tokens and cost. The records stay pending for
      // the next write, or the one on dispose.
      await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
    }
  }

  /** For dispose: the host may exit right after, so no promises. */
  private flushSync(): void {
    if (!this.pending.length && !this.migrated) return;
    const tmp = this.tempFile();
    try {
      const { state, taken } = this.merged(readStateSync(this.file));
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(tmp, JSON.stringify(toStored(state)), 'utf8');
      fs.renameSync(tmp, this.file);
      this.written(state, taken);
    } catch {
      // Shutting down: nothing left to tell.
      fs.rmSync(tmp, { force: true });
    }
  }

  private tempFile(): string {
    return path.join(path.dirname(this.file), `.${path.basename(this.file)}.${process.pid}.${++this.seq}.tmp`);
  }
}

/** The ledger file's state; undefined when there is no file; 'unreadable' when it is there but not ours. */
type DiskState = UsageState | undefined | 'unreadable';

function parseFile(text: string): DiskState {
  try {
    return parseUsageState(JSON.parse(text)) ?? 'unreadable';
  } catch {
    return 'unreadable';
  }
}

async function readStateAsync(file: string): Promise<DiskState> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : 'unreadable';
  }
  return parseFile(text);
}

function readStateSync(file: string): DiskState {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : 'unreadable';
  }
  return parseFile(text);
}
