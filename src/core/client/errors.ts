// The error codes the advice (./errorAdvice.ts) tells apart live here, so that the client and the
// main bundle can name them without loading the advice.

/** The `code` of the error a PAC script in the proxy setting gets (the transport throws it). */
export const PAC_UNSUPPORTED = 'PAC_UNSUPPORTED';

/** The `code` of the error a request for a profile that does not exist (any more) gets. */
export const PROFILE_MISSING = 'PROFILE_MISSING';

/**
 * Every way a request can fail, as one typed error. `kind` is what callers branch on (and what
 * the VS Code layer turns into a message in the user's language with the next step to take);
 * `message` is a plain English sentence for logs. Neither ever holds the API key.
 */
export type ErrorKind =
  | 'auth' // 401/403, or no key at all
  | 'credit' // 402, or the gateway's "insufficient quota"
  | 'model' // 404 or the gateway's own "model not found"
  | 'badRequest' // 400/422, with the gateway's message
  | 'rateLimit' // 429
  | 'server' // 5xx
  | 'notJson' // an HTML page (a proxy, a captive portal) or anything else where JSON was due
  | 'connection' // refused, reset, unreachable
  | 'dns' // the host name does not resolve
  | 'tls' // certificate or handshake failure
  | 'connectTimeout'
  | 'headersTimeout' // no response headers in time
  | 'idleTimeout' // the stream went silent for too long
  | 'streamCut' // the stream ended in the middle
  | 'streamError' // an `error` object or event inside the stream
  | 'proxy' // the proxy refused or failed
  | 'cancelled'
  | 'budget' // not sent: the user's own spending budget (code: 'day' or 'month') is reached
  | 'protocol'; // a body we cannot read

export interface TokenHubErrorInit {
  status?: number;
  /** The gateway's own code or type (`model_not_found`, `insufficient_quota`...). */
  code?: string;
  /** The gateway's own message, when it sent one. */
  gatewayMessage?: string;
  /** For 429 and some 503s: how long the gateway asked us to wait. */
  retryAfterMs?: number;
  /** For stream failures: how much of the answer had arrived (characters). */
  receivedChars?: number;
  cause?: unknown;
}

// The client is loaded from a bundle of its own (dist/network.js) beside the extension's main
// bundle, so two copies of this class exist at run time. A mark every copy shares makes
// `instanceof` and isTokenHubError true for an error of either copy.
const MARK = Symbol.for('tokenhub.TokenHubError');

export class TokenHubError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [MARK]?: unknown })[MARK] === true;
  }

  override readonly name = 'TokenHubError';
  readonly [MARK] = true;
  readonly status?: number;
  readonly code?: string;
  readonly gatewayMessage?: string;
  readonly retryAfterMs?: number;
  readonly receivedChars?: number;

  constructor(readonly kind: ErrorKind, message: string, init: TokenHubErrorInit = {}) {
    super(message, init.cause !== undefined ? { cause: init.cause } : undefined);
    this.status = init.status;
    this.code = init.code;
    this.gatewayMessage = init.gatewayMessage;
    this.retryAfterMs = init.retryAfterMs;
    this.receivedChars = init.receivedChars;
  }
}

export function isTokenHubError(value: unknown): value is TokenHubError {
  return value instanceof TokenHubError;
}
