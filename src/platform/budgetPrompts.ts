import * as vscode from 'vscode';
import type { PeriodSpend } from '../core/usage/budget';
import { formatCost } from '../core/pricing';
import type { UsageSource } from '../core/usage/usageEntry';
import { USAGE_SOURCES } from '../core/usage/usageEntry';
import { Commands, Settings } from './ids';
import { percentOf, sourceLabel, spentText } from './usageFormat';

// The budget's words: loaded on the first warning or question, not at activation (a bundle of
// its own in production, esbuild.mjs; BudgetService loads it).

export type BudgetAnswer = 'allow' | 'raise' | 'stop';

/** Opens the Settings editor on the budget settings. */
export function openBudgetSettings(): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', `${Settings.section}.budget`);
}

/**
 * What the budget says to the user: the warning at 80% (a notification), the question at 100%
 * (a modal dialog, so it is answered wherever the request came from: the chat view, a code
 * command, VS Code's chat, a generation), and the new limit after "Raise Budget…".
 */
export class BudgetPrompts {
  constructor(private readonly nameOf: (profile: string) => string = (profile) => profile) {}

  warn(spend: PeriodSpend): void {
    const spent = spentText(spend);
    const limit = formatCost(spend.limit);
    const percent = String(percentOf(spend));
    let message: string;
    if (spend.profile !== undefined) {
      const name = this.nameOf(spend.profile);
      message = spend.period === 'day'
        ? vscode.l10n.t('You have spent {0} through {1} today, {2}% of its daily budget of {3}.', spent, name, percent, limit)
        : vscode.l10n.t('You have spent {0} through {1} this month, {2}% of its monthly budget of {3}.', spent, name, percent, limit);
    } else {
      message = spend.period === 'day'
        ? vscode.l10n.t('You have spent {0} today, {1}% of your daily TokenHub budget of {2}.', spent, percent, limit)
        : vscode.l10n.t('You have spent {0} this month, {1}% of your monthly TokenHub budget of {2}.', spent, percent, limit);
    }
    if (spend.spent >= spend.limit) message = `${message} ${vscode.l10n.t('New requests will ask before they are sent.')}`;
    const settings = vscode.l10n.t('Open Budget Settings');
    const usage = vscode.l10n.t('Show Usage');
    void vscode.window.showWarningMessage(message, settings, usage).then((picked) => {
      if (picked === settings) return openBudgetSettings();
      if (picked === usage) return vscode.commands.executeCommand(Commands.showUsage);
      return undefined;
    });
  }

  async ask(spend: PeriodSpend, request: { source: string; price?: number }): Promise<BudgetAnswer> {
    const message = spend.profile !== undefined ? this.profileQuestion(spend, this.nameOf(spend.profile), request.price) : mainQuestion(spend, request.price);
    const from = (USAGE_SOURCES as readonly string[]).includes(request.source) ? sourceLabel(request.source as UsageSource) : undefined;
    const detail = from ? vscode.l10n.t('Asked by: {0}. Send this request anyway?', from) : vscode.l10n.t('Send this request anyway?');
    const allow: vscode.MessageItem = { title: vscode.l10n.t('Allow This Request') };
    const raise: vscode.MessageItem = { title: vscode.l10n.t('Raise Budget…') };
    const stop: vscode.MessageItem = { title: vscode.l10n.t('Don\'t Send'), isCloseAffordance: true };
    const picked = await vscode.window.showWarningMessage(message, { modal: true, detail }, allow, raise, stop);
    return picked === allow ? 'allow' : picked === raise ? 'raise' : 'stop';
  }

  /** The question at 100% of a profile's own budget. */
  private profileQuestion(spend: PeriodSpend, name: string, price: number | undefined): string {
    const spent = spentText(spend);
    const limit = formatCost(spend.limit);
    if (spend.spent < spend.limit && price !== undefined) {
      return spend.period === 'day'
        ? vscode.l10n.t('This request costs {0}: it would take today\'s spending through {1} ({2}) past its daily budget of {3}.', formatCost(price), name, spent, limit)
        : vscode.l10n.t('This request costs {0}: it would take this month\'s spending through {1} ({2}) past its monthly budget of {3}.', formatCost(price), name, spent, limit);
    }
    return spend.period === 'day'
      ? vscode.l10n.t('The daily budget of {0} is reached: {1} of {2} spent through it today.', name, spent, limit)
      : vscode.l10n.t('The monthly budget of {0} is reached: {1} of {2} spent through it this month.', name, spent, limit);
  }

  private limitTitle(spend: PeriodSpend): string {
    if (spend.profile === undefined) return spend.period === 'day' ? vscode.l10n.t('Daily budget (US dollars)') : vscode.l10n.t('Monthly budget (US dollars)');
    const name = this.nameOf(spend.profile);
    return spend.period === 'day' ? vscode.l10n.t('Daily budget of {0} (US dollars)', name) : vscode.l10n.t('Monthly budget of {0} (US dollars)', name);
  }

  /** The new limit in USD, above what is spent (with `price`, the request's own); undefined when dismissed. */
  async newLimit(spend: PeriodSpend, price = 0): Promise<number | undefined> {
    const floor = spend.spent + price;
    const suggested = Math.ceil(Math.max(spend.limit * 2, floor + spend.limit) * 100) / 100;
    const typed = await vscode.window.showInputBox({
      title: this.limitTitle(spend),
      prompt: spend.period === 'day' ? vscode.l10n.t('Spent today: {0}. The new daily budget:', spentText(spend)) : vscode.l10n.t('Spent this month: {0}. The new monthly budget:', spentText(spend)),
      value: String(suggested),
      ignoreFocusOut: true,
      validateInput: (v) => {
        const n = parseAmount(v);
        return n !== undefined && n > floor ? undefined : vscode.l10n.t('Write an amount in US dollars above {0}, for example {1}.', formatCost(floor), String(suggested));
      },
    });
    return typed === undefined ? undefined : parseAmount(typed);
  }
}

/** The question at 100% of the main budget (every profile together). */
function mainQuestion(spend: PeriodSpend, price: number | undefined): string {
  const spent = spentText(spend);
  const limit = formatCost(spend.limit);
  if (spend.spent < spend.limit && price !== undefined) {
    return spend.period === 'day'
      ? vscode.l10n.t('This request costs {0}: it would take today\'s spending ({1}) past your daily TokenHub budget of {2}.', formatCost(price), spent, limit)
      : vscode.l10n.t('This request costs {0}: it would take this month\'s spending ({1}) past your monthly TokenHub budget of {2}.', formatCost(price), spent, limit);
  }
  return spend.period === 'day'
    ? vscode.l10n.t('Your daily TokenHub budget is reached: {0} of {1} spent today.', spent, limit)
    : vscode.l10n.t('Your monthly TokenHub budget is reached: {0} of {1} spent this month.', spent, limit);
}

/** `5`, `5.50`, `$5.50` → 5.5; undefined for anything else. */
export function parseAmount(v: string): number | undefined {
  const m = /^\s*\$?\s*(\d+(?:[.,]\d+)?)\s*$/.exec(v);
  if (!m) return undefined;
  const n = Number(m[1]!.replace(',', '.'));
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
