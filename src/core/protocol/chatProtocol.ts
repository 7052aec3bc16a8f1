// The typed protocol between the chat view (src/webview) and the extension host (src/chat), in
// the kinds of GitLens' IPC: commands (webview → host, no answer), requests (webview → host,
// answered by a `response` with the same id) and notifications (host → webview); and, the other
// way round, host requests (host → webview, answered by a `reply`; see ./hostRequests). Every kind
// has an `is()` guard; the host runs `isWebviewMessage` on EVERY message before looking at it.
import type { Conversation, Message } from '../conversation/conversation';
import type { Attachment, MentionKind } from '../conversation/parts';
import { MENTION_KINDS } from '../conversation/parts';
import { isAttachment } from '../conversation/validate';
import { MAX_MENTION_QUERY } from '../mentions/mentionQuery';
import { hasOnlyKeys, isArrayOf, isInt, isNonEmptyString, isObject, isOneOf, isString } from './guards';
import type { CancelHostRequest, HostRequest, WebviewReply } from './hostRequests';
import { isHostRequestShape, isWebviewReply } from './hostRequests';

/**
 * Text the user can type or edit, in characters: above what the largest context windows (2M
 * tokens) hold, so the model's window, checked by the view before sending (messageSize.ts), is
 * what limits a message, not this cap.
 */
export const MAX_INPUT = 10_000_000;
/** Code a code-block action carries. */
export const MAX_CODE = 2_000_000;

// ---------------------------------------------------------------------------------------------
// Shared state

export interface ModelOption {
  id: string;
  name: string;
  vision: boolean;
  /** Tokens, when the catalogue knows: the view checks a message fits before sending it. */
  contextWindow?: number;
  /** USD per million tokens, shown in the picker where known. */
  inputPrice?: number;
  outputPrice?: number;
}

/** A pending attachment or mention: what the composer shows as a chip, with an id to remove (or open) it by. */
export interface PendingAttachment {
  id: string;
  label: string;
  kind: Attachment['kind'] | MentionKind;
  /** Only for images: a data URI thumbnail. */
  thumbnail?: string;
  /** Its size in the prompt (estimated). */
  tokens?: number;
  /** It can be opened (a file, a folder, a symbol, or the text that was read). */
  openable?: boolean;
  /** The content was cut at the size limit. */
  truncated?: boolean;
}

/** What the composer needs to show the prompt's size and cost as the user types. */
export interface PromptEstimate {
  /** Tokens of the request without the words being typed: system prompt, history, pending context. */
  baseTokens: number;
  /** The conversation's model and its context window (assumed when the catalogue does not know it). */
  modelName: string;
  contextWindow: number;
  assumedWindow: boolean;
  /** Room kept for the answer (the max_tokens sent). */
  reservedOutput: number;
  /** USD per million input tokens; absent when the price is unknown. */
  inputPrice?: number;
  /** Show the size and cost once the prompt passes this many tokens (0: always). */
  showAbove: number;
}

/** One entry of the @-mention picker. */
export interface MentionCandidate {
  /** A kind of context; `category` is a heading to narrow by (choosing it types its prefix). */
  kind: MentionKind | 'category';
  /** Sent back in `addMention` (a URI or a query); for a category, the prefix (`file:`). */
  ref: string;
  label: string;
  /** Where it is (a file's folder, a symbol's file), or what it holds. */
  detail?: string;
  /** Characters of the label, and of the detail, that matched the query (to highlight). */
  match?: number[];
  detailMatch?: number[];
  /** A codicon name, when the kind's own icon is not the right one (a symbol's kind). */
  icon?: string;
  /** It may hold secrets (`.env`, keys): attaching it asks first. */
  sensitive?: boolean;
}

export interface ChatSettingsView {
  temperature: number | null;
  maxTokens: number | null;
  hasSystemPrompt: boolean;
}

export interface AgentView {
  /** Why the Agent switch is off for this model; undefined when agent mode can run. */
  refusal?: string;
  /** A model of the catalogue that can call tools, offered when this one cannot. */
  suggestion?: { id: string; name: string };
  /** AGENTS.md files the next task reads (empty when none, or switched off for this conversation). */
  rules: { path: string; bytes: number; flags: number; truncated: boolean }[];
  /** The workspace has AGENTS.md but the user switched it off for this conversation. */
  rulesOff: boolean;
}

