import * as vscode from 'vscode';
import { endpointKind } from '../core/endpoint';
import { formatContextWindow, formatPrice, formatUnitPrice } from '../core/pricing';
import { Commands, Settings } from '../platform/ids';
import { Disposable } from '../platform/lifecycle';
import type { SettingsService } from '../platform/settings';
import type { UsageLedger } from '../platform/usageLedger';
import { onNewDay, todayLine } from '../platform/usageFormat';
import type { ModelService } from '../platform/modelService';
import type { ProfileService } from '../platform/profiles';
import { DEFAULT_PROFILE_ID } from '../core/profiles/modelRef';
import type { Profile } from '../core/profiles/profiles';
import { escapeIcons } from '../core/iconText';
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
    private readonly profiles: ProfileService,
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
    this._register(profiles.onDidChange(() => this.update()));
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

  /** The current chat model's profile (undefined when it names one that does not exist). */
  get profile(): Profile | undefined {
    return this.profiles.get(this.models.currentRef('chat').profile);
  }

  /** 'simulator' or 'local' when the chat model's requests do not go to a real gateway (shown on the item). */
  get endpoint(): 'simulator' | 'local' | null {
    const p = this.profile;
    if (!p) return null;
    // TOKENHUB_SIMULATOR describes `tokenhub.baseUrl` (npm start); another profile is what its URL says.
    return endpointKind(p.baseUrl, p.id === DEFAULT_PROFILE_ID ? this.env : {});
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
    const ref = this.models.currentRef('chat');
    const id = ref.model;
    const model = this.models.current('chat');
    const name = shortName(model, id);
    const unknown = id ? this.models.checkRef(ref, 'chat') : undefined;
    const endpoint = this.endpoint;
    const profile = this.profile;
    const offline = this.models.isOffline(ref.profile);
    // With several profiles the item says whose model it is; a model of a missing profile always does.
    const profileName = this.profiles.several || !profile ? this.profiles.nameOf(ref.profile) : undefined;
    const icon = unknown ? '$(warning)' : '$(sparkle)';
    const badge = endpoint === 'simulator' ? ` $(beaker) ${vscode.l10n.t('Simulator')}` : endpoint === 'local' ? ` $(vm) ${vscode.l10n.t('Local endpoint')}` : '';
    this.item.text = `${icon} ${escapeIcons(name)}${profileName ? ` · ${escapeIcons(profileName)}` : ''}${badge}${offline ? ' $(cloud-offline)' : ''}`;
    this.item.backgroundColor = unknown ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;

    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escape(vscode.l10n.t('TokenHub chat model'))}**: ${escape(model?.name ?? id)}\n\n`);
    if (id) md.appendMarkdown(`\`${id}\`\n\n`);
    if (profileName) md.appendMarkdown(`${escape(vscode.l10n.t('Gateway profile'))}: ${escape(profileName)}${profile ? ` (${escape(profile.baseUrl)})` : ''}  \n`);
    if (unknown) md.appendMarkdown(`$(warning) ${escape(unknown.message)}\n\n`);
    if (model) {
      md.appendMarkdown(`${escape(vscode.l10n.t('Provider'))}: ${escape(model.providerName)}  \n`);
      if (model.contextWindow) md.appendMarkdown(`${escape(vscode.l10n.t('Context window'))}: ${escape(vscode.l10n.t('{0} tokens', formatContextWindow(model.contextWindow)))}  \n`);
      if (profile?.free) {
        md.appendMarkdown(`${escape(vscode.l10n.t('Price'))}: ${escape(vscode.l10n.t('free'))}  \n`);
      } else if (model.inputPrice !== undefined || model.outputPrice !== undefined) {
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
    const url = profile?.baseUrl ?? '';
    if (endpoint === 'simulator') md.appendMarkdown(`\n$(beaker) ${escape(vscode.l10n.t('Connected to a local TokenHub simulator at {0}: answers are simulated.', url))}\n`);
    else if (endpoint === 'local') md.appendMarkdown(`\n$(vm) ${escape(vscode.l10n.t('Requests go to a local or simulated endpoint, not to TokenHub.'))} (${escape(url)})\n`);
    if (offline) {
      const state = this.models.stateOf(ref.profile);
      md.appendMarkdown(
        `\n$(cloud-offline) ${escape(state?.origin === 'builtin' ? vscode.l10n.t('Offline: showing the built-in model list.') : vscode.l10n.t('Offline: showing the model list from the last time the gateway answered.'))}\n`,
      );
    }
    const today = todayLine(this.usage.days);
    if (today) md.appendMarkdown(`\n$(graph) ${escape(today)}\n`);
    md.appendMarkdown(`\n${escape(vscode.l10n.t('Click to switch the model.'))}`);
    this.item.tooltip = md;

    const spokenName = profileName ? vscode.l10n.t('{0} on {1}', name, profileName) : name;
    this.item.accessibilityInformation = {
      label:
        endpoint === 'simulator'
          ? vscode.l10n.t('TokenHub chat model: {0}, connected to the simulator. Activate to switch the model.', spokenName)
          : endpoint === 'local'
            ? vscode.l10n.t('TokenHub chat model: {0}, using a local endpoint. Activate to switch the model.', spokenName)
            : vscode.l10n.t('TokenHub chat model: {0}. Activate to switch the model.', spokenName),
      role: 'button',
    };
    this._visible = this.enabled;
    if (this._visible) this.item.show();
    else this.item.hide();
  }
}
