import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { UsageEntry } from '../core/usage/usageEntry';
import type { DayTotals, UsageRecord, UsageState, UsageTotals } from '../core/usage/usageTotals';
import { addUsage, parseUsageState, toStored, usageFromRecords } from '../core/usage/usageTotals';
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

  private readonly state: UsageState;
  /** Records counted so far (this window). */
  private version = 0;
  /** The newest version on disk. */
  private stored = 0;
  /** One write at a time, so an older snapshot can never land after a newer one. */
  private writing: Promise<void> = Promise.resolve();
  private seq = 0;

  /** `file`: where the ledger lives (the extension's global storage); `memento`: where older versions kept it. */
  constructor(private readonly file: string, memento?: vscode.Memento) {
    super();
    const onDisk = readState(file);
    this.state = onDisk ?? parseUsageState(memento?.get(StorageKeys.usage)) ?? usageFromRecords(memento?.get<unknown>(StorageKeys.legacyUsageLedger));
    if (!onDisk && memento && (memento.get(StorageKeys.usage) !== undefined || memento.get(StorageKeys.legacyUsageLedger) !== undefined)) {
      // Written to the file first; only then are the old keys removed (a failed write keeps them for next time).
      this.version++;
      void this.save().then(() => {
        if (this.stored > 0) void Promise.resolve(memento.update(StorageKeys.usage, undefined)).then(() => memento.update(StorageKeys.legacyUsageLedger, undefined)).catch(() => undefined);
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
    // A write holds every record counted before it: records that arrive together share one.
    if (this.stored >= this.version) return;
    const version = this.version;
    const json = JSON.stringify(toStored(this.state));
    const tmp = this.tempFile();
    try {
      await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
      await fs.promises.writeFile(tmp, json, 'utf8');
      await fs.promises.rename(tmp, this.file);
      this.stored = Math.max(this.stored, version);
    } catch {
      // Losing the write must never fail (or leave an unhandled rejection in) the request that
      // made it: the answer already shows its own tokens and cost. The next write, or the one on
      // dispose, stores the state again.
      await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
    }
  }

  /** For dispose: the host may exit right after, so no promises. */
  private flushSync(): void {
    if (this.stored >= this.version) return;
    const tmp = this.tempFile();
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(tmp, JSON.stringify(toStored(this.state)), 'utf8');
      fs.renameSync(tmp, this.file);
      this.stored = this.version;
    } catch {
      // Shutting down: nothing left to tell.
      fs.rmSync(tmp, { force: true });
    }
  }

  private tempFile(): string {
    return path.join(path.dirname(this.file), `.${path.basename(this.file)}.${process.pid}.${++this.seq}.tmp`);
  }
}

/** The ledger file's state, or undefined when there is none (or it is not ours). */
function readState(file: string): UsageState | undefined {
  try {
    return parseUsageState(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}