/** Everything the view needs to draw itself, sent in answer to `ready` (and on a switch of conversation). */
export interface ChatState {
  conversation: Conversation;
  models: ModelOption[];
  /** The conversation's model. */
  model: string;
  pending: PendingAttachment[];
  streaming: boolean;
  /** False until an API key is stored (or in TOKENHUB_API_KEY): the view then shows how to set one. */
  hasKey: boolean;
  /** 'simulator' or 'local' when the endpoint is not the real gateway; shown as a badge. */
  endpointBadge: 'simulator' | 'local' | null;
  settings: ChatSettingsView;
  /** UI strings in the user's language (from vscode.l10n on the host). */
  strings: Record<string, string>;
  /** Agent mode: whether it can run with the conversation's model (and why not), and the project rules in use. */
  agent: AgentView;
  /** Slash commands offered in the composer. */
  slashCommands: { name: string; description: string }[];
  /** The prompt's size and cost as the composer shows them. */
  estimate?: PromptEstimate;
}

// ---------------------------------------------------------------------------------------------
// Commands: webview → host

export type CodeActionKind = 'copy' | 'insert' | 'apply' | 'saveAs';
export type HostCommandName = 'newChat' | 'history' | 'export' | 'attachSelection' | 'attachFile' | 'pickModel' | 'setApiKey';

export type WebviewCommand =
  | { type: 'ready' }
  | { type: 'send'; text: string }
  | { type: 'stop' }
  | { type: 'regenerate' }
  | { type: 'retry'; messageId: string }
  | { type: 'editResend'; messageId: string; text: string }
  | { type: 'addImage'; name: string; mimeType: string; dataUri: string }
  | { type: 'removeAttachment'; id: string }
  | { type: 'setModel'; model: string }
  | { type: 'runCommand'; command: HostCommandName }
  | { type: 'errorAction'; messageId: string; index: number }
  /** Ask or Agent for this conversation. */
  | { type: 'setMode'; mode: 'ask' | 'agent' }
  /** An agent task: go on after a pause, stop or reload; undo every change; open one change's diff. */
  | { type: 'continueTask'; messageId: string }
  | { type: 'undoTask'; messageId: string }
  | { type: 'openChange'; messageId: string; callId: string }
  /** Project rules (AGENTS.md) for this conversation: switched off or on; shown as the model gets them. */
  | { type: 'setRules'; on: boolean }
  | { type: 'showRules' }
  /** A choice of the @-mention picker: the host reads it (asking first for a secret file) and adds a chip. */
  | { type: 'addMention'; kind: MentionKind; ref: string }
  /** Files or folders dropped on the chat (URIs from the Explorer or the editor tabs). */
  | { type: 'dropUris'; uris: string[] }
  /** Opens what a pending chip, or a chip of a sent message (by its part's place), refers to. */
  | { type: 'openPending'; id: string }
  | { type: 'openContext'; messageId: string; index: number }
  /** Shows another version of a regenerated answer (0-based among all its versions). */
  | { type: 'showVersion'; messageId: string; index: number };

/** Most URIs one drop may carry. */
export const MAX_DROPPED = 100;

