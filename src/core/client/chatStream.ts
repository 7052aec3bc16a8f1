import type { ChatCompletion, ToolCall, Usage } from '../api/types';
import { redact } from '../log';
import type { ChatStreamEvent } from './api';
import { readErrorObject } from './errorMapping';
import { TokenHubError } from './errors';
import type { SseEvent } from './sse';

interface PartialCall {
  id: string;
  name: string;
  args: string;
}

/**
 * Turns the `chat.completion.chunk` events of one stream into typed events. Text (and reasoning)
 * deltas appended to `out` in one batch are merged, so callers should pass a fresh batch per
 * network read. Tool calls are
 * assembled by `index`; usage is held back and delivered once, at the end (some gateways repeat
 * it on every chunk, others send it after the finish reason).
 */
export class ChatStreamAssembler {
  /** `[DONE]` arrived. */
  done = false;
  finishReason: string | null = null;
  receivedChars = 0;
  /** The `model` the chunks name (the model that answered), once one did. */
  model: string | undefined;
  private usage: Usage | null = null;
  private readonly calls: PartialCall[] = [];
  private finishSent = false;

  constructor(private readonly secrets: readonly string[] = []) {}

  /** Handles one SSE event, appending what it means to `out`. Throws a TokenHubError for in-stream errors. */
  accept(ev: SseEvent, out: ChatStreamEvent[]): void {
    const data = ev.data;
    if (data === '[DONE]') {
      this.done = true;
      return;
    }
    let obj: Record<string, unknown> | null;
    try {
      obj = JSON.parse(data) as Record<string, unknown>;
    } catch {
      if (ev.event === 'error') throw this.streamError({ message: data });
      return; // a gateway's non-JSON ping line; a truncated last event is caught at the end
    }
    if (ev.event === 'error') throw this.streamError(obj);
    if (obj === null) return; // `data: null` carries nothing, like a ping line
    if (obj.error !== undefined && obj.error !== null) throw this.streamError(obj);
    const model = obj.model;
    if (typeof model === 'string' && model && model !== this.model) {
      this.model = model;
      out.push({ type: 'model', model });
    }
    const choices = obj.choices as Record<string, unknown>[] | undefined;
    const choice = choices && choices.length ? choices[0] : undefined;
    if (choice) {
      const delta = (choice.delta ?? choice.message) as Record<string, unknown> | undefined;
      if (delta) {
        const content = delta.content;
        if (typeof content === 'string' && content.length) {
          this.receivedChars += content.length;
          // Deltas that arrived in the same network read become one event: same text, far fewer
          // events for the consumer (and the UI) to handle when a fast stream outruns it.
          const last = out.length ? out[out.length - 1] : undefined;
          if (last && last.type === 'text') last.text += content;
          else out.push({ type: 'text', text: content });
        }
        const reasoning = delta.reasoning_content ?? delta.reasoning;
        if (typeof reasoning === 'string' && reasoning.length) {
          const last = out.length ? out[out.length - 1] : undefined;
          if (last && last.type === 'reasoning') last.text += reasoning;
          else out.push({ type: 'reasoning', text: reasoning });
        }
        const tcs = delta.tool_calls as Record<string, unknown>[] | undefined;
        if (tcs && tcs.length) this.toolDeltas(tcs, out);
      }
      const fr = choice.finish_reason;
      if (typeof fr === 'string' && fr) {
        this.finishReason = fr;
        this.emitFinish(out);
      }
    }
    const usage = obj.usage;
    if (usage && typeof usage === 'object') this.usage = usage as Usage;
  }

  private toolDeltas(tcs: Record<string, unknown>[], out: ChatStreamEvent[]): void {
    for (let i = 0; i < tcs.length; i++) {
      const tc = tcs[i];
      let index = typeof tc.index === 'number' ? tc.index : i;
      const id = typeof tc.id === 'string' && tc.id ? tc.id : undefined;
      const fn = tc.function as { name?: unknown; arguments?: unknown } | undefined;
      const name = typeof fn?.name === 'string' && fn.name ? fn.name : undefined;
      const args = typeof fn?.arguments === 'string' ? fn.arguments : fn?.arguments !== undefined ? JSON.stringify(fn.arguments) : '';
      // Some gateways number every call 0; a new id at a used index starts a new call.
      const existing = this.calls[index];
      if (id && existing && existing.id && existing.id !== id) index = this.calls.length;
      const call = (this.calls[index] ??= { id: '', name: '', args: '' });
      if (id) call.id = id;
      if (name && !call.name) call.name = name;
      call.args += args;
      const ev: ChatStreamEvent = { type: 'toolCallDelta', index, argumentsDelta: args };
      if (id) ev.id = id;
      if (name) ev.name = name;
      out.push(ev);
    }
  }

