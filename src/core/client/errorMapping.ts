import { redact } from '../log';
import { isUntrustedChain } from './tlsCodes';
import { TokenHubError } from './errors';
import type { ErrorKind } from './errors';

/** What we could read out of an error body, whatever shape the gateway used. */
export interface ParsedErrorBody {
  message?: string;
  code?: string;
  type?: string;
  /** The body was an HTML page (a proxy, a captive portal, a CDN error page). */
  html: boolean;
}

const MAX_MESSAGE = 500;

function clip(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > MAX_MESSAGE ? `${t.slice(0, MAX_MESSAGE)}…` : t;
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string' && v) return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** Reads the message out of any JSON error shape OpenAI-compatible gateways send. */
export function readErrorObject(json: unknown): Omit<ParsedErrorBody, 'html'> | undefined {
  if (!json || typeof json !== 'object') return typeof json === 'string' && json ? { message: json } : undefined;
  const o = json as Record<string, unknown>;
  const err = o.error;
  if (typeof err === 'string') return { message: err, code: str(o.code), type: str(o.type) };
  if (err && typeof err === 'object') {
    const e = err as Record<string, unknown>;
    // OpenRouter puts the provider's own text in metadata.raw.
    const meta = e.metadata as Record<string, unknown> | undefined;
    const message = str(e.message) ?? str(meta?.raw) ?? str(e.msg) ?? JSON.stringify(e);
    return { message, code: str(e.code) ?? str(o.code), type: str(e.type) };
  }
  if (typeof o.message === 'string') return { message: o.message, code: str(o.code), type: str(o.type) ?? str(o.error_type) };
  if (o.detail !== undefined) {
    // FastAPI: a string, or a list of { msg, loc }.
    if (typeof o.detail === 'string') return { message: o.detail, code: str(o.code) };
    if (Array.isArray(o.detail)) {
      return { message: o.detail.map((d) => (d && typeof d === 'object' ? str((d as Record<string, unknown>).msg) ?? JSON.stringify(d) : String(d))).join('; ') };
    }
    return { message: JSON.stringify(o.detail) };
  }
  if (Array.isArray(o.errors) && o.errors.length) {
    const first = o.errors[0] as Record<string, unknown>;
    return { message: str(first?.message) ?? JSON.stringify(first), code: str(first?.code) };
  }
  if (typeof o.msg === 'string') return { message: o.msg, code: str(o.code) };
  return undefined;
}

export function isHtml(text: string, contentType?: string): boolean {
  if (contentType && /text\/html/i.test(contentType)) return true;
  return /^\s*(<!doctype html|<html|<head|<body)/i.test(text);
}

/** Parses an error response body: JSON in any known shape, an HTML page, or plain text. */
export function parseErrorBody(text: string, contentType?: string): ParsedErrorBody {
  const trimmed = text.trim();
  if (!trimmed) return { html: false };
  if (isHtml(trimmed, contentType)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1] ?? /<h1[^>]*>([^<]*)<\/h1>/i.exec(trimmed)?.[1];
    return { html: true, message: title ? clip(title) : undefined };
  }
  if (trimmed.startsWith('{') || trimmed.startsWith('"')) {
    try {
      const read = readErrorObject(JSON.parse(trimmed));
      if (read) return { ...read, message: read.message ? clip(read.message) : undefined, html: false };
    } catch {
      // not JSON after all: plain text below
    }
  }
  return { html: false, message: clip(trimmed) };
}

/**
 * Parses `retry-after-ms`, else `retry-after` (seconds or an HTTP date). Returns milliseconds,
 * or undefined when absent or unreadable.
 */
