// The conversation model, plain data and pure functions: the host owns conversations, stores them
// as JSON and sends them to the webview; both sides read them through these types. Nothing here
// touches VS Code, the disk or the network, so it is tested in plain mocha.
import { DEFAULT_PROFILE_ID } from '../profiles/modelRef';
import type { AnswerPart, ContextItem, UserPart } from './parts';
import { attachmentToPart } from './parts';

export type AnswerState = 'streaming' | 'done' | 'cut' | 'error';

/** Why the provider ended a cut-off answer (a stop by the user has none). */
export type StopReason = 'length' | 'contentFilter';

export interface AnswerUsage {
  promptTokens: number;
  completionTokens: number;
  /** The gateway sent no usage (a stopped or cut answer): tokens and cost are our estimate. */
  estimated?: true;
}

export interface ErrorInfo {
  message: string;
  /** Buttons shown under the error; `command` is one of ours, run by the host. */
  actions: { title: string; command?: string; args?: unknown[] }[];
}

export interface UserMessage {
  id: string;
  role: 'user';
  /** What the user attached (chips), then what they typed (and see). */
  parts: UserPart[];
  /** The prompt sent to the model instead of the text parts when it differs (e.g. built by Explain). */
  prompt?: string;
  createdAt: number;
}

/** An agent task's state, on the answer it writes into (agent mode). */
export interface AgentTaskInfo {
  /**
   * `running` while it works; `waiting` for the user (an approval); `done` when the model
   * answered without tools; `stopped` by the user; `paused` at a limit (it can be continued);
   * `failed` when a model request failed; `interrupted` when the window went away mid-task.
   */
  state: 'running' | 'waiting' | 'done' | 'stopped' | 'paused' | 'failed' | 'interrupted';
  /** Model requests so far. */
  steps: number;
  /** USD so far (a lower bound when `unpriced`). */
  cost: number;
  unpriced?: true;
  /** Some step's usage was estimated (the gateway sent none). */
  estimated?: true;
  /** The limit that paused it. */
  limit?: 'steps' | 'cost';
  /** Undo task restored every file it touched. */
  undone?: true;
}

export interface AssistantMessage {
  id: string;
  role: 'assistant';
  /**
   * The answer as it happened: reasoning (shown collapsed, never sent back), text, and in agent
   * mode the tool calls and their results, in order.
   */
  parts: AnswerPart[];
  /** The model that answered (the stream's `model`; until it names one, the model asked for). */
  model: string;
  /** Set when the gateway routed the request: the model that was asked for. */
  requestedModel?: string;
  /** The gateway profile that answered; absent for the default profile (src/core/profiles/modelRef.ts). */
  profile?: string;
  state: AnswerState;
  /** Set when the provider cut the answer off (token limit, content filter). */
  stopReason?: StopReason;
  usage?: AnswerUsage;
  /** USD; undefined when neither the gateway nor the catalogue gave a price. */
  cost?: number;
  error?: ErrorInfo;
  /** Set when the answer is an agent task. */
  task?: AgentTaskInfo;
  createdAt: number;
}

export type Message = UserMessage | AssistantMessage;

