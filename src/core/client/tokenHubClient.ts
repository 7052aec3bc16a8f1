import { interceptors, request } from 'undici';
import type { Dispatcher } from 'undici';
import type { ChatCompletion, ChatRequest, ImageRequest, ImageResult, RawModel, Usage, VideoRequest, VideoStatus, VideoTask } from '../api/types';
import { nullLogger, redact } from '../log';
import type { Logger } from '../log';
import type { ChatStreamEvent, RequestOptions, TokenHubApi } from './api';
import { ChatStreamAssembler, completionFromJson, eventsFromCompletion } from './chatStream';
import { createDispatcher, planProxy, proxyFor } from './dispatcher';
import type { ProxyPlan } from './dispatcher';
import { errorFromNetwork, errorFromResponse, isHtml } from './errorMapping';
import type { Endpoint, NetworkContext } from './errorMapping';
import { TokenHubError } from './errors';
import type { ClientOptions } from './options';
import { abortableSleep, isRetryableNetworkError, isRetryableStatus, retryDelayMs } from './retry';
import { SseDecoder } from './sse';

type Headers = Record<string, string | string[] | undefined>;

interface Call {
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

interface Opened {
  res: Dispatcher.ResponseData;
  ctx: NetworkContext;
  secrets: string[];
  started: number;
}

const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * The one HTTP client: undici `request()` on a dispatcher of its own (proxies applied here, never
 * globally), retries only before anything reached the caller, typed errors, SSE streams decoded
 * in big chunks. See /tmp/readme-client.md (README "Architecture: the client").
 */
export class TokenHubClient implements TokenHubApi {
  private readonly dispatcher: Dispatcher;
  private downloadDispatcher: Dispatcher | undefined;
  private readonly plan: ProxyPlan;
  private readonly base: string;
  private readonly log: Logger;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;

  constructor(readonly options: ClientOptions) {
    this.plan = planProxy(options.proxy);
    this.dispatcher = createDispatcher(options, this.plan);
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.log = options.log ?? nullLogger;
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
  }

  /** Lets running requests finish, then closes the sockets. */
  async close(): Promise<void> {
    // The download dispatcher is a composition over the same one: closing the base closes both.
    await this.dispatcher.close();
  }

  // --- endpoints ------------------------------------------------------------------------------

  async listModels(o?: RequestOptions): Promise<RawModel[]> {
    const json = await this.json({ endpoint: 'models', method: 'GET', url: this.url('/models'), accept: 'application/json', auth: true }, o);
    const data = Array.isArray(json) ? json : (json as { data?: unknown }).data;
    if (!Array.isArray(data)) throw new TokenHubError('protocol', 'The model list from TokenHub has no `data` array.');
    return data.filter((m): m is RawModel => !!m && typeof (m as RawModel).id === 'string');
  }

  async complete(req: ChatRequest, o?: RequestOptions): Promise<ChatCompletion> {
    const body = JSON.stringify({ ...req, stream: false });
    // Unstreamed, the headers come only when the whole answer is ready (minutes for a reasoning
    // model), so the wait for them is allowed as long as a silent stream would be.
    const headersTimeoutMs = Math.max(this.options.headersTimeoutMs, this.options.idleTimeoutMs);
    const json = await this.json(
      { endpoint: 'chat', method: 'POST', url: this.url('/chat/completions'), body, accept: 'application/json', auth: true, model: req.model, headersTimeoutMs },
      o,
    );
    return completionFromJson(json as Record<string, unknown>);
  }