  private emitFinish(out: ChatStreamEvent[]): void {
    if (this.finishSent) return;
    this.finishSent = true;
    const calls = this.toolCalls();
    if (calls.length) out.push({ type: 'toolCalls', calls });
    out.push({ type: 'finish', reason: this.finishReason ?? 'stop' });
  }

  toolCalls(): ToolCall[] {
    const out: ToolCall[] = [];
    this.calls.forEach((c, i) => {
      if (c) out.push({ id: c.id || `call_${i}`, type: 'function', function: { name: c.name, arguments: c.args } });
    });
    return out;
  }

  /** True when the answer is complete: `[DONE]`, or a finish reason (a missing `[DONE]` is tolerated). */
  get complete(): boolean {
    return this.done || this.finishReason !== null;
  }

  /** The events due at the end of a complete stream: finish (if the gateway sent none) and usage. */
  end(out: ChatStreamEvent[]): void {
    this.emitFinish(out);
    if (this.usage) out.push({ type: 'usage', usage: this.usage });
  }

  private streamError(obj: unknown): TokenHubError {
    const read = readErrorObject(obj) ?? { message: undefined, code: undefined };
    const gw = read.message ? redact(read.message, this.secrets) : undefined;
    const kept = this.receivedChars ? ` The partial answer (${this.receivedChars} characters) was kept.` : '';
    return new TokenHubError('streamError', `The model reported an error in the middle of the answer${gw ? `: ${gw}` : '.'}${kept}`, {
      code: read.code,
      gatewayMessage: gw,
      receivedChars: this.receivedChars,
    });
  }
}

/** Reads a non-streamed `chat.completion` body (also what a gateway sends when it ignores `stream`). */
export function completionFromJson(json: Record<string, unknown>): ChatCompletion {
  const choices = json.choices as Record<string, unknown>[] | undefined;
  const choice = choices?.[0] ?? {};
  const msg = (choice.message ?? choice.delta ?? {}) as Record<string, unknown>;
  const content = msg.content;
  let text = '';
  if (typeof content === 'string') text = content;
  else if (Array.isArray(content)) text = content.map((p: { text?: unknown }) => (typeof p?.text === 'string' ? p.text : '')).join('');
  const reasoning = msg.reasoning_content ?? msg.reasoning;
  const tcs = (msg.tool_calls as Record<string, unknown>[] | undefined) ?? [];
  const toolCalls: ToolCall[] = tcs.map((tc, i) => {
    const fn = (tc.function ?? {}) as { name?: unknown; arguments?: unknown };
    return {
      id: typeof tc.id === 'string' ? tc.id : `call_${i}`,
      type: 'function',
      function: { name: String(fn.name ?? ''), arguments: typeof fn.arguments === 'string' ? fn.arguments : JSON.stringify(fn.arguments ?? {}) },
    };
  });
  return {
    id: String(json.id ?? ''),
    model: String(json.model ?? ''),
    text,
    reasoning: typeof reasoning === 'string' ? reasoning : '',
    toolCalls,
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : null,
    usage: json.usage && typeof json.usage === 'object' ? (json.usage as Usage) : null,
  };
}

/** The events a stream would have carried, for a gateway that answered a stream request with one JSON body. */
export function eventsFromCompletion(c: ChatCompletion): ChatStreamEvent[] {
  const out: ChatStreamEvent[] = [];
  if (c.model) out.push({ type: 'model', model: c.model });
  if (c.reasoning) out.push({ type: 'reasoning', text: c.reasoning });
  if (c.text) out.push({ type: 'text', text: c.text });
  c.toolCalls.forEach((t, index) => out.push({ type: 'toolCallDelta', index, id: t.id, name: t.function.name, argumentsDelta: t.function.arguments }));
  if (c.toolCalls.length) out.push({ type: 'toolCalls', calls: c.toolCalls });
  out.push({ type: 'finish', reason: c.finishReason ?? 'stop' });
  if (c.usage) out.push({ type: 'usage', usage: c.usage });
  return out;
}
