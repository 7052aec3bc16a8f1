import type * as vscode from 'vscode';
import { StorageKeys } from '../platform/ids';

const MAX = 12;

/** The refactor instructions the user gave lately, most recent first (global state, per user). */
export class RecentInstructions {
  constructor(private readonly memento: vscode.Memento) {}

  get all(): readonly string[] {
    const value = this.memento.get<unknown>(StorageKeys.recentInstructions, []);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  }

  async remember(instruction: string): Promise<void> {
    const text = instruction.trim();
    if (!text) return;
    const rest = this.all.filter((i) => i !== text);
    await this.memento.update(StorageKeys.recentInstructions, [text, ...rest].slice(0, MAX));
  }
}
