// Requests from the host that the webview answers: the host sends `hostRequest` (id, method,
// params), the webview answers once with a `reply` (the same id, a result or an error), and the
// host may withdraw a request with `cancelHostRequest` (cancelled, or timed out). Each method has
// a params type and a result type here, and a guard for each: the webview checks the params it
// is asked to show; the host checks every reply's result against the request it answers.
import { hasOnlyKeys, isArrayOf, isInt, isNonEmptyString, isObject, isString } from './guards';

/** Limits of an `ask` card: a short title, a few paragraphs of plain text, at most four buttons. */
export const ASK_LIMITS = { title: 300, body: 4000, code: 8000, buttons: 4, buttonId: 100, buttonLabel: 80 } as const;
/** The longest error text a reply may carry. */
export const MAX_REPLY_ERROR = 1000;

export interface AskButton {
  /** What the request resolves with when this button is chosen. */
  id: string;
  label: string;
  /** The suggested choice (at most one button): drawn as the primary button. */
  primary?: boolean;
}

export interface AskParams {
  title: string;
  /** Plain text (no markdown, no HTML); line breaks are kept. */
  body: string;
  /** Shown as code, after the body: a command to approve, the file a change is for. */
  code?: string;
  /** One to four buttons with distinct ids. */
  buttons: AskButton[];
}

export interface AskResult {
  /** The id of the button the user chose. */
  choice: string;
}

export interface HostRequestMap {
  /** A card in the message list: a title, plain text and 1 to 4 buttons; answered with the chosen button. */
  ask: { params: AskParams; result: AskResult };
}
export type HostRequestMethod = keyof HostRequestMap;
export type HostRequestParams<M extends HostRequestMethod> = HostRequestMap[M]['params'];
export type HostRequestResult<M extends HostRequestMethod> = HostRequestMap[M]['result'];

export type HostRequest = {
  [M in HostRequestMethod]: { type: 'hostRequest'; id: number; method: M; params: HostRequestParams<M> };
}[HostRequestMethod];

export interface CancelHostRequest {
  type: 'cancelHostRequest';
  id: number;
}

/** The webview's one answer to a host request: a result, or why it could not give one. */
export type WebviewReply = { type: 'reply'; id: number; result: unknown } | { type: 'reply'; id: number; error: string };

function isAskButton(v: unknown): v is AskButton {
  return (
    isObject(v) &&
    hasOnlyKeys(v, ['id', 'label', 'primary']) &&
    isNonEmptyString(v.id, ASK_LIMITS.buttonId) &&
    isNonEmptyString(v.label, ASK_LIMITS.buttonLabel) &&
    v.label.trim().length > 0 &&
    (v.primary === undefined || typeof v.primary === 'boolean')
  );
}

export function isAskParams(v: unknown): v is AskParams {
  if (!isObject(v) || !hasOnlyKeys(v, ['title', 'body', 'code', 'buttons'])) return false;
  if (!isNonEmptyString(v.title, ASK_LIMITS.title) || !isString(v.body, ASK_LIMITS.body)) return false;
  if (v.code !== undefined && !isString(v.code, ASK_LIMITS.code)) return false;
  if (!isArrayOf(v.buttons, isAskButton, ASK_LIMITS.buttons) || v.buttons.length === 0) return false;
  return new Set(v.buttons.map((b) => b.id)).size === v.buttons.length && v.buttons.filter((b) => b.primary).length <= 1;
}

const paramsChecks: { [M in HostRequestMethod]: (v: unknown) => v is HostRequestParams<M> } = {
  ask: isAskParams,
};

const resultChecks: { [M in HostRequestMethod]: (v: unknown, params: HostRequestParams<M>) => v is HostRequestResult<M> } = {
  // Only a button the card offered: a reply naming another is not an answer to this question.
  ask: (v, params): v is AskResult => isObject(v) && hasOnlyKeys(v, ['choice']) && isString(v.choice) && params.buttons.some((b) => b.id === v.choice),
};

export function isHostRequestMethod(v: unknown): v is HostRequestMethod {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(paramsChecks, v);
}

/** The webview's check of what it is asked to show. */
export function isHostRequestParams<M extends HostRequestMethod>(method: M, params: unknown): params is HostRequestParams<M> {
  return paramsChecks[method](params);
}

/** The host's check of a reply's result against the request it answers. */
export function isHostRequestResult<M extends HostRequestMethod>(method: M, result: unknown, params: HostRequestParams<M>): result is HostRequestResult<M> {
  return resultChecks[method](result, params);
}

/** A reply's shape: an id and exactly one of result or error (the result is checked per method). */
export function isWebviewReply(v: unknown): v is WebviewReply {
  if (!isObject(v) || v.type !== 'reply' || !isInt(v.id, 1)) return false;
  if ('error' in v) return hasOnlyKeys(v, ['type', 'id', 'error']) && isString(v.error, MAX_REPLY_ERROR);
  return hasOnlyKeys(v, ['type', 'id', 'result']) && 'result' in v;
}

/** The shape the webview routes a host request on (the method's own check runs before it is shown). */
export function isHostRequestShape(v: Record<string, unknown>): boolean {
  return isInt(v.id, 1) && isNonEmptyString(v.method, 100) && isObject(v.params);
}
