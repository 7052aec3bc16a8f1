import * as vscode from 'vscode';
import type { ModelInfo, ModelKind } from '../core/catalogue/types';
import type { CatalogueState } from '../core/catalogue/catalogue';
import { DEFAULT_PROFILE_ID, formatModelRef, parseModelRef, sameRef } from '../core/profiles/modelRef';
import type { ModelRef } from '../core/profiles/modelRef';
import { Disposable } from './lifecycle';
import { Settings, StorageKeys } from './ids';
import { ProfileCatalogues } from './profileCatalogues';
import type { ProfileClients } from './profileCatalogues';
import type { ProfileService } from './profiles';
import type { SettingsService } from './settings';

/** `completion`: inline completions (an empty setting: the feature picks a fast, cheap model itself). */
export type ModelPurpose = 'chat' | 'code' | 'image' | 'video' | 'completion';

const SETTING_OF: Record<ModelPurpose, string> = {
  chat: Settings.chatModel,
  code: Settings.codeModel,
  image: Settings.imageModel,
  video: Settings.videoModel,
  completion: Settings.completionModel,
};

/** Which kind of model each purpose takes. */
export const KIND_OF: Record<ModelPurpose, ModelKind> = { chat: 'chat', code: 'chat', image: 'image', video: 'video', completion: 'chat' };

const MAX_RECENT = 8;
const PURPOSES: readonly ModelPurpose[] = ['chat', 'code', 'image', 'video', 'completion'];
const NO_MODEL: ModelRef = { profile: DEFAULT_PROFILE_ID, model: '' };

/** Thrown by `setCurrent` for a model its profile's gateway does not list; `message` is for the user. */
export class UnknownModelError extends Error {
  override readonly name = 'UnknownModelError';
  constructor(readonly modelId: string, readonly suggestions: string[], message: string) {
    super(message);
  }
}

/**
 * The one owner of "the current model" of each purpose, as a model of a profile (`ModelRef`), and
 * the one door to the model lists (its `ProfileCatalogues`, one catalogue per gateway profile).
 * The current models are kept in user settings (`tokenhub.chatModel`, …, in the string form of
 * src/core/profiles/modelRef.ts: a bare id is the default profile's) and read only through here: `setCurrent` changes the value at once and fires
 * `onDidChangeCurrent` once, then writes the setting; an edit of settings.json made elsewhere
 * fires it too. Favorites are a setting; recently used models are global state.
 * (docs/architecture.md, "Who owns the current model".)
 */
export class ModelService extends Disposable {
  /** A list changed (a refresh answered, or fell back offline; a profile came or went). */
  readonly onDidChangeModels: vscode.Event<void>;
  private readonly _onDidChangeCurrent = this._register(new vscode.EventEmitter<ModelPurpose>());
  /** The current model of a purpose changed (fired once per purpose affected). */
  readonly onDidChangeCurrent = this._onDidChangeCurrent.event;
  private readonly _onDidChangeFavorites = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeFavorites = this._onDidChangeFavorites.event;
  private readonly _onDidChangeRecent = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeRecent = this._onDidChangeRecent.event;

  /** The current model of each purpose: the one owner; the settings are where it is kept. */
  private readonly currentRefs: Record<ModelPurpose, ModelRef> = { chat: NO_MODEL, code: NO_MODEL, image: NO_MODEL, video: NO_MODEL, completion: NO_MODEL };
  private readonly lists: ProfileCatalogues;

  constructor(
    private readonly settings: SettingsService,
    private readonly profiles: ProfileService,
    clients: ProfileClients,
    protected readonly memento: vscode.Memento,
  ) {
    super();
    for (const purpose of PURPOSES) this.currentRefs[purpose] = this.readSetting(purpose);
    this.lists = this._register(new ProfileCatalogues(profiles, clients, memento));
    this.onDidChangeModels = this.lists.onDidChangeModels;
    this._register(
      settings.onDidChange((e) => {
        const affects = (key: string) => e.affectsConfiguration(`${Settings.section}.${key}`);
        // Edits made elsewhere (settings.json, Settings Sync, another window). Our own writes
        // echo back with the value already held, and fire nothing a second time.
        for (const purpose of PURPOSES) {
          if (!affects(SETTING_OF[purpose]) && !(purpose === 'code' && affects(Settings.chatModel))) continue;
          const value = this.readSetting(purpose);
          if (!sameRef(value, this.currentRefs[purpose])) {
            this.currentRefs[purpose] = value;
            this._onDidChangeCurrent.fire(purpose);
          }
        }
        if (affects(Settings.favoriteModels)) this._onDidChangeFavorites.fire();
      }),
    );
  }

