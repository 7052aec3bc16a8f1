// Guards for conversations read back from disk (a file may be truncated, old, or edited by hand)
// and for attachments the webview sends. Imported by the protocol guards and the host's store.
import { hasOnlyKeys, isArrayOf, isFiniteNumber, isInt, isNonEmptyString, isObject, isOneOf, isString } from '../protocol/guards';
import { isProfileId } from '../profiles/modelRef';
import type { AnswerVersion, AssistantMessage, Conversation, ErrorInfo, Message, UserMessage } from './conversation';
import { MAX_ANSWER_VERSIONS } from './conversation';
import type { AnswerPart, Attachment, UserPart } from './parts';
import { MENTION_KINDS } from './parts';

/** Attachment limits: text 2 MB, image data URIs 20 MB (the gateway rejects larger anyway). */
export const MAX_TEXT_ATTACHMENT = 2_000_000;
/** A mention's text: its content (at most MAX_TEXT_ATTACHMENT) with the line that says what it is, and a fence. */
export const MAX_MENTION_TEXT = MAX_TEXT_ATTACHMENT + 10_000;
export const MAX_IMAGE_DATA_URI = 20_000_000;
export const IMAGE_MIME_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

const DATA_URI = /^data:(image\/(?:png|jpeg|gif|webp));base64,[A-Za-z0-9+/]+=*$/;

export function isImageDataUri(v: unknown): v is string {
  return isString(v, MAX_IMAGE_DATA_URI) && DATA_URI.test(v);
}

export function isAttachment(v: unknown): v is Attachment {
  if (!isObject(v)) return false;
  switch (v.kind) {
    case 'selection':
      return (
        hasOnlyKeys(v, ['kind', 'uri', 'languageId', 'range', 'text']) &&
        isNonEmptyString(v.uri, 4096) &&
        isString(v.languageId, 100) &&
        isString(v.text, MAX_TEXT_ATTACHMENT) &&
        isObject(v.range) &&
        isInt(v.range.startLine) &&
        isInt(v.range.endLine)
      );
    case 'file':
      return hasOnlyKeys(v, ['kind', 'uri', 'languageId', 'text']) && isNonEmptyString(v.uri, 4096) && isString(v.languageId, 100) && isString(v.text, MAX_TEXT_ATTACHMENT);
    case 'image':
      return (
        hasOnlyKeys(v, ['kind', 'name', 'mimeType', 'dataUri']) &&
        isString(v.name, 500) &&
        isOneOf(v.mimeType, IMAGE_MIME_TYPES) &&
        isImageDataUri(v.dataUri) &&
        v.dataUri.startsWith(`data:${v.mimeType};`)
      );
    default:
      return false;
  }
}

export function isErrorInfo(v: unknown): v is ErrorInfo {
  return (
    isObject(v) &&
    isString(v.message) &&
    isArrayOf(
      v.actions,
      (a): a is { title: string; command?: string; args?: unknown[] } =>
        isObject(a) && isString(a.title) && (a.command === undefined || isString(a.command)) && (a.args === undefined || Array.isArray(a.args)),
    )
  );
}

const isRange = (v: unknown): v is { startLine: number; endLine: number } => isObject(v) && isInt(v.startLine) && isInt(v.endLine);

