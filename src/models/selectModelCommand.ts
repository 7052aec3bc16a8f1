import * as vscode from 'vscode';
import { groupByProvider } from '../core/catalogue/modelGroups';
import type { ModelInfo } from '../core/catalogue/types';
import { Disposable } from '../platform/lifecycle';
import { KIND_OF, UnknownModelError } from '../platform/modelService';
import type { ModelPurpose, ModelService } from '../platform/modelService';
import type { ProfileService } from '../platform/profiles';
import { formatModelRef, parseModelRef } from '../core/profiles/modelRef';
import type { ModelRef } from '../core/profiles/modelRef';
import { capabilityIcons, modelSummary } from '../platform/modelFormat';
import { escapeIcons } from '../core/iconText';

export interface ModelPickItem extends vscode.QuickPickItem {
  /** The model's id on its gateway. Undefined on separators. */
  modelId?: string;
  /** The model with its profile, in the string form of src/core/profiles/modelRef.ts. */
  ref?: string;
}

/**
 * Optional argument of `tokenhub.selectModel` / `tokenhub.selectCodeModel`: a model skips the
 * quick pick. A string (`openai/gpt-4.1`: the default profile's; `tokenhot|gpt-5`: Tokenhot's) or
 * `{ profile, model }`.
 */
export type SelectModelArg = string | { id?: string; modelId?: string; model?: string; profile?: string } | undefined;

/**
 * `tokenhub.selectModel` (chat) and `tokenhub.selectCodeModel` (code commands): a quick pick of
 * the models for that purpose, favorites and recently used first, then one section per provider,
 * prices in the detail line, type-to-filter on name, id and provider. With an id argument
 * (`executeCommand('tokenhub.selectModel', 'openai/gpt-4.1')`) the model is set without UI.
 * The open quick pick is exposed (`active`, `onDidShow`) so tests can drive it. ModelsFeature
 * registers both commands and loads this on the first (./modelPickerCode.ts).
 */
export class SelectModelCommand extends Disposable {
  private readonly _onDidShow = this._register(new vscode.EventEmitter<vscode.QuickPick<ModelPickItem>>());
  readonly onDidShow = this._onDidShow.event;
  private _active: vscode.QuickPick<ModelPickItem> | undefined;