  // -- the lists (ProfileCatalogues) ------------------------------------------------------------

  /** Every usable profile's models, the default profile's first; each entry names its `profile`. */
  get models(): readonly ModelInfo[] {
    return this.lists.models;
  }

  /** One profile's models (see `ProfileCatalogues.modelsOf`). */
  modelsOf(profile: string): readonly ModelInfo[] {
    return this.lists.modelsOf(profile);
  }

  /** The default profile's list state (what the built-in fallback and the offline marks are about). */
  get state(): CatalogueState {
    return this.lists.state;
  }

  stateOf(profile: string): CatalogueState | undefined {
    return this.lists.stateOf(profile);
  }

  /** True while the default profile's list is not its gateway's current answer. */
  get offline(): boolean {
    return this.lists.offline;
  }

  isOffline(profile: string): boolean {
    return this.lists.isOffline(profile);
  }

  /** Whether a refresh is under way. */
  get refreshing(): boolean {
    return this.lists.refreshing;
  }

  /** Models of a kind: of one profile, or of all of them. */
  modelsOfKind(kind: ModelKind, profile?: string): ModelInfo[] {
    return this.lists.modelsOfKind(kind, profile);
  }

  /** The model an id means on a profile (default: the default profile), or a reference's. */
  find(idOrRef: string | ModelRef, profile: string = DEFAULT_PROFILE_ID): ModelInfo | undefined {
    return this.lists.find(idOrRef, profile);
  }

  /** The reference to a listed model. */
  refOf(model: ModelInfo): ModelRef {
    return this.lists.refOf(model);
  }

  /** The closest known ids and a message for the user when a profile's gateway does not list `id`. */
  checkId(id: string, kind?: ModelKind, profile: string = DEFAULT_PROFILE_ID): { message: string; suggestions: string[] } | undefined {
    return this.lists.checkId(id, kind, profile);
  }

  checkRef(ref: ModelRef, kind?: ModelKind): { message: string; suggestions: string[] } | undefined {
    return this.lists.checkRef(ref, kind);
  }

  /** The message for a model id a profile's gateway does not know (also for a 404 "model not found"). */
  unknownModel(id: string, kind?: ModelKind, profile: string = DEFAULT_PROFILE_ID): { message: string; suggestions: string[] } {
    return this.lists.unknownModel(id, kind, profile);
  }

  /** Asks the gateways for their lists unless fresh (see `ProfileCatalogues.refresh`); never throws. */
  refresh(force = false, profile?: string): Promise<void> {
    return this.lists.refresh(force, profile);
  }

  /** Forget a profile's cached list and ask again (its key changed: another account may see other models). */
  reload(profile: string = DEFAULT_PROFILE_ID): Promise<void> {
    return this.lists.reload(profile);
  }

  // -- the current models -----------------------------------------------------------------------

  /** The current model of a purpose, with its profile (an empty `model` when none is set). */
  currentRef(purpose: ModelPurpose): ModelRef {
    return this.currentRefs[purpose];
  }

  /** The current model's id on its profile's gateway (what a request names). */
  currentId(purpose: ModelPurpose): string {
    return this.currentRefs[purpose].model;
  }

  current(purpose: ModelPurpose): ModelInfo | undefined {
    return this.find(this.currentRefs[purpose]);
  }

  /** The setting's value (an empty code model means the chat model). */
  private readSetting(purpose: ModelPurpose): ModelRef {
    const raw = (p: ModelPurpose) => parseModelRef(this.settings.get<unknown>(SETTING_OF[p], ''));
    if (purpose === 'code') return raw('code') ?? raw('chat') ?? NO_MODEL;
    return raw(purpose) ?? NO_MODEL;
  }

