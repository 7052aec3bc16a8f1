import type { ModelInfo } from '../catalogue/types';
import { estimateCost } from '../pricing';

// Which models suit inline completions, what a thousand completions cost with each, and which
// one to use when the user has not chosen. A completion is asked for at every pause in typing:
// it must come back in well under a second and cost a fraction of a cent, so reasoning models
// (they think before the first token) are out, and price decides among the rest.

/** A typical completion request: about 6,000 characters of file and context, a line or two back. */
export const TYPICAL_PROMPT_TOKENS = 1_500;
export const TYPICAL_COMPLETION_TOKENS = 40;

/** Above this per thousand completions, a model is not "cheap" whatever its name says (USD). */
const MAX_SUITABLE_PER_THOUSAND = 2;
/** Below this per thousand completions, a model is cheap enough without a name that says fast (USD). */
const CHEAP_PER_THOUSAND = 0.5;

/** Names model makers give their fast, small models. */
const FAST_NAME = /(^|[-_/\s.])(mini|nano|flash|haiku|lite|fast|turbo|air|small|instant|coder|codestral|spark)([-_/\s.]|$)/i;
/** Names of models that reason before answering. */
const THINKING_NAME = /(thinking|reason|(^|[-/])r1([-_.]|$)|(^|[-/])o[134](-|$))/i;

/** USD per thousand completions at the typical size; undefined when the model's prices are not listed. */
export function costPerThousand(model: Pick<ModelInfo, 'inputPrice' | 'outputPrice'>): number | undefined {
  if (model.inputPrice === undefined || model.outputPrice === undefined) return undefined;
  const one = estimateCost(TYPICAL_PROMPT_TOKENS, TYPICAL_COMPLETION_TOKENS, model);
  return one === undefined ? undefined : one * 1000;
}

export interface Suitability {
  suitable: boolean;
  /** USD per thousand completions at the typical size, when the prices are listed. */
  perThousand?: number;
  /** Why not, when not. */
  reason?: 'notChat' | 'reasoning' | 'expensive' | 'unknown';
}

/**
 * Fast and cheap: a chat model that does not reason first, whose thousand completions cost at
 * most MAX_SUITABLE_PER_THOUSAND and either cost under CHEAP_PER_THOUSAND or come from a
 * fast-model line (mini, flash, haiku, lite, turbo…). Without listed prices, the name alone decides.
 */
export function completionSuitability(model: ModelInfo): Suitability {
  if (model.kind !== 'chat') return { suitable: false, reason: 'notChat' };
  const perThousand = costPerThousand(model);
  const withCost = (s: Suitability): Suitability => (perThousand === undefined ? s : { ...s, perThousand });
  const name = `${model.id} ${model.name}`;
  if (model.capabilities.reasoning || THINKING_NAME.test(model.id)) return withCost({ suitable: false, reason: 'reasoning' });
  const fastName = FAST_NAME.test(name);
  if (perThousand === undefined) return fastName ? { suitable: true } : { suitable: false, reason: 'unknown' };
  if (perThousand > MAX_SUITABLE_PER_THOUSAND) return withCost({ suitable: false, reason: 'expensive' });
  return withCost(fastName || perThousand <= CHEAP_PER_THOUSAND ? { suitable: true } : { suitable: false, reason: 'expensive' });
}

/**
 * The model used when the user has chosen none: of the suitable models, the one whose thousand
 * completions cost least (a fast-model name breaks a tie); when none has listed prices, the first
 * suitable one in catalogue order. Undefined when nothing suits.
 */
export function recommendCompletionModel(models: readonly ModelInfo[]): ModelInfo | undefined {
  let best: { model: ModelInfo; perThousand: number; fast: boolean } | undefined;
  let firstUnpriced: ModelInfo | undefined;
  for (const model of models) {
    const s = completionSuitability(model);
    if (!s.suitable) continue;
    if (s.perThousand === undefined) {
      firstUnpriced ??= model;
      continue;
    }
    const fast = FAST_NAME.test(`${model.id} ${model.name}`);
    if (!best || s.perThousand < best.perThousand || (s.perThousand === best.perThousand && fast && !best.fast)) best = { model, perThousand: s.perThousand, fast };
  }
  return best?.model ?? firstUnpriced;
}
