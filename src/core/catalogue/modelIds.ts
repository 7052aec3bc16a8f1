import { PROVIDER_NAMES } from './builtin';
import type { ModelKind } from './types';

// Model ids with and without the provider prefix, as gateways spell them, and what an id alone
// says about its model (provider, kind, a readable name) when the gateway says nothing.

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