function isUserPart(v: unknown): v is UserPart {
  if (!isObject(v)) return false;
  switch (v.type) {
    case 'text':
      return hasOnlyKeys(v, ['type', 'text']) && isString(v.text);
    case 'image':
      return (
        hasOnlyKeys(v, ['type', 'name', 'mimeType', 'dataUri']) &&
        isString(v.name, 500) &&
        isOneOf(v.mimeType, IMAGE_MIME_TYPES) &&
        isImageDataUri(v.dataUri) &&
        v.dataUri.startsWith(`data:${v.mimeType};`)
      );
    case 'attachment':
      return (
        hasOnlyKeys(v, ['type', 'kind', 'uri', 'languageId', 'text', 'range']) &&
        isOneOf(v.kind, ['selection', 'file'] as const) &&
        isNonEmptyString(v.uri, 4096) &&
        isString(v.languageId, 100) &&
        isString(v.text, MAX_TEXT_ATTACHMENT) &&
        (v.kind === 'selection' ? isRange(v.range) : v.range === undefined)
      );
    case 'mention':
      return (
        hasOnlyKeys(v, ['type', 'kind', 'label', 'ref', 'range', 'text', 'hash', 'tokens', 'truncated', 'rereadAt']) &&
        isOneOf(v.kind, MENTION_KINDS) &&
        isNonEmptyString(v.label, 500) &&
        isNonEmptyString(v.ref, 4096) &&
        (v.range === undefined || isRange(v.range)) &&
        isString(v.text, MAX_MENTION_TEXT) &&
        isNonEmptyString(v.hash, 100) &&
        isInt(v.tokens, 0) &&
        (v.truncated === undefined || v.truncated === true) &&
        (v.rereadAt === undefined || isFiniteNumber(v.rereadAt))
      );
    default:
      return false;
  }
}

/** Tool results and arguments can be long (a file read), but not unbounded. */
export const MAX_TOOL_TEXT = 2_000_000;

function isAnswerPart(v: unknown): v is AnswerPart {
  if (!isObject(v)) return false;
  switch (v.type) {
    case 'text':
      return hasOnlyKeys(v, ['type', 'text']) && isString(v.text);
    case 'reasoning':
      return hasOnlyKeys(v, ['type', 'text', 'ms']) && isString(v.text) && (v.ms === undefined || (isFiniteNumber(v.ms) && v.ms >= 0));
    case 'toolCall':
      return (
        hasOnlyKeys(v, ['type', 'id', 'name', 'arguments', 'status', 'approval', 'ms']) &&
        isNonEmptyString(v.id, 200) &&
        isString(v.name, 200) &&
        isString(v.arguments, MAX_TOOL_TEXT) &&
        (v.status === undefined || isOneOf(v.status, ['pending', 'running', 'done', 'failed', 'denied', 'refused', 'stopped'] as const)) &&
        (v.approval === undefined || isOneOf(v.approval, ['none', 'user', 'allowList', 'autoApply'] as const)) &&
        (v.ms === undefined || (isFiniteNumber(v.ms) && v.ms >= 0))
      );
    case 'fileChange':
      return (
        hasOnlyKeys(v, ['type', 'callId', 'action', 'path', 'to', 'state', 'added', 'removed']) &&
        isNonEmptyString(v.callId, 200) &&
        isOneOf(v.action, ['edit', 'create', 'rename', 'delete'] as const) &&
        isNonEmptyString(v.path, 4096) &&
        (v.to === undefined || isNonEmptyString(v.to, 4096)) &&
        isOneOf(v.state, ['pending', 'accepted', 'rejected', 'applied', 'undone'] as const) &&
        isInt(v.added, 0) &&
        isInt(v.removed, 0)
      );
    case 'toolResult':
      return (
        hasOnlyKeys(v, ['type', 'callId', 'name', 'content', 'isError']) &&
        isNonEmptyString(v.callId, 200) &&
        isString(v.name, 200) &&
        isString(v.content, MAX_TOOL_TEXT) &&
        (v.isError === undefined || v.isError === true)
      );
    default:
      return false;
  }
}

function isUserMessage(v: Record<string, unknown>): v is Record<string, unknown> & UserMessage {
  return (
    isNonEmptyString(v.id, 200) &&
    isArrayOf(v.parts, isUserPart) &&
    (v.prompt === undefined || isString(v.prompt)) &&
    (v.file === undefined || isNonEmptyString(v.file, 4096)) &&
    isFiniteNumber(v.createdAt)
  );
}

