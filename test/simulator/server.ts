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
import { agentStep } from './agentScenarios';
import { SIM_MODELS, modelsResponse } from './catalogue';
import type { SimModel } from './catalogue';
import { realisticChatReply } from './chatReplies';
import { codeTaskAnswer, parseCodeTask } from './codeTasks';
import { makePng, sampleMp4 } from './media';
import { pieceDelayMs, unstreamedDelayMs } from './pacing';
import type { Pacing } from './pacing';
import { completionAnswer } from './completionAnswers';
import type { CompletionSimOptions } from './completionAnswers';

export const DEFAULT_SIM_KEY = 'th-sim-0123456789abcdef';

/** Keys the simulator takes besides its own: any `th-sim-…`, so a newcomer can type one. */
export function isSimulatorKey(key: string): boolean {
  return /^th-sim-[A-Za-z0-9_-]+$/.test(key);
}

/**
 * What an unscripted chat request gets: `echo` (default; tests match on it) says back the last
 * user message; `realistic` (`npm start`) answers code commands with code (codeTasks.ts) and a
 * chat message with a longer Markdown answer (chatReplies.ts).
 */
export type SimAnswers = 'echo' | 'realistic';

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

export interface SimUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens?: number;
  cost?: number;
  [key: string]: unknown;
}

export interface SimToolCall {
  id?: string;
  name: string;
  /** The JSON arguments text; streamed in small pieces. */
  arguments: string;
}

export type SimFault =
  /** Destroy the connection before any response byte (a reset; clients see a connection error). */
  | 'reset'
  /** Accept the request and never send response headers. */
  | 'noHeaders'
  /** Stream: after `afterEvents` content events, stop writing but keep the connection open. */
  | 'silence'
  /** Stream: after `afterEvents` content events, destroy the connection (no [DONE]). */
  | 'cut'
  /** Stream: after `afterEvents` content events, send `event: error` with an error body, then end. */
  | 'errorEvent'
  /** Stream: after `afterEvents` content events, send `data: {"error":{...}}`, then end. */
  | 'errorObject';

/** How a finished video task's file is served (faults for download tests). */
export interface SimVideoFile {
  /**
   * Serve a file of exactly this many bytes: the sample MP4 followed by a `free` box (still a valid,
   * playable MP4), generated piece by piece as it is sent, never held whole.
   */
  sizeBytes?: number;
  /** Serve a web page padded to `sizeBytes`, still labelled video/mp4 (a CDN's error page). */
  notVideo?: boolean;
  /** Bytes per write (default 64 KiB). */
  chunkBytes?: number;
  /** Pause between writes. */
  delayMs?: number;
  /** Send no Content-Length (chunked transfer). */
  noContentLength?: boolean;
  /** After this many body bytes, close the connection (Content-Length still promised the whole). */
  cutAfterBytes?: number;
  /** After this many body bytes, stop writing and hold the connection open until the client goes. */
  stallAfterBytes?: number;
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

interface Entry {
  script: SimScript;
  left: number;
}

interface VideoTaskState {
  id: string;
  model: string;
  statuses: ('queued' | 'running' | 'succeeded' | 'failed')[];
  step: number;
  error?: string;
  createdAt: number;
  duration: number;
  file?: SimVideoFile;
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
  private readonly queue: Entry[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly videos = new Map<string, VideoTaskState>();
  private readonly images = new Map<string, Buffer>();
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
    for (const script of scripts) this.queue.push({ script, left: script.times ?? 1 });
  }

  /** Drops queued scripts and recorded requests. */
  reset(): void {
    this.queue.length = 0;
    this.requests.length = 0;
  }

