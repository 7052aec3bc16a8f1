import * as vscode from 'vscode';
import { groupByProvider } from '../core/catalogue/modelGroups';
import type { ModelInfo } from '../core/catalogue/types';
import { Commands } from '../platform/ids';
import { Disposable } from '../platform/lifecycle';
import { KIND_OF, UnknownModelError } from '../platform/modelService';
import type { ModelPurpose, ModelService } from '../platform/modelService';
import { capabilityIcons, modelSummary } from '../platform/modelFormat';

export interface ModelPickItem extends vscode.QuickPickItem {
  /** Undefined on separators. */
  modelId?: string;
}

/** Optional argument of `tokenhub.selectModel` / `tokenhub.selectCodeModel`: an id skips the quick pick. */
export type SelectModelArg = string | { id?: string; modelId?: string } | undefined;

/**
 * `tokenhub.selectModel` (chat) and `tokenhub.selectCodeModel` (code commands): a quick pick of
 * the models for that purpose, favorites and recently used first, then one section per provider,
 * prices in the detail line, type-to-filter on name, id and provider. With an id argument
 * (`executeCommand('tokenhub.selectModel', 'openai/gpt-4.1')`) the model is set without UI.
 * The open quick pick is exposed (`active`, `onDidShow`) so tests can drive it.
 */
export class SelectModelCommand extends Disposable {
  private readonly _onDidShow = this._register(new vscode.EventEmitter<vscode.QuickPick<ModelPickItem>>());
  readonly onDidShow = this._onDidShow.event;
  private _active: vscode.QuickPick<ModelPickItem> | undefined;

  private readonly favoriteButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('star-empty'), tooltip: vscode.l10n.t('Add to favorites') };
  private readonly unfavoriteButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('star-full'), tooltip: vscode.l10n.t('Remove from favorites') };

  constructor(private readonly models: ModelService) {
    super();
    this._register(vscode.commands.registerCommand(Commands.selectModel, (arg?: SelectModelArg) => this.run('chat', arg)));
    this._register(vscode.commands.registerCommand(Commands.selectCodeModel, (arg?: SelectModelArg) => this.run('code', arg)));
  }

  /** The quick pick while it is open. */
  get active(): vscode.QuickPick<ModelPickItem> | undefined {
    return this._active;
  }

  /** Sets the model of `purpose` from the argument or the quick pick; the id set, or undefined when cancelled or refused. */
  async run(purpose: ModelPurpose, arg?: SelectModelArg): Promise<string | undefined> {
    const given = typeof arg === 'string' ? arg : arg?.id ?? arg?.modelId;
    const id = given?.trim() ? given.trim() : await this.pick(purpose);
    if (!id) return undefined;
    try {
      await this.models.setCurrent(purpose, id);
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

  /** The quick pick's items for a purpose (favorites, recent, then providers with separators). */
  buildItems(purpose: ModelPurpose): ModelPickItem[] {
    const kind = KIND_OF[purpose];
    const all = this.models.modelsOfKind(kind);
    const currentId = this.models.current(purpose)?.id ?? this.models.currentId(purpose);
    const shown = new Set<string>();
    const items: ModelPickItem[] = [];
    const section = (label: string, models: ModelInfo[]) => {
      const fresh = models.filter((m) => !shown.has(m.id));
      if (!fresh.length) return;
      items.push({ kind: vscode.QuickPickItemKind.Separator, label });
      for (const m of fresh) {
        shown.add(m.id);
        items.push(this.toItem(m, m.id === currentId));
      }
    };
    const resolve = (ids: readonly string[]) =>
      ids.map((id) => this.models.find(id)).filter((m): m is ModelInfo => !!m && m.kind === kind);
    section(vscode.l10n.t('Favorites'), resolve(this.models.favorites));
    section(vscode.l10n.t('Recently used'), resolve(this.models.recent).slice(0, 5));
    for (const g of groupByProvider(all)) section(g.providerName, g.models);
    return items;
  }

  private toItem(m: ModelInfo, current: boolean): ModelPickItem {
    const favorite = this.models.isFavorite(m.id);
    const icons = capabilityIcons(m);
    const summary = modelSummary(m);
    return {
      label: m.name,
      description: current ? vscode.l10n.t('{0} (current)', m.id) : m.id,
      detail: [m.providerName, summary, icons].filter(Boolean).join(' · '),
      iconPath: new vscode.ThemeIcon(current ? 'check' : favorite ? 'star-full' : 'blank'),
      buttons: [favorite ? this.unfavoriteButton : this.favoriteButton],
      modelId: m.id,
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
    return this.models.offline ? vscode.l10n.t('{0} (offline: built-in list)', base) : base;
  }

  /** Shows the quick pick; resolves to the chosen id, or undefined when dismissed. */
  pick(purpose: ModelPurpose): Promise<string | undefined> {
    this._active?.dispose();
    const qp = vscode.window.createQuickPick<ModelPickItem>();
    this._active = qp;
    qp.title = this.title(purpose);
    qp.placeholder = vscode.l10n.t('Type to filter by name, id or provider');
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    const render = () => {
      const active = qp.activeItems[0]?.modelId;
      qp.items = this.buildItems(purpose);
      const currentId = active ?? this.models.current(purpose)?.id;
      const cur = qp.items.find((i) => i.modelId && i.modelId === currentId);
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
          result = qp.selectedItems[0]?.modelId ?? qp.activeItems[0]?.modelId;
          if (result) qp.hide();
        }),
        qp.onDidTriggerItemButton(async (e) => {
          const id = e.item.modelId;
          if (!id) return;
          if (this.models.isFavorite(id)) await this.models.removeFavorite(id);
          else await this.models.addFavorite(id);
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