export interface Conversation {
  id: string;
  title: string;
  /** The model new answers in this conversation use. */
  model: string;
  /** Ask (answers only) or Agent (works in the workspace with tools); Ask when absent. */
  mode?: 'ask' | 'agent';
  /** The user switched the project rules (AGENTS.md) off for this conversation. */
  rulesOff?: true;
  /**
   * The gateway profile of `model`; absent for the default profile, as in every conversation
   * stored before there were profiles.
   */
  profile?: string;
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

let counter = 0;
/** Ids unique within a run and across runs (time + random + counter); not secrets. */
export function newId(prefix: string): string {
  counter = (counter + 1) % 1_000_000;
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}${counter.toString(36)}`;
}

export function createConversation(model: string, now = Date.now(), profile?: string): Conversation {
  const conv: Conversation = { id: newId('c'), title: '', model, createdAt: now, updatedAt: now, messages: [] };
  setConversationProfile(conv, profile);
  return conv;
}

/** Sets the profile of a conversation's model (the default profile is kept as no profile at all). */
export function setConversationProfile(conv: { profile?: string }, profile: string | undefined): void {
  if (profile && profile !== DEFAULT_PROFILE_ID) conv.profile = profile;
  else delete conv.profile;
}

/** A title from the first user message: its first line, shortened at a word boundary. */
export function titleFrom(text: string, max = 60): string {
  const line = text.trim().split(/\r?\n/)[0]?.replace(/\s+/g, ' ').trim() ?? '';
  if (line.length <= max) return line;
  const cut = line.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function addUserMessage(conv: Conversation, text: string, attachments: readonly ContextItem[] = [], prompt?: string, now = Date.now()): UserMessage {
  const parts: UserPart[] = attachments.map(attachmentToPart);
  if (text) parts.push({ type: 'text', text });
  const msg: UserMessage = { id: newId('u'), role: 'user', parts, createdAt: now };
  if (prompt !== undefined && prompt !== text) msg.prompt = prompt;
  conv.messages.push(msg);
  if (!conv.title) conv.title = titleFrom(text) || titleFrom(prompt ?? '');
  conv.updatedAt = now;
  return msg;
}

export function startAnswer(conv: Conversation, model = conv.model, now = Date.now()): AssistantMessage {
  const msg: AssistantMessage = { id: newId('a'), role: 'assistant', parts: [], model, state: 'streaming', createdAt: now };
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

/** Records which model answered; `requested` only when the gateway routed the request to another. */
export function setAnsweredBy(msg: AssistantMessage, model: string, requested: string | undefined): void {
  if (model) msg.model = model;
  if (requested && requested !== msg.model) msg.requestedModel = requested;
  else delete msg.requestedModel;
}

/** An answer's tokens and cost, as the ledger counted them (the gateway's, or our estimate). */
export function setUsage(msg: AssistantMessage, entry: { promptTokens: number; completionTokens: number; cost?: number; estimated?: true }): void {
  msg.usage = { promptTokens: entry.promptTokens, completionTokens: entry.completionTokens, ...(entry.estimated ? { estimated: true as const } : {}) };
  if (entry.cost !== undefined && Number.isFinite(entry.cost)) msg.cost = entry.cost;
  else delete msg.cost;
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

/**
 * After a crash or reload mid-answer the stream is gone: what was shown stays, marked as cut off.
 * An agent task that was working is marked interrupted; a tool call that was waiting for the user
 * stays pending (shown as such; nothing runs on its own), one that was running is marked stopped.
 */
export function recoverInterrupted(conv: Conversation): boolean {
  let changed = false;
  for (const m of conv.messages) {
    if (m.role !== 'assistant') continue;
    if (m.state === 'streaming') {
      m.state = 'cut';
      changed = true;
    }
    if (m.task && (m.task.state === 'running' || m.task.state === 'waiting')) {
      m.task.state = 'interrupted';
      changed = true;
    }
    for (const p of m.parts) {
      if (p.type === 'toolCall' && p.status === 'running') {
        p.status = 'stopped';
        changed = true;
      }
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
  /** Some answers' usage is our estimate (the gateway sent none). */
  estimated: boolean;
}

export function totals(conv: Conversation): ConversationTotals {
  const t: ConversationTotals = { promptTokens: 0, completionTokens: 0, cost: 0, costIncomplete: false, estimated: false };
  for (const m of conv.messages) {
    if (m.role !== 'assistant') continue;
    if (m.usage) {
      t.promptTokens += m.usage.promptTokens;
      t.completionTokens += m.usage.completionTokens;
      if (m.usage.estimated) t.estimated = true;
    }
    if (m.cost !== undefined) t.cost += m.cost;
    else if (m.usage) t.costIncomplete = true;
  }
  return t;
}

export function summarize(conv: Conversation): ConversationSummary {
  return { id: conv.id, title: conv.title || '…', updatedAt: conv.updatedAt, messageCount: conv.messages.length };
}