  /** Scripts not yet used. */
  get queued(): number {
    return this.queue.length;
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

  private take(method: string, route: string): SimScript | undefined {
    for (let i = 0; i < this.queue.length; i++) {
      const e = this.queue[i];
      const m = e.script.match;
      const wantMethod = m?.method ?? (m?.path === undefined ? 'POST' : undefined);
      const wantPath = m?.path ?? '/chat/completions';
      if (wantMethod && wantMethod.toUpperCase() !== method) continue;
      const ok = typeof wantPath === 'string' ? route === wantPath || route.endsWith(wantPath) : wantPath.test(route);
      if (!ok) continue;
      if (--e.left <= 0) this.queue.splice(i, 1);
      return e.script;
    }
    return undefined;
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
    if (url.pathname.startsWith('/files/')) return this.serveFile(url.pathname, res, rec);

    if (!url.pathname.startsWith(API + '/') && url.pathname !== API) {
      return sendJson(res, 404, { error: { message: `Not found: ${url.pathname}`, type: 'invalid_request_error', code: 'not_found' } });
    }
    const route = url.pathname.slice(API.length) || '/';

    const script = this.take(method, route);
    if (script?.headersDelayMs) await sleep(script.headersDelayMs);
    if (script && (await this.applyFault(script, req, res))) return;

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
    if (method === 'POST' && route === '/chat/completions') return this.chat(rec, res, script ?? {});
    if (method === 'POST' && route === '/images/generations') return this.imagesGen(rec, res, script ?? {});
    if (method === 'POST' && route === '/videos/generations') return this.videoCreate(rec, res, script ?? {});
    const vm = /^\/videos\/generations\/([^/]+)$/.exec(route);
    if (method === 'GET' && vm) return this.videoGet(decodeURIComponent(vm[1]), res);
    return sendJson(res, 404, { error: { message: `Unknown endpoint ${method} ${route}`, type: 'invalid_request_error', code: 'not_found' } });
  }

  /** Returns true when the script fully handled the request. */
  private async applyFault(script: SimScript, req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
    if (script.fault === 'reset') {
      req.socket.destroy();
      return true;
    }
    if (script.fault === 'noHeaders') {
      // Hold the request open until the client gives up or the simulator closes.
      return true;
    }
    if (script.html) {
      const status = script.status ?? 502;
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...script.headers });
      res.end(
        `<!DOCTYPE html>\n<html><head><title>${status} Bad Gateway</title></head>\n<body>\n<center><h1>${status} Bad Gateway</h1></center>\n<hr><center>nginx</center>\n</body></html>\n`,
      );
      return true;
    }
    if (script.status !== undefined && script.status !== 200) {
      const body = script.body ?? defaultErrorBody(script.status);
      if (typeof body === 'string') {
        res.writeHead(script.status, { 'content-type': script.contentType ?? 'text/plain; charset=utf-8', ...script.headers });
        res.end(body);
      } else {
        sendJson(res, script.status, body, script.headers, script.contentType);
      }
      return true;
    }
    if (script.status === 200 && script.body !== undefined) {
      if (typeof script.body === 'string') {
        res.writeHead(200, { 'content-type': script.contentType ?? 'text/plain; charset=utf-8', ...script.headers });
        res.end(script.body);
      } else sendJson(res, 200, script.body, script.headers, script.contentType);
      return true;
    }
    return false;
  }

  // --- chat -----------------------------------------------------------------------------------

