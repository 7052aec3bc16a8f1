import type * as vscode from 'vscode';
import type { ChatRequest } from '../core/api/types';
import type { TokenHubApi } from '../core/client/api';
import type { TurnOutcome, TurnSink } from '../core/turn/runTurn';
import { runTurn } from '../core/turn/runTurn';
import { isRoutedAnswer } from '../core/turn/answeredModel';
import type { UsageEntry, UsageSource } from '../core/usage/usageEntry';
import { estimatedUsageEntry, usageEntry } from '../core/usage/usageEntry';
import { estimateMessagesTokens, estimateTokens } from '../core/edits/budget';
import type { ErrorAction } from './errorMessages';
import { describeError } from './errorMessages';
import type { ExtensionLog } from './log';
import type { ModelService } from './modelService';
import type { ProfileService } from './profiles';
import { DEFAULT_PROFILE_ID } from '../core/profiles/modelRef';
import type { UsageLedger } from './usageLedger';
import type { BudgetService } from './budgetService';
import { TokenHubError } from '../core/client/errors';
import { linkedSignal } from './cancellation';

export interface TurnOptions {
  /** Who asked: the usage ledger counts the request under it. */
  source: UsageSource;
  /** The gateway profile to ask (src/core/profiles/modelRef.ts), whose budget applies; default: the default profile. */
  profile?: string;
  /** Cancels the request (the socket closes at once). Either or both of `token` and `signal`. */
  token?: vscode.CancellationToken;
  signal?: AbortSignal;
  sink?: TurnSink;
  /** Requests with the same key (the steps of one agent task) share the user's "Allow" past the budget. */
  burst?: string;
}

export interface TurnResult extends TurnOutcome {
  /** The gateway answered with another model than the one asked for (`model` names it). */
  routed: boolean;
  /** USD as the gateway charged (`usage.cost`) or as the answering model's prices say; undefined when unknown. */
  cost?: number;
  /** The ledger line recorded for this request, once: the gateway's usage, or our estimate. */
  recorded?: UsageEntry;
  /**
   * Set when `recorded` is an estimate for an answer stopped after the model had finished
   * writing: resolves with the gateway's figures if they come in the next seconds (the ledger is
   * then corrected; the caller updates what it shows), else with undefined.
   */
  corrected?: Promise<UsageEntry | undefined>;
  /** For `error`: what to tell the user, in their language, with the next step as actions. */
  problem?: { message: string; actions: ErrorAction[] };
}

/**
 * The VS Code side of a model turn (src/core/turn/runTurn.ts is the rest): bridges the
 * cancellation token, prices the model that answered, records usage exactly once per request
 * with its source, logs and describes failures in the user's language. The only place in the
 * extension that starts a model stream.
 */
export class TurnRunner {
  /**
   * How long a stream stopped after its finish reason is read on for the usage that follows.
   * A few seconds: the model has finished, so nothing more is generated or billed meanwhile.
   */
  drainMs = 5_000;

  constructor(
    /** The default profile's client; `forProfile` gives another profile's (the ClientProvider). */
    private readonly api: Pick<TokenHubApi, 'stream'> & { forProfile?(id: string): Pick<TokenHubApi, 'stream'> },
    private readonly models: Pick<ModelService, 'find'>,
    private readonly usage: Pick<UsageLedger, 'record' | 'correct'>,
    private readonly log: Pick<ExtensionLog, 'debug' | 'warn'>,
    private readonly profiles?: Pick<ProfileService, 'errorGateway'>,
    private readonly budget?: Pick<BudgetService, 'check'>,
  ) {}

