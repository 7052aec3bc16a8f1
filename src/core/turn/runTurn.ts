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
  /** From the call to the first part of the answer (text, reasoning or tool call); undefined when none came. */
  firstPartMs?: number;
  durationMs: number;
}

/**
 * Streams `request` through `api`, handing each part to `sink`, and returns how it ended. Never
 * throws a TokenHubError: a failure is an outcome that keeps what had arrived. Whether it was
 * cancelled is decided by `signal` alone (a stream can also fail *because* it was aborted). An
 * exception thrown by the sink is a bug of the caller: it ends the stream and is rethrown.
 */
export async function runTurn(
  api: Pick<TokenHubApi, 'stream'>,
  request: ChatRequest,
  signal: AbortSignal | undefined,
  sink: TurnSink = {},
  now: () => number = Date.now,
): Promise<TurnOutcome> {
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
  try {
    if (signal?.aborted) throw new TokenHubError('cancelled', 'The request was cancelled.');
    for await (const ev of api.stream(request, { signal })) {
      take(ev);
      if (signal?.aborted) break;
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
  }
  out.durationMs = now() - started;
  return out;
}
