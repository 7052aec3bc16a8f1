import { interceptors, request } from 'undici';
import type { Dispatcher } from 'undici';
import { nullLogger, redact } from '../log';
import type { Logger } from '../log';
import type { RequestOptions } from './api';
import { connectOptions, createDispatcher, planProxy, proxyFor } from './dispatcher';
import type { ProxyPlan } from './dispatcher';
import { errorFromNetwork, errorFromResponse, isHtml } from './errorMapping';
import type { Endpoint, NetworkContext } from './errorMapping';
import { PAC_UNSUPPORTED, TokenHubError } from './errors';
import type { ClientOptions } from './options';
import { Preconnector } from './preconnect';
import { abortableSleep, isRetryableNetworkError, isRetryableStatus, retryDelayMs } from './retry';

type Headers = Record<string, string | string[] | undefined>;

/** One request as the endpoints describe it. */
export interface Call {
  endpoint: Endpoint;
  method: 'GET' | 'POST';
  url: URL;
  body?: string;
  accept: string;
  /** Send the key (false for result files on other origins). */
  auth: boolean;
  model?: string;
  dispatcher?: Dispatcher;
  /** Overrides the client's response-headers timeout for this request. */
  headersTimeoutMs?: number;
}

/** A 2xx response whose body is still unread, with what its errors need to be described. */
export interface Opened {
  res: Dispatcher.ResponseData;
  ctx: NetworkContext;
  secrets: string[];
  started: number;
}

const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * The request plumbing under every endpoint: undici `request()` on a dispatcher of its own
 * (proxies applied here, never globally), the key read per request, retries only before anything
 * reached the caller, typed errors, and JSON bodies read with the checks a gateway's answer needs.
 */
export class HttpTransport {
  readonly log: Logger;
  private readonly dispatcher: Dispatcher;
  private redirectingDispatcher: Dispatcher | undefined;
  private readonly plan: ProxyPlan;
  private readonly base: string;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;

  /** Proxy credentials, masked in logs and errors like the key. */
  private readonly proxySecrets: string[];
  /** Opens the first connection ahead of need (direct connections only: a proxy has its own). */
  private readonly preconnector: Preconnector | undefined;

  constructor(private readonly options: ClientOptions) {
    this.plan = planProxy(options.proxy);
    this.proxySecrets = proxyCredentials(this.plan);
    this.preconnector = !this.plan.httpProxy && !this.plan.httpsProxy ? new Preconnector(connectOptions(options)) : undefined;
    this.dispatcher = createDispatcher(options, this.plan, this.preconnector);
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.log = options.log ?? nullLogger;
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
  }

  /** The gateway's base URL without a trailing slash. */
  get baseUrl(): string {
    return this.base;
  }

  /** Lets running requests finish, then closes the sockets. */
  async close(): Promise<void> {
    this.preconnector?.close();
    // The redirecting dispatcher is a composition over the same one: closing the base closes both.
    await this.dispatcher.close();
  }

  /**
   * Opens a connection to the gateway ahead of the first request (./preconnect.ts), unless one is
   * open already. Never fails: the request that follows says what is wrong, if anything is.
   */
  async warm(): Promise<void> {
    if (!this.preconnector) return;
    const origin = new URL(this.base);
    const open = (this.dispatcher as Dispatcher & { stats?: Record<string, { connected?: number }> }).stats?.[origin.origin]?.connected ?? 0;
    if (open > 0) return;
    await this.preconnector.warm(origin);
  }

  url(path: string): URL {
    return new URL(this.base + path);
  }

  /** The same dispatcher, following redirects (result files are often behind one). */
  redirecting(): Dispatcher {
    return (this.redirectingDispatcher ??= this.dispatcher.compose(interceptors.redirect({ maxRedirections: 5 })));
  }

  async json(call: Call, o?: RequestOptions): Promise<unknown> {
    const { res, ctx, secrets } = await this.open(call, o?.signal);
    return this.readJson(res, call, ctx, secrets, o?.signal);
  }

  async readJson(res: Dispatcher.ResponseData, call: Call, ctx: NetworkContext, secrets: string[], signal?: AbortSignal): Promise<unknown> {
    let text: string;
    try {
      text = await res.body.text();
    } catch (err) {
      throw signal?.aborted ? cancelledError() : errorFromNetwork(err, { ...ctx, afterHeaders: true });
    }
    const ct = String(res.headers['content-type'] ?? '');
    let json: unknown;
    try {
      if (isHtml(text, ct)) throw new Error('html');
      json = JSON.parse(text);
    } catch {
      const e = errorFromResponse(res.statusCode, res.headers as Headers, text, call.endpoint, secrets, call.model);
      if (e.kind === 'notJson') throw e;
      throw new TokenHubError('notJson', `Expected a JSON answer from TokenHub but received something else (HTTP ${res.statusCode}${ct ? `, ${ct.split(';')[0]}` : ''}).`, {
        status: res.statusCode,
        gatewayMessage: e.gatewayMessage,
      });
    }
    if (json === null || typeof json !== 'object') {
      // `null`, a number or a string: nothing an endpoint can read, and no error to report either.
      throw new TokenHubError('protocol', redact(`TokenHub answered with ${text.trim().slice(0, 40)} where a JSON object was due (HTTP ${res.statusCode}).`, secrets), { status: res.statusCode });
    }
    const j = json as Record<string, unknown>;
    const errField = j.error;
    if (errField !== undefined && errField !== null && j.choices === undefined && j.data === undefined && j.status === undefined && j.id === undefined) {
      // A 200 that carries an error (some gateways do this).
      throw errorFromResponse(res.statusCode, res.headers as Headers, text, call.endpoint, secrets, call.model);
    }
    return json;
  }