export function retryAfterMs(headers: Record<string, string | string[] | undefined>, now = Date.now()): number | undefined {
  const h = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const ms = h('retry-after-ms');
  if (ms !== undefined && ms.trim() !== '') {
    const n = Number(ms);
    if (Number.isFinite(n) && n >= 0) return n;
  }
  const ra = h('retry-after');
  if (ra !== undefined && ra.trim() !== '') {
    const secs = Number(ra);
    if (Number.isFinite(secs)) return secs >= 0 ? secs * 1000 : undefined;
    const date = Date.parse(ra);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return undefined;
}

const CREDIT_RE = /insufficient[_ ](quota|balance|credit|funds)|credit|billing|payment[_ ]required|quota[_ ]exceeded|余额不足|欠费/i;
const MODEL_RE = /model[_ ]not[_ ]found|model[_ ]not[_ ]exist|unknown[_ ]model|no[_ ]such[_ ]model|invalid[_ ]model|model .*(does not exist|not found|not supported|is not available)/i;
const AUTH_RE = /invalid[_ ]api[_ ]key|incorrect api key|unauthori[sz]ed|authentication|invalid token|api key/i;

export type Endpoint = 'chat' | 'models' | 'images' | 'videos' | 'video' | 'download';

function httpKind(status: number, parsed: ParsedErrorBody, endpoint: Endpoint): ErrorKind {
  const codeText = `${parsed.code ?? ''} ${parsed.type ?? ''}`;
  const all = `${codeText} ${parsed.message ?? ''}`;
  if (status === 401 || status === 403) return CREDIT_RE.test(codeText) ? 'credit' : 'auth';
  if (status === 402) return 'credit';
  if (status === 407) return 'proxy';
  if (status === 429) return CREDIT_RE.test(codeText) ? 'credit' : 'rateLimit'; // OpenAI: 429 insufficient_quota
  if (status >= 500) return 'server';
  if (status === 408 || status === 409) return 'server';
  if (MODEL_RE.test(all)) return 'model';
  if (CREDIT_RE.test(codeText) || /insufficient (balance|credits?|quota|funds)/i.test(parsed.message ?? '')) return 'credit';
  if (AUTH_RE.test(codeText)) return 'auth';
  if (status === 404) return endpoint === 'chat' || endpoint === 'images' || endpoint === 'videos' ? 'model' : 'badRequest';
  return 'badRequest';
}

function withGateway(sentence: string, gw: string | undefined): string {
  return gw ? `${sentence} The gateway said: ${gw}` : sentence;
}

/** Turns an HTTP error response into a TokenHubError. `secrets` are masked in everything kept. */
export function errorFromResponse(
  status: number,
  headers: Record<string, string | string[] | undefined>,
  bodyText: string,
  endpoint: Endpoint,
  secrets: readonly string[],
  model?: string,
): TokenHubError {
  const ct = headers['content-type'];
  const parsed = parseErrorBody(bodyText, Array.isArray(ct) ? ct[0] : ct);
  const gw = parsed.message ? redact(parsed.message, secrets) : undefined;
  const code = parsed.code ?? parsed.type;
  const wait = retryAfterMs(headers);
  const init = { status, code, gatewayMessage: gw, retryAfterMs: wait };
  if (parsed.html) {
    return new TokenHubError(
      'notJson',
      `Expected a JSON answer but received an HTML page (HTTP ${status}${gw ? `, "${gw}"` : ''}). A proxy, firewall or captive portal may be answering instead of TokenHub.`,
      init,
    );
  }
  const kind = httpKind(status, parsed, endpoint);
  let msg: string;
  switch (kind) {
    case 'auth':
      msg = withGateway(`TokenHub did not accept the API key (HTTP ${status}). Set a valid key.`, gw);
      break;
    case 'credit':
      msg = withGateway(`Your TokenHub account has no credit left (HTTP ${status}). Add credit in the TokenHub billing page.`, gw);
      break;
    case 'model':
      msg = withGateway(`The model${model ? ` "${model}"` : ''} is not available on TokenHub (HTTP ${status}). Pick another model.`, gw);
      break;
    case 'rateLimit':
      msg = withGateway(
        `TokenHub is rate limiting requests (HTTP ${status}).${wait !== undefined ? ` Try again in ${Math.ceil(wait / 1000)} s.` : ' Try again shortly.'}`,
        gw,
      );
      break;
    case 'server':
      msg = withGateway(`TokenHub or the model provider had a server error (HTTP ${status}). Try again later.`, gw);
      break;
    case 'proxy':
      msg = withGateway(`The proxy refused the request (HTTP ${status}). Check the proxy settings and credentials.`, gw);
      break;
    default:
      msg = withGateway(`TokenHub rejected the request (HTTP ${status}).`, gw);
  }
  return new TokenHubError(kind, msg, init);
}

/** A copy of an error that keeps only name, code and a redacted message: safe to keep as `cause`. */
export function safeCause(err: unknown, secrets: readonly string[]): Error {
  const e = err as { name?: string; code?: string; message?: string; cause?: unknown } | undefined;
  const copy = new Error(redact(String(e?.message ?? err), secrets));
  copy.name = typeof e?.name === 'string' ? e.name : 'Error';
  if (typeof e?.code === 'string') (copy as Error & { code?: string }).code = e.code;
  // The stack of the original may include request details in some runtimes; ours says enough.
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

const TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH|ERR_CERT)|^EPROTO$/;

/** The innermost error code of an undici/Node error chain. */
function codesOf(err: unknown): string[] {
  const out: string[] = [];
  let cur: unknown = err;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string') out.push(c);
    cur = (cur as { cause?: unknown }).cause;
  }
  return out;
}

