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
  /** The file the message is about (Explain, Ask): its URI. */
  file?: string;
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

/**
 * An answer to the same question that is not the one shown: Regenerate (and Retry) keep the
 * answer they replace, so the user can go back to it (‹ 1/2 ›). Every version was paid for.
 */
export interface AnswerVersion {
  parts: AnswerPart[];
  model: string;
  requestedModel?: string;
  /** The gateway profile that answered; absent for the default one. */
  profile?: string;
  state: Exclude<AnswerState, 'streaming'>;
  stopReason?: StopReason;
  usage?: AnswerUsage;
  cost?: number;
  error?: ErrorInfo;
  createdAt: number;
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
  /**
   * The other versions of this answer, in the order they were written; the message's own fields
   * are the version shown (so the next request, the export and the footer read the one shown).
   */
  versions?: AnswerVersion[];
  /** Where the shown version sits among all of them (0-based); the newest when absent. */
  version?: number;
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

export function addUserMessage(conv: Conversation, text: string, attachments: readonly ContextItem[] = [], prompt?: string, now = Date.now(), file?: string): UserMessage {
  const parts: UserPart[] = attachments.map(attachmentToPart);
  if (text) parts.push({ type: 'text', text });
  const msg: UserMessage = { id: newId('u'), role: 'user', parts, createdAt: now };
  if (prompt !== undefined && prompt !== text) msg.prompt = prompt;
  if (file) msg.file = file;
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

/** Whether a conversation is about a file: a question was asked about it, or it was attached. */
export function isAbout(conv: Conversation, file: string): boolean {
  return conv.messages.some((m) => m.role === 'user' && (m.file === file || m.parts.some((p) => p.type === 'attachment' && p.uri === file)));
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

// -- versions of an answer -------------------------------------------------------------------------

/** Versions of one answer kept beside it: far more than anyone regenerates, and not unbounded. */
export const MAX_ANSWER_VERSIONS = 100;

/** Which version of its answer a message shows (0-based) and how many there are (1 without versions). */
export function versionOf(msg: AssistantMessage): { index: number; count: number } {
  const count = (msg.versions?.length ?? 0) + 1;
  const index = msg.version === undefined ? count - 1 : Math.min(Math.max(0, msg.version), count - 1);
  return { index, count };
}

function snapshot(msg: AssistantMessage): AnswerVersion {
  const v: AnswerVersion = { parts: msg.parts, model: msg.model, state: msg.state === 'streaming' ? 'cut' : msg.state, createdAt: msg.createdAt };
  if (msg.requestedModel !== undefined) v.requestedModel = msg.requestedModel;
  if (msg.profile !== undefined) v.profile = msg.profile;
  if (msg.stopReason !== undefined) v.stopReason = msg.stopReason;
  if (msg.usage !== undefined) v.usage = msg.usage;
  if (msg.cost !== undefined) v.cost = msg.cost;
  if (msg.error !== undefined) v.error = msg.error;
  return v;
}

/** Every version of the answer, the shown one included, in the order they were written. */
export function allVersions(msg: AssistantMessage): AnswerVersion[] {
  const others = msg.versions ?? [];
  const { index } = versionOf(msg);
  return [...others.slice(0, index), snapshot(msg), ...others.slice(index)];
}

/** Shows another version of the answer (its parts, model, usage and state); false when there is none at `index`. */
export function showVersion(msg: AssistantMessage, index: number): boolean {
  const { index: shown, count } = versionOf(msg);
  if (!Number.isInteger(index) || index < 0 || index >= count || index === shown || msg.state === 'streaming') return false;
  const all = allVersions(msg);
  const next = all[index]!;
  msg.parts = next.parts;
  msg.model = next.model;
  msg.state = next.state;
  msg.createdAt = next.createdAt;
  for (const key of ['requestedModel', 'profile', 'stopReason', 'usage', 'cost', 'error'] as const) {
    if (next[key] === undefined) delete msg[key];
    else (msg as unknown as Record<string, unknown>)[key] = next[key];
  }
  msg.versions = all.filter((_, i) => i !== index);
  if (index === count - 1) delete msg.version;
  else msg.version = index;
  return true;
}

/**
 * What an answer being replaced (Regenerate, Retry) leaves as earlier versions of the next one:
 * all its versions, except one that holds nothing and cost nothing (a request that failed before
 * any text). An agent task's answer keeps none: its changes to files happened, whatever is shown.
 */
export function versionsToKeep(msg: AssistantMessage): AnswerVersion[] {
  if (msg.task) return [];
  const kept = allVersions(msg).filter((v) => v.usage !== undefined || v.parts.some((p) => (p.type === 'text' || p.type === 'reasoning') && p.text.length > 0));
  return kept.slice(-MAX_ANSWER_VERSIONS);
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
  /** Earlier versions of regenerated answers are counted too: each was a paid request. */
  versions: boolean;
}

export function totals(conv: Conversation): ConversationTotals {
  const t: ConversationTotals = { promptTokens: 0, completionTokens: 0, cost: 0, costIncomplete: false, estimated: false, versions: false };
  const add = (a: { usage?: AnswerUsage; cost?: number }) => {
    if (a.usage) {
      t.promptTokens += a.usage.promptTokens;
      t.completionTokens += a.usage.completionTokens;
      if (a.usage.estimated) t.estimated = true;
    }
    if (a.cost !== undefined) t.cost += a.cost;
    else if (a.usage) t.costIncomplete = true;
  };
  for (const m of conv.messages) {
    if (m.role !== 'assistant') continue;
    add(m);
    for (const v of m.versions ?? []) {
      add(v);
      if (v.usage || v.cost !== undefined) t.versions = true;
    }
  }
  return t;
}

export function summarize(conv: Conversation): ConversationSummary {
  return { id: conv.id, title: conv.title || '…', updatedAt: conv.updatedAt, messageCount: conv.messages.length };
}
