// The TokenHub simulator: a real HTTP server on 127.0.0.1 that speaks the documented
// OpenAI-compatible protocol (../shared/seeds) and injects faults per request. Used by unit tests,
// the extension-host suites, the end-to-end suites and `npm start` without a key.
//
//   const sim = await Simulator.start();            // key 'th-sim-0123456789abcdef' (any th-sim-… works), free port
//   Simulator.start({ pacing: REALISTIC_PACING, answers: 'realistic' })   // as `npm start` runs it
//   sim.baseUrl                                      // 'http://127.0.0.1:PORT/api/v1'
//   sim.enqueue({ status: 429, headers: { 'retry-after': '1' } });   // the next chat request gets it
//   sim.enqueue({ reply: 'Fixed text', usage: { prompt_tokens: 3, completion_tokens: 2 } });
//   sim.enqueue({ match: { path: '/models' }, status: 500 });
//   sim.requests                                     // what arrived (no Authorization header)
//   await sim.close();
//
// It must be faithful to the protocol, not to our client: the `openai` SDK parity test runs
// against it too.
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { SIM_MODELS, modelsResponse } from './catalogue';
import type { SimModel } from './catalogue';
import { chatCompletion } from './chatCompletions';
import type { SimAnswers, SimToolCall, SimUsage } from './chatCompletions';
import type { CompletionSimOptions } from './completionAnswers';
import { sendJson, sleep } from './httpReplies';
import { MediaTasks } from './mediaTasks';
import type { SimVideoFile } from './mediaTasks';
import type { Pacing } from './pacing';
import { ScriptQueue, applyFault } from './scripts';
import type { SimFault } from './scripts';

export const DEFAULT_SIM_KEY = 'th-sim-0123456789abcdef';

/** Keys the simulator takes besides its own: any `th-sim-…`, so a newcomer can type one. */
export function isSimulatorKey(key: string): boolean {
  return /^th-sim-[A-Za-z0-9_-]+$/.test(key);
}

export interface SimOptions {
  apiKey?: string;
  port?: number;
  /** Pace streamed tokens like a model (pacing.ts); default none: answers at once. */
  pacing?: Pacing;
  answers?: SimAnswers;
  /** False: answer without a key, like a local server (Ollama, LM Studio, vLLM). */
  requireKey?: boolean;
  /** Serve HTTPS with this certificate (tests of certificate authorities). */
  tls?: { cert: string; key: string };
}

export interface SimScript {
  /** Which request this applies to. Default: POST …/chat/completions. `path` is relative to /api/v1 (a string is a suffix match). */
  match?: { method?: string; path?: string | RegExp };
  /** How many matching requests get this script (default 1). */
  times?: number;

  // --- A status reply instead of the normal answer ------------------------------------------
  /** Reply with this status and `body` (JSON if an object, as-is if a string). */
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  contentType?: string;
  /** Reply with a proxy's HTML error page (status default 502, text/html). */
  html?: boolean;
  /** Wait this long before sending response headers. */
  headersDelayMs?: number;

  // --- Faults -------------------------------------------------------------------------------
  fault?: SimFault;
  /** For silence/cut/errorEvent/errorObject: how many text deltas go out first (default 3). */
  afterEvents?: number;
  /** For errorEvent/errorObject: the error to send (default a server_error). */
  streamError?: { message: string; type?: string; code?: string | number };

  // --- Shaping a normal answer --------------------------------------------------------------
  reply?: string;
  reasoning?: string;
  /** Which field carries reasoning deltas (DeepSeek-style `reasoning_content`, OpenRouter-style `reasoning`). */
  reasoningField?: 'reasoning_content' | 'reasoning';
  toolCalls?: SimToolCall[];
  finishReason?: string;
  /** The `model` the answer names, as a gateway that routed the request elsewhere does (default: the model asked for). */
  answeredBy?: string;
  /** Usage to report; `false`: behave like a gateway that ignores `stream_options.include_usage`. */
  usage?: SimUsage | false;
  /** Stream: wait this long between the finish chunk and the usage chunk (the model has finished; the gateway is still counting). */
  usageDelayMs?: number;
  /** Stream: the last text delta carries the finish reason (no separate finish chunk), as some gateways send it. */
  finishInLastChunk?: boolean;
  /** Characters per text delta (default: one word per delta). */
  chunkChars?: number;
  /** Pause between SSE writes (default 0: events are still separate writes). */
  delayMs?: number;
  /** Line ending used in SSE framing (default '\n'). */
  lineEnding?: '\n' | '\r\n' | '\r';
  /** Leave out the final `data: [DONE]` (and end the response normally). */
  omitDone?: boolean;
  /** Send `: keep-alive` comments (default true: one before the first event and one midway). */
  keepAlive?: boolean;
  /** Split the first multi-byte UTF-8 character across two network writes (default true). */
  splitUtf8?: boolean;
  /** Stream only: write exactly these chunks as the body (status 200, text/event-stream), then end. */
  raw?: (string | Uint8Array)[];

