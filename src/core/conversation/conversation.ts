// The conversation model, plain data and pure functions: the host owns conversations, stores them
// as JSON and sends them to the webview; both sides read them through these types. Nothing here
// touches VS Code, the disk or the network, so it is tested in plain mocha.
import type { ChatMessage, ChatRequest, ContentPart, Usage } from '../api/types';
import { formatCost } from '../pricing';

/** Something attached to a user message (shown as a removable chip while composing). */
export type Attachment =
  | { kind: 'selection'; uri: string; languageId: string; range: { startLine: number; endLine: number }; text: string }
  | { kind: 'file'; uri: string; languageId: string; text: string }
  | { kind: 'image'; name: string; mimeType: string; dataUri: string };

export type AnswerState = 'streaming' | 'done' | 'cut' | 'error';

/** Why the provider ended a cut-off answer (a stop by the user has none). */
export type StopReason = 'length' | 'contentFilter';

export interface AnswerUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface ErrorInfo {
  message: string;
  /** Buttons shown under the error; `command` is one of ours, run by the host. */
  actions: { title: string; command?: string; args?: unknown[] }[];
}

export interface UserMessage {
  id: string;
  role: 'user';
  /** What the user typed (and sees). */
  text: string;
  /** The prompt sent to the model when it differs from `text` (e.g. built by Explain). */
  prompt?: string;
  attachments: Attachment[];
  createdAt: number;
}

export interface AssistantMessage {
  id: string;
  role: 'assistant';
  text: string;
  /**
   * What a reasoning model "thought" before answering (its `reasoning` stream). Shown collapsed,
   * saved with the conversation, but never sent back to the model (see buildChatRequest).
   */
  reasoning?: string;
  /** How long the reasoning took (first reasoning token to first text token, or to the end). */
  reasoningMs?: number;
  model: string;
  state: AnswerState;
  /** Set when the provider cut the answer off (token limit, content filter). */
  stopReason?: StopReason;
  usage?: AnswerUsage;
  /** USD; undefined when neither the gateway nor the catalogue gave a price. */
  cost?: number;
  error?: ErrorInfo;
  createdAt: number;
}

export type Message = UserMessage | AssistantMessage;

export interface Conversation {
  id: string;
  title: string;
  /** The model new answers in this conversation use. */
  model: string;
  createdAt: number;
  updatedAt: number;
  messages: Message[];
}

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
  messageCount: number;
}

export interface RequestParameters {
  systemPrompt?: string;
  temperature?: number | null;
  maxTokens?: number | null;
}