  async *stream(req: ChatRequest, o?: RequestOptions): AsyncIterable<ChatStreamEvent> {
    const signal = o?.signal;
    const extra = (req as { stream_options?: Record<string, unknown> }).stream_options;
    const body = JSON.stringify({ ...req, stream: true, stream_options: { ...extra, include_usage: true } });
    const call: Call = { endpoint: 'chat', method: 'POST', url: this.url('/chat/completions'), body, accept: 'text/event-stream', auth: true, model: req.model };
    const { res, ctx, secrets, started } = await this.open(call, signal);
    const ct = String(res.headers['content-type'] ?? '');
    const resBody = res.body;
    const asm = new ChatStreamAssembler(secrets);
    const out: ChatStreamEvent[] = [];
    try {
      if (!/event-stream/i.test(ct)) {
        // A gateway that ignored `stream` and answered with one JSON body (or a proxy's page).
        const json = await this.readJson(res, call, ctx, secrets);
        for (const ev of eventsFromCompletion(completionFromJson(json as Record<string, unknown>))) {
          if (signal?.aborted) throw cancelledError();
          yield ev;
        }
        return;
      }
      const decoder = new SseDecoder();
      for await (const chunk of resBody) {
        const events = decoder.push(chunk as Uint8Array);
        let failure: unknown;
        try {
          for (let i = 0; i < events.length; i++) asm.accept(events[i], out);
        } catch (e) {
          failure = e; // deliver what came before the error event first
        }
        for (let i = 0; i < out.length; i++) {
          if (signal?.aborted) throw cancelledError();
          yield out[i];
        }
        out.length = 0;
        if (failure) throw failure;
        if (asm.done) break;
      }
      if (!asm.done) {
        for (const ev of decoder.end()) {
          try {
            asm.accept(ev, out);
          } catch (e) {
            if (e instanceof TokenHubError) throw e;
          }
        }
        // A last event without its blank line still counts (and is delivered before any cut error).
        for (let i = 0; i < out.length; i++) {
          if (signal?.aborted) throw cancelledError();
          yield out[i];
        }
        out.length = 0;
      }
      if (!asm.complete) {
        throw new TokenHubError(
          'streamCut',
          `The answer ended in the middle${asm.receivedChars ? ` after ${asm.receivedChars} characters` : ''}: the stream closed without a finish reason or [DONE].${asm.receivedChars ? ` The partial answer (${asm.receivedChars} characters) was kept.` : ''}`,
          { receivedChars: asm.receivedChars },
        );
      }
      asm.end(out);
      for (let i = 0; i < out.length; i++) {
        if (signal?.aborted) throw cancelledError();
        yield out[i];
      }
      this.log.debug(`← stream ${call.model ?? ''} done in ${Date.now() - started} ms (${asm.receivedChars} chars, finish ${asm.finishReason ?? 'none'})`);
    } catch (err) {
      const e = signal?.aborted ? cancelledError() : errorFromNetwork(err, { ...ctx, afterHeaders: true, receivedChars: asm.receivedChars });
      // A cancel is the user's own doing, not a problem: it goes to the debug level.
      (e.kind === 'cancelled' ? this.log.debug : this.log.warn).call(this.log, redact(`✗ stream ${call.model ?? ''}: ${e.kind}: ${e.message}`, secrets));
      throw e;
    } finally {
      // Every body is consumed or destroyed (also on errors, breaks and aborts): frees the socket.
      if (!resBody.readableEnded) resBody.destroy();
    }
  }

  async generateImages(req: ImageRequest, o?: RequestOptions): Promise<ImageResult> {
    const json = (await this.json(
      { endpoint: 'images', method: 'POST', url: this.url('/images/generations'), body: JSON.stringify(req), accept: 'application/json', auth: true, model: req.model },
      o,
    )) as { data?: { b64_json?: string; url?: string; revised_prompt?: string }[]; usage?: Record<string, number>; cost?: number };
    const images = (json.data ?? []).map((d) => {
      const img: ImageResult['images'][number] = {};
      if (typeof d.b64_json === 'string') img.b64_json = d.b64_json;
      if (typeof d.url === 'string') img.url = d.url;
      if (typeof d.revised_prompt === 'string') img.revised_prompt = d.revised_prompt;
      return img;
    });
    const u = json.usage;
    const usage: Usage | null =
      u && typeof u === 'object'
        ? {
            prompt_tokens: u.prompt_tokens ?? u.input_tokens ?? 0,
            completion_tokens: u.completion_tokens ?? u.output_tokens ?? 0,
            total_tokens: u.total_tokens,
            ...(typeof u.cost === 'number' ? { cost: u.cost } : {}),
          }
        : null;
    const result: ImageResult = { images, usage };
    const cost = typeof json.cost === 'number' ? json.cost : typeof u?.cost === 'number' ? u.cost : undefined;
    if (cost !== undefined) result.cost = cost;
    return result;
  }

  async createVideo(req: VideoRequest, o?: RequestOptions): Promise<VideoTask> {
    const json = await this.json(
      { endpoint: 'videos', method: 'POST', url: this.url('/videos/generations'), body: JSON.stringify(req), accept: 'application/json', auth: true, model: req.model },
      o,
    );
    return videoTaskFromJson(json as Record<string, unknown>, req.model);
  }

  async getVideo(id: string, o?: RequestOptions): Promise<VideoTask> {
    const json = await this.json({ endpoint: 'video', method: 'GET', url: this.url(`/videos/generations/${encodeURIComponent(id)}`), accept: 'application/json', auth: true }, o);
    return videoTaskFromJson(json as Record<string, unknown>, '');
  }

