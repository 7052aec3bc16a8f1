import * as vscode from 'vscode';
import type { PeriodSpend } from '../core/usage/budget';
import { budgetLevel, mostPressing, shownSpend } from '../core/usage/budget';
import { formatCost } from '../core/pricing';
import type { BudgetService } from '../platform/budgetService';
import { Commands, Settings } from '../platform/ids';
import { Disposable } from '../platform/lifecycle';
import { escapeIcons } from '../core/iconText';
import { escape } from '../platform/modelFormat';
import type { SettingsService } from '../platform/settings';
import { onNewDay, percentOf, spentText } from '../platform/usageFormat';

export const BUDGET_STATUS_BAR_ID = 'tokenhub.budgetStatus';

/**
 * Today's spend against the budget in the status bar (`$(graph) $0.42 / $2.00`; the month's when
 * only a monthly budget is set; with only profiles' own budgets, the one nearest its limit,
 * named), shown only while a budget is set; the tooltip lists them all: warning colours from 80%,
 * error colours at 100%, and a note when inline completions stopped at the budget. A click
 * opens the Usage view. Hidden with the other status bar item by `tokenhub.statusBar.enabled`.
 */
export class BudgetStatusBar extends Disposable {
  readonly item: vscode.StatusBarItem;
  private _visible = false;

  constructor(
    private readonly budget: Pick<BudgetService, 'statusAll' | 'pausedSources' | 'onDidChange' | 'nameOf'>,
    private readonly settings: Pick<SettingsService, 'get' | 'onDidChange'>,
  ) {
    super();
    this.item = this._register(vscode.window.createStatusBarItem(BUDGET_STATUS_BAR_ID, vscode.StatusBarAlignment.Right, 99));
    this.item.name = vscode.l10n.t('TokenHub Budget');
    this.item.command = Commands.showUsage;
    this._register(budget.onDidChange(() => this.update()));
    this._register(settings.onDidChange((e) => e.affectsConfiguration(`${Settings.section}.${Settings.showStatusBar}`) && this.update()));
    this._register(onNewDay(() => this.update()));
    this.update();
  }

  /** Whether the item is shown (StatusBarItem has no getter for it). */
  get visible(): boolean {
    return this._visible;
  }

  update(): void {
    const spends = this.budget.statusAll();
    const shown = shownSpend(spends);
    this._visible = !!shown && this.settings.get<boolean>(Settings.showStatusBar, true);
    if (!shown || !this._visible) {
      this.item.hide();
      return;
    }
    const paused = this.budget.pausedSources.length > 0;
    const level = mostPressing(spends)?.level ?? 'ok';
    const owner = shown.profile !== undefined ? `${escapeIcons(this.budget.nameOf(shown.profile))}: ` : '';
    this.item.text = `$(graph) ${owner}${spentText(shown)} / ${formatCost(shown.limit)}${paused ? ' $(circle-slash)' : ''}`;
    this.item.backgroundColor = level === 'over' ? new vscode.ThemeColor('statusBarItem.errorBackground') : level === 'warn' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;

    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escape(vscode.l10n.t('TokenHub budget'))}**\n\n`);
    md.appendMarkdown(spends.map((s) => escape(this.line(s))).join('  \n'));
    if (spends.some((s) => s.estimated)) md.appendMarkdown(`\n\n_${escape(vscode.l10n.t('≈: part of it is estimated (answers stopped before the gateway sent their usage).'))}_`);
    if (spends.some((s) => s.unpriced)) md.appendMarkdown(`\n\n_${escape(vscode.l10n.t('Some requests had no known price: the spend shown is a lower bound.'))}_`);
    if (level === 'over') md.appendMarkdown(`\n\n$(warning) ${escape(vscode.l10n.t('The budget is reached: new requests ask before they are sent.'))}`);
    if (paused) md.appendMarkdown(`\n\n$(circle-slash) ${escape(vscode.l10n.t('Inline completions are paused until the budget allows them again.'))}`);
    md.appendMarkdown(`\n\n${escape(vscode.l10n.t('Click to show the usage.'))}`);
    this.item.tooltip = md;
    this.item.accessibilityInformation = { label: vscode.l10n.t('TokenHub budget: {0}', spends.map((s) => this.line(s)).join('; ')), role: 'button' };
    this.item.show();
  }

  private line(s: PeriodSpend): string {
    const text = s.period === 'day'
      ? vscode.l10n.t('Today: {0} of {1} ({2}%)', spentText(s), formatCost(s.limit), String(percentOf(s)))
      : vscode.l10n.t('This month: {0} of {1} ({2}%)', spentText(s), formatCost(s.limit), String(percentOf(s)));
    const named = s.profile !== undefined ? vscode.l10n.t('{0} — {1}', this.budget.nameOf(s.profile), text) : text;
    return budgetLevel(s) === 'over' ? `${named} ⚠` : named;
  }
}