  private async chat(rec: RecordedRequest, res: http.ServerResponse, script: SimScript): Promise<void> {
    const body = rec.body as ChatBody | undefined;
    if (!body || typeof body !== 'object') return sendJson(res, 400, badRequest('Request body must be a JSON object.'));
    if (typeof body.model !== 'string' || !body.model) return sendJson(res, 400, badRequest('`model` is required.', 'model'));
    if (!Array.isArray(body.messages) || body.messages.length === 0) return sendJson(res, 400, badRequest('`messages` must be a non-empty array.', 'messages'));
    const model = this.findModel(body.model);
    if (!model) {
      return sendJson(res, 404, {
        error: { message: `The model \`${body.model}\` does not exist or you do not have access to it.`, type: 'invalid_request_error', param: 'model', code: 'model_not_found' },
      });
    }
    if (model.kind !== 'chat') return sendJson(res, 400, badRequest(`\`${body.model}\` is not a chat model.`, 'model'));

    // An inline-completion prompt: a continuation of the code at its hole, paced as configured.
    const completion = script.reply === undefined ? completionAnswer(body.messages, this.completions, body.stop) : undefined;
    if (completion !== undefined) {
      script = { chunkChars: this.completions.chunkChars ?? 6, delayMs: this.completions.chunkDelayMs, ...script, reply: completion };
      if (this.completions.delayMs) await sleep(this.completions.delayMs);
      if (res.destroyed) return;
    }
    // An agent scenario named in the conversation (agentScenarios.ts) gives the next turn, unless a queued script or a
    // completion prompt (which may quote an open file naming a scenario) says what to answer.
    const scripted = script.reply === undefined && !script.toolCalls ? agentStep(body) : undefined;
    if (scripted) script = { ...script, toolCalls: scripted.toolCalls, reply: scripted.text };
    const answer = this.answer(body, model, script);
    const id = `chatcmpl-sim${this.nextId++}`;
    const created = Math.floor(Date.now() / 1000);
    if (script.raw) {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...script.headers });
      for (const c of script.raw) {
        if (res.destroyed) return;
        res.write(c);
        if (script.delayMs) await sleep(script.delayMs);
        else await sleep(1); // separate network writes, so chunk boundaries are real
      }
      res.end();
      return;
    }
    if (!body.stream) {
      const wait = script.delayMs === undefined ? unstreamedDelayMs(answer.text + answer.reasoning, this.pacing) : 0;
      if (wait) await sleep(wait);
      const message: Record<string, unknown> = { role: 'assistant', content: answer.toolCalls.length && !script.reply ? null : answer.text };
      if (answer.reasoning) message[script.reasoningField ?? 'reasoning_content'] = answer.reasoning;
      if (answer.toolCalls.length) {
        message.tool_calls = answer.toolCalls.map((t) => ({ id: t.id, type: 'function', function: { name: t.name, arguments: t.arguments } }));
      }
      const out: Record<string, unknown> = {
        id,
        object: 'chat.completion',
        created,
        model: script.answeredBy ?? model.id,
        choices: [{ index: 0, message, logprobs: null, finish_reason: answer.finishReason }],
      };
      if (answer.usage) out.usage = answer.usage;
      return sendJson(res, 200, out, script.headers);
    }
    await this.streamChat(res, body, model, script, answer, id, created);
  }

  private async streamChat(
    res: http.ServerResponse,
    body: ChatBody,
    model: SimModel,
    script: SimScript,
    answer: Answer,
    id: string,
    created: number,
  ): Promise<void> {
    const nl = script.lineEnding ?? '\n';
    const frames: (string | { fault: SimFault } | { waitMs: number })[] = [];
    // A script's own delayMs decides the rhythm; otherwise the pacing, if any.
    const pacing = script.delayMs === undefined ? this.pacing : undefined;
    const paced = (piece: string) => {
      const ms = pieceDelayMs(piece, pacing);
      if (ms) frames.push({ waitMs: ms });
    };
    const base = `"id":"${id}","object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(script.answeredBy ?? model.id)}`;
    const chunkFrame = (choice: object | null, usage?: object) =>
      `data: {${base},"choices":${choice ? `[${JSON.stringify(choice)}]` : '[]'}${usage ? `,"usage":${JSON.stringify(usage)}` : ''}}${nl}${nl}`;
    const keepAlive = script.keepAlive !== false;
    if (keepAlive) frames.push(`: keep-alive${nl}${nl}`);
    frames.push(chunkFrame({ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }));
    if (pacing?.firstTokenMs) frames.push({ waitMs: pacing.firstTokenMs });

    const rField = script.reasoningField ?? 'reasoning_content';
    for (const piece of splitText(answer.reasoning, 24)) {
      paced(piece);
      frames.push(chunkFrame({ index: 0, delta: { [rField]: piece }, logprobs: null, finish_reason: null }));
    }
    const textPieces = splitText(answer.text, script.chunkChars);
    const faultAt = script.fault ? Math.min(script.afterEvents ?? 3, textPieces.length) : -1;
    // The finish reason rides on the last text delta only when nothing (tool calls) comes after it.
    const finishWithText = !!script.finishInLastChunk && textPieces.length > 0 && !answer.toolCalls.length;
    textPieces.forEach((piece, i) => {
      if (i === faultAt && script.fault) frames.push({ fault: script.fault });
      if (keepAlive && i === Math.floor(textPieces.length / 2) && i > 0) frames.push(`: keep-alive${nl}${nl}`);
      paced(piece);
      const last = finishWithText && i === textPieces.length - 1;
      frames.push(chunkFrame({ index: 0, delta: { content: piece }, logprobs: null, finish_reason: last ? answer.finishReason : null }));
    });
    if (script.fault && faultAt >= textPieces.length) frames.push({ fault: script.fault });
    answer.toolCalls.forEach((call, index) => {
      frames.push(
        chunkFrame({
          index: 0,
          delta: { tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] },
          logprobs: null,
          finish_reason: null,
        }),
      );
      for (const piece of splitText(call.arguments, 8)) {
        paced(piece);
        frames.push(chunkFrame({ index: 0, delta: { tool_calls: [{ index, function: { arguments: piece } }] }, logprobs: null, finish_reason: null }));
      }
    });
    if (!finishWithText) frames.push(chunkFrame({ index: 0, delta: {}, logprobs: null, finish_reason: answer.finishReason }));
    if (script.usageDelayMs) frames.push({ waitMs: script.usageDelayMs });
    if (answer.usage && body.stream_options?.include_usage) frames.push(chunkFrame(null, answer.usage));
    if (!script.omitDone) frames.push(`data: [DONE]${nl}${nl}`);

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-request-id': id,
      ...script.headers,
    });
    let split = script.splitUtf8 !== false;
    for (const frame of frames) {
      if (res.destroyed) return;
      if (typeof frame !== 'string' && 'waitMs' in frame) {
        await sleep(frame.waitMs);
        continue;
      }
      if (typeof frame !== 'string') {
        const f = frame.fault;
        if (f === 'cut') {
          // Let what was written reach the client, then drop the connection mid-body.
          await sleep(5);
          res.socket?.destroy();
          return;
        }
        if (f === 'silence') return; // keep the connection open, write nothing more
        const err = script.streamError ?? { message: 'The upstream provider returned an error.', type: 'server_error', code: 'upstream_error' };
        if (f === 'errorEvent') res.write(`event: error${nl}data: ${JSON.stringify({ error: err })}${nl}${nl}`);
        else res.write(`data: ${JSON.stringify({ error: err })}${nl}${nl}`);
        res.end();
        return;
      }
      if (split) {
        const bytes = Buffer.from(frame, 'utf8');
        const at = bytes.findIndex((b) => b >= 0xc0);
        if (at >= 0) {
          split = false;
          await write(res, bytes.subarray(0, at + 1));
          await sleep(3); // two separate network writes with the character's bytes divided between them
          await write(res, bytes.subarray(at + 1));
          continue;
        }
      }
      await write(res, frame);
      if (script.delayMs) await sleep(script.delayMs);
    }
    res.end();
  }

  private answer(body: ChatBody, model: SimModel, script: SimScript): Answer {
    const last = lastUserText(body.messages);
    const lastMsg = body.messages[body.messages.length - 1];
    let toolCalls: SimToolCall[] = script.toolCalls ?? [];
    if (!script.toolCalls && body.tools?.length && lastMsg?.role !== 'tool') {
      // Deterministic tool use: a forced tool, or "use <tool name>" in the last user message.
      const forced = body.tool_choice;
      const named =
        typeof forced === 'object' && forced
          ? body.tools.find((t) => t.function?.name === forced.function?.name)
          : forced === 'required'
            ? body.tools[0]
            : forced === 'none'
              ? undefined
              : body.tools.find((t) => t.function?.name && last.includes(t.function.name));
      if (named?.function?.name) toolCalls = [{ name: named.function.name, arguments: JSON.stringify(argumentsFor(named.function.parameters, last)) }];
    }
    toolCalls = toolCalls.map((t, i) => ({ ...t, id: t.id ?? `call_sim${this.nextId}_${i}` }));
    let text: string;
    if (script.reply !== undefined) text = script.reply;
    else if (toolCalls.length) text = '';
    else if (lastMsg?.role === 'tool') text = `Tool result received — ${contentText(lastMsg.content)}`;
    else if (this.answers === 'realistic') {
      const task = parseCodeTask(body.messages);
      text = task ? codeTaskAnswer(task) : realisticChatReply(model.name, last);
    } else text = `Simulated reply from ${model.name} — you said: “${last}”. This answer is streamed in small pieces.`;
    const reasoning = script.reasoning ?? (/thinking|reasoner|-r1/.test(model.id) ? `Thinking about “${last}” step by step.` : '');
    const promptTokens = Math.max(1, Math.ceil(JSON.stringify(body.messages).length / 4));
    const completionTokens = Math.max(1, Math.ceil((text.length + reasoning.length + toolCalls.reduce((n, t) => n + t.arguments.length, 0)) / 4));
    let usage: SimUsage | undefined;
    if (script.usage === false) usage = undefined;
    else if (script.usage) usage = { total_tokens: script.usage.prompt_tokens + script.usage.completion_tokens, ...script.usage };
    else {
      usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
      if (reasoning) usage.completion_tokens_details = { reasoning_tokens: Math.ceil(reasoning.length / 4) };
      if (model.inputPrice !== undefined && model.outputPrice !== undefined) {
        usage.cost = Number(((promptTokens * model.inputPrice + completionTokens * model.outputPrice) / 1e6).toFixed(8));
      }
    }
    const finishReason = script.finishReason ?? (toolCalls.length ? 'tool_calls' : 'stop');
    return { text, reasoning, toolCalls, usage, finishReason };
  }

  private findModel(id: string): SimModel | undefined {
    // 004: "accepts the anthropic/* prefix and the bare short name".
    return this.models.find((m) => m.id === id) ?? this.models.find((m) => m.id.split('/').pop() === id);
  }

  // --- images and videos ----------------------------------------------------------------------

  private imagesGen(rec: RecordedRequest, res: http.ServerResponse, script: SimScript): void {
    const body = rec.body as { model?: string; prompt?: string; n?: number; size?: string; response_format?: string } | undefined;
    if (!body?.prompt) return sendJson(res, 400, badRequest('`prompt` is required.', 'prompt'));
    const model = body.model ? this.findModel(body.model) : undefined;
    if (!model) return sendJson(res, 404, { error: { message: `The model \`${body.model}\` does not exist.`, type: 'invalid_request_error', code: 'model_not_found' } });
    if (model.kind !== 'image') return sendJson(res, 400, badRequest(`\`${body.model}\` is not an image model.`, 'model'));
    const n = Math.min(Math.max(body.n ?? 1, 1), 4);
    const data = [];
    for (let i = 0; i < n; i++) {
      const png = makePng(64, 64, hash(body.prompt) + i);
      if (body.response_format === 'b64_json') data.push({ b64_json: png.toString('base64'), revised_prompt: body.prompt });
      else {
        const name = `img-${this.nextId++}.png`;
        this.images.set(name, png);
        data.push({ url: `${this.origin}/files/images/${name}`, size: body.size ?? '2048x2048' });
      }
    }
    const usage = script.usage === false ? undefined : { generated_images: n, output_tokens: n * 4096, total_tokens: n * 4096 };
    const cost = model.unitPrice ? Number((model.unitPrice.amount * n).toFixed(6)) : undefined;
    sendJson(res, 200, { model: model.id, created: Math.floor(Date.now() / 1000), data, ...(usage ? { usage } : {}), ...(cost !== undefined ? { cost } : {}) }, script.headers);
  }

  private videoCreate(rec: RecordedRequest, res: http.ServerResponse, script: SimScript): void {
    const body = rec.body as { model?: string; prompt?: string; duration?: number } | undefined;
    if (!body?.prompt) return sendJson(res, 400, badRequest('`prompt` is required.', 'prompt'));
    const model = body.model ? this.findModel(body.model) : undefined;
    if (!model) return sendJson(res, 404, { error: { message: `The model \`${body.model}\` does not exist.`, type: 'invalid_request_error', code: 'model_not_found' } });
    if (model.kind !== 'video') return sendJson(res, 400, badRequest(`\`${body.model}\` is not a video model.`, 'model'));
    const id = `tsk-sim${this.nextId++}`;
    const statuses = script.videoStatuses ?? ['queued', 'running', 'succeeded'];
    const task: VideoTaskState = {
      id,
      model: model.id,
      statuses,
      step: 0,
      error: script.videoError,
      createdAt: Math.floor(Date.now() / 1000),
      duration: body.duration ?? 5,
      file: script.videoFile,
    };
    this.videos.set(id, task);
    sendJson(res, 200, this.videoBody(task), script.headers);
  }

  private videoGet(id: string, res: http.ServerResponse): void {
    const task = this.videos.get(id);
    if (!task) return sendJson(res, 404, { error: { message: `Task ${id} not found.`, type: 'invalid_request_error', code: 'task_not_found' } });
    task.step = Math.min(task.step + 1, task.statuses.length - 1);
    sendJson(res, 200, this.videoBody(task));
  }

  private videoBody(task: VideoTaskState): unknown {
    const status = task.statuses[Math.min(task.step, task.statuses.length - 1)];
    const out: Record<string, unknown> = { id: task.id, object: 'video.generation.task', model: task.model, status, created_at: task.createdAt };
    out.progress = status === 'succeeded' ? 100 : status === 'running' ? 50 : 0;
    if (status === 'succeeded') {
      out.data = [{ video_url: `${this.origin}/files/videos/${task.id}.mp4` }];
      const m = this.findModel(task.model);
      if (m?.unitPrice) out.cost = Number((m.unitPrice.amount * task.duration).toFixed(6));
    }
    if (status === 'failed') out.error = { code: 'generation_failed', message: task.error ?? 'The video could not be generated.' };
    return out;
  }

  private async serveFile(pathname: string, res: http.ServerResponse, rec: RecordedRequest): Promise<void> {
    const img = /^\/files\/images\/([^/]+)$/.exec(pathname);
    if (img && this.images.has(img[1])) {
      const b = this.images.get(img[1])!;
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(b.length) });
      res.end(b);
      return;
    }
    const vid = /^\/files\/videos\/([^/]+)\.mp4$/.exec(pathname);
    const task = vid ? this.videos.get(vid[1]) : undefined;
    if (task?.statuses.includes('succeeded')) {
      if (task.file) return this.serveVideoFile(task.file, res, rec);
      const b = sampleMp4();
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(b.length) });
      res.end(b);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Not found');
  }

  /** A video file with the faults of `file`, written piece by piece with back-pressure. */
  private async serveVideoFile(file: SimVideoFile, res: http.ServerResponse, rec: RecordedRequest): Promise<void> {
    const head = file.notVideo ? Buffer.from('<!DOCTYPE html>\n<html><head><title>Not Found</title></head><body>The file expired.</body></html>\n') : sampleMp4();
    const size = Math.max(file.sizeBytes ?? head.length, head.length);
    const pieces: Buffer[] = [head];
    if (size > head.length && !file.notVideo) {
      // The padding of an MP4 is one `free` box to the end (sizes above 4 GiB are not needed here).
      if (size - head.length < 8) throw new Error('sizeBytes must leave room for a free box header');
      const free = Buffer.alloc(8);
      free.writeUInt32BE(size - head.length, 0);
      free.write('free', 4, 'latin1');
      pieces.push(free);
    }
    res.writeHead(200, { 'content-type': 'video/mp4', ...(file.noContentLength ? {} : { 'content-length': String(size) }) });
    const chunkBytes = file.chunkBytes ?? 64 * 1024;
    const filler = Buffer.alloc(chunkBytes, file.notVideo ? 0x20 : 0);
    let sent = 0;
    const next = (): Buffer | undefined => {
      if (pieces.length) return pieces.shift();
      const left = size - sent;
      return left > 0 ? filler.subarray(0, Math.min(left, chunkBytes)) : undefined;
    };
    for (let piece = next(); piece; piece = next()) {
      if (res.destroyed) return;
      const limit = Math.min(file.cutAfterBytes ?? Infinity, file.stallAfterBytes ?? Infinity);
      if (sent + piece.length >= limit) {
        const part = piece.subarray(0, limit - sent);
        // Flushed to the socket before the cut, so the client really has the bytes.
        await new Promise<void>((resolve) => res.write(part, () => resolve()));
        rec.bytesSent = sent + part.length;
        this.notify();
        if (file.cutAfterBytes !== undefined && limit === file.cutAfterBytes) res.socket?.destroy();
        else if (!res.destroyed) await new Promise<void>((resolve) => res.once('close', () => resolve()));
        return;
      }
      await write(res, piece);
      sent += piece.length;
      rec.bytesSent = sent;
      if (file.delayMs) await sleep(file.delayMs);
    }
    res.end();
  }
}

