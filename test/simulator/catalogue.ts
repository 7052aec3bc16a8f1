// The model list the simulator serves on GET /models: every provider and model id the vendor's
// docs name (../shared/seeds 001/004), with the prices 004 gives for Claude and the per-second
// prices 001 gives for Kling. Where the docs only give a count per provider ("OpenAI 6 models"),
// the remaining ids are the ones those providers publish, so lists have the documented sizes.
// This is TEST data (what a live gateway might answer); the product's built-in catalogue lives in
// src/core/catalogue/ and must not import this file.

export type SimModelKind = 'chat' | 'image' | 'video';

export interface SimModel {
  id: string;
  /** Provider key as gateways put it in `owned_by`. */
  ownedBy: string;
  providerName: string;
  name: string;
  kind: SimModelKind;
  contextLength?: number;
  /** USD per million tokens. */
  inputPrice?: number;
  outputPrice?: number;
  /** Media: USD per image or per second of video. */
  unitPrice?: { amount: number; unit: 'image' | 'second' };
  reasoning?: boolean;
  vision?: boolean;
}

const chat = (
  id: string,
  ownedBy: string,
  providerName: string,
  name: string,
  contextLength: number,
  inputPrice?: number,
  outputPrice?: number,
  extra: Partial<SimModel> = {},
): SimModel => ({ id, ownedBy, providerName, name, kind: 'chat', contextLength, inputPrice, outputPrice, ...extra });

