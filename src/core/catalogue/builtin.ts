import type { ModelCapabilities, ModelInfo, ModelKind } from './types';

// The catalogue built into the extension, from the vendor's docs (../shared/seeds):
// - 001 (English overview) names the providers, how many models each offers, a few ids
//   (openai/gpt-4.1, openai/gpt-5.4, anthropic/claude-sonnet-4-6, google/gemini-2.5-pro,
//   bytedance/doubao-seedance-2.0, bytedance/doubao-seedream-5.0) and Kling's price per second.
// - 004 (Claude page) lists every Claude id with its price per million tokens.
// - 003 (Tokenhot, a gateway of the same kind) lists the image models and some chat ids.
// Prices appear ONLY where a document states them; everything else stays undefined and is
// filled from the live `/models` list. Context windows are the providers' widely published
// figures (marked `public` below) or the figure a seed states (marked `seed`); where neither is
// certain the field is left out rather than guessed. The live list always wins (mergeCatalogue.ts).

/** Display names per provider key. Several keys name one provider (gateways spell them differently). */
export const PROVIDER_NAMES: Readonly<Record<string, string>> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  google: 'Google',
  'x-ai': 'xAI',
  xai: 'xAI',
  qwen: 'Alibaba (Qwen)',
  alibaba: 'Alibaba (Qwen)',
  'z-ai': 'Zhipu AI (GLM)',
  zai: 'Zhipu AI (GLM)',
  zhipu: 'Zhipu AI (GLM)',
  zhipuai: 'Zhipu AI (GLM)',
  minimax: 'MiniMax',
  xiaomi: 'Xiaomi (MiMo)',
  moonshotai: 'Moonshot AI (Kimi)',
  moonshot: 'Moonshot AI (Kimi)',
  deepseek: 'DeepSeek',
  bytedance: 'ByteDance',
  'bytedance-seed': 'ByteDance',
  kwaivgi: 'Kwaivgi (Kling)',
  kling: 'Kwaivgi (Kling)',
};

/** Provider order in pickers: the seeds' order (001), unknown providers after these, by name. */
export const PROVIDER_ORDER: readonly string[] = [
  'openai',
  'anthropic',
  'google',
  'x-ai',
  'qwen',
  'z-ai',
  'minimax',
  'xiaomi',
  'moonshotai',
  'deepseek',
  'bytedance',
  'kwaivgi',
];

/** One provider under each spelling (`xai` → `x-ai`), so grouping does not split a provider. */
export const PROVIDER_ALIASES: Readonly<Record<string, string>> = {
  xai: 'x-ai',
  alibaba: 'qwen',
  zai: 'z-ai',
  zhipu: 'z-ai',
  zhipuai: 'z-ai',
  moonshot: 'moonshotai',
  'bytedance-seed': 'bytedance',
  kling: 'kwaivgi',
};

const M = 1_000_000;
const K = 1_000;

type Caps = Partial<ModelCapabilities>;
const ALL: Caps = { vision: true, tools: true, json: true, reasoning: true };
const TEXT_TOOLS: Caps = { tools: true, json: true };
const NONE: Caps = {};

interface Entry {
  id: string;
  name: string;
  kind?: ModelKind;
  contextWindow?: number;
  inputPrice?: number;
  outputPrice?: number;
  unitPrice?: ModelInfo['unitPrice'];
  caps?: Caps;
  description?: string;
}