function messagesOf(err: unknown): string {
  const out: string[] = [];
  let cur: unknown = err;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    out.push(String((cur as { message?: unknown }).message ?? ''));
    cur = (cur as { cause?: unknown }).cause;
  }
  return out.join(' | ');
}

export interface NetworkContext {
  host: string;
  /** The proxy this request went through, if any (host:port only, no credentials). */
  proxy?: string;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  idleTimeoutMs: number;
  /** True once response headers arrived (errors after that concern the body). */
  afterHeaders: boolean;
  /** Characters of the answer delivered so far (streams). */
  receivedChars?: number;
  secrets: readonly string[];
}

/** Turns a thrown network error (undici, Node) into a TokenHubError. */
export function errorFromNetwork(err: unknown, ctx: NetworkContext): TokenHubError {
  if (err instanceof TokenHubError) return err;
  const codes = codesOf(err);
  const text = messagesOf(err);
  const cause = safeCause(err, ctx.secrets);
  const has = (...c: string[]) => codes.some((x) => c.includes(x));
  const init = { cause, receivedChars: ctx.receivedChars, code: codes[0] };
  const where = ctx.proxy ? ` through the proxy ${ctx.proxy}` : '';
  const secs = (ms: number) => `${Math.round(ms / 100) / 10} s`;
  const kept = ctx.receivedChars ? ` The partial answer (${ctx.receivedChars} characters) was kept.` : '';

  if (/Proxy response \(\d+\)|proxy/i.test(text) && ctx.proxy && !ctx.afterHeaders) {
    const status = /Proxy response \((\d+)\)/.exec(text)?.[1];
    return new TokenHubError('proxy', `The proxy ${ctx.proxy} refused the connection${status ? ` (HTTP ${status})` : ''}. Check the proxy settings.`, {
      ...init,
      status: status ? Number(status) : undefined,
    });
  }
  if (has('UND_ERR_ABORTED', 'ABORT_ERR') || (err as { name?: string })?.name === 'AbortError') {
    return new TokenHubError('cancelled', 'The request was cancelled.', init);
  }
  if (has('UND_ERR_CONNECT_TIMEOUT')) {
    return new TokenHubError(
      ctx.proxy ? 'proxy' : 'connectTimeout',
      `Connecting to ${ctx.host}${where} timed out after ${secs(ctx.connectTimeoutMs)}.`,
      init,
    );
  }
  if (has('UND_ERR_HEADERS_TIMEOUT')) {
    return new TokenHubError('headersTimeout', `TokenHub did not answer within ${secs(ctx.headersTimeoutMs)} (no response headers).`, init);
  }
  if (has('UND_ERR_BODY_TIMEOUT')) {
    return new TokenHubError('idleTimeout', `The answer stopped arriving: nothing was received for ${secs(ctx.idleTimeoutMs)}.${kept}`, init);
  }
  if (codes.some((c) => TLS_CODES.test(c)) || /certificate|SSL routines|TLS/i.test(text)) {
    const tlsCode = codes.find((c) => TLS_CODES.test(c));
    const fix = isUntrustedChain(tlsCode)
      ? ' Its certificate is signed by an authority this computer does not trust (a company network inspecting HTTPS?): trust your company\'s root certificate in the operating system, or list its PEM file in tokenhub.network.caCertificates or NODE_EXTRA_CA_CERTS.'
      : ' A proxy or antivirus may be intercepting HTTPS; see the proxy settings.';
    return new TokenHubError('tls', `The secure connection to ${ctx.host} failed (${tlsCode ?? 'TLS error'}).${fix}`, { ...init, code: tlsCode ?? init.code });
  }
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_NODATA', 'EAI_NONAME')) {
    if (ctx.proxy) return new TokenHubError('proxy', `The proxy host ${ctx.proxy} could not be found.`, init);
    return new TokenHubError('dns', `The host name ${ctx.host} could not be resolved. Check the network and the TokenHub base URL.`, init);
  }
  if (ctx.afterHeaders) {
    return new TokenHubError('streamCut', `The connection closed in the middle of the answer${ctx.receivedChars ? ` after ${ctx.receivedChars} characters` : ''}.${kept}`, init);
  }
  if (ctx.proxy && has('ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH')) {
    return new TokenHubError('proxy', `Could not connect to the proxy ${ctx.proxy} (${codes[0]}). Check the proxy settings.`, init);
  }
  const what = has('ECONNREFUSED') ? 'the connection was refused' : has('ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE') ? 'the connection was reset' : codes[0] ?? 'network error';
  return new TokenHubError('connection', `Could not reach ${ctx.host}${where}: ${what}.`, init);
}
