import * as vscode from 'vscode';
import { formatCost } from '../core/pricing';
import type { PeriodSpend } from '../core/usage/budget';
import type { UsageSource } from '../core/usage/usageEntry';
import type { UsagePeriodId } from '../core/usage/usagePeriods';
import { msUntilNextDay, todayTotals } from '../core/usage/usagePeriods';
import type { DayTotals, UsageTotals } from '../core/usage/usageTotals';
import { toDisposable } from './lifecycle';
import { escape } from './modelFormat';

// How usage reads in the Usage view and the status bar's tooltip: one place, so both agree.

/** A count with the display language's digit grouping (`12,345`). */
export function formatCount(n: number): string {
  try {
    return n.toLocaleString(vscode.env.language);
  } catch {
    return String(n);
  }
}

export function requestsText(n: number): string {
  return n === 1 ? vscode.l10n.t('1 request') : vscode.l10n.t('{0} requests', formatCount(n));
}

/**
 * `$0.42`; `≈ $0.42` when some requests' usage is our estimate (the gateway sent none); `at least
 * $0.42` when some requests had no known price; `cost unknown` when none had one (never `$0.00`).
 */
export function costText(t: UsageTotals): string {
  if (t.requests > 0 && t.unpriced >= t.requests) return vscode.l10n.t('cost unknown');
  const cost = `${t.estimated > 0 ? '≈ ' : ''}${formatCost(t.cost)}`;
  if (t.unpriced > 0) return vscode.l10n.t('at least {0}', cost);
  return cost;
}

/** `$0.42 · 37 requests` (what a row's description shows). */
export function usageSummary(t: UsageTotals): string {
  if (t.requests <= 0) return vscode.l10n.t('no requests');
  return `${costText(t)} · ${requestsText(t.requests)}`;
}

/** The same for screen readers, without the middle dot. */
export function usageSpoken(t: UsageTotals): string {
  if (t.requests <= 0) return vscode.l10n.t('no requests');
  return `${costText(t)}, ${requestsText(t.requests)}`;
}

export function periodLabel(id: UsagePeriodId): string {
  switch (id) {
    case 'today':
      return vscode.l10n.t('Today');
    case 'yesterday':
      return vscode.l10n.t('Yesterday');
    case 'last7Days':
      return vscode.l10n.t('Last 7 days');
    case 'thisMonth':
      return vscode.l10n.t('This month');
    case 'lastMonth':
      return vscode.l10n.t('Last month');
    case 'allTime':
      return vscode.l10n.t('All time');
  }
}

export function sourceLabel(source: UsageSource): string {
  switch (source) {
    case 'chat':
      return vscode.l10n.t('Chat view');
    case 'agent':
      return vscode.l10n.t('Agent tasks');
    case 'code':
      return vscode.l10n.t('Code commands');
    case 'nativeChat':
      return vscode.l10n.t('VS Code chat');
    case 'media':
      return vscode.l10n.t('Images and videos');
    case 'completion':
      return vscode.l10n.t('Inline completions');
  }
}

function localDate(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d, 12);
}

/** `May 1 – 7, 2025` in the display language (or `2025-05-01 – 2025-05-07` where Intl cannot). */
export function dayRange(from: string, to: string): string {
  try {
    const f = new Intl.DateTimeFormat(vscode.env.language, { dateStyle: 'medium' });
    return from === to ? f.format(localDate(from)) : f.formatRange(localDate(from), localDate(to));
  } catch {
    return from === to ? from : `${from} – ${to}`;
  }
}

/**
 * The tooltip of a row: title, the days it covers, cost (and why it is a lower bound), requests,
 * prompt and completion tokens, then any `notes`.
 */
export function usageTooltip(title: string, t: UsageTotals, options: { dates?: string; detail?: string; notes?: string[] } = {}): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escape(title)}**${options.dates ? ` · ${escape(options.dates)}` : ''}\n\n`);
  if (options.detail) md.appendMarkdown(`\`${options.detail.replace(/`/g, '')}\`\n\n`);
  const rows: string[] = [];
  rows.push(vscode.l10n.t('Cost: {0}', t.requests > 0 ? costText(t) : formatCost(0)));
  rows.push(vscode.l10n.t('Requests: {0}', formatCount(t.requests)));
  rows.push(vscode.l10n.t('Prompt tokens: {0}', formatCount(t.promptTokens)));
  rows.push(vscode.l10n.t('Completion tokens: {0}', formatCount(t.completionTokens)));
  md.appendMarkdown(rows.map(escape).join('  \n'));
  const notes: string[] = [];
  if (t.unpriced > 0 && t.unpriced < t.requests) {
    notes.push(vscode.l10n.t('{0} of these requests had no known price (the gateway sent no cost and the model has no listed price), so the cost shown is a lower bound.', formatCount(t.unpriced)));
  } else if (t.unpriced > 0) {
    notes.push(vscode.l10n.t('No price is known for these requests (the gateway sent no cost and the model has no listed price).'));
  }
  if (t.estimated > 0) {
    notes.push(
      t.estimated === 1
        ? vscode.l10n.t('1 request ended before the gateway sent its usage (stopped or cut off): its tokens and cost are estimated (≈) from the text sent and received.')
        : vscode.l10n.t('{0} requests ended before the gateway sent their usage (stopped or cut off): their tokens and cost are estimated (≈) from the text sent and received.', formatCount(t.estimated)),
    );
  }
  notes.push(...(options.notes ?? []));
  for (const note of notes) md.appendMarkdown(`\n\n_${escape(note)}_`);
  return md;
}

/** `Today: $0.42 · 37 requests` for the status bar's tooltip; undefined when nothing was asked today. */
export function todayLine(days: readonly DayTotals[], now = Date.now()): string | undefined {
  const t = todayTotals(days, now);
  return t.requests > 0 ? vscode.l10n.t('Today: {0}', usageSummary(t)) : undefined;
}

/**
 * Calls `fn` just after each local midnight, while VS Code stays open: "today" then means another
 * day even though nothing new was recorded.
 */
export function onNewDay(fn: () => void): vscode.Disposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    // A second past midnight, so the date read then is surely the new one.
    timer = setTimeout(() => {
      arm();
      fn();
    }, msUntilNextDay(Date.now()) + 1000);
  };
  arm();
  return toDisposable(() => clearTimeout(timer));
}

/** `≈ $1.23` when part of a budget's spend is our estimate. */
export function spentText(spend: PeriodSpend): string {
  return `${spend.estimated ? '≈ ' : ''}${formatCost(spend.spent)}`;
}

/** How far through its budget a period is, in whole percent (`85`). */
export function percentOf(spend: PeriodSpend): number {
  return Math.floor((spend.spent / spend.limit) * 100);
}
