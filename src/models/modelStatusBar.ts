import * as vscode from 'vscode';
import { endpointKind } from '../core/endpoint';
import { formatContextWindow, formatPrice, formatUnitPrice } from '../core/pricing';
import { Commands, Settings } from '../platform/ids';
import { Disposable } from '../platform/lifecycle';
import type { SettingsService } from '../platform/settings';
import type { UsageLedger } from '../platform/usageLedger';
import { onNewDay, todayLine } from '../platform/usageFormat';
import type { ModelService } from '../platform/modelService';
import { capabilitiesOf, capabilityLabel, CAPABILITY_ICONS, escape, shortName } from '../platform/modelFormat';

export const MODEL_STATUS_BAR_ID = 'tokenhub.modelStatus';

/**
 * The current chat model in the status bar: its short name (and a visible "Simulator" when the
 * base URL is local or TOKENHUB_SIMULATOR=1), a tooltip with provider, context, prices and what
 * today's requests cost so far, and a click that opens the model quick pick. Follows the model
 * service's events and the usage ledger's records; hidden by `tokenhub.statusBar.enabled`.
 */
export class ModelStatusBar extends Disposable {
  readonly item: vscode.StatusBarItem;
  private _visible = false;

  constructor(
    private readonly models: ModelService,
    private readonly settings: SettingsService,
    private readonly usage: Pick<UsageLedger, 'days' | 'onDidChange'>,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    super();
    this.item = this._register(vscode.window.createStatusBarItem(MODEL_STATUS_BAR_ID, vscode.StatusBarAlignment.Right, 100));
    this.item.name = vscode.l10n.t('TokenHub Model');
    this.item.command = Commands.selectModel;
    this._register(models.onDidChangeCurrent((p) => p === 'chat' && this.update()));
    this._register(models.onDidChangeModels(() => this.update()));
    this._register(usage.onDidChange(() => this.update()));
    this._register(onNewDay(() => this.update()));
    this._register(
      settings.onDidChange((e) => {
        if (e.affectsConfiguration(`${Settings.section}.${Settings.showStatusBar}`) || e.affectsConfiguration(`${Settings.section}.${Settings.baseUrl}`)) this.update();
      }),
    );
    this.update();
  }

  /** What the item shows (tests read it). */
  get text(): string {
    return this.item.text;
  }

  /** 'simulator' or 'local' when requests do not go to a real gateway (shown on the item). */
  get endpoint(): 'simulator' | 'local' | null {
    return endpointKind(this.settings.baseUrl, this.env);
  }

  /** Whether the item is shown (StatusBarItem has no getter for it). */
  get visible(): boolean {
    return this._visible;
  }

  /** Whether the setting lets the item show. */
  get enabled(): boolean {
    return this.settings.get<boolean>(Settings.showStatusBar, true);
  }

  update(): void {
    const id = this.models.currentId('chat');
    const model = this.models.current('chat');
    const name = shortName(model, id);
    const unknown = this.models.checkId(id, 'chat');
    const endpoint = this.endpoint;
    const icon = unknown ? '$(warning)' : '$(sparkle)';
    const badge = endpoint === 'simulator' ? ` $(beaker) ${vscode.l10n.t('Simulator')}` : endpoint === 'local' ? ` $(vm) ${vscode.l10n.t('Local endpoint')}` : '';
    this.item.text = `${icon} ${name}${badge}${this.models.offline ? ' $(cloud-offline)' : ''}`;
    this.item.backgroundColor = unknown ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;

    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escape(vscode.l10n.t('TokenHub chat model'))}**: ${escape(model?.name ?? id)}\n\n`);
    if (id) md.appendMarkdown(`\`${id}\`\n\n`);
    if (unknown) md.appendMarkdown(`$(warning) ${escape(unknown.message)}\n\n`);
    if (model) {
      md.appendMarkdown(`${escape(vscode.l10n.t('Provider'))}: ${escape(model.providerName)}  \n`);
      if (model.contextWindow) md.appendMarkdown(`${escape(vscode.l10n.t('Context window'))}: ${escape(vscode.l10n.t('{0} tokens', formatContextWindow(model.contextWindow)))}  \n`);
      if (model.inputPrice !== undefined || model.outputPrice !== undefined) {
        const i = model.inputPrice === undefined ? '?' : formatPrice(model.inputPrice);
        const o = model.outputPrice === undefined ? '?' : formatPrice(model.outputPrice);
        md.appendMarkdown(`${escape(vscode.l10n.t('Price per million tokens: {0} input, {1} output', i, o))}  \n`);
      } else if (model.unitPrice) {
        md.appendMarkdown(`${escape(vscode.l10n.t('Price'))}: ${escape(formatUnitPrice(model.unitPrice))}  \n`);
      } else {
        md.appendMarkdown(`${escape(vscode.l10n.t('Price: not listed'))}  \n`);
      }
      const caps = capabilitiesOf(model);
      if (caps.length) md.appendMarkdown(`\n${caps.map((c) => `$(${CAPABILITY_ICONS[c]}) ${escape(capabilityLabel(c))}`).join(' · ')}\n`);
    }
    if (endpoint === 'simulator') md.appendMarkdown(`\n$(beaker) ${escape(vscode.l10n.t('Connected to a local TokenHub simulator at {0}: answers are simulated.', this.settings.baseUrl))}\n`);
    else if (endpoint === 'local') md.appendMarkdown(`\n$(vm) ${escape(vscode.l10n.t('Requests go to a local or simulated endpoint, not to TokenHub.'))} (${escape(this.settings.baseUrl)})\n`);
    if (this.models.offline) md.appendMarkdown(`\n$(cloud-offline) ${escape(vscode.l10n.t('Offline: showing the built-in model list.'))}\n`);
    const today = todayLine(this.usage.days);
    if (today) md.appendMarkdown(`\n$(graph) ${escape(today)}\n`);
    md.appendMarkdown(`\n${escape(vscode.l10n.t('Click to switch the model.'))}`);
    this.item.tooltip = md;

    this.item.accessibilityInformation = {
      label:
        endpoint === 'simulator'
          ? vscode.l10n.t('TokenHub chat model: {0}, connected to the simulator. Activate to switch the model.', name)
          : endpoint === 'local'
            ? vscode.l10n.t('TokenHub chat model: {0}, using a local endpoint. Activate to switch the model.', name)
            : vscode.l10n.t('TokenHub chat model: {0}. Activate to switch the model.', name),
      role: 'button',
    };
    this._visible = this.enabled;
    if (this._visible) this.item.show();
    else this.item.hide();
  }
}