let counter = 0;
/** Ids unique within a run and across runs (time + random + counter); not secrets. */
export function newId(prefix: string): string {
  counter = (counter + 1) % 1_000_000;
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}${counter.toString(36)}`;
}

export function createConversation(model: string, now = Date.now()): Conversation {
  return { id: newId('c'), title: '', model, createdAt: now, updatedAt: now, messages: [] };
}

/** A title from the first user message: its first line, shortened at a word boundary. */
export function titleFrom(text: string, max = 60): string {
  const line = text.trim().split(/\r?\n/)[0]?.replace(/\s+/g, ' ').trim() ?? '';
  if (line.length <= max) return line;
  const cut = line.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function addUserMessage(conv: Conversation, text: string, attachments: Attachment[] = [], prompt?: string, now = Date.now()): UserMessage {
  const msg: UserMessage = { id: newId('u'), role: 'user', text, attachments, createdAt: now };
  if (prompt !== undefined && prompt !== text) msg.prompt = prompt;
  conv.messages.push(msg);
  if (!conv.title) conv.title = titleFrom(text) || titleFrom(prompt ?? '');
  conv.updatedAt = now;
  return msg;
}

export function startAnswer(conv: Conversation, model = conv.model, now = Date.now()): AssistantMessage {
  const msg: AssistantMessage = { id: newId('a'), role: 'assistant', text: '', model, state: 'streaming', createdAt: now };
  conv.messages.push(msg);
  conv.updatedAt = now;
  return msg;
}

export function findMessage(conv: Conversation, id: string): Message | undefined {
  return conv.messages.find((m) => m.id === id);
}

export function lastAnswer(conv: Conversation): AssistantMessage | undefined {
  const last = conv.messages[conv.messages.length - 1];
  return last?.role === 'assistant' ? last : undefined;
}

export function isStreaming(conv: Conversation): boolean {
  return conv.messages.some((m) => m.role === 'assistant' && m.state === 'streaming');
}

/** Ends an answer. An error or a stop after some text keeps the text, marked as cut off. */
export function finishAnswer(
  msg: AssistantMessage,
  outcome: { state: 'done' } | { state: 'cut'; stopReason?: StopReason } | { state: 'error'; error: ErrorInfo },
  now = Date.now(),
): void {
  msg.state = outcome.state;
  if (outcome.state === 'error') msg.error = outcome.error;
  else delete msg.error;
  if (outcome.state === 'cut' && outcome.stopReason) msg.stopReason = outcome.stopReason;
  else delete msg.stopReason;
  void now;
}

/**
 * The outcome of a stream that ended normally, from its last `finish` reason: `length` (the
 * max_tokens limit) and `content_filter` end the answer early, so it is marked as cut off with
 * the reason, and the view says why. Anything else (`stop`, `tool_calls`, none) is a complete answer.
 */
export function outcomeOfFinish(finishReason: string | undefined): { state: 'done' } | { state: 'cut'; stopReason: StopReason } {
  if (finishReason === 'length') return { state: 'cut', stopReason: 'length' };
  if (finishReason === 'content_filter') return { state: 'cut', stopReason: 'contentFilter' };
  return { state: 'done' };
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

export function setUsage(msg: AssistantMessage, usage: Usage | undefined, cost: number | undefined): void {
  if (usage) msg.usage = { promptTokens: usage.prompt_tokens ?? 0, completionTokens: usage.completion_tokens ?? 0 };
  if (cost !== undefined && Number.isFinite(cost)) msg.cost = cost;
}

/**
 * Removes the message with `id` and everything after it (edit-and-resend of a user message,
 * regenerate of an answer). Returns the removed user message when `id` was one.
 */
export function truncateFrom(conv: Conversation, id: string): Message | undefined {
  const i = conv.messages.findIndex((m) => m.id === id);
  if (i < 0) return undefined;
  const [removed] = conv.messages.splice(i);
  conv.updatedAt = Date.now();
  return removed;
}

/** After a crash or reload mid-answer the stream is gone: what was shown stays, marked as cut off. */
export function recoverInterrupted(conv: Conversation): boolean {
  let changed = false;
  for (const m of conv.messages) {
    if (m.role === 'assistant' && m.state === 'streaming') {
      m.state = 'cut';
      changed = true;
    }
  }
  return changed;
}

export interface ConversationTotals {
  promptTokens: number;
  completionTokens: number;
  /** Sum of the answers whose cost is known. */
  cost: number;
  /** Some answers have tokens but no known price: the total is a lower bound. */
  costIncomplete: boolean;
}

export function totals(conv: Conversation): ConversationTotals {
  const t: ConversationTotals = { promptTokens: 0, completionTokens: 0, cost: 0, costIncomplete: false };
  for (const m of conv.messages) {
    if (m.role !== 'assistant') continue;
    if (m.usage) {
      t.promptTokens += m.usage.promptTokens;
      t.completionTokens += m.usage.completionTokens;
    }
    if (m.cost !== undefined) t.cost += m.cost;
    else if (m.usage) t.costIncomplete = true;
  }
  return t;
}

function fence(text: string): string {
  // A fence longer than any backtick run inside, so attached code cannot close it early.
  const longest = Math.max(2, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  return '`'.repeat(longest + 1);
}

