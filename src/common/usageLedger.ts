import * as vscode from 'vscode';
import type { Usage } from '../core/api/types';
import { Disposable } from './lifecycle';

export interface UsageRecord {
  /** ms since epoch */
  at: number;
  model: string;
  /** Where the request came from: the chat view, a code command, VS Code's chat, media. */
  source: 'chat' | 'code' | 'nativeChat' | 'media';
  promptTokens: number;
  completionTokens: number;
  /** USD, from the gateway's `usage.cost` where sent, else usage × catalogue prices; undefined when unknown. */
  cost?: number;
}

const KEY = 'tokenhub.usageLedger';
const MAX = 2000;

/** Every answer's tokens and cost, whichever feature asked: one record per request, kept in global state. */
export class UsageLedger extends Disposable {
  private readonly _onDidRecord = this._register(new vscode.EventEmitter<UsageRecord>());
  readonly onDidRecord = this._onDidRecord.event;

  constructor(private readonly memento: vscode.Memento) {
    super();
  }

  get records(): readonly UsageRecord[] {
    return this.memento.get<UsageRecord[]>(KEY, []);
  }

  async record(entry: Omit<UsageRecord, 'at'> & { at?: number }, _raw?: Usage): Promise<UsageRecord> {
    const rec: UsageRecord = { ...entry, at: entry.at ?? Date.now() };
    const all = [...this.records, rec].slice(-MAX);
    try {
      await this.memento.update(KEY, all);
    } catch {
      // Losing one ledger line must never fail (or leave an unhandled rejection in) the request
      // that made it: the answer already shows its own tokens and cost.
    }
    this._onDidRecord.fire(rec);
    return rec;
  }
}
