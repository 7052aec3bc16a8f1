// The webview's side of the protocol: commands go out as they are, requests get an id and a
// promise that the host's `response` with the same id settles, and the host's own requests are
// answered with a `reply`.
import type { RequestMap, RequestMethod, WebviewCommand } from '../core/protocol/chatProtocol';
import type { WebviewReply } from '../core/protocol/hostRequests';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export class HostConnection {
  private readonly api: VsCodeApi = acquireVsCodeApi();
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  post(command: WebviewCommand): void {
    this.api.postMessage(command);
  }

  request<M extends RequestMethod>(method: M, params: RequestMap[M]['params']): Promise<RequestMap[M]['result']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.api.postMessage({ type: 'request', id, method, params });
    });
  }

  /** Answers a request of the host's (see ./hostRequests). */
  reply(reply: WebviewReply): void {
    this.api.postMessage(reply);
  }

  /** Settles the request the host answered. */
  settle(id: number, result: unknown, error: string | undefined): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    if (error !== undefined) w.reject(new Error(error));
    else w.resolve(result);
  }

  /** UI state only (scroll position, a draft): the host owns the conversation. */
  getState<T>(): T | undefined {
    return (this.api.getState() as T | undefined) ?? undefined;
  }
  setState(state: unknown): void {
    this.api.setState(state);
  }
}
