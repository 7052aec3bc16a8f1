import * as vscode from 'vscode';
import { Commands, ContextKeys, Views } from '../platform/ids';
import { Disposable } from '../platform/lifecycle';
import type { Services } from '../platform/services';
import type { ModelInfo } from '../core/catalogue/types';
import { UnknownModelError } from '../platform/modelService';
import type { ModelPurpose } from '../platform/modelService';
import { parseModelRef } from '../core/profiles/modelRef';
import type { ModelRef } from '../core/profiles/modelRef';
import { ModelStatusBar } from './modelStatusBar';
import { ModelsTreeProvider } from './modelsTree';
import type { ModelsNode } from './modelsTree';
import type { SelectModelArg, SelectModelCommand } from './selectModelCommand';
import type * as PickerCodeModule from './modelPickerCode';

type PickerCode = typeof PickerCodeModule;
let pickerCode: PickerCode | undefined;

/** Loaded on the first model quick pick, not at activation (./modelPickerCode.ts). */
function loadPickerCode(): PickerCode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (pickerCode ??= require('./modelPickerCode') as PickerCode);
}

/** What the tree's context-menu commands receive: the tree node, or a model (palette, tests): `tokenhot|gpt-5`, `{ profile, model }`. */
type ModelArg = ModelsNode | ModelInfo | ModelRef | string | undefined;

/**
 * The models feature: the "Models" tree view with its filter and context menu, the status-bar
 * switcher, and the model quick-pick commands. The catalogue and the current models themselves
 * live in `services.models` (ModelService), which every other feature reads.
 */
export class ModelsFeature extends Disposable {
  /** Exposed for tests: the tree's data provider, the view, the status bar and the quick-pick command. */
  readonly tree: ModelsTreeProvider;
  readonly treeView: vscode.TreeView<ModelsNode>;
  readonly statusBar: ModelStatusBar;
  private loadedPicker: SelectModelCommand | undefined;

  /** The model quick pick ("Select Model", "Select Code Model"), loaded when first needed. */
  get picker(): SelectModelCommand {
    return (this.loadedPicker ??= this._register(new (loadPickerCode().SelectModelCommand)(this.services.models, this.services.profiles)));
  }

  constructor(protected readonly services: Services) {
    super();
    const models = services.models;
    this.tree = this._register(new ModelsTreeProvider(models, services.profiles));
    this.treeView = this._register(vscode.window.createTreeView(Views.models, { treeDataProvider: this.tree, showCollapseAll: true }));
    this.statusBar = this._register(new ModelStatusBar(models, services.settings, services.profiles, services.usage));

    const register = (id: string, fn: (...args: never[]) => unknown) => this._register(vscode.commands.registerCommand(id, fn));
    register(Commands.selectModel, (arg?: SelectModelArg) => this.picker.run('chat', arg));
    register(Commands.selectCodeModel, (arg?: SelectModelArg) => this.picker.run('code', arg));
    register(Commands.refreshModels, () => this.refresh());
    register(Commands.filterModels, (text?: string) => this.filter(text));
    register(Commands.clearModelFilter, () => this.setFilter(''));
    register(Commands.useModelForChat, (arg?: ModelArg) => this.use('chat', arg));
    register(Commands.useModelForCode, (arg?: ModelArg) => this.use('code', arg));
    register(Commands.addFavorite, (arg?: ModelArg) => this.withRef(arg, (ref) => models.addFavorite(ref)));
    register(Commands.removeFavorite, (arg?: ModelArg) => this.withRef(arg, (ref) => models.removeFavorite(ref)));
    register(Commands.copyModelId, (arg?: ModelArg) =>
      this.withRef(arg, async ({ model: id }) => {
        await vscode.env.clipboard.writeText(id);
        vscode.window.setStatusBarMessage(vscode.l10n.t('Copied model id {0}', id), 3000);
      }),
    );

    // A new key may see another list (of that profile only); a profile's URL is the service's own business.
    this._register(services.keys.onDidChange((profile) => void models.reload(profile)));
    this._register(models.onDidChangeModels(() => this.updateMessage()));
    this._register(services.profiles.onDidChange(() => this.updateMessage()));
    // A model id typed into settings.json that the gateway does not list: say so, with the closest ids.
    this._register(
      models.onDidChangeCurrent((purpose) => {
        if (purpose === 'chat' || purpose === 'code') void this.warnIfUnknown(purpose);
      }),
    );
    this.updateMessage();
  }

