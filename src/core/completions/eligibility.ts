import { isSensitiveFile } from '../safety/sensitiveFiles';
import type { DayTotals, UsageTotals } from '../usage/usageTotals';
import { todayTotals } from '../usage/usagePeriods';

// Whether a completion may be asked for here and now. Every reason not to is named, so the status
// bar can say which one applies. Inline completions spend money at every pause, send the code
// around the cursor to the gateway, and are off until the user turns them on.

export type Blocked =
  /** The user has not turned completions on. */
  | 'off'
  /** VS Code's own `editor.inlineSuggest.enabled` is off. */
  | 'inlineSuggestOff'
  /** Turned off for this language. */
  | 'language'
  /** A file that holds secrets or makes the editor run code (`.env`, keys, `.vscode/*`…). */
  | 'sensitive'
  /** An untrusted workspace, and the user has not allowed completions there. */
  | 'untrusted'
  /** Not a file the user edits (output, settings UI, a diff's left side…). */
  | 'scheme'
  /** No API key. */
  | 'noKey'
  /** Today's completions have cost the daily limit. */
  | 'limit';

export interface EligibilityInput {
  enabled: boolean;
  inlineSuggestEnabled: boolean;
  languageId: string;
  /** `tokenhub.completions.languages`: `{ "*": true, "markdown": false }`. */
  languages: Readonly<Record<string, unknown>>;
  /** The document's path (file system path or URI path). */
  path: string;
  scheme: string;
  trusted: boolean;
  allowUntrusted: boolean;
  hasKey: boolean;
  /** Today's completion spend, and the limit (USD; undefined: none). */
  spentToday: number;
  dailyLimit: number | undefined;
}

/** Schemes of documents a person edits as code. */
export const COMPLETION_SCHEMES: readonly string[] = ['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-notebook-cell'];

/** On for a language when its own switch says so, else when `*` says so (default on). */
export function languageEnabled(languages: Readonly<Record<string, unknown>>, languageId: string): boolean {
  const own = languages[languageId];
  if (typeof own === 'boolean') return own;
  const all = languages['*'];
  return typeof all === 'boolean' ? all : true;
}

/** The first reason a completion may not be asked for, or undefined when it may. */
export function whyNot(input: EligibilityInput): Blocked | undefined {
  if (!input.enabled) return 'off';
  if (!COMPLETION_SCHEMES.includes(input.scheme)) return 'scheme';
  if (!input.inlineSuggestEnabled) return 'inlineSuggestOff';
  if (!languageEnabled(input.languages, input.languageId)) return 'language';
  if (isSensitiveFile(input.path)) return 'sensitive';
  if (!input.trusted && !input.allowUntrusted) return 'untrusted';
  if (!input.hasKey) return 'noKey';
  if (limitReached(input.spentToday, input.dailyLimit)) return 'limit';
  return undefined;
}

/** Whether spending has reached the limit (no limit: never). */
export function limitReached(spent: number, limit: number | undefined): boolean {
  return limit !== undefined && spent >= limit;
}

/** A limit as the setting holds it: a number ≥ 0, else none. */
export function parseLimit(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Today's completion requests from the ledger's day rows. */
export function completionsToday(days: readonly DayTotals[], now: number): UsageTotals {
  return todayTotals(
    days.filter((d) => d.source === 'completion'),
    now,
  );
}