export const SIM_MODELS: readonly SimModel[] = [
  // OpenAI (001: 6 models; gpt-4.1 and gpt-5.4 named in the examples)
  chat('openai/gpt-5.4', 'openai', 'OpenAI', 'GPT-5.4', 400_000, 2.5, 15, { reasoning: true, vision: true }),
  chat('openai/gpt-5.4-mini', 'openai', 'OpenAI', 'GPT-5.4 mini', 400_000, 0.5, 4, { reasoning: true, vision: true }),
  chat('openai/gpt-5.2', 'openai', 'OpenAI', 'GPT-5.2', 400_000, 1.75, 14, { reasoning: true, vision: true }),
  chat('openai/gpt-5', 'openai', 'OpenAI', 'GPT-5', 400_000, 1.25, 10, { reasoning: true, vision: true }),
  chat('openai/gpt-4.1', 'openai', 'OpenAI', 'GPT-4.1', 1_047_576, 2, 8, { vision: true }),
  chat('openai/gpt-4.1-mini', 'openai', 'OpenAI', 'GPT-4.1 mini', 1_047_576, 0.4, 1.6, { vision: true }),
  // Anthropic (004: the full price table, USD per million tokens)
  chat('anthropic/claude-opus-4-7', 'anthropic', 'Anthropic', 'Claude Opus 4.7', 200_000, 5, 25, { reasoning: true, vision: true }),
  chat('anthropic/claude-opus-4-6', 'anthropic', 'Anthropic', 'Claude Opus 4.6', 200_000, 5, 25, { reasoning: true, vision: true }),
  chat('anthropic/claude-sonnet-4-6', 'anthropic', 'Anthropic', 'Claude Sonnet 4.6', 200_000, 3, 15, { reasoning: true, vision: true }),
  chat('anthropic/claude-haiku-4-5', 'anthropic', 'Anthropic', 'Claude Haiku 4.5', 200_000, 1, 5, { vision: true }),
  chat('anthropic/claude-sonnet-4-5', 'anthropic', 'Anthropic', 'Claude Sonnet 4.5', 200_000, 3, 15, { reasoning: true, vision: true }),
  chat('anthropic/claude-opus-4-5', 'anthropic', 'Anthropic', 'Claude Opus 4.5', 200_000, 5, 25, { reasoning: true, vision: true }),
  chat('anthropic/claude-4-sonnet', 'anthropic', 'Anthropic', 'Claude Sonnet 4', 200_000, 3, 15, { vision: true }),
  chat('anthropic/claude-4-opus', 'anthropic', 'Anthropic', 'Claude Opus 4', 200_000, 15, 75, { vision: true }),
  chat('anthropic/claude-3-5-sonnet-latest', 'anthropic', 'Anthropic', 'Claude 3.5 Sonnet', 200_000, 3, 15, { vision: true }),
  chat('anthropic/claude-3-5-haiku-latest', 'anthropic', 'Anthropic', 'Claude 3.5 Haiku', 200_000, 0.8, 4),
  // Google (001: 5 models, up to 2M context; gemini-2.5-pro named in the streaming example)
  chat('google/gemini-3.1-pro-preview', 'google', 'Google', 'Gemini 3.1 Pro Preview', 1_048_576, 2, 12, { reasoning: true, vision: true }),
  chat('google/gemini-3-flash-preview', 'google', 'Google', 'Gemini 3 Flash Preview', 1_048_576, 0.5, 3, { reasoning: true, vision: true }),
  chat('google/gemini-2.5-pro', 'google', 'Google', 'Gemini 2.5 Pro', 2_097_152, 1.25, 10, { reasoning: true, vision: true }),
  chat('google/gemini-2.5-flash', 'google', 'Google', 'Gemini 2.5 Flash', 1_048_576, 0.3, 2.5, { reasoning: true, vision: true }),
  chat('google/gemini-2.5-flash-lite', 'google', 'Google', 'Gemini 2.5 Flash-Lite', 1_048_576, 0.1, 0.4, { vision: true }),
  // xAI (3)
  chat('x-ai/grok-4.1', 'x-ai', 'xAI', 'Grok 4.1', 256_000, 3, 15, { reasoning: true }),
  chat('x-ai/grok-4.1-fast', 'x-ai', 'xAI', 'Grok 4.1 Fast', 2_000_000, 0.2, 0.5, { reasoning: true }),
  chat('x-ai/grok-code-fast-1', 'x-ai', 'xAI', 'Grok Code Fast 1', 256_000, 0.2, 1.5, { reasoning: true }),
  // Alibaba Qwen (3)
  chat('qwen/qwen-max', 'qwen', 'Alibaba (Qwen)', 'Qwen Max', 32_768, 1.6, 6.4),
  chat('qwen/qwen-plus', 'qwen', 'Alibaba (Qwen)', 'Qwen Plus', 131_072, 0.4, 1.2),
  chat('qwen/qwen-turbo', 'qwen', 'Alibaba (Qwen)', 'Qwen Turbo', 1_000_000, 0.05, 0.2),
  // Zhipu GLM (3, up to 200K)
  chat('z-ai/glm-4.6', 'z-ai', 'Zhipu AI (GLM)', 'GLM-4.6', 200_000, 0.6, 2.2, { reasoning: true }),
  chat('z-ai/glm-4.5', 'z-ai', 'Zhipu AI (GLM)', 'GLM-4.5', 128_000, 0.6, 2.2, { reasoning: true }),
  chat('z-ai/glm-4.5-air', 'z-ai', 'Zhipu AI (GLM)', 'GLM-4.5 Air', 128_000, 0.2, 1.1),
  // MiniMax (2, 205K)
  chat('minimax/minimax-m2', 'minimax', 'MiniMax', 'MiniMax M2', 204_800, 0.3, 1.2, { reasoning: true }),
  chat('minimax/minimax-m2.1', 'minimax', 'MiniMax', 'MiniMax M2.1', 204_800, 0.3, 1.2, { reasoning: true }),
  // Xiaomi MiMo (2, up to 1M)
  chat('xiaomi/mimo-v2-flash', 'xiaomi', 'Xiaomi (MiMo)', 'MiMo V2 Flash', 262_144, 0.1, 0.3),
  chat('xiaomi/mimo-v2-pro', 'xiaomi', 'Xiaomi (MiMo)', 'MiMo V2 Pro', 1_048_576, 1, 3, { reasoning: true }),
  // Alibaba Qwen3 (3: MoE, vision-language, coding)
  chat('qwen/qwen3-235b-a22b', 'qwen', 'Alibaba (Qwen3)', 'Qwen3 235B A22B', 262_144, 0.2, 0.6, { reasoning: true }),
  chat('qwen/qwen3-vl-235b-a22b-instruct', 'qwen', 'Alibaba (Qwen3)', 'Qwen3 VL 235B A22B', 262_144, 0.3, 1.2, { vision: true }),
  chat('qwen/qwen3-coder-480b-a35b-instruct', 'qwen', 'Alibaba (Qwen3)', 'Qwen3 Coder 480B A35B', 262_144, 0.4, 1.6),
  // Moonshot Kimi (3)
  chat('moonshotai/kimi-k2-0905', 'moonshotai', 'Moonshot AI (Kimi)', 'Kimi K2 0905', 262_144, 0.6, 2.5),
  chat('moonshotai/kimi-k2-thinking', 'moonshotai', 'Moonshot AI (Kimi)', 'Kimi K2 Thinking', 262_144, 0.6, 2.5, { reasoning: true }),
  chat('moonshotai/kimi-k2-turbo', 'moonshotai', 'Moonshot AI (Kimi)', 'Kimi K2 Turbo', 262_144, 1.15, 8),
  // DeepSeek (6)
  chat('deepseek/deepseek-v3.2', 'deepseek', 'DeepSeek', 'DeepSeek V3.2', 163_840, 0.28, 0.42),
  chat('deepseek/deepseek-v3.2-thinking', 'deepseek', 'DeepSeek', 'DeepSeek V3.2 Thinking', 163_840, 0.28, 0.42, { reasoning: true }),
  chat('deepseek/deepseek-v3.1-terminus', 'deepseek', 'DeepSeek', 'DeepSeek V3.1 Terminus', 163_840, 0.27, 1),
  chat('deepseek/deepseek-chat', 'deepseek', 'DeepSeek', 'DeepSeek Chat', 128_000, 0.28, 0.42),
  chat('deepseek/deepseek-reasoner', 'deepseek', 'DeepSeek', 'DeepSeek Reasoner', 128_000, 0.28, 0.42, { reasoning: true }),
  chat('deepseek/deepseek-r1', 'deepseek', 'DeepSeek', 'DeepSeek R1', 128_000, 0.55, 2.19, { reasoning: true }),
  // ByteDance Seedance (2, video; doubao-seedance-2.0 named in 001)
  { id: 'bytedance/doubao-seedance-2.0', ownedBy: 'bytedance', providerName: 'ByteDance (Seedance)', name: 'Seedance 2.0', kind: 'video', unitPrice: { amount: 0.2, unit: 'second' } },
  { id: 'bytedance/doubao-seedance-2.0-fast', ownedBy: 'bytedance', providerName: 'ByteDance (Seedance)', name: 'Seedance 2.0 Fast', kind: 'video', unitPrice: { amount: 0.1, unit: 'second' } },
  // ByteDance Seedream (3, image; doubao-seedream-5.0 named in 001)
  { id: 'bytedance/doubao-seedream-5.0', ownedBy: 'bytedance', providerName: 'ByteDance (Seedream)', name: 'Seedream 5.0', kind: 'image', unitPrice: { amount: 0.035, unit: 'image' } },
  { id: 'bytedance/doubao-seedream-4.5', ownedBy: 'bytedance', providerName: 'ByteDance (Seedream)', name: 'Seedream 4.5', kind: 'image', unitPrice: { amount: 0.04, unit: 'image' } },
  { id: 'bytedance/doubao-seedream-4.0', ownedBy: 'bytedance', providerName: 'ByteDance (Seedream)', name: 'Seedream 4.0', kind: 'image', unitPrice: { amount: 0.03, unit: 'image' } },
  // Kwaivgi Kling (2, video: std $0.168/s, pro $0.224/s per 001)
  { id: 'kwaivgi/kling-v2.6-std', ownedBy: 'kwaivgi', providerName: 'Kwaivgi (Kling)', name: 'Kling 2.6 (std)', kind: 'video', unitPrice: { amount: 0.168, unit: 'second' } },
  { id: 'kwaivgi/kling-v2.6-pro', ownedBy: 'kwaivgi', providerName: 'Kwaivgi (Kling)', name: 'Kling 2.6 (pro)', kind: 'video', unitPrice: { amount: 0.224, unit: 'second' } },
];

