import * as vscode from 'vscode';
import type { ModelInfo, ModelKind } from '../core/catalogue/types';
import { builtinModels } from '../core/catalogue/builtin';
import { Catalogue } from '../core/catalogue/catalogue';
import type { CatalogueState } from '../core/catalogue/catalogue';
import { findModel, suggestModelIds } from '../core/catalogue/modelLookup';
import type { TokenHubApi } from '../core/client/api';
import { DEFAULT_PROFILE_ID, formatModelRef } from '../core/profiles/modelRef';
import type { ModelRef } from '../core/profiles/modelRef';
import type { Profile } from '../core/profiles/profiles';
import { gatewayOfProfile } from '../core/profiles/profiles';
import { Disposable } from './lifecycle';
import { StorageKeys } from './ids';
import type { ProfileService } from './profiles';

/** Where a profile's models come from. */
export interface ProfileClients {
  forProfile(id: string): Pick<TokenHubApi, 'listModels'>;
}

interface ProfileCatalogue {
  catalogue: Catalogue;
  /** What the catalogue was made for: another URL or kind of profile needs another one. */
  signature: string;
  free: boolean;
}

/**
 * The model lists, one catalogue per usable gateway profile: kept in step with the profiles,
 * refreshed from each gateway, and the answer to "does this gateway list that id". `ModelService`
 * owns one and speaks for it.
 */
export class ProfileCatalogues extends Disposable {
  private readonly _onDidChangeModels = this._register(new vscode.EventEmitter<void>());
  /** A list changed (a refresh answered, or fell back offline; a profile came or went). */
  readonly onDidChangeModels = this._onDidChangeModels.event;

  private readonly catalogues = new Map<string, ProfileCatalogue>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly stamped = new WeakMap<CatalogueState, ModelInfo[]>();
  private flat: { states: CatalogueState[]; models: ModelInfo[] } | undefined;

  constructor(
    private readonly profiles: ProfileService,
    private readonly clients: ProfileClients,
    private readonly memento: vscode.Memento,
  ) {
    super();
    // The first lists come from the cache or the built-in data at once; the gateways are asked
    // once activation has returned, as a request loads the client (most of the extension's code).
    this.syncCatalogues(true);
    // Another profile, or one at another URL: another list (its client was replaced before this runs).
    this._register(profiles.onDidChange(() => this.syncCatalogues()));
  }

  /** Every usable profile's models, the default profile's first; each entry names its `profile`. */
  get models(): readonly ModelInfo[] {
    const states = this.profiles.all.map((p) => this.entry(p.id)?.catalogue.state).filter((s): s is CatalogueState => !!s);
    if (!this.flat || this.flat.states.length !== states.length || this.flat.states.some((s, i) => s !== states[i])) {
      this.flat = { states, models: this.profiles.all.flatMap((p) => this.modelsOf(p.id)) };
    }
    return this.flat.models;
  }

  /**
   * One profile's models: its gateway's list merged with the built-in data for TokenHub and
   * Tokenhot, the built-in list alone while those are offline; for any other server, only what it
   * lists. A free profile's models are priced at $0.
   */
  modelsOf(profile: string): readonly ModelInfo[] {
    const e = this.entry(profile);
    if (!e) return [];
    const state = e.catalogue.state;
    let list = this.stamped.get(state);
    if (!list) {
      list = state.models.map((m) => (e.free ? { ...m, profile, inputPrice: 0, outputPrice: 0, unitPrice: undefined } : { ...m, profile }));
      this.stamped.set(state, list);
    }
    return list;
  }

  /** The default profile's list state (what the built-in fallback and the offline marks are about). */
  get state(): CatalogueState {
    return this.stateOf(DEFAULT_PROFILE_ID)!;
  }

  stateOf(profile: string): CatalogueState | undefined {
    return this.entry(profile)?.catalogue.state;
  }

  /** True while the default profile's list is not its gateway's current answer. */
  get offline(): boolean {
    return this.isOffline(DEFAULT_PROFILE_ID);
  }

  isOffline(profile: string): boolean {
    return this.stateOf(profile)?.offline ?? true;
  }

  /** Whether a refresh is under way. */
  get refreshing(): boolean {
    return this.inFlight.size > 0;
  }

  /** Models of a kind: of one profile, or of all of them. */
  modelsOfKind(kind: ModelKind, profile?: string): ModelInfo[] {
    return (profile === undefined ? this.models : this.modelsOf(profile)).filter((m) => m.kind === kind);
  }

  /**
   * The model an id means on a profile (default: the default profile), or a reference's. Ids are
   * matched with or without the provider prefix (`claude-sonnet-4-6` finds `anthropic/claude-sonnet-4-6`).
   */
  find(idOrRef: string | ModelRef, profile: string = DEFAULT_PROFILE_ID): ModelInfo | undefined {
    const ref = typeof idOrRef === 'string' ? { profile, model: idOrRef } : idOrRef;
    return findModel(this.modelsOf(ref.profile), ref.model);
  }

  /** The reference to a listed model. */
  refOf(model: ModelInfo): ModelRef {
    return { profile: model.profile ?? DEFAULT_PROFILE_ID, model: model.id };
  }