// Capabilities: Claude's page (004) documents tool use, vision and JSON mode for every Claude
// model; the others are the providers' public model cards (vision = accepts images).
const ENTRIES: Entry[] = [
  // OpenAI: 001 names gpt-4.1 and gpt-5.4; 003 lists GPT 5, 5.2, 5.4 and gpt-5.4-mini.
  { id: 'openai/gpt-5.4', name: 'GPT-5.4', caps: ALL },
  { id: 'openai/gpt-5.4-mini', name: 'GPT-5.4 mini', caps: ALL },
  { id: 'openai/gpt-5.2', name: 'GPT-5.2', caps: ALL, contextWindow: 400 * K /* public */ },
  { id: 'openai/gpt-5', name: 'GPT-5', caps: ALL, contextWindow: 400 * K /* public */ },
  { id: 'openai/gpt-4.1', name: 'GPT-4.1', caps: { vision: true, tools: true, json: true }, contextWindow: 1_047_576 /* public */ },
  { id: 'openai/gpt-4.1-mini', name: 'GPT-4.1 mini', caps: { vision: true, tools: true, json: true }, contextWindow: 1_047_576 /* public */ },

  // Anthropic: every id and price exactly as 004 lists them ($ per million tokens). 200K is
  // Anthropic's published standard window for all of these (public).
  { id: 'anthropic/claude-opus-4-7', name: 'Claude Opus 4.7', inputPrice: 5, outputPrice: 25, contextWindow: 200 * K, caps: ALL },
  { id: 'anthropic/claude-opus-4-6', name: 'Claude Opus 4.6', inputPrice: 5, outputPrice: 25, contextWindow: 200 * K, caps: ALL },
  { id: 'anthropic/claude-sonnet-4-6', name: 'Claude Sonnet 4.6', inputPrice: 3, outputPrice: 15, contextWindow: 200 * K, caps: ALL },
  { id: 'anthropic/claude-haiku-4-5', name: 'Claude Haiku 4.5', inputPrice: 1, outputPrice: 5, contextWindow: 200 * K, caps: ALL },
  { id: 'anthropic/claude-sonnet-4-5', name: 'Claude Sonnet 4.5', inputPrice: 3, outputPrice: 15, contextWindow: 200 * K, caps: ALL },
  { id: 'anthropic/claude-opus-4-5', name: 'Claude Opus 4.5', inputPrice: 5, outputPrice: 25, contextWindow: 200 * K, caps: ALL },
  { id: 'anthropic/claude-4-sonnet', name: 'Claude Sonnet 4', inputPrice: 3, outputPrice: 15, contextWindow: 200 * K, caps: ALL },
  { id: 'anthropic/claude-4-opus', name: 'Claude Opus 4', inputPrice: 15, outputPrice: 75, contextWindow: 200 * K, caps: ALL },
  { id: 'anthropic/claude-3-5-sonnet-latest', name: 'Claude 3.5 Sonnet', inputPrice: 3, outputPrice: 15, contextWindow: 200 * K, caps: { vision: true, tools: true, json: true } },
  { id: 'anthropic/claude-3-5-haiku-latest', name: 'Claude 3.5 Haiku', inputPrice: 0.8, outputPrice: 4, contextWindow: 200 * K, caps: TEXT_TOOLS },

  // Google (001: "context windows up to 2M"); 001 names gemini-2.5-pro, 003 the others.
  { id: 'google/gemini-3.1-pro-preview', name: 'Gemini 3.1 Pro (preview)', caps: ALL },
  { id: 'google/gemini-3-flash-preview', name: 'Gemini 3 Flash (preview)', caps: ALL },
  { id: 'google/gemini-2.5-pro', name: 'Gemini 2.5 Pro', caps: ALL, contextWindow: 1_048_576 /* public */ },
  { id: 'google/gemini-2.5-flash', name: 'Gemini 2.5 Flash', caps: ALL, contextWindow: 1_048_576 /* public */ },
  { id: 'google/gemini-2.5-flash-lite', name: 'Gemini 2.5 Flash-Lite', caps: { vision: true, tools: true, json: true }, contextWindow: 1_048_576 /* public */ },

  // xAI: 003 lists grok-4.1.
  { id: 'x-ai/grok-4.1', name: 'Grok 4.1', caps: ALL },
  { id: 'x-ai/grok-4.1-fast', name: 'Grok 4.1 Fast', caps: ALL, contextWindow: 2 * M /* public */ },
  { id: 'x-ai/grok-code-fast-1', name: 'Grok Code Fast 1', caps: { tools: true, json: true, reasoning: true }, contextWindow: 256 * K /* public */ },

  // Alibaba (Qwen) and Alibaba (Qwen3): 001 lists them as two groups of three; one provider here.
  { id: 'qwen/qwen-max', name: 'Qwen Max', caps: TEXT_TOOLS, contextWindow: 32_768 /* public */ },
  { id: 'qwen/qwen-plus', name: 'Qwen Plus', caps: TEXT_TOOLS },
  { id: 'qwen/qwen-turbo', name: 'Qwen Turbo', caps: TEXT_TOOLS },
  { id: 'qwen/qwen3-235b-a22b', name: 'Qwen3 235B A22B', caps: { tools: true, json: true, reasoning: true } },
  { id: 'qwen/qwen3-vl-235b-a22b-instruct', name: 'Qwen3 VL 235B A22B', caps: { vision: true, tools: true, json: true } },
  { id: 'qwen/qwen3-coder-480b-a35b-instruct', name: 'Qwen3 Coder 480B A35B', caps: TEXT_TOOLS },

  // Zhipu AI (GLM): 001 "up to 200K context" (seed).
  { id: 'z-ai/glm-4.6', name: 'GLM-4.6', caps: { tools: true, json: true, reasoning: true }, contextWindow: 200 * K /* seed */ },
  { id: 'z-ai/glm-4.5', name: 'GLM-4.5', caps: { tools: true, json: true, reasoning: true } },
  { id: 'z-ai/glm-4.5-air', name: 'GLM-4.5 Air', caps: { tools: true, json: true, reasoning: true } },

  // MiniMax: 001 "M2 series. Ultra-long 205K context" (seed: 204,800 tokens).
  { id: 'minimax/minimax-m2', name: 'MiniMax M2', caps: { tools: true, json: true, reasoning: true }, contextWindow: 204_800 /* seed */ },
  { id: 'minimax/minimax-m2.1', name: 'MiniMax M2.1', caps: { tools: true, json: true, reasoning: true }, contextWindow: 204_800 /* seed */ },

  // Xiaomi (MiMo): 001 "MiMo V2 models. Large context windows up to 1M tokens" (seed, the larger model).
  { id: 'xiaomi/mimo-v2-pro', name: 'MiMo V2 Pro', caps: { tools: true, json: true, reasoning: true }, contextWindow: 1 * M /* seed */ },
  { id: 'xiaomi/mimo-v2-flash', name: 'MiMo V2 Flash', caps: { tools: true, json: true, reasoning: true } },

  // Moonshot AI (Kimi K2 series); 262,144 tokens is Moonshot's published K2 window (public).
  { id: 'moonshotai/kimi-k2-0905', name: 'Kimi K2 0905', caps: TEXT_TOOLS, contextWindow: 262_144 },
  { id: 'moonshotai/kimi-k2-thinking', name: 'Kimi K2 Thinking', caps: { tools: true, json: true, reasoning: true }, contextWindow: 262_144 },
  { id: 'moonshotai/kimi-k2-turbo', name: 'Kimi K2 Turbo', caps: TEXT_TOOLS, contextWindow: 262_144 },

  // DeepSeek: 128K is DeepSeek's published API window for deepseek-chat / deepseek-reasoner (public).
  { id: 'deepseek/deepseek-v3.2', name: 'DeepSeek V3.2', caps: TEXT_TOOLS },
  { id: 'deepseek/deepseek-v3.2-thinking', name: 'DeepSeek V3.2 Thinking', caps: { tools: true, json: true, reasoning: true } },
  { id: 'deepseek/deepseek-v3.1-terminus', name: 'DeepSeek V3.1 Terminus', caps: { tools: true, json: true, reasoning: true } },
  { id: 'deepseek/deepseek-chat', name: 'DeepSeek Chat', caps: TEXT_TOOLS, contextWindow: 128 * K },
  { id: 'deepseek/deepseek-reasoner', name: 'DeepSeek Reasoner', caps: { tools: true, json: true, reasoning: true }, contextWindow: 128 * K },
  { id: 'deepseek/deepseek-r1', name: 'DeepSeek R1', caps: { reasoning: true } },

  // ByteDance (Seedance): video. 001 names doubao-seedance-2.0; 003 lists the -fast variant.
  { id: 'bytedance/doubao-seedance-2.0', name: 'Seedance 2.0', kind: 'video', caps: NONE },
  { id: 'bytedance/doubao-seedance-2.0-fast', name: 'Seedance 2.0 Fast', kind: 'video', caps: NONE },

  // ByteDance (Seedream): images. 001 names doubao-seedream-5.0; 003 lists 4.0 and 4.5.
  { id: 'bytedance/doubao-seedream-5.0', name: 'Seedream 5.0', kind: 'image', caps: NONE },
  { id: 'bytedance/doubao-seedream-4.5', name: 'Seedream 4.5', kind: 'image', caps: NONE },
  { id: 'bytedance/doubao-seedream-4.0', name: 'Seedream 4.0', kind: 'image', caps: NONE },

  // Kwaivgi (Kling): video, std and pro modes; prices per second from 001 ($0.168/s, $0.224/s, no audio).
  { id: 'kwaivgi/kling-v2.6-std', name: 'Kling 2.6 (std)', kind: 'video', unitPrice: { amount: 0.168, unit: 'second' }, caps: NONE },
  { id: 'kwaivgi/kling-v2.6-pro', name: 'Kling 2.6 (pro)', kind: 'video', unitPrice: { amount: 0.224, unit: 'second' }, caps: NONE },

  // Image models from Tokenhot's list (003); whether TokenHub serves them is the live list's call.
  { id: 'openai/gpt-image-1.5', name: 'GPT Image 1.5', kind: 'image', caps: NONE },
  { id: 'openai/gpt-image-2', name: 'GPT Image 2', kind: 'image', caps: NONE },
  { id: 'google/gemini-2.5-flash-image', name: 'Gemini 2.5 Flash Image', kind: 'image', caps: NONE },
  { id: 'google/gemini-3-pro-image-preview', name: 'Gemini 3 Pro Image (preview)', kind: 'image', caps: NONE },
];

