// Whether a message with its context fits the model, and what its input costs: the composer shows
// the estimate as the user types, and the host checks both before it sends. Sizes are estimates
// (see estimateTokens); an unknown price stays unknown, never $0.
import { DEFAULT_CONTEXT_WINDOW } from '../edits/budget';

export interface SizedItem {
  label: string;
  tokens: number;
}

export interface FitInput {
  /** The whole request: system prompt, history, context and what was typed. */
  promptTokens: number;
  /** The model's context window; undefined when the catalogue does not know it. */
  contextWindow?: number;
  /** Room kept for the answer (the max_tokens sent). */
  reservedOutput: number;
  /** The context items of the message (chips), to name the biggest when it does not fit. */
  items: readonly SizedItem[];
}

export type FitResult =
  | { fits: true; limit: number; assumedWindow: boolean }
  | {
      fits: false;
      /** What the prompt may take: the window less the room kept for the answer. */
      limit: number;
      promptTokens: number;
      /** The biggest items, largest first (at most three). */
      biggest: SizedItem[];
    };

/**
 * Checks the prompt against the model's window less the answer's room. A model whose window is
 * not known is assumed to take DEFAULT_CONTEXT_WINDOW, but is never refused on that assumption.
 */
export function checkFit(input: FitInput): FitResult {
  const assumedWindow = !(input.contextWindow && input.contextWindow > 0);
  const window = assumedWindow ? DEFAULT_CONTEXT_WINDOW : input.contextWindow!;
  // A max_tokens larger than half the window would leave no room for anything: keep at most that.
  const reserved = Math.max(0, Math.min(input.reservedOutput, Math.floor(window / 2)));
  const limit = window - reserved;
  if (assumedWindow || input.promptTokens <= limit) return { fits: true, limit, assumedWindow };
  const biggest = [...input.items].filter((i) => i.tokens > 0).sort((a, b) => b.tokens - a.tokens).slice(0, 3);
  return { fits: false, limit, promptTokens: input.promptTokens, biggest };
}

/** USD to send `tokens` of input at `inputPrice` per million; undefined when the price is unknown. */
export function inputCost(tokens: number, inputPrice: number | undefined): number | undefined {
  if (inputPrice === undefined || !Number.isFinite(inputPrice) || inputPrice < 0) return undefined;
  return (Math.max(0, tokens) * inputPrice) / 1_000_000;
}

export type CostCheck = { ask: false } | { ask: true; cost: number };

/**
 * Whether to ask before sending: the input's cost is known and above `confirmAbove` (USD; 0 or
 * less never asks). An unknown price never asks: the estimate says "price unknown" instead.
 */
export function checkCost(tokens: number, inputPrice: number | undefined, confirmAbove: number): CostCheck {
  const cost = inputCost(tokens, inputPrice);
  if (cost === undefined || !(confirmAbove > 0) || cost <= confirmAbove) return { ask: false };
  return { ask: true, cost };
}