  /**
   * The closest known ids and a message for the user when a profile's gateway does not list `id`;
   * undefined when it does, or when that list is offline (a built-in list cannot say what the
   * gateway has). A profile that does not exist is always a problem.
   */
  checkId(id: string, kind?: ModelKind, profile: string = DEFAULT_PROFILE_ID): { message: string; suggestions: string[] } | undefined {
    if (!this.profiles.get(profile)) return this.unknownModel(id, kind, profile);
    if (this.isOffline(profile) || this.find(id, profile)) return undefined;
    return this.unknownModel(id, kind, profile);
  }

  checkRef(ref: ModelRef, kind?: ModelKind): { message: string; suggestions: string[] } | undefined {
    return this.checkId(ref.model, kind, ref.profile);
  }

  /** The message for a model id a profile's gateway does not know (also for a 404 "model not found"). */
  unknownModel(id: string, kind?: ModelKind, profile: string = DEFAULT_PROFILE_ID): { message: string; suggestions: string[] } {
    if (!this.profiles.get(profile)) {
      const pending = this.profiles.pending.some((p) => p.id === profile);
      return {
        message: pending
          ? vscode.l10n.t('The model "{0}" belongs to the gateway profile "{1}", which waits for your approval.', id, this.profiles.nameOf(profile))
          : vscode.l10n.t('The model "{0}" belongs to the gateway profile "{1}", which does not exist. Pick another model.', id, profile),
        suggestions: [],
      };
    }
    const suggestions = suggestModelIds(this.modelsOf(profile), id, 3, kind).map((m) => formatModelRef({ profile, model: m }));
    const gateway = profile === DEFAULT_PROFILE_ID ? undefined : this.profiles.nameOf(profile);
    const message = gateway
      ? suggestions.length
        ? vscode.l10n.t('{0} does not list the model "{1}". Did you mean {2}?', gateway, id, suggestions.join(', '))
        : vscode.l10n.t('{0} does not list the model "{1}". Pick one from the model list.', gateway, id)
      : suggestions.length
        ? vscode.l10n.t('TokenHub does not know the model "{0}". Did you mean {1}?', id, suggestions.join(', '))
        : vscode.l10n.t('TokenHub does not know the model "{0}". Pick one from the model list.', id);
    return { message, suggestions };
  }

  // -- refresh ----------------------------------------------------------------------------------

  /**
   * Asks a profile's gateway (all of them when `profile` is undefined) for its list unless the
   * cached one is fresh (`force` asks anyway). Never throws: on failure a list falls back to its
   * cache or its built-in catalogue, flagged offline.
   */
  async refresh(force = false, profile?: string): Promise<void> {
    if (profile === undefined) {
      await Promise.all(this.profiles.all.map((p) => this.refresh(force, p.id)));
      return;
    }
    const running = this.inFlight.get(profile);
    if (running) {
      await running;
      if (!force) return;
    }
    const e = this.entry(profile);
    if (!e) return;
    const before = e.catalogue.state;
    const run = async () => {
      const after = await e.catalogue.refresh(force);
      if (after !== before) this._onDidChangeModels.fire();
    };
    const p = run().finally(() => {
      if (this.inFlight.get(profile) === p) this.inFlight.delete(profile);
    });
    this.inFlight.set(profile, p);
    await p;
  }

  /** Forget a profile's cached list and ask again (its key changed: another account may see other models). */
  async reload(profile: string = DEFAULT_PROFILE_ID): Promise<void> {
    const e = this.entry(profile);
    if (!e) return;
    await e.catalogue.clearCache();
    await this.refresh(true, profile);
  }

  private entry(profile: string): ProfileCatalogue | undefined {
    return this.catalogues.get(profile);
  }

  /** One catalogue per usable profile, each made for its URL; a new or moved profile's list is asked for. */
  private syncCatalogues(deferRefresh = false): void {
    let changed = false;
    const ask: [string, boolean][] = [];
    const live = new Set<string>();
    for (const p of this.profiles.all) {
      live.add(p.id);
      const signature = JSON.stringify([p.baseUrl, gatewayOfProfile(p) ?? '', !!p.free]);
      const old = this.catalogues.get(p.id);
      if (old?.signature === signature) continue;
      this.catalogues.set(p.id, { catalogue: this.makeCatalogue(p), signature, free: !!p.free });
      changed = true;
      // Start from the cache or the built-in list at once; ask the gateway in the background.
      ask.push([p.id, !!old]);
    }
    const refresh = () => ask.forEach(([id, force]) => void this.refresh(force, id));
    if (deferRefresh) {
      const later = setImmediate(refresh);
      this._register({ dispose: () => clearImmediate(later) });
    } else {
      refresh();
    }
    for (const id of [...this.catalogues.keys()]) {
      if (live.has(id)) continue;
      this.catalogues.delete(id);
      changed = true;
    }
    if (changed) this._onDidChangeModels.fire();
  }

  private makeCatalogue(p: Profile): Catalogue {
    const gateway = gatewayOfProfile(p);
    return new Catalogue({
      storage: this.memento,
      storageKey: p.id === DEFAULT_PROFILE_ID ? StorageKeys.modelCache : `${StorageKeys.modelCache}/${p.id}`,
      fetchModels: () => this.clients.forProfile(p.id).listModels(),
      scope: () => this.profiles.get(p.id)?.baseUrl ?? p.baseUrl,
      // Built-in data only for the gateways it describes: any other server's list is its own.
      builtin: gateway ? () => builtinModels(gateway) : () => [],
    });
  }
}
