import type { ModelInfo } from '../catalogue/types';
import { DEFAULT_PROFILE_ID, formatModelRef } from '../profiles/modelRef';

// A catalogue chat model as VS Code's chat sees it (`LanguageModelChatInformation`, minus the
// tooltip and detail, which are user-visible text and so are written in the VS Code layer).

/** When the catalogue knows no limits (an unknown model the gateway lists): a common window. */
export const DEFAULT_CONTEXT_WINDOW = 128_000;
export const DEFAULT_MAX_OUTPUT = 8_192;

export interface LmModelShape {
  id: string;
  name: string;
  family: string;
  version: string;
  maxInputTokens: number;
  maxOutputTokens: number;
  capabilities: { imageInput: boolean; toolCalling: boolean };
}

const dateSuffix = /-(\d{4}-?\d{2}-?\d{2})$/;

/** `anthropic/claude-sonnet-4-6` → `claude-sonnet-4-6`. */
export function bareId(id: string): string {
  const slash = id.lastIndexOf('/');
  return slash >= 0 ? id.slice(slash + 1) : id;
}

/**
 * Family and version are opaque to VS Code but callers select by them (`{ family: 'gpt-4o' }`):
 * the family is the id without its provider prefix and date, the version the date where the id
 * has one.
 */
export function familyAndVersion(id: string): { family: string; version: string } {
  const bare = bareId(id);
  const m = dateSuffix.exec(bare);
  if (m) return { family: bare.slice(0, m.index), version: m[1] };
  return { family: bare, version: bare };
}

/**
 * VS Code budgets the prompt with `maxInputTokens`, and the answer must fit in the same window:
 * the input limit is the window less the output limit (never below half the window).
 */
export function tokenLimits(model: Pick<ModelInfo, 'contextWindow' | 'maxOutputTokens'>): { maxInputTokens: number; maxOutputTokens: number } {
  const window = model.contextWindow && model.contextWindow > 0 ? model.contextWindow : DEFAULT_CONTEXT_WINDOW;
  const output = Math.min(model.maxOutputTokens && model.maxOutputTokens > 0 ? model.maxOutputTokens : DEFAULT_MAX_OUTPUT, Math.floor(window / 2));
  return { maxInputTokens: Math.max(window - output, Math.floor(window / 2)), maxOutputTokens: output };
}

/**
 * The id VS Code knows a model by: the model's reference string, so ids stay unique across
 * profiles and the id alone says where to send a request (`anthropic/claude-sonnet-4-6` for the
 * default profile's, as before profiles; `tokenhot|gpt-5` for Tokenhot's).
 */
export function lmModelId(model: Pick<ModelInfo, 'id' | 'profile'>): string {
  return formatModelRef({ profile: model.profile ?? DEFAULT_PROFILE_ID, model: model.id });
}

export function toLmModelShape(model: ModelInfo): LmModelShape {
  return {
    id: lmModelId(model),
    name: model.name || bareId(model.id),
    ...familyAndVersion(model.id),
    ...tokenLimits(model),
    capabilities: { imageInput: !!model.capabilities?.vision, toolCalling: !!model.capabilities?.tools },
  };
}

/** Only chat models are offered to VS Code's chat, once each (per profile), in catalogue order. */
export function chatModelsForLm(models: readonly ModelInfo[]): ModelInfo[] {
  const seen = new Set<string>();
  return models.filter((m) => {
    const id = lmModelId(m);
    return m.kind === 'chat' && !seen.has(id) && (seen.add(id), true);
  });
}
