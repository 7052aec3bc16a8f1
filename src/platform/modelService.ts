import * as vscode from 'vscode';
import type { ModelInfo, ModelKind } from '../core/catalogue/types';
import { Catalogue } from '../core/catalogue/catalogue';
import type { CatalogueState } from '../core/catalogue/catalogue';
import { findModel, suggestModelIds } from '../core/catalogue/modelLookup';
import { Disposable } from './lifecycle';
import { Settings, StorageKeys } from './ids';
import type { SettingsService } from './settings';
import type { TokenHubApi } from '../core/client/api';

export type ModelPurpose = 'chat' | 'code' | 'image' | 'video';

const SETTING_OF: Record<ModelPurpose, string> = {
  chat: Settings.chatModel,
  code: Settings.codeModel,
  image: Settings.imageModel,
  video: Settings.videoModel,
};

/** Which kind of model each purpose takes. */
export const KIND_OF: Record<ModelPurpose, ModelKind> = { chat: 'chat', code: 'chat', image: 'image', video: 'video' };

const MAX_RECENT = 8;
const PURPOSES: readonly ModelPurpose[] = ['chat', 'code', 'image', 'video'];

/** Thrown by `setCurrent` for an id the gateway does not list; `message` is for the user. */
export class UnknownModelError extends Error {
  override readonly name = 'UnknownModelError';
  constructor(readonly modelId: string, readonly suggestions: string[], message: string) {
    super(message);
  }
}

/**
 * The one owner of the catalogue and of "the current model" of each purpose. The current models
 * are kept in user settings (`tokenhub.chatModel`, …) and read only through here: `setCurrent`
 * changes the value at once and fires `onDidChangeCurrent` once, then writes the setting; an edit
 * of settings.json made elsewhere fires it too. Favorites are a setting; recently used models
 * are global state. (docs/architecture.md, "Who owns the current model".)
 */
export class ModelService extends Disposable {
  private readonly _onDidChangeModels = this._register(new vscode.EventEmitter<void>());
  /** The list changed (a refresh answered, or fell back offline). */
  readonly onDidChangeModels = this._onDidChangeModels.event;
  private readonly _onDidChangeCurrent = this._register(new vscode.EventEmitter<ModelPurpose>());
  /** The current model of a purpose changed (fired once per purpose affected). */
  readonly onDidChangeCurrent = this._onDidChangeCurrent.event;
  private readonly _onDidChangeFavorites = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeFavorites = this._onDidChangeFavorites.event;
  private readonly _onDidChangeRecent = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeRecent = this._onDidChangeRecent.event;

  private readonly catalogue: Catalogue;
  /** The current model of each purpose: the one owner; the settings are where it is kept. */
  private readonly currentIds: Record<ModelPurpose, string> = { chat: '', code: '', image: '', video: '' };
  private _refreshing: Promise<void> | undefined;

  constructor(private readonly settings: SettingsService, protected readonly api: TokenHubApi, protected readonly memento: vscode.Memento) {
    super();
    this.catalogue = new Catalogue({
      storage: memento,
      storageKey: StorageKeys.modelCache,
      fetchModels: () => api.listModels(),
      scope: () => settings.baseUrl,
    });
    for (const purpose of PURPOSES) this.currentIds[purpose] = this.readSetting(purpose);
    this._register(
      settings.onDidChange((e) => {
        const affects = (key: string) => e.affectsConfiguration(`${Settings.section}.${key}`);
        // Edits made elsewhere (settings.json, Settings Sync, another window). Our own writes
        // echo back with the value already held, and fire nothing a second time.
        for (const purpose of PURPOSES) {
          if (!affects(SETTING_OF[purpose]) && !(purpose === 'code' && affects(Settings.chatModel))) continue;
          const value = this.readSetting(purpose);
          if (value !== this.currentIds[purpose]) {
            this.currentIds[purpose] = value;
            this._onDidChangeCurrent.fire(purpose);
          }
        }
        if (affects(Settings.favoriteModels)) this._onDidChangeFavorites.fire();
        // Another gateway: another list (the client underneath was replaced before this runs).
        if (affects(Settings.baseUrl)) void this.refresh(true);
      }),
    );
    // Start from the cache or the built-in list at once; ask the gateway in the background, once
    // activation has returned: the request loads the client (most of the extension's code).
    const background = setImmediate(() => void this.refresh(false));
    this._register({ dispose: () => clearImmediate(background) });
  }

  /** Every model: the gateway's list merged with the built-in data, or the built-in list offline. Never empty. */
  get models(): readonly ModelInfo[] {
    return this.catalogue.state.models;
  }
  /** True while the list is not the gateway's current answer (no key, no network, or not asked yet). */
  get offline(): boolean {
    return this.catalogue.state.offline;
  }
  get state(): CatalogueState {
    return this.catalogue.state;
  }
  /** Whether a refresh is under way. */
  get refreshing(): boolean {
    return this._refreshing !== undefined;
  }

  modelsOfKind(kind: ModelKind): ModelInfo[] {
    return this.models.filter((m) => m.kind === kind);
  }

  /** Accepts ids with or without the provider prefix (`claude-sonnet-4-6` finds `anthropic/claude-sonnet-4-6`). */
  find(id: string): ModelInfo | undefined {
    return findModel(this.models, id);
  }

