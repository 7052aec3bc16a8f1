import type { ChatRequest, ToolCall, Usage } from '../api/types';
import type { ChatStreamEvent, TokenHubApi } from '../client/api';
import { TokenHubError, isTokenHubError } from '../client/errors';

// One model turn: a streamed request from start to outcome. Every caller (the chat view, the code
// commands, @tokenhub, the language-model provider, the agent's loop, completions) runs its turns
// through here, so cancelling, tool calls, usage and errors mean the same thing everywhere. Pure:
// the VS Code side (token → signal, usage ledger, messages in the user's language) is
// src/platform/turnRunner.ts.

/** Where the parts of an answer go as they arrive (each optional). */
export interface TurnSink {
  text?(delta: string): void;
  reasoning?(delta: string): void;
  /** A piece of a tool call as it streams (`index` identifies the call). */
  toolCallDelta?(delta: { index: number; id?: string; name?: string; argumentsDelta: string }): void;
  /** Every tool call of the answer, assembled, once the stream has finished them. */
  toolCalls?(calls: ToolCall[]): void;
  /** The model that answered, as soon as the stream names it. */
  model?(model: string): void;
}

export type TurnStatus = 'done' | 'cancelled' | 'error';

export interface TurnOutcome {
  /** `done`: the stream ended normally (see `finishReason`); `cancelled`: the signal fired; `error`: see `error`. */
  status: TurnStatus;
  /** Everything the answer said, also when it was cancelled or failed part-way. */
  text: string;
  reasoning: string;
  /** The answer's tool calls, assembled (empty when it asked for none, or was cut before they completed). */
  toolCalls: ToolCall[];
  /** The gateway's usage, when it sent one (a stopped or failed stream often has none). */
  usage?: Usage;
  finishReason?: string;
  /** The model the request asked for. */
  requestedModel: string;
  /** The model that answered: the stream's `model` when it named one, else the one asked for. */
  model: string;
  error?: TokenHubError;
  /**
   * Set when the turn was stopped after the model had finished writing (the finish reason came)
   * but before the gateway's usage: the stream is read on for a little while (`drainMs`), as
   * nothing more can be generated, and this resolves with the usage if it comes in that time.
   */
  lateUsage?: Promise<Usage | undefined>;
  /** From the call to the first part of the answer (text, reasoning or tool call); undefined when none came. */
  firstPartMs?: number;
  durationMs: number;
}

export interface TurnOptions {
  /** Clock (ms); tests pass their own. */
  now?: () => number;
  /**
   * After a stop that comes once the model has finished writing but before the usage: how long
   * the stream is read on for the usage (ms). 0 (the default) closes the stream at once.
   */
  drainMs?: number;
}

const STOP = Symbol('stop');

/**
 * Streams `request` through `api`, handing each part to `sink`, and returns how it ended. Never
 * throws a TokenHubError: a failure is an outcome that keeps what had arrived. Whether it was
 * cancelled is decided by `signal` alone (a stream can also fail *because* it was aborted). An
 * exception thrown by the sink is a bug of the caller: it ends the stream and is rethrown.
 *
 * A cancel closes the stream at once, except when the model had already finished writing and
 * only the usage was still to come (`drainMs`): the turn still returns at once, as cancelled, and
 * the stream is read on in the background for the usage (`lateUsage`). The gateway bills that
 * answer whatever we do, so waiting for its figure costs nothing and replaces our estimate.
 */
export async function runTurn(
  api: Pick<TokenHubApi, 'stream'>,
  request: ChatRequest,
  signal: AbortSignal | undefined,
  sink: TurnSink = {},
  options: TurnOptions | (() => number) = {},
): Promise<TurnOutcome> {
  const o: TurnOptions = typeof options === 'function' ? { now: options } : options;
  const now = o.now ?? Date.now;
  const drainMs = o.drainMs ?? 0;
  const started = now();
  const out: TurnOutcome = { status: 'done', text: '', reasoning: '', toolCalls: [], requestedModel: request.model, model: request.model, durationMs: 0 };
  const first = () => {
    if (out.firstPartMs === undefined) out.firstPartMs = now() - started;
  };
  const take = (ev: ChatStreamEvent) => {
    switch (ev.type) {
      case 'text':
        if (!ev.text) return;
        first();
        out.text += ev.text;
        sink.text?.(ev.text);
        return;
      case 'reasoning':
        if (!ev.text) return;
        first();
        out.reasoning += ev.text;
        sink.reasoning?.(ev.text);
        return;
      case 'toolCallDelta':
        first();
        sink.toolCallDelta?.(ev);
        return;
      case 'toolCalls':
        out.toolCalls = ev.calls;
        sink.toolCalls?.(ev.calls);
        return;
      case 'finish':
        out.finishReason = ev.reason;
        return;
      case 'usage':
        out.usage = ev.usage;
        return;
      case 'model':
        out.model = ev.model;
        sink.model?.(ev.model);
        return;
    }
  };
  // The client gets a signal of its own, so a stop after the finish can leave the socket open.
  const inner = new AbortController();
  let draining = false;
  let wake!: (v: typeof STOP) => void;
  const stopped = new Promise<typeof STOP>((r) => (wake = r));
  const onAbort = () => {
    if (drainMs > 0 && out.finishReason !== undefined && !out.usage) draining = true;
    else inner.abort(signal?.reason);
    wake(STOP);
  };
  let it: AsyncIterator<ChatStreamEvent> | undefined;
  let pending: Promise<IteratorResult<ChatStreamEvent>> | undefined;
  let ended = false;
  try {
    if (signal?.aborted) throw new TokenHubError('cancelled', 'The request was cancelled.');
    signal?.addEventListener('abort', onAbort);
    it = api.stream(request, { signal: inner.signal })[Symbol.asyncIterator]();
    while (!signal?.aborted) {
      const next = it.next();
      let r: IteratorResult<ChatStreamEvent> | typeof STOP;
      try {
        r = await Promise.race([next, stopped]);
      } catch (err) {
        ended = true; // the stream itself failed: nothing left to close
        throw err;
      }
      if (r === STOP) {
        pending = next;
        break;
      }
      if (r.done) {
        ended = true;
        break;
      }
      take(r.value);
    }
    if (signal?.aborted) out.status = 'cancelled';
  } catch (err) {
    if (signal?.aborted) out.status = 'cancelled';
    else if (isTokenHubError(err)) {
      out.status = 'error';
      out.error = err;
    } else {
      out.durationMs = now() - started;
      throw err;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (it && !ended) {
      if (draining) out.lateUsage = drain(it, pending, inner, drainMs);
      else {
        inner.abort(signal?.reason);
        // The next() under way rejects with the abort; return() then frees the body.
        pending?.catch(() => undefined);
        void Promise.resolve(it.return?.()).catch(() => undefined);
      }
    }
  }
  out.durationMs = now() - started;
  return out;
}

/**
 * Reads the rest of a stream whose model has finished writing, for its usage, for `ms` at most;
 * then (or as soon as the stream ends) the request is closed. Never rejects.
 */
async function drain(it: AsyncIterator<ChatStreamEvent>, pending: Promise<IteratorResult<ChatStreamEvent>> | undefined, inner: AbortController, ms: number): Promise<Usage | undefined> {
  const timer = setTimeout(() => inner.abort(), ms);
  let usage: Usage | undefined;
  try {
    for (let r = await (pending ?? it.next()); !r.done; r = await it.next()) {
      if (r.value.type === 'usage') usage = r.value.usage;
    }
  } catch {
    // Timed out or failed: the estimate stands (or the usage read before it does not).
  } finally {
    clearTimeout(timer);
  }
  return usage;
}