  async download(url: string, o?: RequestOptions): Promise<{ contentLength?: number; body: AsyncIterable<Uint8Array> }> {
    const target = new URL(url, this.base + '/');
    if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new TokenHubError('badRequest', `Cannot download from a ${target.protocol} URL.`);
    // The key goes only to the gateway's own origin; result files on a CDN get no credentials
    // (and undici's redirect handler drops Authorization when a redirect changes origin).
    const sameOrigin = target.origin === new URL(this.base).origin;
    this.downloadDispatcher ??= this.dispatcher.compose(interceptors.redirect({ maxRedirections: 5 }));
    const call: Call = { endpoint: 'download', method: 'GET', url: target, accept: '*/*', auth: sameOrigin, dispatcher: this.downloadDispatcher };
    const { res, ctx } = await this.open(call, o?.signal);
    const len = Number(res.headers['content-length']);
    const signal = o?.signal;
    const body = res.body;
    // One chunk at a time as the caller asks for it: undici pauses the socket while its small
    // buffer is full, so a caller that writes each chunk to disk holds only that chunk.
    async function* read(): AsyncIterable<Uint8Array> {
      try {
        for await (const chunk of body) {
          if (signal?.aborted) throw cancelledError();
          yield chunk as Uint8Array;
        }
      } catch (err) {
        // No `receivedChars`: that counts a chat answer's characters "kept" on a cut, and nothing
        // of a download is kept.
        throw signal?.aborted ? cancelledError() : errorFromNetwork(err, { ...ctx, afterHeaders: true });
      } finally {
        if (!body.readableEnded) body.destroy();
      }
    }
    return { contentLength: Number.isFinite(len) && len >= 0 ? len : undefined, body: read() };
  }

  // --- plumbing -------------------------------------------------------------------------------

  private url(path: string): URL {
    return new URL(this.base + path);
  }

  private async json(call: Call, o?: RequestOptions): Promise<unknown> {
    const { res, ctx, secrets } = await this.open(call, o?.signal);
    return this.readJson(res, call, ctx, secrets, o?.signal);
  }

  private async readJson(res: Dispatcher.ResponseData, call: Call, ctx: NetworkContext, secrets: string[], signal?: AbortSignal): Promise<unknown> {
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
    const errField = (json as { error?: unknown } | null)?.error;
    const j = json as Record<string, unknown>;
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
  private async open(call: Call, signal?: AbortSignal): Promise<Opened> {
    let key: string | undefined;
    if (call.auth) {
      key = await this.options.getApiKey();
      if (!key) throw new TokenHubError('auth', 'No TokenHub API key is set. Set your key to use TokenHub.');
    }
    const secrets = key ? [key] : [];
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

function cancelledError(): TokenHubError {
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

const STATUS: Record<string, VideoStatus> = {
  queued: 'queued',
  pending: 'queued',
  submitted: 'queued',
  not_start: 'queued',
  running: 'running',
  processing: 'running',
  in_progress: 'running',
  generating: 'running',
  succeeded: 'succeeded',
  success: 'succeeded',
  completed: 'succeeded',
  done: 'succeeded',
  failed: 'failed',
  failure: 'failed',
  error: 'failed',
  cancelled: 'failed',
  canceled: 'failed',
  expired: 'failed',
};

/** Reads a video task in the documented shape (001) and the common variants of other gateways. */
export function videoTaskFromJson(json: Record<string, unknown>, model: string): VideoTask {
  const rawStatus = String(json.status ?? json.state ?? 'queued').toLowerCase();
  const status = STATUS[rawStatus] ?? 'running';
  const data = json.data as Record<string, unknown>[] | Record<string, unknown> | undefined;
  const first = Array.isArray(data) ? data[0] : data;
  const content = json.content as Record<string, unknown> | undefined;
  const url = first?.video_url ?? first?.url ?? json.video_url ?? content?.video_url ?? json.url;
  const err = json.error;
  const task: VideoTask = {
    id: String(json.id ?? json.task_id ?? ''),
    model: String(json.model ?? model),
    status,
  };
  if (typeof url === 'string') task.videoUrl = url;
  const errText = typeof err === 'string' ? err : err && typeof err === 'object' ? (err as { message?: unknown }).message : json.fail_reason;
  if (typeof errText === 'string' && errText) task.error = errText;
  else if (status === 'failed') task.error = 'The video could not be generated.';
  if (typeof json.cost === 'number') task.cost = json.cost;
  const p = json.progress;
  if (typeof p === 'number') task.progress = p;
  else if (typeof p === 'string' && /^\d+%?$/.test(p)) task.progress = Number(p.replace('%', ''));
  return task;
}
