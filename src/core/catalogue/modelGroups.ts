import { PROVIDER_ORDER } from './builtin';
import type { ModelCapabilities, ModelInfo } from './types';

// Grouping and filtering for the pickers (the Models tree, the quick pick).

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
