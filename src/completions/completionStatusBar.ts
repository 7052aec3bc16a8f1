import * as vscode from 'vscode';
import type { Blocked } from '../core/completions/eligibility';
import { formatCost } from '../core/pricing';
import { languageName } from '../core/prompts/languages';
import type { UsageTotals } from '../core/usage/usageTotals';
import { Commands } from '../platform/ids';
import { Disposable } from '../platform/lifecycle';
import { escape } from '../platform/modelFormat';
import { costText, formatCount } from '../platform/usageFormat';

export const COMPLETION_STATUS_BAR_ID = 'tokenhub.completionStatus';

/** What the item shows; the feature computes it. */
export interface CompletionStatus {
  enabled: boolean;
  /** Why the active editor gets no completions (undefined: it does, or there is no editor). */
  blocked?: Blocked;
  /** The active editor's language (for "off for TypeScript"). */
  languageId?: string;
  requesting: boolean;
  /** The last request failed: what to tell the user. */
  problem?: string;
  model?: { id: string; name: string; automatic: boolean; perThousand?: number };
  today: UsageTotals;
  dailyLimit?: number;
  /** Whether the setting lets TokenHub's items show. */
  visible: boolean;
}

function blockedText(b: Blocked, languageId: string | undefined): string {
  switch (b) {
    case 'off':
      return vscode.l10n.t('Inline completions are off.');
    case 'inlineSuggestOff':
      return vscode.l10n.t('VS Code\'s inline suggestions are turned off (setting "editor.inlineSuggest.enabled").');
    case 'language':
      return vscode.l10n.t('Inline completions are off for {0}.', languageId ? languageName(languageId) : '');
    case 'sensitive':
      return vscode.l10n.t('No inline completions in this file: it may hold secrets or make the editor run code.');
    case 'untrusted':
      return vscode.l10n.t('No inline completions in Restricted Mode: trust this workspace, or allow them in untrusted workspaces in the settings.');
    case 'scheme':
      return vscode.l10n.t('No inline completions in this kind of editor.');
    case 'noKey':
      return vscode.l10n.t('Set your API key to get inline completions.');
    case 'limit':
      return vscode.l10n.t('Today\'s inline completions have reached the daily limit: none until tomorrow, or raise the limit in the settings.');
  }
}

/**
 * The inline-completion item in the status bar: on or off at a glance (click to switch), a spinner
 * while a request is on its way, a warning once the daily limit stops requests, and a tooltip
 * with the model, what a thousand completions cost with it, and today's completion spend and
 * count, with links to the model picker and the language switch.
 */
export class CompletionStatusBar extends Disposable {
  readonly item: vscode.StatusBarItem;
  private _status: CompletionStatus | undefined;

  constructor() {
    super();
    this.item = this._register(vscode.window.createStatusBarItem(COMPLETION_STATUS_BAR_ID, vscode.StatusBarAlignment.Right, 99));
    this.item.name = vscode.l10n.t('TokenHub Inline Completions');
    this.item.command = Commands.toggleCompletions;
  }

  /** What it shows now (tests read it). */
  get status(): CompletionStatus | undefined {
    return this._status;
  }

  get text(): string {
    return this.item.text;
  }

  get tooltipText(): string {
    const t = this.item.tooltip;
    return typeof t === 'string' ? t : (t?.value ?? '');
  }

  update(s: CompletionStatus): void {
    this._status = s;
    const limited = s.enabled && s.blocked === 'limit';
    const icon = !s.enabled ? '$(circle-slash)' : s.requesting ? '$(loading~spin)' : limited || s.problem ? '$(warning)' : s.blocked ? '$(circle-slash)' : '$(lightbulb-sparkle)';
    const label = !s.enabled ? vscode.l10n.t('Completions off') : limited ? vscode.l10n.t('Completions: limit reached') : vscode.l10n.t('Completions');
    this.item.text = `${icon} ${label}`;
    this.item.backgroundColor = limited ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;

    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: [Commands.toggleCompletions, Commands.selectCompletionModel, Commands.toggleCompletionsForLanguage, 'workbench.action.openSettings'] };
    md.appendMarkdown(`**${escape(vscode.l10n.t('TokenHub inline completions'))}**: ${escape(s.enabled ? vscode.l10n.t('on') : vscode.l10n.t('off'))}\n\n`);
    if (s.model) {
      const how = s.model.automatic ? vscode.l10n.t('{0} (chosen automatically: fast and cheap)', s.model.name) : s.model.name;
      md.appendMarkdown(`${escape(vscode.l10n.t('Model: {0}', how))} \`${s.model.id.replace(/`/g, '')}\`  \n`);
      md.appendMarkdown(
        `${escape(s.model.perThousand === undefined ? vscode.l10n.t('Price not listed: the cost per completion is unknown.') : vscode.l10n.t('About {0} per 1,000 completions', formatCost(s.model.perThousand)))}  \n`,
      );
    } else {
      md.appendMarkdown(`${escape(vscode.l10n.t('No fast, cheap model is listed: choose a model for completions.'))}  \n`);
    }
    const count = s.today.requests === 1 ? vscode.l10n.t('1 completion request') : vscode.l10n.t('{0} completion requests', formatCount(s.today.requests));
    const spent = s.today.requests > 0 ? costText(s.today) : formatCost(0);
    md.appendMarkdown(`$(graph) ${escape(vscode.l10n.t('Today: {0} · {1}', spent, count))}  \n`);
    md.appendMarkdown(`${escape(s.dailyLimit === undefined ? vscode.l10n.t('No daily limit') : vscode.l10n.t('Daily limit: {0}', formatCost(s.dailyLimit)))}\n\n`);
    if (s.enabled && s.blocked) md.appendMarkdown(`$(info) ${escape(blockedText(s.blocked, s.languageId))}\n\n`);
    if (s.problem) md.appendMarkdown(`$(warning) ${escape(s.problem)}\n\n`);
    const links = [`[${escape(s.enabled ? vscode.l10n.t('Turn Off') : vscode.l10n.t('Turn On'))}](command:${Commands.toggleCompletions})`];
    links.push(`[${escape(vscode.l10n.t('Choose Model'))}](command:${Commands.selectCompletionModel})`);
    if (s.languageId) {
      const langOff = s.blocked === 'language';
      const language = languageName(s.languageId);
      links.push(`[${escape(langOff ? vscode.l10n.t('Turn On for {0}', language) : vscode.l10n.t('Turn Off for {0}', language))}](command:${Commands.toggleCompletionsForLanguage})`);
    }
    links.push(`[${escape(vscode.l10n.t('Settings'))}](command:workbench.action.openSettings?${encodeURIComponent(JSON.stringify('tokenhub.completions'))})`);
    md.appendMarkdown(links.join(' · '));
    this.item.tooltip = md;
    this.item.accessibilityInformation = {
      label: s.enabled
        ? vscode.l10n.t('TokenHub inline completions are on. {0} today. Activate to turn them off.', spent)
        : vscode.l10n.t('TokenHub inline completions are off. Activate to turn them on.'),
      role: 'button',
    };
    if (s.visible) this.item.show();
    else this.item.hide();
  }
}