  async run(request: ChatRequest, options: TurnOptions): Promise<TurnResult> {
    const profile = options.profile ?? DEFAULT_PROFILE_ID;
    const api = profile !== DEFAULT_PROFILE_ID && this.api.forProfile ? this.api.forProfile(profile) : this.api;
    const abort = linkedSignal(options.token, options.signal);
    let outcome: TurnOutcome;
    try {
      // The budget is weighed before anything is sent; at 100% this waits for the user's answer.
      const verdict = this.budget ? await this.budget.check({ source: options.source, profile, burst: options.burst }, abort.signal) : { allowed: true as const };
      outcome = verdict.allowed
        ? await runTurn(api, request, abort.signal, options.sink, { drainMs: this.drainMs })
        : notSent(request, verdict.cancelled ? 'cancelled' : 'error', verdict.period, verdict.ownBudget);
    } finally {
      abort.dispose();
    }
    const routed = this.isRouted(outcome.requestedModel, outcome.model, profile);
    const result: TurnResult = { ...outcome, routed };
    // An unknown routed model is not priced as the one asked for: its prices may differ.
    const priced = this.models.find(outcome.model, profile) ?? (routed ? undefined : this.models.find(outcome.requestedModel, profile));
    const entry = outcome.usage
      ? usageEntry(outcome.model, options.source, outcome.usage, priced)
      : billed(outcome)
        ? estimatedUsageEntry(outcome.model, options.source, estimateMessagesTokens(request.messages), estimateTokens(outputText(outcome)), priced)
        : undefined;
    if (entry) {
      if (routed) entry.requestedModel = outcome.requestedModel;
      if (profile !== DEFAULT_PROFILE_ID) entry.profile = profile;
      result.cost = entry.cost;
      result.recorded = entry;
      // Stamped here, so a correction can name the record before its write has finished.
      const rec = { ...entry, at: Date.now() };
      // The ledger never rejects; the answer does not wait for its disk write.
      void this.usage.record(rec);
      if (entry.estimated && outcome.lateUsage) {
        result.corrected = outcome.lateUsage.then((usage) => {
          if (!usage) return undefined;
          const real = usageEntry(outcome.model, options.source, usage, priced);
          if (routed) real.requestedModel = outcome.requestedModel;
          // The same request on the same profile: its figures stay on that profile's day row.
          if (entry.profile) real.profile = entry.profile;
          this.log.debug(`${options.source}: the usage came after the stop; the estimate is replaced`);
          void this.usage.correct(rec, real);
          return real;
        });
      }
    }
    const where = profile === DEFAULT_PROFILE_ID ? '' : ` [${profile}]`;
    if (routed) this.log.debug(`${options.source}${where}: ${outcome.requestedModel} was answered by ${outcome.model}`);
    if (outcome.status === 'error' && outcome.error) {
      this.log.warn(`${options.source}${where}: ${outcome.model}: ${outcome.error.kind}: ${outcome.error.message}`);
      result.problem = describeError(outcome.error, this.profiles?.errorGateway(profile));
    }
    return result;
  }

  /** Another catalogue entry, or another id that is not a snapshot of the one asked for. */
  private isRouted(requested: string, answered: string, profile: string): boolean {
    const a = this.models.find(answered, profile);
    const r = this.models.find(requested, profile);
    if (a && r) return a.id !== r.id;
    return isRoutedAnswer(requested, answered);
  }
}

/**
 * Whether a turn without usage still cost something: the gateway bills the prompt and what it
 * produced once the model has started answering, so a stopped, cut or failed answer that said
 * anything counts, and so does a complete answer from a gateway that sends no usage. A request
 * refused or stopped before its first token is not counted (nothing says the gateway billed it).
 */
function billed(outcome: TurnOutcome): boolean {
  return outcome.status === 'done' || !!outcome.text || !!outcome.reasoning || outcome.toolCalls.length > 0 || outcome.firstPartMs !== undefined;
}

/** The outcome of a request the budget kept from being sent: nothing was received or billed. */
function notSent(request: ChatRequest, status: 'cancelled' | 'error', period: 'day' | 'month', ownBudget = false): TurnOutcome {
  const out: TurnOutcome = { status, text: '', reasoning: '', toolCalls: [], requestedModel: request.model, model: request.model, durationMs: 0 };
  // The code says which budget (src/core/client/errorAdvice.ts): the main one, or the profile's own.
  const code = ownBudget ? (period === 'day' ? 'profileDay' : 'profileMonth') : period;
  if (status === 'error') out.error = new TokenHubError('budget', `Not sent: the ${ownBudget ? "profile's " : ''}${period === 'day' ? 'daily' : 'monthly'} budget is reached.`, { code });
  return out;
}

function outputText(outcome: TurnOutcome): string {
  return outcome.text + outcome.reasoning + outcome.toolCalls.map((c) => c.function.name + c.function.arguments).join('');
}
