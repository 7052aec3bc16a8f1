import type { RawModel } from '../api/types';
import { PROVIDER_ALIASES, PROVIDER_NAMES, PROVIDER_ORDER, builtinModels, providerOf } from './builtin';
import type { ModelCapabilities, ModelInfo, ModelKind } from './types';

// The model catalogue, in plain TypeScript: what the gateway's `GET /models` says, merged with
// the built-in data (builtin.ts), cached with a time limit, and the built-in list alone when the
// gateway cannot be asked. The VS Code layer (src/models/modelService.ts) only wires it up.

// ---------------------------------------------------------------------------------------------
// Reading `/models`: every shape OpenAI-compatible gateways send.

/** `{data:[...]}` (OpenAI), `{models:[...]}`, `{data:{models:[...]}}`, a bare array; entries may be plain id strings. */
export function parseModelList(body: unknown): RawModel[] {
  let list: unknown = body;
  for (let depth = 0; depth < 3 && list && typeof list === 'object' && !Array.isArray(list); depth++) {
    const o = list as Record<string, unknown>;
    list = o.data ?? o.models ?? o.result ?? o.items;
  }
  if (!Array.isArray(list)) return [];
  const out: RawModel[] = [];
  const seen = new Set<string>();
  for (const item of list) {
    let raw: RawModel | undefined;
    if (typeof item === 'string') raw = { id: item };
    else if (item && typeof item === 'object') {
      const o = item as Record<string, unknown>;
      const id = str(o.id) ?? str(o.model) ?? str(o.name);
      if (id) raw = { ...o, id };
    }
    if (raw && raw.id.trim() && !seen.has(raw.id)) {
      seen.add(raw.id);
      out.push(raw);
    }
  }
  return out;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function strings(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string').map((s) => s.toLowerCase());
  if (typeof v === 'string') return v.toLowerCase().split(/[\s,+]+/).filter(Boolean);
  return [];
}

function firstNum(...values: unknown[]): number | undefined {
  for (const v of values) {
    const n = num(v);
    if (n !== undefined && n > 0) return n;
  }
  return undefined;
}

/**
 * Prices arrive per token (OpenRouter: `"0.000003"`) or per million tokens (`3`). No model costs
 * $1,000 per million tokens or more, and none less than $0.001 per million, so a value below
 * 0.001 is read as per token. `perMillion` true/false overrides the guess where a field says.
 */
export function toPerMillion(value: unknown, perMillion?: boolean): number | undefined {
  const n = num(value);
  if (n === undefined || n < 0) return undefined;
  if (perMillion === true) return n;
  if (perMillion === false) return round(n * 1_000_000);
  return n !== 0 && n < 0.001 ? round(n * 1_000_000) : n;
}

function round(n: number): number {
  return Math.round(n * 1e9) / 1e9;
}

/** What one live entry says, field by field; undefined where it says nothing. */
export interface LiveFields {
  id: string;
  provider?: string;
  name?: string;
  kind?: ModelKind;
  contextWindow?: number;
  maxOutputTokens?: number;
  inputPrice?: number;
  outputPrice?: number;
  unitPrice?: ModelInfo['unitPrice'];
  capabilities: Partial<ModelCapabilities>;
  description?: string;
}

export function readRawModel(raw: RawModel): LiveFields {
  const r = raw as Record<string, unknown>;
  const top = obj(r.top_provider);
  const arch = obj(r.architecture);
  const pricing = obj(r.pricing) ?? obj(r.price) ?? obj(r.prices);
  const limits = obj(r.limits);
  const meta = obj(r.metadata);

  const contextWindow = firstNum(
    r.context_length,
    r.context_window,
    r.max_context_length,
    r.context_size,
    r.max_input_tokens,
    r.input_token_limit,
    r.max_model_len,
    r.max_tokens_context,
    top?.context_length,
    limits?.context_length,
    limits?.context_window,
    meta?.context_length,
  );
  const maxOutputTokens = firstNum(
    r.max_output_tokens,
    r.max_completion_tokens,
    r.output_token_limit,
    top?.max_completion_tokens,
    limits?.max_output_tokens,
    limits?.max_completion_tokens,
  );

  // Modalities: architecture.{input,output}_modalities, or `modality: "text+image->text"`.
  const modality = str(arch?.modality) ?? str(r.modality);
  const [modIn, modOut] = modality?.includes('->') ? modality.toLowerCase().split('->') : [undefined, undefined];
  const inputs = [...strings(arch?.input_modalities), ...strings(r.input_modalities), ...strings(modIn)];
  const outputs = [...strings(arch?.output_modalities), ...strings(r.output_modalities), ...strings(modOut)];

  let kind: ModelKind | undefined;
  const declared = (str(r.kind) ?? str(r.type) ?? str(r.mode) ?? str(r.category) ?? '').toLowerCase();
  if (/video/.test(declared) || outputs.includes('video')) kind = 'video';
  else if (/image/.test(declared) || (outputs.includes('image') && !outputs.includes('text'))) kind = 'image';
  else if (/chat|text|llm|completion|language/.test(declared) || outputs.includes('text')) kind = 'chat';

  // Prices: pricing.{prompt,completion} (OpenRouter, per token), pricing.{input,output},
  // flat *_price / *_cost_per_token (LiteLLM) / *_per_million fields.
  let inputPrice: number | undefined;
  let outputPrice: number | undefined;
  let unitPrice: ModelInfo['unitPrice'];
  if (pricing) {
    const unit = (str(pricing.unit) ?? '').toLowerCase();
    const perMillion = /million|1m|mtok/.test(unit) ? true : /token/.test(unit) ? false : undefined;
    inputPrice = toPerMillion(pricing.prompt ?? pricing.input ?? pricing.input_price, perMillion);
    outputPrice = toPerMillion(pricing.completion ?? pricing.output ?? pricing.output_price, perMillion);
    // `pricing.image` is a per-image OUTPUT price only for image models (OpenRouter uses it for image input).
    const image = num(pricing.image_generation ?? pricing.per_image ?? (kind === 'image' ? pricing.image : undefined));
    const second = num(pricing.per_second ?? pricing.video_per_second ?? pricing.second);
    if (second !== undefined && second > 0) unitPrice = { amount: second, unit: 'second' };
    else if (image !== undefined && image > 0) unitPrice = { amount: image, unit: 'image' };
  }
  inputPrice ??= toPerMillion(r.input_cost_per_token, false) ?? toPerMillion(r.input_price_per_million ?? r.input_price, true);
  outputPrice ??= toPerMillion(r.output_cost_per_token, false) ?? toPerMillion(r.output_price_per_million ?? r.output_price, true);
  if (!unitPrice) {
    const second = num(r.price_per_second ?? r.output_cost_per_second);
    const image = num(r.price_per_image ?? r.output_cost_per_image);
    if (second !== undefined && second > 0) unitPrice = { amount: second, unit: 'second' };
    else if (image !== undefined && image > 0) unitPrice = { amount: image, unit: 'image' };
  }

  const capabilities: Partial<ModelCapabilities> = {};
  // Image input on a media model means editing, not vision in a chat.
  if (inputs.length && kind !== 'image' && kind !== 'video') capabilities.vision = inputs.includes('image');
  const params = strings(r.supported_parameters);
  if (params.length) {
    capabilities.tools = params.includes('tools') || params.includes('tool_choice') || params.includes('functions');
    capabilities.json = params.includes('response_format') || params.includes('structured_outputs');
    capabilities.reasoning = params.includes('reasoning') || params.includes('include_reasoning') || params.includes('reasoning_effort');
  }
  // `capabilities` as an object ({vision: true, function_calling: true}) or a list (["vision","tools"]).
  const capsObj = obj(r.capabilities);
  const capsList = Array.isArray(r.capabilities) ? strings(r.capabilities) : undefined;
  const flag = (names: string[], flat: string[]): boolean | undefined => {
    if (capsList) return names.some((n) => capsList.includes(n)) ? true : undefined;
    for (const n of names) if (typeof capsObj?.[n] === 'boolean') return capsObj[n] as boolean;
    for (const n of flat) if (typeof r[n] === 'boolean') return r[n] as boolean;
    return undefined;
  };
  const vision = flag(['vision', 'image_input', 'images'], ['supports_vision']);
  const tools = flag(['tools', 'tool_use', 'tool_calling', 'function_calling', 'functions'], ['supports_function_calling', 'supports_tools']);
  const json = flag(['json', 'json_mode', 'response_format', 'structured_outputs'], ['supports_response_schema', 'supports_json_mode']);
  const reasoning = flag(['reasoning', 'thinking'], ['supports_reasoning']);
  if (vision !== undefined) capabilities.vision = vision;
  if (tools !== undefined) capabilities.tools = tools;
  if (json !== undefined) capabilities.json = json;
  if (reasoning !== undefined) capabilities.reasoning = reasoning;

  const ownedBy = str(r.owned_by)?.toLowerCase();
  // The id's prefix, else the family the bare id names (one-api style gateways put the same
  // `owned_by` on every model), else `owned_by`.
  const provider =
    providerOf(raw.id) ||
    guessProvider(raw.id) ||
    (ownedBy && !['system', 'openai-internal', 'custom', 'user', 'organization-owner'].includes(ownedBy) ? PROVIDER_ALIASES[ownedBy] ?? ownedBy : undefined);
  const name = str(r.name) ?? str(r.display_name) ?? str(r.displayName);

  return {
    id: raw.id,
    provider: provider || undefined,
    // Some gateways set `name` to the id itself; that is not a display name.
    name: name && name !== raw.id ? stripProviderFromName(name) : undefined,
    kind,
    contextWindow,
    maxOutputTokens,
    inputPrice,
    outputPrice,
    unitPrice,
    capabilities,
    description: str(r.description),
  };
}

/** OpenRouter names read `Anthropic: Claude Sonnet 4.6`; the provider is shown separately. */
function stripProviderFromName(name: string): string {
  const m = /^[^:]{1,40}:\s+(.+)$/.exec(name);
  return m ? m[1] : name;
}

// ---------------------------------------------------------------------------------------------
// Ids: with and without the provider prefix, as the gateway accepts them.

/** The id without its provider prefix (`anthropic/claude-sonnet-4-6` → `claude-sonnet-4-6`). */
export function bareId(id: string): string {
  const i = id.lastIndexOf('/');
  return i >= 0 ? id.slice(i + 1) : id;
}

/**
 * The key two spellings of one model share: no prefix, lower case, dots as dashes
 * (`anthropic/claude-sonnet-4.6` ≡ `claude-sonnet-4-6`).
 */
export function modelKey(id: string): string {
  return bareId(id.trim()).toLowerCase().replace(/\./g, '-');
}

/** Guess a provider from a bare id (`claude-…` → anthropic), for gateways that list ids without prefix. */
export function guessProvider(id: string): string | undefined {
  const b = bareId(id).toLowerCase();
  const rules: [RegExp, string][] = [
    [/^(gpt|o\d|chatgpt|dall-e|sora|whisper|text-embedding)/, 'openai'],
    [/^claude/, 'anthropic'],
    [/^(gemini|gemma|imagen|veo)/, 'google'],
    [/^grok/, 'x-ai'],
    [/^(qwen|qwq|wan)/, 'qwen'],
    [/^(glm|chatglm|cogview)/, 'z-ai'],
    [/^(minimax|abab|hailuo)/, 'minimax'],
    [/^mimo/, 'xiaomi'],
    [/^(kimi|moonshot)/, 'moonshotai'],
    [/^deepseek/, 'deepseek'],
    [/^(doubao|seedance|seedream|seed-)/, 'bytedance'],
    [/^kling/, 'kwaivgi'],
  ];
  return rules.find(([re]) => re.test(b))?.[1];
}

/** Kind from the id alone, when the gateway does not say. */
export function guessKind(id: string): ModelKind {
  const b = bareId(id).toLowerCase();
  if (/seedance|kling|sora|veo|hailuo|video|t2v|i2v|r2v|happyhorse/.test(b)) return 'video';
  if (/seedream|gpt-image|dall-e|imagen|-image|image-|flux|cogview|stable-diffusion|sdxl/.test(b)) return 'image';
  return 'chat';
}

export function providerDisplayName(provider: string): string {
  if (PROVIDER_NAMES[provider]) return PROVIDER_NAMES[provider];
  if (!provider) return 'Other';
  return provider
    .split(/[-_]/)
    .map((w) => (w ? w[0].toUpperCase() + w.slice(1) : w))
    .join(' ');
}

/** A readable name from an id (`deepseek-v3.2` → `Deepseek V3.2`), for live models the catalogue does not know. */
export function nameFromId(id: string): string {
  return bareId(id)
    .split(/[-_]/)
    .filter(Boolean)
    .map((w) => (/^[a-z]/.test(w) ? w[0].toUpperCase() + w.slice(1) : w))
    .join(' ');
}

// ---------------------------------------------------------------------------------------------
// Merging.

function withoutUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/**
 * The catalogue from the live list: one entry per live model (the gateway decides what exists),
 * each filled in from the built-in entry with the same key; live wins where both have a field.
 */
export function mergeCatalogue(live: readonly RawModel[], builtin: readonly ModelInfo[] = builtinModels()): ModelInfo[] {
  const byKey = new Map<string, ModelInfo>();
  for (const b of builtin) if (!byKey.has(modelKey(b.id))) byKey.set(modelKey(b.id), b);
  const out: ModelInfo[] = [];
  const seen = new Set<string>();
  for (const raw of live) {
    if (seen.has(raw.id)) continue;
    seen.add(raw.id);
    const l = readRawModel(raw);
    const b = byKey.get(modelKey(l.id));
    const provider = l.provider ?? b?.provider ?? guessProvider(l.id) ?? '';
    const base: ModelInfo = b ?? {
      id: l.id,
      provider,
      providerName: providerDisplayName(provider),
      name: nameFromId(l.id),
      kind: guessKind(l.id),
      capabilities: { vision: false, tools: false, json: false, reasoning: false },
      source: 'live',
    };
    const { capabilities: liveCaps, provider: _p, ...liveRest } = l;
    out.push({
      ...base,
      ...withoutUndefined(liveRest),
      id: l.id,
      provider,
      providerName: providerDisplayName(provider),
      capabilities: { ...base.capabilities, ...withoutUndefined(liveCaps) },
      source: b ? 'merged' : 'live',
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Lookup and suggestions.

/** The model a user's id means: exact, then case-insensitive, then with or without prefix. */
export function findModel(models: readonly ModelInfo[], id: string): ModelInfo | undefined {
  const wanted = id.trim();
  if (!wanted) return undefined;
  const exact = models.find((m) => m.id === wanted);
  if (exact) return exact;
  const lower = wanted.toLowerCase();
  const ci = models.find((m) => m.id.toLowerCase() === lower);
  if (ci) return ci;
  const key = modelKey(wanted);
  const prefix = wanted.includes('/') ? providerOf(wanted) : undefined;
  const sameKey = models.filter((m) => modelKey(m.id) === key);
  // `openai/gpt-4.1` must not match `azure/gpt-4.1` when both exist; a bare id takes the first.
  if (prefix) return sameKey.find((m) => m.provider === prefix) ?? (sameKey.length === 1 && !sameKey[0].id.includes('/') ? sameKey[0] : undefined);
  return sameKey[0];
}

export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  let cur = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** The known ids closest to an unknown one (edit distance on the prefix-less key; containment counts as close). */
export function suggestModelIds(models: readonly ModelInfo[], id: string, max = 3, kind?: ModelKind): string[] {
  const key = modelKey(id);
  if (!key) return [];
  const scored = models
    .filter((m) => !kind || m.kind === kind)
    .map((m) => {
      const k = modelKey(m.id);
      let d = editDistance(key, k);
      if (k.includes(key) || key.includes(k)) d = Math.min(d, Math.abs(k.length - key.length) / 4);
      return { id: m.id, d, rel: d / Math.max(key.length, k.length) };
    })
    // Beyond about half the letters changed a "suggestion" is noise.
    .filter((s) => s.rel <= 0.5)
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id));
  return scored.slice(0, max).map((s) => s.id);
}

// ---------------------------------------------------------------------------------------------
// Grouping and filtering for the pickers.

export function providerRank(provider: string): number {
  const i = PROVIDER_ORDER.indexOf(provider);
  return i >= 0 ? i : PROVIDER_ORDER.length;
}

/** Models grouped by provider, providers in the docs' order (unknown ones after, by name), models in list order. */
export function groupByProvider(models: readonly ModelInfo[]): { provider: string; providerName: string; models: ModelInfo[] }[] {
  const groups = new Map<string, { provider: string; providerName: string; models: ModelInfo[] }>();
  for (const m of models) {
    let g = groups.get(m.provider);
    if (!g) groups.set(m.provider, (g = { provider: m.provider, providerName: m.providerName, models: [] }));
    g.models.push(m);
  }
  return [...groups.values()].sort((a, b) => providerRank(a.provider) - providerRank(b.provider) || a.providerName.localeCompare(b.providerName));
}

const CAPABILITY_WORDS: Record<keyof ModelCapabilities, string[]> = {
  vision: ['vision', 'image-input', 'images', 'multimodal'],
  tools: ['tools', 'tool', 'functions', 'function-calling'],
  json: ['json', 'json-mode', 'structured'],
  reasoning: ['reasoning', 'thinking', 'reason'],
};

/**
 * A filter by name, id, provider, kind or capability: every word must match something
 * (`vision anthropic` = Anthropic models with vision). Capability words match the capability only.
 */
export function matchesFilter(model: ModelInfo, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const hay = [model.id, model.name, model.provider, model.providerName, model.kind, model.description ?? ''].join(' ').toLowerCase();
  return words.every((w) => {
    for (const [cap, names] of Object.entries(CAPABILITY_WORDS) as [keyof ModelCapabilities, string[]][]) {
      if (names.includes(w)) return model.capabilities[cap];
    }
    return hay.includes(w);
  });
}

// ---------------------------------------------------------------------------------------------
// The catalogue with its cache and offline fallback.

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
