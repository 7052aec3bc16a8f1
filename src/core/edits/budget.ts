// Whether a code command's prompt and its answer fit the model. A selection too large is refused
// up front with a clear message instead of an answer the model cuts off halfway (which, for an
// edit, would delete the rest of the selection when applied).
//
// This is the extension's one token estimator: the code commands, the @tokenhub participant's
// slash commands and the language-model provider's `provideTokenCount` all count with it, so the
// same text never fits by one count and overflows by another.

import type { ChatMessage } from '../api/types';

/** Assumed when the catalogue does not know the model's context window. */
export const DEFAULT_CONTEXT_WINDOW = 128_000;
/** Assumed when the catalogue does not know the model's output limit. */
export const DEFAULT_MAX_OUTPUT = 8_192;

/** ASCII characters per token: code, with its punctuation and short identifiers, comes close to it. */
export const ASCII_CHARS_PER_TOKEN = 3.5;
/**
 * What an image costs, whatever its size: above OpenAI's high-detail 1024×1024 tile set (765) and
 * toward the ~1,600 Anthropic charges for the largest images it takes.
 */
export const IMAGE_TOKENS = 1000;
/** Role markers and separators every message adds in the chat format. */
export const MESSAGE_OVERHEAD_TOKENS = 4;
/** What priming the reply adds, once per request. */
const REPLY_PRIMING_TOKENS = 3;

/**
 * A deliberately high estimate of the tokens in `text` (we have no tokenizer for every model):
 * about 3.5 characters per token for ASCII, which code with its punctuation comes close to, and a
 * token per character for anything else (CJK text, emoji, accented letters as in Vietnamese).
 */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < 128) ascii++;
    else other++;
  }
  return Math.ceil(ascii / ASCII_CHARS_PER_TOKEN) + other;
}

/** Tokens of a whole message list, with the few each message costs in the chat format. */
export function estimateMessagesTokens(messages: readonly ChatMessage[]): number {
  let total = REPLY_PRIMING_TOKENS;
  for (const m of messages) {
    total += MESSAGE_OVERHEAD_TOKENS;
    if (typeof m.content === 'string') total += estimateTokens(m.content);
    else if (Array.isArray(m.content)) for (const p of m.content) total += p.type === 'text' ? estimateTokens(p.text) : IMAGE_TOKENS;
  }
  return total;
}

export interface BudgetInput {
  promptTokens: number;
  /** The least the answer needs (for an edit: about the size of the code it rewrites). */
  expectedOutputTokens: number;
  contextWindow?: number;
  maxOutputTokens?: number;
}

export type Budget =
  | {
      fits: true;
      /** What to send as `max_tokens`: room for the answer, within both limits. */
      maxTokens: number;
      contextWindow: number;
      /** True when the window was not known and DEFAULT_CONTEXT_WINDOW was assumed. */
      assumedWindow: boolean;
    }
  | {
      fits: false;
      /** `context`: the prompt and its answer exceed the window; `output`: the answer exceeds the output limit. */
      reason: 'context' | 'output';
      promptTokens: number;
      neededTokens: number;
      contextWindow: number;
      maxOutputTokens: number;
      assumedWindow: boolean;
    };

export function planBudget(input: BudgetInput): Budget {
  const assumedWindow = !(input.contextWindow && input.contextWindow > 0);
  const window = assumedWindow ? DEFAULT_CONTEXT_WINDOW : input.contextWindow!;
  const outputCap = input.maxOutputTokens && input.maxOutputTokens > 0 ? Math.min(input.maxOutputTokens, window) : Math.min(DEFAULT_MAX_OUTPUT, window);
  const expected = Math.max(1, Math.ceil(input.expectedOutputTokens));
  const base = { promptTokens: input.promptTokens, contextWindow: window, maxOutputTokens: outputCap, assumedWindow };
  if (expected > outputCap) return { fits: false, reason: 'output', neededTokens: expected, ...base };
  if (input.promptTokens + expected > window) return { fits: false, reason: 'context', neededTokens: input.promptTokens + expected, ...base };
  return { fits: true, maxTokens: Math.min(outputCap, window - input.promptTokens), contextWindow: window, assumedWindow };
}

/** The answer an edit needs room for: the code again, plus what the task adds to it. */
export function expectedEditTokens(code: string, growth: number): number {
  return Math.ceil(estimateTokens(code) * growth) + 256;
}

/**
 * The most context lines (from `max` down to 0, halving) for which `fits(n)` holds, or undefined
 * when even none fits. Surrounding context is the first thing given up; the selection never is.
 */
export function fitContextLines(max: number, fits: (contextLines: number) => boolean): number | undefined {
  for (let n = max; ; n = n > 4 ? Math.floor(n / 2) : n - 1) {
    if (n < 0) return undefined;
    if (fits(n)) return n;
    if (n === 0) return undefined;
  }
}

/** A prompt built with a given number of context lines, and what its answer needs. */
export interface BuiltPrompt<T> {
  value: T;
  messages: readonly ChatMessage[];
  expectedOutputTokens: number;
}

export type FittedPrompt<T> = { fits: true; value: T; budget: Extract<Budget, { fits: true }> } | { fits: false; budget: Extract<Budget, { fits: false }> };

/**
 * Builds the prompt with as much surrounding context as fits the model (from `maxContext` lines
 * down to none). When even the bare selection does not fit, says why, with the numbers of that
 * bare selection: a too-large selection gets a clear refusal, never a truncated answer.
 */
export function fitPrompt<T>(
  maxContext: number,
  limits: { contextWindow?: number; maxOutputTokens?: number },
  build: (contextLines: number) => BuiltPrompt<T>,
): FittedPrompt<T> {
  const plan = (n: number) => {
    const built = build(n);
    const budget = planBudget({
      promptTokens: estimateMessagesTokens(built.messages),
      expectedOutputTokens: built.expectedOutputTokens,
      contextWindow: limits.contextWindow,
      maxOutputTokens: limits.maxOutputTokens,
    });
    return { built, budget };
  };
  const lines = fitContextLines(maxContext, (n) => plan(n).budget.fits);
  const { built, budget } = plan(lines ?? 0);
  return budget.fits ? { fits: true, value: built.value, budget } : { fits: false, budget };
}