// --- helpers ------------------------------------------------------------------------------------

interface ChatBody {
  model: string;
  messages: { role: string; content: unknown; tool_call_id?: string }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  stop?: string | string[];
  tools?: { type: string; function?: { name?: string; parameters?: { properties?: Record<string, { type?: string }>; required?: string[] } } }[];
  tool_choice?: string | { type: string; function?: { name?: string } };
}

interface Answer {
  text: string;
  reasoning: string;
  toolCalls: SimToolCall[];
  usage: SimUsage | undefined;
  finishReason: string;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p: { type?: string; text?: string }) => (p?.type === 'text' ? p.text ?? '' : p?.type === 'image_url' ? '[image]' : ''))
      .filter(Boolean)
      .join(' ');
  }
  return '';
}

function lastUserText(messages: ChatBody['messages']): string {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.role === 'user') return contentText(messages[i].content);
  return '';
}

function argumentsFor(schema: { properties?: Record<string, { type?: string }>; required?: string[] } | undefined, text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const props = schema?.properties ?? {};
  for (const name of schema?.required ?? Object.keys(props)) {
    const t = props[name]?.type;
    out[name] = t === 'number' || t === 'integer' ? 1 : t === 'boolean' ? true : text;
  }
  return out;
}

/** One word (with its following space) per piece, or fixed-size pieces; never splits a surrogate pair. */
function splitText(text: string, size?: number): string[] {
  if (!text) return [];
  if (size && size > 0) {
    const cps = Array.from(text);
    const out: string[] = [];
    for (let i = 0; i < cps.length; i += size) out.push(cps.slice(i, i + size).join(''));
    return out;
  }
  return text.match(/\S*\s*/g)!.filter((s) => s.length > 0);
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return Math.abs(h) % 200;
}