function basename(uri: string): string {
  const clean = uri.split(/[?#]/)[0] ?? uri;
  return decodeURIComponent(clean.slice(clean.lastIndexOf('/') + 1)) || uri;
}

/** The label of an attachment's chip. */
export function attachmentLabel(a: Attachment): string {
  switch (a.kind) {
    case 'selection':
      return `${basename(a.uri)}:${a.range.startLine + 1}-${a.range.endLine + 1}`;
    case 'file':
      return basename(a.uri);
    case 'image':
      return a.name;
  }
}

/** The text a text attachment contributes to the prompt. */
export function attachmentText(a: Exclude<Attachment, { kind: 'image' }>): string {
  const f = fence(a.text);
  const where = a.kind === 'selection' ? `${basename(a.uri)} (lines ${a.range.startLine + 1}-${a.range.endLine + 1})` : basename(a.uri);
  return `${where}:\n${f}${a.languageId}\n${a.text}\n${f}`;
}

/** The wire message of a user message: text attachments inline, images as `image_url` data URI parts. */
export function userContent(msg: UserMessage): string | ContentPart[] {
  const texts = msg.attachments.filter((a): a is Exclude<Attachment, { kind: 'image' }> => a.kind !== 'image');
  const images = msg.attachments.filter((a): a is Extract<Attachment, { kind: 'image' }> => a.kind === 'image');
  const body = msg.prompt ?? msg.text;
  const text = texts.length ? `${texts.map(attachmentText).join('\n\n')}\n\n${body}` : body;
  if (!images.length) return text;
  return [{ type: 'text', text }, ...images.map((i): ContentPart => ({ type: 'image_url', image_url: { url: i.dataUri } }))];
}

/**
 * The request for the next answer: system prompt, then every user message and every answer that
 * has text (an answer that failed before any text is left out; a cut-off one is sent as it was shown).
 * An answer's reasoning is never sent back: providers expect only the final text in the history.
 */
export function buildChatRequest(conv: Conversation, params: RequestParameters = {}, model = conv.model): ChatRequest {
  const messages: ChatMessage[] = [];
  const system = params.systemPrompt?.trim();
  if (system) messages.push({ role: 'system', content: system });
  for (const m of conv.messages) {
    if (m.role === 'user') messages.push({ role: 'user', content: userContent(m) });
    else if (m.text && m.state !== 'streaming') messages.push({ role: 'assistant', content: m.text });
  }
  const req: ChatRequest = { model, messages };
  if (typeof params.temperature === 'number' && Number.isFinite(params.temperature)) req.temperature = params.temperature;
  if (typeof params.maxTokens === 'number' && Number.isInteger(params.maxTokens) && params.maxTokens > 0) req.max_tokens = params.maxTokens;
  return req;
}

export function summarize(conv: Conversation): ConversationSummary {
  return { id: conv.id, title: conv.title || '…', updatedAt: conv.updatedAt, messageCount: conv.messages.length };
}

/** Case-insensitive match of every word of `query` in the title or any message. */
export function matches(conv: Conversation, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const hay = [conv.title, ...conv.messages.map((m) => m.text)].join('\n').toLowerCase();
  return words.every((w) => hay.includes(w));
}

export interface MarkdownLabels {
  user: string;
  assistant: string;
  cutOff: string;
  error: string;
}

/** Markdown export: title, then each message under a heading, with per-answer model, tokens and cost. */
export function toMarkdown(conv: Conversation, labels: MarkdownLabels = { user: 'You', assistant: 'Assistant', cutOff: 'cut off', error: 'Error' }): string {
  const out: string[] = [`# ${conv.title || 'Chat'}`, ''];
  for (const m of conv.messages) {
    if (m.role === 'user') {
      out.push(`## ${labels.user}`, '');
      for (const a of m.attachments) {
        out.push(a.kind === 'image' ? `*[${attachmentLabel(a)}]*` : attachmentText(a), '');
      }
      out.push(m.text, '');
    } else {
      const meta = [m.model];
      if (m.usage) meta.push(`${m.usage.promptTokens} → ${m.usage.completionTokens} tokens`);
      if (m.cost !== undefined) meta.push(formatCost(m.cost));
      if (m.state === 'cut') meta.push(labels.cutOff);
      out.push(`## ${labels.assistant} (${meta.join(', ')})`, '', m.text, '');
      if (m.state === 'error' && m.error) out.push(`> **${labels.error}:** ${m.error.message}`, '');
    }
  }
  const t = totals(conv);
  if (t.promptTokens || t.completionTokens) {
    out.push('---', '', `${t.promptTokens} → ${t.completionTokens} tokens${t.cost || !t.costIncomplete ? `, ${formatCost(t.cost)}${t.costIncomplete ? '+' : ''}` : ''}`, '');
  }
  return out.join('\n');
}