  /**
   * Sends a request and returns a 2xx response whose body has not been read. Retries connection
   * failures and retryable statuses here, where nothing has reached the caller yet.
   */
  async open(call: Call, signal?: AbortSignal): Promise<Opened> {
    if (this.plan.pacScript) {
      throw new TokenHubError(
        'proxy',
        `The proxy setting names a proxy auto-configuration (PAC) script (${this.plan.pacScript}), which TokenHub cannot run. Set the proxy's own address (http://host:port) instead.`,
        { code: PAC_UNSUPPORTED },
      );
    }
    let key: string | undefined;
    if (call.auth) {
      key = await this.options.getApiKey();
      if (!key && !this.options.keyOptional) throw new TokenHubError('auth', 'No TokenHub API key is set. Set your key to use TokenHub.');
    }
    const secrets = [...(key ? [key] : []), ...this.proxySecrets];
    const headers: Record<string, string> = { accept: call.accept, 'user-agent': this.options.userAgent };
    if (key) headers.authorization = `Bearer ${key}`;
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    const proxy = proxyFor(call.url, this.plan);
    const ctx: NetworkContext = {
      host: call.url.host,
      proxy,
      connectTimeoutMs: this.options.connectTimeoutMs,
      headersTimeoutMs: call.headersTimeoutMs ?? this.options.headersTimeoutMs,
      idleTimeoutMs: this.options.idleTimeoutMs,
      afterHeaders: false,
      secrets,
    };
    const label = `${call.method} ${call.url.pathname}${call.model ? ` (${call.model})` : ''}${proxy ? ` via proxy ${proxy}` : ''}`;
    const max = Math.max(0, Math.floor(this.options.maxRetries));
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw cancelledError();
      const started = Date.now();
      this.log.debug(redact(`→ ${label}${attempt ? ` (retry ${attempt})` : ''}`, secrets));
      let res: Dispatcher.ResponseData;
      try {
        res = await request(call.url, {
          method: call.method,
          headers,
          body: call.body,
          dispatcher: call.dispatcher ?? this.dispatcher,
          signal,
          ...(call.headersTimeoutMs !== undefined ? { headersTimeout: call.headersTimeoutMs } : {}),
        });
      } catch (err) {
        const e = signal?.aborted ? cancelledError() : errorFromNetwork(err, ctx);
        (e.kind === 'cancelled' ? this.log.debug : this.log.warn).call(this.log, redact(`✗ ${label}: ${e.kind}: ${e.message}`, secrets));
        if (e.kind === 'cancelled' || attempt >= max || !isRetryableNetworkError(e)) throw e;
        await this.backoff(attempt, undefined, signal);
        continue;
      }
      const status = res.statusCode;
      if (status >= 200 && status < 300) {
        this.log.debug(`← ${status} ${call.method} ${call.url.pathname} in ${Date.now() - started} ms`);
        return { res, ctx, secrets, started };
      }
      const text = await readLimited(res.body, ERROR_BODY_LIMIT);
      const e = errorFromResponse(status, res.headers as Headers, text, call.endpoint, secrets, call.model);
      this.log.warn(redact(`✗ ${label}: HTTP ${status} ${e.kind}: ${e.message}`, secrets));
      const should = res.headers['x-should-retry'];
      const retryable = should === 'true' ? true : should === 'false' ? false : isRetryableStatus(status) && e.kind !== 'credit';
      if (!retryable || attempt >= max) throw e;
      const wait = retryDelayMs(attempt, e.retryAfterMs, this.random);
      if (wait === undefined) throw e; // the gateway asks for a longer wait than we sit through: the user decides
      await this.backoff(attempt, wait, signal);
    }
  }

  private async backoff(attempt: number, wait: number | undefined, signal?: AbortSignal): Promise<void> {
    const ms = wait ?? retryDelayMs(attempt, undefined, this.random) ?? 0;
    this.log.info(`Retrying in ${ms} ms (attempt ${attempt + 2} of ${this.options.maxRetries + 1})`);
    try {
      await this.sleep(ms, signal);
    } catch {
      throw cancelledError();
    }
    if (signal?.aborted) throw cancelledError();
  }
}

function proxyCredentials(plan: ProxyPlan): string[] {
  const out = new Set<string>();
  for (const p of [plan.httpProxy, plan.httpsProxy]) {
    if (!p) continue;
    try {
      const u = new URL(p.includes('://') ? p : `http://${p}`);
      if (u.password) out.add(decodeURIComponent(u.password)).add(u.password);
    } catch {
      // not a URL: nothing to mask
    }
  }
  return [...out].filter((s) => s.length >= 4);
}

export function cancelledError(): TokenHubError {
  return new TokenHubError('cancelled', 'The request was cancelled.');
}

async function readLimited(body: Dispatcher.ResponseData['body'], limit: number): Promise<string> {
  const parts: Buffer[] = [];
  let n = 0;
  try {
    for await (const chunk of body) {
      parts.push(chunk as Buffer);
      n += (chunk as Buffer).length;
      if (n >= limit) break;
    }
  } catch {
    // A broken error body still leaves us the status.
  } finally {
    if (!body.readableEnded) body.destroy();
  }
  return Buffer.concat(parts).toString('utf8');
}