  /**
   * Sets the current model of a purpose (user settings, the one source of truth) and records it
   * as recently used. A string is read as a reference (`tokenhot|gpt-5`; a bare id is the default
   * profile's); an id is stored as the gateway lists it. Throws `UnknownModelError` for a model
   * its profile's gateway does not list (offline every id is taken as given), or of a profile
   * that does not exist.
   */
  async setCurrent(purpose: ModelPurpose, idOrRef: string | ModelRef): Promise<void> {
    const wanted = typeof idOrRef === 'string' ? parseModelRef(idOrRef) : idOrRef;
    if (!wanted) return;
    const model = this.find(wanted);
    if (!this.profiles.get(wanted.profile) || (!model && !this.isOffline(wanted.profile))) {
      const { message, suggestions } = this.unknownModel(wanted.model, KIND_OF[purpose], wanted.profile);
      throw new UnknownModelError(wanted.model, suggestions, message);
    }
    const final: ModelRef = { profile: wanted.profile, model: model?.id ?? wanted.model };
    const changed: ModelPurpose[] = [];
    if (!sameRef(this.currentRefs[purpose], final)) {
      this.currentRefs[purpose] = final;
      changed.push(purpose);
      // An empty code-model setting means "the chat model", so a chat change moves it too.
      if (purpose === 'chat' && !this.settings.get<string>(Settings.codeModel, '').trim() && !sameRef(this.currentRefs.code, final)) {
        this.currentRefs.code = final;
        changed.push('code');
      }
    }
    // Everyone hears of it at once, not after a round trip through the settings.
    for (const p of changed) this._onDidChangeCurrent.fire(p);
    const stored = formatModelRef(final);
    if (this.settings.get<unknown>(SETTING_OF[purpose], '') !== stored) await this.settings.update(SETTING_OF[purpose], stored);
    await this.markUsed(final);
  }

  /** Empties the setting of a purpose: its default applies again (the chat model for code, the feature's own choice for completions). */
  async clearCurrent(purpose: ModelPurpose): Promise<void> {
    if (this.settings.get<unknown>(SETTING_OF[purpose], '')) await this.settings.update(SETTING_OF[purpose], undefined);
    const value = this.readSetting(purpose);
    if (!sameRef(value, this.currentRefs[purpose])) {
      this.currentRefs[purpose] = value;
      this._onDidChangeCurrent.fire(purpose);
    }
  }

  // -- favorites (setting `tokenhub.favoriteModels`) -------------------------------------------

  get favorites(): readonly ModelRef[] {
    const v = this.settings.get<unknown>(Settings.favoriteModels, []);
    return Array.isArray(v) ? v.map(parseModelRef).filter((r): r is ModelRef => !!r) : [];
  }

  isFavorite(idOrRef: string | ModelRef): boolean {
    const ref = this.asRef(idOrRef);
    const m = this.find(ref);
    return this.favorites.some((f) => sameRef(f, ref) || (m !== undefined && f.profile === ref.profile && this.find(f)?.id === m.id));
  }

  async addFavorite(idOrRef: string | ModelRef): Promise<void> {
    const ref = this.asRef(idOrRef);
    if (this.isFavorite(ref)) return;
    const stored = formatModelRef({ profile: ref.profile, model: this.find(ref)?.id ?? ref.model });
    await this.settings.update(Settings.favoriteModels, [...this.favorites.map(formatModelRef), stored]);
    this._onDidChangeFavorites.fire();
  }

  async removeFavorite(idOrRef: string | ModelRef): Promise<void> {
    const ref = this.asRef(idOrRef);
    const m = this.find(ref);
    const before = this.favorites;
    const next = before.filter((f) => !sameRef(f, ref) && (m === undefined || f.profile !== ref.profile || this.find(f)?.id !== m.id));
    if (next.length === before.length) return;
    await this.settings.update(Settings.favoriteModels, next.map(formatModelRef));
    this._onDidChangeFavorites.fire();
  }

  // -- recently used (global state) ------------------------------------------------------------

  get recent(): readonly ModelRef[] {
    const v = this.memento.get<unknown>(StorageKeys.recentModels, []);
    return Array.isArray(v) ? v.map(parseModelRef).filter((r): r is ModelRef => !!r) : [];
  }

  /** Moves a model to the front of the recently used list. */
  async markUsed(idOrRef: string | ModelRef): Promise<void> {
    const key = formatModelRef(this.asRef(idOrRef));
    const current = this.recent.map(formatModelRef);
    const next = [key, ...current.filter((r) => r !== key)].slice(0, MAX_RECENT);
    if (next.join('\n') === current.join('\n')) return;
    await this.memento.update(StorageKeys.recentModels, next);
    this._onDidChangeRecent.fire();
  }

  private asRef(idOrRef: string | ModelRef): ModelRef {
    return typeof idOrRef === 'string' ? (parseModelRef(idOrRef) ?? NO_MODEL) : idOrRef;
  }
}