  private readonly favoriteButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('star-empty'), tooltip: vscode.l10n.t('Add to favorites') };
  private readonly unfavoriteButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('star-full'), tooltip: vscode.l10n.t('Remove from favorites') };

  constructor(private readonly models: ModelService, private readonly profiles: ProfileService) {
    super();
  }

  /** The quick pick while it is open. */
  get active(): vscode.QuickPick<ModelPickItem> | undefined {
    return this._active;
  }

  /** Sets the model of `purpose` from the argument or the quick pick; the id set, or undefined when cancelled or refused. */
  async run(purpose: ModelPurpose, arg?: SelectModelArg): Promise<string | undefined> {
    const given = parseModelRef(arg);
    const ref = given ? formatModelRef(given) : await this.pick(purpose);
    if (!ref) return undefined;
    try {
      await this.models.setCurrent(purpose, ref);
    } catch (e) {
      if (e instanceof UnknownModelError) {
        void this.offerSuggestions(purpose, e);
        return undefined;
      }
      throw e;
    }
    return this.models.currentId(purpose);
  }

  private async offerSuggestions(purpose: ModelPurpose, e: UnknownModelError): Promise<void> {
    const choice = await vscode.window.showWarningMessage(e.message, ...e.suggestions);
    if (choice) await this.models.setCurrent(purpose, choice);
  }

  /** The quick pick's items for a purpose (favorites, recent, then each profile's providers, with separators). */
  buildItems(purpose: ModelPurpose): ModelPickItem[] {
    const kind = KIND_OF[purpose];
    const several = this.profiles.several;
    const current = this.models.current(purpose);
    const currentRef = current ? formatModelRef(this.models.refOf(current)) : formatModelRef(this.models.currentRef(purpose));
    const shown = new Set<string>();
    const items: ModelPickItem[] = [];
    const section = (label: string, models: readonly ModelInfo[]) => {
      const fresh = models.filter((m) => !shown.has(this.refString(m)));
      if (!fresh.length) return;
      items.push({ kind: vscode.QuickPickItemKind.Separator, label });
      for (const m of fresh) {
        const ref = this.refString(m);
        shown.add(ref);
        items.push(this.toItem(m, ref === currentRef, several));
      }
    };
    const resolve = (refs: readonly ModelRef[]) => refs.map((r) => this.models.find(r)).filter((m): m is ModelInfo => !!m && m.kind === kind);
    section(vscode.l10n.t('Favorites'), resolve(this.models.favorites));
    section(vscode.l10n.t('Recently used'), resolve(this.models.recent).slice(0, 5));
    for (const profile of this.profiles.all) {
      for (const g of groupByProvider(this.models.modelsOfKind(kind, profile.id))) {
        section(several ? vscode.l10n.t('{0} › {1}', profile.name, g.providerName) : g.providerName, g.models);
      }
    }
    return items;
  }

  private refString(m: ModelInfo): string {
    return formatModelRef(this.models.refOf(m));
  }

  private toItem(m: ModelInfo, current: boolean, several: boolean): ModelPickItem {
    const ref = this.models.refOf(m);
    const favorite = this.models.isFavorite(ref);
    const icons = capabilityIcons(m);
    const summary = this.profiles.get(ref.profile)?.free ? vscode.l10n.t('free') : modelSummary(m);
    const where = several ? this.profiles.nameOf(ref.profile) : undefined;
    return {
      // Names and ids come from the gateway: `$(…)` in them is text, not an icon.
      label: escapeIcons(m.name),
      description: escapeIcons(current ? vscode.l10n.t('{0} (current)', m.id) : m.id),
      detail: [where && escapeIcons(where), escapeIcons(m.providerName), summary, icons].filter(Boolean).join(' · '),
      iconPath: new vscode.ThemeIcon(current ? 'check' : favorite ? 'star-full' : 'blank'),
      buttons: [favorite ? this.unfavoriteButton : this.favoriteButton],
      modelId: m.id,
      ref: formatModelRef(ref),
    };
  }

  private title(purpose: ModelPurpose): string {
    const base =
      purpose === 'code'
        ? vscode.l10n.t('TokenHub: Model for Code Commands')
        : purpose === 'image'
          ? vscode.l10n.t('TokenHub: Image Model')
          : purpose === 'video'
            ? vscode.l10n.t('TokenHub: Video Model')
            : vscode.l10n.t('TokenHub: Chat Model');
    return !this.profiles.several && this.models.offline ? vscode.l10n.t('{0} (offline: built-in list)', base) : base;
  }

  /** Shows the quick pick; resolves to the chosen model as a reference string, or undefined when dismissed. */
  pick(purpose: ModelPurpose): Promise<string | undefined> {
    this._active?.dispose();
    const qp = vscode.window.createQuickPick<ModelPickItem>();
    this._active = qp;
    qp.title = this.title(purpose);
    qp.placeholder = this.profiles.several ? vscode.l10n.t('Type to filter by name, id, provider or gateway profile') : vscode.l10n.t('Type to filter by name, id or provider');
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    const render = () => {
      const active = qp.activeItems[0]?.ref;
      qp.items = this.buildItems(purpose);
      const current = this.models.current(purpose);
      const wanted = active ?? (current ? this.refString(current) : undefined);
      const cur = qp.items.find((i) => i.ref && i.ref === wanted);
      if (cur) qp.activeItems = [cur];
      qp.title = this.title(purpose);
    };
    render();
    qp.buttons = [{ iconPath: new vscode.ThemeIcon('refresh'), tooltip: vscode.l10n.t('Refresh the model list') }];
    return new Promise<string | undefined>((resolve) => {
      const subs: vscode.Disposable[] = [];
      let result: string | undefined;
      subs.push(
        qp.onDidAccept(() => {
          result = qp.selectedItems[0]?.ref ?? qp.activeItems[0]?.ref;
          if (result) qp.hide();
        }),
        qp.onDidTriggerItemButton(async (e) => {
          const ref = e.item.ref;
          if (!ref) return;
          if (this.models.isFavorite(ref)) await this.models.removeFavorite(ref);
          else await this.models.addFavorite(ref);
          render();
        }),
        qp.onDidTriggerButton(async () => {
          qp.busy = true;
          try {
            await this.models.refresh(true);
          } finally {
            qp.busy = false;
          }
          render();
        }),
        this.models.onDidChangeModels(() => render()),
        qp.onDidHide(() => {
          for (const s of subs) s.dispose();
          qp.dispose();
          if (this._active === qp) this._active = undefined;
          resolve(result);
        }),
      );
      qp.show();
      this._onDidShow.fire(qp);
    });
  }
}