function badRequest(message: string, param: string | null = null): unknown {
  return { error: { message, type: 'invalid_request_error', param, code: null } };
}

function defaultErrorBody(status: number): unknown {
  const table: Record<number, [string, string, string]> = {
    400: ['Invalid request.', 'invalid_request_error', 'invalid_request'],
    401: ['Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'],
    402: ['Insufficient credits. Add credits at https://tokenhub.store/dashboard/billing.', 'insufficient_quota', 'insufficient_quota'],
    403: ['This key is not allowed to use this resource.', 'permission_error', 'forbidden'],
    404: ['The model does not exist.', 'invalid_request_error', 'model_not_found'],
    408: ['Request timed out.', 'timeout', 'timeout'],
    409: ['Conflict: please retry.', 'conflict', 'conflict'],
    422: ['Unprocessable request.', 'invalid_request_error', 'unprocessable'],
    429: ['Rate limit reached. Please slow down.', 'rate_limit_error', 'rate_limit_exceeded'],
    500: ['The server had an error while processing your request.', 'server_error', 'internal_error'],
    502: ['Bad gateway.', 'server_error', 'bad_gateway'],
    503: ['The engine is currently overloaded. Please try again later.', 'server_error', 'overloaded'],
    504: ['Gateway timeout.', 'server_error', 'gateway_timeout'],
  };
  const [message, type, code] = table[status] ?? [`HTTP ${status}`, 'error', String(status)];
  return { error: { message, type, param: null, code } };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers?: Record<string, string>, contentType = 'application/json'): void {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

function write(res: http.ServerResponse, data: string | Uint8Array): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  if (res.write(data)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