  // --- Media --------------------------------------------------------------------------------
  /** Video task: the statuses successive GETs return (default queued, running, succeeded). */
  videoStatuses?: ('queued' | 'running' | 'succeeded' | 'failed')[];
  /** Video task failure reason when it reaches `failed`. */
  videoError?: string;
  /** Video task: how its file is served once it succeeded (default: the sample MP4 in one write). */
  videoFile?: SimVideoFile;
}

export interface RecordedRequest {
  method: string;
  /** Full path with query, e.g. `/api/v1/chat/completions`. */
  path: string;
  /** Headers as received, except `authorization`. */
  headers: Record<string, string | string[] | undefined>;
  /** Whether an Authorization header came (its value is never recorded). */
  hadAuthorization: boolean;
  /**
   * `keyFingerprint()` of the Bearer token that came, to tell which key reached this host without
   * recording the key itself.
   */
  keyFingerprint?: string;
  /** The parsed JSON body (undefined when there was none or it was not JSON). */
  body: unknown;
  rawBody: string;
  /** Set when the connection closed before the response finished (the client aborted, or a `cut`/`reset` fault). */
  closedByClient: boolean;
  /** Set when the response finished. */
  finished: boolean;
  /** Result files with a `videoFile` script: body bytes handed to the socket so far. */
  bytesSent?: number;
}

const API = '/api/v1';

/** The options of `Simulator.start` (the name other modules used). */
export type SimulatorOptions = SimOptions;