/** Fixed so lists are byte-identical between runs. */
const CREATED = 1_761_955_200; // 2025-11-01

/** The `GET /models` body: the OpenAI list shape plus the fields gateways commonly add. */
export function modelsResponse(models: readonly SimModel[] = SIM_MODELS): unknown {
  return {
    object: 'list',
    data: models.map((m) => {
      const entry: Record<string, unknown> = { id: m.id, object: 'model', created: CREATED, owned_by: m.ownedBy, name: m.name };
      if (m.contextLength !== undefined) entry.context_length = m.contextLength;
      if (m.inputPrice !== undefined && m.outputPrice !== undefined) {
        // OpenRouter-style: USD per token, as strings.
        entry.pricing = { prompt: perToken(m.inputPrice), completion: perToken(m.outputPrice) };
      }
      if (m.unitPrice) entry.pricing = m.unitPrice.unit === 'image' ? { image: String(m.unitPrice.amount) } : { per_second: String(m.unitPrice.amount) };
      entry.architecture = {
        modality: m.kind === 'chat' ? (m.vision ? 'text+image->text' : 'text->text') : m.kind === 'image' ? 'text+image->image' : 'text+image->video',
      };
      if (m.kind === 'chat') {
        entry.supported_parameters = ['max_tokens', 'temperature', 'top_p', 'stop', 'tools', 'tool_choice', 'response_format', ...(m.reasoning ? ['reasoning'] : [])];
      }
      return entry;
    }),
  };
}

function perToken(perMillion: number): string {
  // Avoid float noise like 0.0000030000000000000004.
  return String(Number((perMillion / 1_000_000).toPrecision(6)));
}

/** The model `id` names in `models`: 004 "accepts the anthropic/* prefix and the bare short name". */
export function findModel(models: readonly SimModel[], id: string): SimModel | undefined {
  return models.find((m) => m.id === id) ?? models.find((m) => m.id.split('/').pop() === id);
}