  async refresh(): Promise<void> {
    await vscode.window.withProgress({ location: { viewId: Views.models } }, () => this.services.models.refresh(true));
    const state = this.services.models.state;
    if (state.offline && state.error !== undefined) {
      this.services.log.warn(`models: refresh failed, showing ${state.origin} list: ${state.error instanceof Error ? state.error.message : String(state.error)}`);
    }
  }

  /** Asks for a filter (name, id, provider or capability such as `vision`); `text` skips the input box. */
  async filter(text?: string): Promise<void> {
    const value =
      typeof text === 'string'
        ? text
        : await vscode.window.showInputBox({
            title: vscode.l10n.t('Filter Models'),
            prompt: vscode.l10n.t('Words to match in name, id or provider, or a capability: vision, tools, json, reasoning'),
            placeHolder: vscode.l10n.t('e.g. claude, deepseek, vision'),
            value: this.tree.filter,
          });
    if (value === undefined) return;
    await this.setFilter(value);
  }

  async setFilter(value: string): Promise<void> {
    this.tree.filter = value;
    await vscode.commands.executeCommand('setContext', ContextKeys.modelFilterActive, !!this.tree.filter);
    this.updateMessage();
  }

  private updateMessage(): void {
    const lines: string[] = [];
    const models = this.services.models;
    // With several profiles each profile's row says whether it is offline.
    if (!this.services.profiles.several && models.offline) {
      lines.push(
        models.state.origin === 'cache'
          ? vscode.l10n.t('Offline: showing the model list from the last time the gateway answered.')
          : vscode.l10n.t('Offline: showing the built-in model list (no key, or the gateway cannot be reached).'),
      );
    }
    if (this.tree.filter) {
      const count = this.tree.allModelNodes().filter((n) => n.parent.id !== 'favorites').length;
      lines.push(vscode.l10n.t('Filter "{0}": {1} models', this.tree.filter, count));
    }
    this.treeView.message = lines.length ? lines.join(' ') : undefined;
    this.treeView.description = this.tree.filter || undefined;
  }

  private refOf(arg: ModelArg): ModelRef | undefined {
    if (!arg) return undefined;
    if (typeof arg === 'string') return parseModelRef(arg);
    if ('type' in arg && arg.type === 'model') return this.services.models.refOf(arg.model);
    if ('type' in arg) return undefined;
    if ('kind' in arg && 'provider' in arg) return this.services.models.refOf(arg);
    return parseModelRef(arg);
  }

  private async withRef(arg: ModelArg, fn: (ref: ModelRef) => Promise<void>): Promise<void> {
    const ref = this.refOf(arg) ?? this.treeView.selection.map((n) => this.refOf(n)).find(Boolean);
    if (ref) await fn(ref);
  }

  private async use(purpose: ModelPurpose, arg: ModelArg): Promise<void> {
    await this.withRef(arg, async (ref) => {
      try {
        await this.services.models.setCurrent(purpose, ref);
      } catch (e) {
        if (e instanceof UnknownModelError) void vscode.window.showWarningMessage(e.message);
        else throw e;
      }
    });
  }

  private async warnIfUnknown(purpose: 'chat' | 'code'): Promise<void> {
    const ref = this.services.models.currentRef(purpose);
    const problem = ref.model ? this.services.models.checkRef(ref, 'chat') : undefined;
    if (!problem) return;
    const choice = await vscode.window.showWarningMessage(problem.message, ...problem.suggestions);
    if (choice) await this.services.models.setCurrent(purpose, choice);
  }
}