/** A short, one-way fingerprint of a key: what `RecordedRequest.keyFingerprint` holds. */
export function keyFingerprint(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

function bearerOf(header: string | undefined): string | undefined {
  const m = header ? /^Bearer\s+(.+)$/i.exec(header) : null;
  return m ? m[1]!.trim() : undefined;
}

export class Simulator {
  readonly requests: RecordedRequest[] = [];
  readonly baseUrl: string;
  /** Origin (`http://127.0.0.1:PORT`), where result files are served. */
  readonly origin: string;
  private readonly queue = new ScriptQueue();
  private readonly sockets = new Set<Socket>();
  private readonly media: MediaTasks;
  private readonly pending = new Set<() => void>();
  private nextId = 1;
  private closed = false;
  /** The models GET /models lists and chat accepts (replaceable by tests). */
  models: readonly SimModel[] = SIM_MODELS;
  /** Pacing of unscripted answers (a script's `delayMs` takes precedence). */
  pacing: Pacing | undefined;
  answers: SimAnswers = 'echo';
  /** How inline-completion prompts are answered (completionAnswers.ts). */
  completions: CompletionSimOptions = {};

  /** False: any Authorization, or none, is accepted (a local server that needs no key). */
  readonly requireKey: boolean;

  private constructor(private readonly server: http.Server | https.Server, readonly apiKey: string, readonly port: number, options: SimOptions) {
    this.origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    this.baseUrl = `${this.origin}${API}`;
    this.requireKey = options.requireKey ?? true;
    this.media = new MediaTasks({ origin: this.origin, models: () => this.models, newId: () => this.nextId++, notify: () => this.notify() });
  }

  static async start(options: SimOptions = {}): Promise<Simulator> {
    const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }) : http.createServer();
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const sim = new Simulator(server, options.apiKey ?? DEFAULT_SIM_KEY, (server.address() as AddressInfo).port, options);
    sim.pacing = options.pacing;
    sim.answers = options.answers ?? 'echo';
    server.on('connection', (s: Socket) => {
      s.setNoDelay(true);
      sim.sockets.add(s);
      s.on('close', () => sim.sockets.delete(s));
    });
    server.on('request', (req, res) => sim.handle(req, res));
    return sim;
  }

  /** The next matching request gets this behaviour (scripts are matched in order). */
  enqueue(...scripts: SimScript[]): void {
    for (const script of scripts) this.queue.push(script);
  }

  /** Drops queued scripts and recorded requests. */
  reset(): void {
    this.queue.clear();
    this.requests.length = 0;
  }

  /** Scripts not yet used. */
  get queued(): number {
    return this.queue.size;
  }

  /** Resolves when `predicate` holds (checked on every request event), rejects after `timeoutMs`. */
  async waitFor(predicate: (sim: Simulator) => boolean, timeoutMs = 5_000): Promise<void> {
    if (predicate(this)) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (predicate(this)) {
          done();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`Simulator.waitFor: condition not met within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.pending.delete(check);
      };
      this.pending.add(check);
    });
  }

  /** Number of open TCP connections (for tests that check a socket was closed). */
  get openConnections(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private notify(): void {
    for (const check of [...this.pending]) check();
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      if (rawBody) {
        try {
          body = JSON.parse(rawBody);
        } catch {
          body = undefined;
        }
      }
      const headers: Record<string, string | string[] | undefined> = { ...req.headers };
      delete headers.authorization;
      const rec: RecordedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers,
        hadAuthorization: req.headers.authorization !== undefined,
        keyFingerprint: bearerOf(req.headers.authorization) === undefined ? undefined : keyFingerprint(bearerOf(req.headers.authorization)!),
        body,
        rawBody,
        closedByClient: false,
        finished: false,
      };
      this.requests.push(rec);
      res.on('finish', () => {
        rec.finished = true;
        this.notify();
      });
      res.on('close', () => {
        if (!res.writableFinished) rec.closedByClient = true;
        this.notify();
      });
      this.notify();
      this.route(req, res, rec).catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { message: `simulator bug: ${String(err)}`, type: 'server_error' } });
        else res.destroy();
      });
    });
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse, rec: RecordedRequest): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const method = rec.method;

    // Result files: served without the key, like a CDN's signed URLs.
    if (url.pathname.startsWith('/files/')) return this.media.serveFile(url.pathname, res, rec);

    if (!url.pathname.startsWith(API + '/') && url.pathname !== API) {
      return sendJson(res, 404, { error: { message: `Not found: ${url.pathname}`, type: 'invalid_request_error', code: 'not_found' } });
    }
    const route = url.pathname.slice(API.length) || '/';

    const script = this.queue.take(method, route);
    if (script?.headersDelayMs) await sleep(script.headersDelayMs);
    if (script && (await applyFault(script, req, res))) return;

    // Authentication, as OpenAI does it.
    const auth = req.headers.authorization;
    const bearer = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    // Any th-sim-… key works, as `npm start` tells newcomers; others must be this simulator's own.
    if (this.requireKey && bearer !== this.apiKey && !(bearer && isSimulatorKey(bearer))) {
      return sendJson(res, 401, {
        error: {
          message: auth
            ? 'Incorrect API key provided. This is the TokenHub simulator: any key that starts with th-sim- works (for example th-sim-try-me).'
            : 'You did not provide an API key. Pass it in the Authorization header (Bearer th-...).',
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      });
    }

    if (method === 'GET' && route === '/models') return sendJson(res, 200, modelsResponse(this.models), script?.headers);
    if (method === 'POST' && route === '/chat/completions') return chatCompletion(this, () => this.nextId++, rec.body, res, script ?? {});
    if (method === 'POST' && route === '/images/generations') return this.media.imagesGen(rec.body, res, script ?? {});
    if (method === 'POST' && route === '/videos/generations') return this.media.videoCreate(rec.body, res, script ?? {});
    const vm = /^\/videos\/generations\/([^/]+)$/.exec(route);
    if (method === 'GET' && vm) return this.media.videoGet(decodeURIComponent(vm[1]), res);
    return sendJson(res, 404, { error: { message: `Unknown endpoint ${method} ${route}`, type: 'invalid_request_error', code: 'not_found' } });
  }
}