const commandChecks: { [K in WebviewCommand['type']]: (m: Record<string, unknown>) => boolean } = {
  ready: (m) => hasOnlyKeys(m, ['type']),
  send: (m) => hasOnlyKeys(m, ['type', 'text']) && isString(m.text, MAX_INPUT),
  stop: (m) => hasOnlyKeys(m, ['type']),
  regenerate: (m) => hasOnlyKeys(m, ['type']),
  retry: (m) => hasOnlyKeys(m, ['type', 'messageId']) && isNonEmptyString(m.messageId, 200),
  editResend: (m) => hasOnlyKeys(m, ['type', 'messageId', 'text']) && isNonEmptyString(m.messageId, 200) && isString(m.text, MAX_INPUT),
  addImage: (m) =>
    hasOnlyKeys(m, ['type', 'name', 'mimeType', 'dataUri']) &&
    isAttachment({ kind: 'image', name: m.name, mimeType: m.mimeType, dataUri: m.dataUri }),
  removeAttachment: (m) => hasOnlyKeys(m, ['type', 'id']) && isNonEmptyString(m.id, 200),
  setModel: (m) => hasOnlyKeys(m, ['type', 'model']) && isNonEmptyString(m.model, 300),
  runCommand: (m) => hasOnlyKeys(m, ['type', 'command']) && isOneOf(m.command, ['newChat', 'history', 'export', 'attachSelection', 'attachFile', 'pickModel', 'setApiKey'] as const),
  errorAction: (m) => hasOnlyKeys(m, ['type', 'messageId', 'index']) && isNonEmptyString(m.messageId, 200) && isInt(m.index, 0, 20),
  setMode: (m) => hasOnlyKeys(m, ['type', 'mode']) && isOneOf(m.mode, ['ask', 'agent'] as const),
  continueTask: (m) => hasOnlyKeys(m, ['type', 'messageId']) && isNonEmptyString(m.messageId, 200),
  undoTask: (m) => hasOnlyKeys(m, ['type', 'messageId']) && isNonEmptyString(m.messageId, 200),
  openChange: (m) => hasOnlyKeys(m, ['type', 'messageId', 'callId']) && isNonEmptyString(m.messageId, 200) && isNonEmptyString(m.callId, 200),
  setRules: (m) => hasOnlyKeys(m, ['type', 'on']) && typeof m.on === 'boolean',
  showRules: (m) => hasOnlyKeys(m, ['type']),
  addMention: (m) => hasOnlyKeys(m, ['type', 'kind', 'ref']) && isOneOf(m.kind, MENTION_KINDS) && isNonEmptyString(m.ref, 4096),
  dropUris: (m) => hasOnlyKeys(m, ['type', 'uris']) && isArrayOf(m.uris, (u): u is string => isNonEmptyString(u, 4096), MAX_DROPPED) && m.uris.length > 0,
  openPending: (m) => hasOnlyKeys(m, ['type', 'id']) && isNonEmptyString(m.id, 200),
  openContext: (m) => hasOnlyKeys(m, ['type', 'messageId', 'index']) && isNonEmptyString(m.messageId, 200) && isInt(m.index, 0, 10_000),
  showVersion: (m) => hasOnlyKeys(m, ['type', 'messageId', 'index']) && isNonEmptyString(m.messageId, 200) && isInt(m.index, 0, 1000),
};

export function isWebviewCommand(v: unknown): v is WebviewCommand {
  if (!isObject(v) || typeof v.type !== 'string' || !Object.prototype.hasOwnProperty.call(commandChecks, v.type)) return false;
  return commandChecks[v.type as WebviewCommand['type']](v);
}

// ---------------------------------------------------------------------------------------------
// Requests: webview → host, each answered once by a `response` carrying the same id

export interface RequestMap {
  /** A code block's action; resolves when the host has done it (or the user declined). */
  codeAction: { params: { action: CodeActionKind; code: string; language: string }; result: { ok: boolean } };
  /** Opens a link (or a remote image's address) after the host has shown the URL to the user. */
  openLink: { params: { url: string }; result: { opened: boolean } };
  /**
   * What the @-mention picker lists for what is typed after `@` (`comp`, `file:comp`, `git`).
   * `seq` grows with each keystroke; the answer carries it back, so an answer to an older query
   * that arrives late is dropped.
   */
  mentionCandidates: { params: { query: string; seq: number }; result: { seq: number; items: MentionCandidate[] } };
  /** Copies a whole answer (its text as Markdown, without reasoning) to the clipboard. */
  copyAnswer: { params: { messageId: string }; result: { ok: boolean } };
}
export type RequestMethod = keyof RequestMap;

export type WebviewRequest = {
  [M in RequestMethod]: { type: 'request'; id: number; method: M; params: RequestMap[M]['params'] };
}[RequestMethod];