  currentId(purpose: ModelPurpose): string {
    return this.currentIds[purpose];
  }

  /** The setting's value (an empty code model means the chat model). */
  private readSetting(purpose: ModelPurpose): string {
    switch (purpose) {
      case 'chat':
        return this.settings.chatModel;
      case 'code':
        return this.settings.codeModel;
      case 'image':
        return this.settings.get<string>(Settings.imageModel, '').trim();
      case 'video':
        return this.settings.get<string>(Settings.videoModel, '').trim();
    }
  }

  current(purpose: ModelPurpose): ModelInfo | undefined {
    return this.find(this.currentId(purpose));
  }

  /**
   * The closest known ids and a message for the user when the gateway does not list `id`;
   * undefined when it does, or when offline (the built-in list cannot say what the gateway has).
   */
  checkId(id: string, kind?: ModelKind): { message: string; suggestions: string[] } | undefined {
    if (this.offline || this.find(id)) return undefined;
    return this.unknownModel(id, kind);
  }

  /** The message for a model id the gateway does not know (also for a 404 "model not found"). */
  unknownModel(id: string, kind?: ModelKind): { message: string; suggestions: string[] } {
    const suggestions = suggestModelIds(this.models, id, 3, kind);
    const message = suggestions.length
      ? vscode.l10n.t('TokenHub does not know the model "{0}". Did you mean {1}?', id, suggestions.join(', '))
      : vscode.l10n.t('TokenHub does not know the model "{0}". Pick one from the model list.', id);
    return { message, suggestions };
  }

  /**
   * Sets the current model of a purpose (user settings, the one source of truth) and records it
   * as recently used. A bare id is stored as the gateway lists it. Throws `UnknownModelError`
   * for an id the gateway does not list (offline every id is taken as given).
   */
  async setCurrent(purpose: ModelPurpose, id: string): Promise<void> {
    const wanted = id.trim();
    const model = this.find(wanted);
    if (!model && !this.offline) {
      const { message, suggestions } = this.unknownModel(wanted, KIND_OF[purpose]);
      throw new UnknownModelError(wanted, suggestions, message);
    }
    const finalId = model?.id ?? wanted;
    const changed: ModelPurpose[] = [];
    if (this.currentIds[purpose] !== finalId) {
      this.currentIds[purpose] = finalId;
      changed.push(purpose);
      // An empty code-model setting means "the chat model", so a chat change moves it too.
      if (purpose === 'chat' && !this.settings.get<string>(Settings.codeModel, '').trim() && this.currentIds.code !== finalId) {
        this.currentIds.code = finalId;
        changed.push('code');
      }
    }
    // Everyone hears of it at once, not after a round trip through the settings.
    for (const p of changed) this._onDidChangeCurrent.fire(p);
    if (this.settings.get<string>(SETTING_OF[purpose], '') !== finalId) await this.settings.update(SETTING_OF[purpose], finalId);
    await this.markUsed(finalId);
  }

  // -- favorites (setting `tokenhub.favoriteModels`) -------------------------------------------

  get favorites(): readonly string[] {
    const v = this.settings.get<unknown>(Settings.favoriteModels, []);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && !!x.trim()) : [];
  }

  isFavorite(id: string): boolean {
    const m = this.find(id);
    return this.favorites.some((f) => f === id || (m !== undefined && this.find(f)?.id === m.id));
  }

  async addFavorite(id: string): Promise<void> {
    if (this.isFavorite(id)) return;
    await this.settings.update(Settings.favoriteModels, [...this.favorites, this.find(id)?.id ?? id]);
    this._onDidChangeFavorites.fire();
  }

  async removeFavorite(id: string): Promise<void> {
    const m = this.find(id);
    const next = this.favorites.filter((f) => f !== id && (m === undefined || this.find(f)?.id !== m.id));
    if (next.length === this.favorites.length) return;
    await this.settings.update(Settings.favoriteModels, next);
    this._onDidChangeFavorites.fire();
  }

  // -- recently used (global state) ------------------------------------------------------------

  get recent(): readonly string[] {
    const v = this.memento.get<unknown>(StorageKeys.recentModels, []);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }

  /** Moves a model to the front of the recently used list. */
  async markUsed(id: string): Promise<void> {
    const next = [id, ...this.recent.filter((r) => r !== id)].slice(0, MAX_RECENT);
    if (next.join('\n') === this.recent.join('\n')) return;
    await this.memento.update(StorageKeys.recentModels, next);
    this._onDidChangeRecent.fire();
  }

  // -- refresh ----------------------------------------------------------------------------------

  /**
   * Asks the gateway for its list unless the cached one is fresh (`force` asks anyway). Never
   * throws: on failure the list falls back to the cache or the built-in catalogue, flagged offline.
   */
  async refresh(force = false): Promise<void> {
    if (this._refreshing) {
      await this._refreshing;
      if (!force) return;
    }
    const before = this.catalogue.state;
    const run = async () => {
      const after = await this.catalogue.refresh(force);
      if (after !== before) this._onDidChangeModels.fire();
    };
    this._refreshing = run().finally(() => (this._refreshing = undefined));
    await this._refreshing;
  }

  /** Forget the cached list and ask again (the key changed: another account may see other models). */
  async reload(): Promise<void> {
    await this.catalogue.clearCache();
    await this.refresh(true);
  }
}