/** What an answer and each of its versions hold: parts, the model, how it ended, usage and cost. */
function isAnswerBody(v: Record<string, unknown>, states: readonly string[]): boolean {
  return (
    isArrayOf(v.parts, isAnswerPart) &&
    isString(v.model) &&
    (v.requestedModel === undefined || isString(v.requestedModel, 300)) &&
    (v.profile === undefined || isProfileId(v.profile)) &&
    isOneOf(v.state, states) &&
    (v.stopReason === undefined || isOneOf(v.stopReason, ['length', 'contentFilter'] as const)) &&
    isFiniteNumber(v.createdAt) &&
    (v.usage === undefined || (isObject(v.usage) && isFiniteNumber(v.usage.promptTokens) && isFiniteNumber(v.usage.completionTokens) && (v.usage.estimated === undefined || v.usage.estimated === true))) &&
    (v.cost === undefined || isFiniteNumber(v.cost)) &&
    (v.error === undefined || isErrorInfo(v.error))
  );
}

/** An earlier (or later) version of an answer, kept by Regenerate: never one still streaming. */
function isAnswerVersion(v: unknown): v is AnswerVersion {
  return (
    isObject(v) &&
    hasOnlyKeys(v, ['parts', 'model', 'requestedModel', 'profile', 'state', 'stopReason', 'usage', 'cost', 'error', 'createdAt']) &&
    isAnswerBody(v, ['done', 'cut', 'error'])
  );
}

function isAssistantMessage(v: Record<string, unknown>): v is Record<string, unknown> & AssistantMessage {
  return (
    isNonEmptyString(v.id, 200) &&
    isAnswerBody(v, ['streaming', 'done', 'cut', 'error']) &&
    (v.task === undefined || isTaskInfo(v.task)) &&
    (v.versions === undefined || isArrayOf(v.versions, isAnswerVersion, MAX_ANSWER_VERSIONS)) &&
    (v.version === undefined || (Array.isArray(v.versions) && isInt(v.version, 0, v.versions.length)))
  );
}

function isTaskInfo(v: unknown): boolean {
  return (
    isObject(v) &&
    hasOnlyKeys(v, ['state', 'steps', 'cost', 'unpriced', 'estimated', 'limit', 'undone']) &&
    isOneOf(v.state, ['running', 'waiting', 'done', 'stopped', 'paused', 'failed', 'interrupted'] as const) &&
    isInt(v.steps, 0) &&
    isFiniteNumber(v.cost) &&
    v.cost >= 0 &&
    (v.unpriced === undefined || v.unpriced === true) &&
    (v.estimated === undefined || v.estimated === true) &&
    (v.limit === undefined || isOneOf(v.limit, ['steps', 'cost'] as const)) &&
    (v.undone === undefined || v.undone === true)
  );
}

export function isMessage(v: unknown): v is Message {
  if (!isObject(v)) return false;
  if (v.role === 'user') return isUserMessage(v);
  if (v.role === 'assistant') return isAssistantMessage(v);
  return false;
}

export function isConversation(v: unknown): v is Conversation {
  return (
    isObject(v) &&
    (v.version === undefined || v.version === 2) &&
    isNonEmptyString(v.id, 200) &&
    isString(v.title) &&
    isString(v.model) &&
    (v.mode === undefined || isOneOf(v.mode, ['ask', 'agent'] as const)) &&
    (v.rulesOff === undefined || v.rulesOff === true) &&
    (v.profile === undefined || isProfileId(v.profile)) &&
    isFiniteNumber(v.createdAt) &&
    isFiniteNumber(v.updatedAt) &&
    isArrayOf(v.messages, isMessage)
  );
}

/** Conversation ids become file names: only these characters, so no id can escape the folder. */
export function isSafeConversationId(id: unknown): id is string {
  return typeof id === 'string' && /^[A-Za-z0-9_-]{1,100}$/.test(id);
}
