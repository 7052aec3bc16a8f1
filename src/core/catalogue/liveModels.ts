import type { RawModel } from '../api/types';
import { PROVIDER_ALIASES, providerOf } from './builtin';
import { guessProvider } from './modelIds';
import type { ModelCapabilities, ModelInfo, ModelKind } from './types';

// Reading `GET /models`: every shape OpenAI-compatible gateways send (OpenAI, OpenRouter,
// LiteLLM, one-api and others), field by field, claiming nothing an entry does not say.

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
