// The host's side of host → webview requests: each request waits for the webview's reply, a
// timeout or its caller's cancellation, whichever comes first. Views are torn down when hidden,
// so a request outlives the webview it was sent to: every request still waiting is sent again to
// the next webview that says `ready`. Plain TypeScript (the transport and the clock are passed
// in), so the bookkeeping is tested without VS Code.
import type { CancelHostRequest, HostRequest, HostRequestMethod, HostRequestParams, HostRequestResult, WebviewReply } from './hostRequests';
import { isHostRequestResult } from './hostRequests';

export type HostRequestFailure = 'timeout' | 'cancelled' | 'failed' | 'disposed';

/** Why a host request ended without an answer: `reason` says which way. */
export class HostRequestError extends Error {
  constructor(
    readonly reason: HostRequestFailure,
    readonly method: HostRequestMethod,
    message: string,
  ) {
    super(message);
    this.name = 'HostRequestError';
  }
}

export interface HostRequestTransport {
  /** Posts to the webview if one is ready for it; false when none is (the next `ready` gets it). */
  send(message: HostRequest | CancelHostRequest): boolean;
}

export interface HostRequestClock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: HostRequestClock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Longer waits are not timed (timers overflow past 2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface HostRequestOptions {
  /** How long to wait for an answer; `Infinity` waits until answered or cancelled. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** What became of a reply: it answered a request, named none waiting, or failed the method's check. */
export type ReplyOutcome = 'answered' | 'unknown' | 'invalid';

interface Waiting {
  readonly message: HostRequest;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: HostRequestError) => void;
  timer?: unknown;
  unlisten?: () => void;
}

export class HostRequester {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private disposed = false;

  constructor(
    private readonly transport: HostRequestTransport,
    private readonly clock: HostRequestClock = realClock,
  ) {}

  /** The requests still waiting for an answer, oldest first. */
  get pending(): readonly { id: number; method: HostRequestMethod; params: unknown }[] {
    return [...this.waiting.values()].map((w) => ({ id: w.message.id, method: w.message.method, params: w.message.params }));
  }

  request<M extends HostRequestMethod>(method: M, params: HostRequestParams<M>, options: HostRequestOptions): Promise<HostRequestResult<M>> {
    if (Number.isNaN(options.timeoutMs) || options.timeoutMs < 0) throw new RangeError(`${method}: timeoutMs must be 0 or more (got ${options.timeoutMs})`);
    if (this.disposed) return Promise.reject(new HostRequestError('disposed', method, `${method}: the chat view is gone`));
    if (options.signal?.aborted) return Promise.reject(new HostRequestError('cancelled', method, `${method}: cancelled`));
    const id = this.nextId++;
    const message = { type: 'hostRequest', id, method, params } as HostRequest;
    return new Promise<HostRequestResult<M>>((resolve, reject) => {
      const w: Waiting = { message, resolve: resolve as (r: unknown) => void, reject };
      this.waiting.set(id, w);
      const ms = options.timeoutMs;
      if (ms <= MAX_TIMER_MS) {
        w.timer = this.clock.setTimeout(() => this.withdraw(id, 'timeout', `${method}: no answer within ${ms} ms`), Math.max(0, ms));
      }
      const signal = options.signal;
      if (signal) {
        const onAbort = () => this.withdraw(id, 'cancelled', `${method}: cancelled`);
        signal.addEventListener('abort', onAbort, { once: true });
        w.unlisten = () => signal.removeEventListener('abort', onAbort);
      }
      this.transport.send(message);
    });
  }

  /** A (new) webview said `ready`: every request still waiting goes to it. */
  resend(): void {
    for (const w of this.waiting.values()) this.transport.send(w.message);
  }

  /** A reply from the webview (its shape already checked): settles the request it answers, if any. */
  reply(r: WebviewReply): ReplyOutcome {
    const w = this.waiting.get(r.id);
    if (!w) return 'unknown';
    const { method, params } = w.message;
    if ('error' in r) {
      this.end(w);
      w.reject(new HostRequestError('failed', method, `${method}: the chat view could not answer (${r.error})`));
      return 'answered';
    }
    if (!isHostRequestResult(method, r.result, params)) return 'invalid';
    this.end(w);
    w.resolve(r.result);
    return 'answered';
  }

  /** The view is going away for good: every request fails. */
  dispose(): void {
    this.disposed = true;
    for (const w of [...this.waiting.values()]) {
      this.end(w);
      w.reject(new HostRequestError('disposed', w.message.method, `${w.message.method}: the chat view is gone`));
    }
  }

  /** Stops waiting (timeout or cancellation) and tells the webview to drop the question. */
  private withdraw(id: number, reason: 'timeout' | 'cancelled', text: string): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.end(w);
    this.transport.send({ type: 'cancelHostRequest', id });
    w.reject(new HostRequestError(reason, w.message.method, text));
  }

  private end(w: Waiting): void {
    this.waiting.delete(w.message.id);
    if (w.timer !== undefined) this.clock.clearTimeout(w.timer);
    w.unlisten?.();
  }
}