/**
 * Tokenhot's ids for the built-in models its docs list (../shared/seeds/003): it names models
 * without a provider prefix, some with a date. Its docs publish no prices, so none are built in
 * for it: they come from its `/models`, or stay unknown.
 */
const TOKENHOT_IDS: Readonly<Record<string, string>> = {
  'openai/gpt-5.4': 'gpt-5.4',
  'openai/gpt-5.4-mini': 'gpt-5.4-mini',
  'openai/gpt-5.2': 'gpt-5.2',
  'openai/gpt-5': 'gpt-5',
  'anthropic/claude-opus-4-6': 'claude-opus-4-6',
  'anthropic/claude-sonnet-4-5': 'claude-sonnet-4-5-20250929',
  'google/gemini-3.1-pro-preview': 'gemini-3.1-pro-preview',
  'google/gemini-3-flash-preview': 'gemini-3-flash-preview',
  'google/gemini-2.5-pro': 'gemini-2.5-pro',
  'google/gemini-2.5-flash': 'gemini-2.5-flash',
  'x-ai/grok-4.1': 'grok-4.1',
  'bytedance/doubao-seedance-2.0': 'doubao-seedance-2.0',
  'bytedance/doubao-seedance-2.0-fast': 'doubao-seedance-2.0-fast',
  'bytedance/doubao-seedream-5.0': 'doubao-seedream-5-0-260128',
  'bytedance/doubao-seedream-4.5': 'doubao-seedream-4-5-251128',
  'bytedance/doubao-seedream-4.0': 'doubao-seedream-4-0-250828',
  'openai/gpt-image-1.5': 'gpt-image-1.5',
  'openai/gpt-image-2': 'gpt-image-2',
  'google/gemini-2.5-flash-image': 'gemini-2.5-flash-image',
  'google/gemini-3-pro-image-preview': 'gemini-3-pro-image-preview',
};

