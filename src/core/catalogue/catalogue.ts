import type { RawModel } from '../api/types';
import { builtinModels } from './builtin';
import { parseModelList } from './liveModels';
import { mergeCatalogue } from './mergeCatalogue';
import type { ModelInfo } from './types';

// The model catalogue, in plain TypeScript: what the gateway's `GET /models` says (liveModels.ts),
// merged with the built-in data (mergeCatalogue.ts, builtin.ts), cached with a time limit, and
// the built-in list alone when the gateway cannot be asked. The shared VS Code layer
// (src/platform/modelService.ts) only wires it up.

/** Where the cache is kept (a VS Code Memento satisfies it). */
export interface CatalogueStorage {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

interface CacheEntry {
  /** ms since epoch of the fetch. */
  at: number;
  /** The gateway the list came from: another base URL never reuses it. */
  scope: string;
  models: RawModel[];
}

export interface CatalogueState {
  models: ModelInfo[];
  /** True when the list is not the gateway's current answer: the built-in list, or a stale cache after a failed fetch. */
  offline: boolean;
  /** Where the models came from. */
  origin: 'live' | 'cache' | 'builtin';
  /** When the live list was fetched (ms since epoch), for 'live' and 'cache'. */
  fetchedAt?: number;
  /** Why the last refresh could not reach the gateway. */
  error?: unknown;
}

export interface CatalogueOptions {
  storage: CatalogueStorage;
  storageKey: string;
  /** The gateway's answer to `GET /models` in any shape (an array of RawModel works). */
  fetchModels: () => Promise<unknown>;
  /** Which gateway (base URL): the cache belongs to one. */
  scope?: () => string;
  ttlMs?: number;
  now?: () => number;
  builtin?: () => ModelInfo[];
}

export const DEFAULT_CACHE_TTL_MS = 60 * 60 * 1000;

export class Catalogue {
  private _state: CatalogueState;
  private inFlight: Promise<CatalogueState> | undefined;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly builtin: () => ModelInfo[];
  private readonly scope: () => string;

  constructor(private readonly options: CatalogueOptions) {
    this.ttlMs = options.ttlMs ?? DEFAULT_CACHE_TTL_MS;
    this.now = options.now ?? Date.now;
    this.builtin = options.builtin ?? builtinModels;
    this.scope = options.scope ?? (() => '');
    // Start from the cache when it belongs to this gateway (even stale: better than nothing until
    // the refresh answers), else from the built-in list.
    const cached = this.readCache();
    this._state = cached
      ? { models: mergeCatalogue(cached.models, this.builtin()), offline: false, origin: 'cache', fetchedAt: cached.at }
      : { models: this.builtin(), offline: true, origin: 'builtin' };
  }

  get state(): CatalogueState {
    return this._state;
  }

  /** Whether the cache holds a list for this gateway younger than the time limit. */
  isFresh(): boolean {
    const c = this.readCache();
    return !!c && this.now() - c.at < this.ttlMs && this.now() >= c.at;
  }

  /**
   * Asks the gateway unless the cache is fresh (or `force`). On failure keeps a cached list for
   * this gateway (marked offline) or falls back to the built-in list. Never throws; concurrent
   * calls share one request.
   */
  refresh(force = false): Promise<CatalogueState> {
    if (this.inFlight) return this.inFlight;
    if (!force && this.isFresh()) {
      const c = this.readCache()!;
      if (this._state.origin !== 'cache' && this._state.origin !== 'live') {
        this._state = { models: mergeCatalogue(c.models, this.builtin()), offline: false, origin: 'cache', fetchedAt: c.at };
      }
      return Promise.resolve(this._state);
    }
    const run = async (): Promise<CatalogueState> => {
      const scope = this.scope();
      try {
        const list = parseModelList(await this.options.fetchModels());
        if (!list.length) throw new Error('The gateway listed no models.');
        const at = this.now();
        await this.options.storage.update(this.options.storageKey, { at, scope, models: list } satisfies CacheEntry);
        this._state = { models: mergeCatalogue(list, this.builtin()), offline: false, origin: 'live', fetchedAt: at };
      } catch (error) {
        const cached = this.readCache();
        this._state = cached
          ? { models: mergeCatalogue(cached.models, this.builtin()), offline: true, origin: 'cache', fetchedAt: cached.at, error }
          : { models: this.builtin(), offline: true, origin: 'builtin', error };
      }
      return this._state;
    };
    this.inFlight = run().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** Forget the cached list (e.g. the key changed: another account may see other models). */
  async clearCache(): Promise<void> {
    await this.options.storage.update(this.options.storageKey, undefined);
  }

  private readCache(): CacheEntry | undefined {
    const c = this.options.storage.get<CacheEntry>(this.options.storageKey);
    if (!c || typeof c.at !== 'number' || !Array.isArray(c.models) || c.scope !== this.scope()) return undefined;
    return c;
  }
}
