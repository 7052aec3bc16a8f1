// A conversation as the API sees it: the request for the next answer, built from the messages'
// parts. Reasoning is never sent back; tool calls and their results become the assistant and
// `tool` messages the OpenAI-compatible protocol expects, in the order they happened.
import type { ChatMessage, ChatRequest, ContentPart, ToolCall } from '../api/types';
import type { AssistantMessage, Conversation, UserMessage } from './conversation';
import type { AttachmentPart, ImagePart, MentionPart } from './parts';
import { attachmentText, textOf } from './parts';

export interface RequestParameters {
  systemPrompt?: string;
  temperature?: number | null;
  maxTokens?: number | null;
}

/** Without a setting, max_tokens is the model's own limit, but never above this. */
export const MAX_TOKENS_CAP = 16_384;
/** max_tokens when neither the setting nor the catalogue gives one. */
export const MAX_TOKENS_FALLBACK = 8_192;

/**
 * The max_tokens to send. An explicit setting wins. Without one we still send a value: some
 * providers behind the gateway apply a small default of their own when max_tokens is missing
 * (TokenHub's Claude page: 1024, "long generations may be truncated earlier than expected").
 * The model's catalogue limit is used but capped, because some gateways reserve credit for
 * max_tokens up front: asking for a 64K-token reservation can fail a request on a low balance
 * that a normal answer would easily fit in.
 */
export function effectiveMaxTokens(setting: number | null | undefined, modelMaxOutput: number | undefined): number {
  if (typeof setting === 'number' && Number.isInteger(setting) && setting > 0) return setting;
  if (typeof modelMaxOutput === 'number' && Number.isInteger(modelMaxOutput) && modelMaxOutput > 0) return Math.min(modelMaxOutput, MAX_TOKENS_CAP);
  return MAX_TOKENS_FALLBACK;
}
/**
 * The wire message of a user message: attached text and mentions inline before what was typed (a
 * mention as the text that was read for it), images as `image_url` data URI parts.
 */
export function userContent(msg: UserMessage): string | ContentPart[] {
  const texts = msg.parts.filter((p): p is AttachmentPart | MentionPart => p.type === 'attachment' || p.type === 'mention');
  const images = msg.parts.filter((p): p is ImagePart => p.type === 'image');
  const body = msg.prompt ?? textOf(msg);
  const text = texts.length ? `${texts.map((p) => (p.type === 'mention' ? p.text : attachmentText(p))).join('\n\n')}\n\n${body}` : body;
  if (!images.length) return text;
  return [{ type: 'text', text }, ...images.map((i): ContentPart => ({ type: 'image_url', image_url: { url: i.dataUri } }))];
}

/** Said to the model for a tool call the task stopped before running (the protocol needs a result for every call). */
export const TOOL_NOT_RUN = 'This tool call was not run: the task stopped before it.';

/**
 * An answer as wire messages: its text and tool calls as assistant messages, each call's result as
 * a `tool` message right after the assistant message that asked for it. A call without a result
 * gets one saying it did not run. Nothing for an answer with neither text nor tool calls.
 */
export function answerMessages(msg: AssistantMessage): ChatMessage[] {
  const out: ChatMessage[] = [];
  let text = '';
  let calls: ToolCall[] = [];
  const results = new Map<string, ChatMessage>();
  const flush = () => {
    if (!text && !calls.length) return;
    const m: ChatMessage = { role: 'assistant', content: text || null };
    if (calls.length) m.tool_calls = calls;
    out.push(m);
    for (const c of calls) out.push(results.get(c.id) ?? { role: 'tool', tool_call_id: c.id, content: TOOL_NOT_RUN });
    text = '';
    calls = [];
    results.clear();
  };
  for (const p of msg.parts) {
    if (p.type === 'text') {
      // Text after tool results starts the next assistant message.
      if (calls.length && results.size) flush();
      text += p.text;
    } else if (p.type === 'toolCall') {
      if (calls.length && results.size) flush();
      calls.push({ id: p.id, type: 'function', function: { name: p.name, arguments: p.arguments } });
    } else if (p.type === 'toolResult') {
      if (calls.some((c) => c.id === p.callId)) results.set(p.callId, { role: 'tool', tool_call_id: p.callId, content: p.content });
    }
  }
  flush();
  return out;
}

/**
 * The request for the next answer: system prompt, then every user message and every answer that
 * has text or tool calls (an answer that failed before any is left out; a cut-off one is sent as
 * it was shown). An answer's reasoning is never sent back: providers expect only the final text.
 * `openAnswer` names an answer still being written that is sent as it stands (an agent task's).
 */
export function buildChatRequest(conv: Conversation, params: RequestParameters = {}, model = conv.model, options: { openAnswer?: string } = {}): ChatRequest {
  const messages: ChatMessage[] = [];
  const system = params.systemPrompt?.trim();
  if (system) messages.push({ role: 'system', content: system });
  for (const m of conv.messages) {
    if (m.role === 'user') messages.push({ role: 'user', content: userContent(m) });
    // An agent task's own answer is sent while it is open: its tool calls and their results.
    else if (m.state !== 'streaming' || m.id === options.openAnswer) messages.push(...answerMessages(m));
  }
  const req: ChatRequest = { model, messages };
  if (typeof params.temperature === 'number' && Number.isFinite(params.temperature)) req.temperature = params.temperature;
  if (typeof params.maxTokens === 'number' && Number.isInteger(params.maxTokens) && params.maxTokens > 0) req.max_tokens = params.maxTokens;
  return req;
}
