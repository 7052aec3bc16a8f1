import type { Usage } from '../api/types';
import type { PricedModel } from '../pricing';
import { costOf } from '../pricing';

// The one place a request's usage becomes a ledger line, so the chat view, the code commands,
// VS Code's chat and media all count tokens and cost the same way.

/** Where the request came from: the chat view, an agent task, a code command, VS Code's chat, media, inline completions. */
export type UsageSource = 'chat' | 'agent' | 'code' | 'nativeChat' | 'media' | 'completion';

export const USAGE_SOURCES: readonly UsageSource[] = ['chat', 'agent', 'code', 'nativeChat', 'media', 'completion'];

/** One request's tokens and cost, before the ledger stamps it with a time. */
export interface UsageEntry {
  model: string;
  source: UsageSource;
  promptTokens: number;
  completionTokens: number;
  /** USD, from the gateway's `usage.cost` where sent, else usage × catalogue prices; undefined when unknown. */
  cost?: number;
  /** Set when the gateway routed the request: the model asked for (`model` is the one that answered). */
  requestedModel?: string;
  /**
   * The gateway profile the request went to; absent for the default profile (TokenHub), as in
   * every record made before there were profiles. Budgets per profile read it.
   */
  profile?: string;
  /**
   * Set when the gateway sent no usage (a stopped, cut or failed stream): the tokens are our
   * estimate from the prompt and the text received, and the cost is priced from them.
   */
  estimated?: true;
}

/**
 * The ledger line for one answer. Cost: `knownCost` when the caller already has it (media: the
 * gateway's charge for the whole generation, or its per-image / per-second estimate, which token
 * prices cannot give), else the gateway's `usage.cost`, else usage × `prices`; undefined, never a
 * made-up $0, when none of them tells.
 */
export function usageEntry(model: string, source: UsageSource, usage: Usage | null | undefined, prices: PricedModel | undefined, knownCost?: number): UsageEntry {
  const entry: UsageEntry = { model, source, promptTokens: countOf(usage?.prompt_tokens), completionTokens: countOf(usage?.completion_tokens) };
  const cost = knownCost ?? costOf(usage, prices);
  if (cost !== undefined) entry.cost = cost;
  return entry;
}

/**
 * The ledger line for a request the gateway sent no usage for: prompt and output estimated from
 * what was sent and received (`estimateTokens`), priced by `prices`, marked as an estimate. The
 * gateway bills the whole prompt and every token it produced, so a stopped answer is not free.
 */
export function estimatedUsageEntry(model: string, source: UsageSource, promptTokens: number, completionTokens: number, prices: PricedModel | undefined): UsageEntry {
  const usage: Usage = { prompt_tokens: Math.max(0, Math.round(promptTokens)), completion_tokens: Math.max(0, Math.round(completionTokens)) };
  return { ...usageEntry(model, source, usage, prices), estimated: true };
}

/**
 * A count the ledger can add up (tokens, requests): gateways omit a side or send junk, stored state
 * may hold anything, and one NaN would spoil every total after it.
 */
export function countOf(n: unknown): number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0;
}