export function providerOf(id: string): string {
  const slash = id.indexOf('/');
  const raw = slash > 0 ? id.slice(0, slash).toLowerCase() : '';
  return PROVIDER_ALIASES[raw] ?? raw;
}

function toInfo(e: Entry): ModelInfo {
  const provider = providerOf(e.id);
  return {
    id: e.id,
    provider,
    providerName: PROVIDER_NAMES[provider] ?? provider,
    name: e.name,
    kind: e.kind ?? 'chat',
    contextWindow: e.contextWindow,
    inputPrice: e.inputPrice,
    outputPrice: e.outputPrice,
    unitPrice: e.unitPrice,
    capabilities: { vision: false, tools: false, json: false, reasoning: false, ...e.caps },
    source: 'builtin',
    description: e.description,
  };
}

/**
 * A fresh copy each call, so no caller can change the built-in data for the others. TokenHub's
 * list by default; `tokenhot`: the models Tokenhot's docs list, under its ids, without prices.
 */
export function builtinModels(gateway: 'tokenhub' | 'tokenhot' = 'tokenhub'): ModelInfo[] {
  if (gateway === 'tokenhub') return ENTRIES.map(toInfo);
  return ENTRIES.filter((e) => TOKENHOT_IDS[e.id]).map((e) => {
    const m = toInfo(e);
    return { ...m, id: TOKENHOT_IDS[e.id]!, inputPrice: undefined, outputPrice: undefined, unitPrice: undefined };
  });
}