const requestChecks: { [M in RequestMethod]: (p: Record<string, unknown>) => boolean } = {
  codeAction: (p) =>
    hasOnlyKeys(p, ['action', 'code', 'language']) &&
    isOneOf(p.action, ['copy', 'insert', 'apply', 'saveAs'] as const) &&
    isString(p.code, MAX_CODE) &&
    isString(p.language, 100) &&
    /^[\w+#.-]*$/.test(p.language as string),
  openLink: (p) => hasOnlyKeys(p, ['url']) && isNonEmptyString(p.url, 8192),
  mentionCandidates: (p) => hasOnlyKeys(p, ['query', 'seq']) && isString(p.query, MAX_MENTION_QUERY) && isInt(p.seq, 0),
  copyAnswer: (p) => hasOnlyKeys(p, ['messageId']) && isNonEmptyString(p.messageId, 200),
};

export function isWebviewRequest(v: unknown): v is WebviewRequest {
  return (
    isObject(v) &&
    v.type === 'request' &&
    hasOnlyKeys(v, ['type', 'id', 'method', 'params']) &&
    isInt(v.id, 0) &&
    typeof v.method === 'string' &&
    Object.prototype.hasOwnProperty.call(requestChecks, v.method) &&
    isObject(v.params) &&
    requestChecks[v.method as RequestMethod](v.params)
  );
}

export type WebviewMessage = WebviewCommand | WebviewRequest | WebviewReply;

/** The host's one entry check: anything else from the webview is dropped. */
export function isWebviewMessage(v: unknown): v is WebviewMessage {
  return isWebviewRequest(v) || isWebviewCommand(v) || isWebviewReply(v);
}

/** Links the host may open: web and mail only (never `command:`, `file:`, `javascript:`...). */
export function isOpenableUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' || u.protocol === 'mailto:';
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Notifications: host → webview

export type HostNotification =
  | { type: 'state'; state: ChatState }
  | { type: 'messageAdded'; message: Message }
  | { type: 'delta'; messageId: string; text: string }
  /** A piece of an answer's reasoning (shown as plain text in its collapsed "Thinking…" section). */
  | { type: 'reasoningDelta'; messageId: string; text: string }
  /** The host's copy of a message: an answer's end or a resync, a question whose mentions were read again. */
  | { type: 'messageUpdated'; message: Message }
  | { type: 'messagesRemoved'; fromId: string }
  | { type: 'pending'; pending: PendingAttachment[] }
  | { type: 'models'; models: ModelOption[]; model: string }
  | { type: 'streaming'; streaming: boolean }
  | { type: 'hasKey'; hasKey: boolean }
  | { type: 'focusInput' }
  | { type: 'setInput'; text: string }
  /** The prompt's size and cost changed (context added or removed, a new answer, another model). */
  | { type: 'estimate'; estimate: PromptEstimate }
  /** A message was not sent (too large for the model, or the user declined its cost): its words go back into the input. */
  | { type: 'sendRefused'; text: string; reason: string }
  /** A short note under the composer (a mention that could not be read), also read out. */
  | { type: 'note'; text: string }
  /** The conversation's mode and what agent mode can do with its model now. */
  | { type: 'agent'; mode: 'ask' | 'agent'; agent: AgentView }
  | { type: 'response'; id: number; result?: unknown; error?: string }
  /** A question the webview answers with a `reply` (see ./hostRequests). */
  | HostRequest
  /** The host no longer waits for that answer (cancelled or timed out): the webview drops it. */
  | CancelHostRequest;

const notificationTypes: readonly HostNotification['type'][] = [
  'state',
  'messageAdded',
  'delta',
  'reasoningDelta',
  'messageUpdated',
  'messagesRemoved',
  'pending',
  'models',
  'streaming',
  'hasKey',
  'focusInput',
  'setInput',
  'estimate',
  'sendRefused',
  'note',
  'agent',
  'response',
  'hostRequest',
  'cancelHostRequest',
];

/** The webview's check: the host is trusted, so only the shape that routing depends on is checked. */
export function isHostNotification(v: unknown): v is HostNotification {
  if (!isObject(v) || !isOneOf(v.type, notificationTypes)) return false;
  switch (v.type) {
    case 'delta':
    case 'reasoningDelta':
      return isNonEmptyString(v.messageId) && isString(v.text);
    case 'response':
      return isInt(v.id, 0);
    case 'hostRequest':
      return isHostRequestShape(v);
    case 'cancelHostRequest':
      return isInt(v.id, 1);
    case 'state':
      return isObject(v.state) && isObject(v.state.conversation);
    case 'messageAdded':
    case 'messageUpdated':
      return isObject(v.message) && isNonEmptyString(v.message.id);
    case 'messagesRemoved':
      return isNonEmptyString(v.fromId);
    case 'streaming':
      return typeof v.streaming === 'boolean';
    case 'hasKey':
      return typeof v.hasKey === 'boolean';
    case 'setInput':
      return isString(v.text);
    case 'estimate':
      return isObject(v.estimate);
    case 'sendRefused':
      return isString(v.text) && isString(v.reason);
    case 'note':
      return isString(v.text);
    default:
      return true;
  }
}
