// The webview's side of host → webview requests: a handler per method. A handler gets the
// request's params (checked by the method's guard first) and an AbortSignal that fires when the
// host withdraws the request (cancelled or timed out); what it resolves with is the reply.
import type { HostRequest, HostRequestMethod, HostRequestParams, HostRequestResult } from '../core/protocol/hostRequests';
import { isHostRequestMethod, isHostRequestParams, MAX_REPLY_ERROR } from '../core/protocol/hostRequests';
import type { HostConnection } from './host';

export type HostRequestHandler<M extends HostRequestMethod> = (params: HostRequestParams<M>, signal: AbortSignal) => Promise<HostRequestResult<M>>;

export class HostRequestHandlers {
  private readonly handlers: { [M in HostRequestMethod]?: HostRequestHandler<M> } = {};
  /** Requests being answered, by id, with what withdraws them. */
  private readonly running = new Map<number, AbortController>();

  constructor(private readonly host: HostConnection) {}

  register<M extends HostRequestMethod>(method: M, handler: HostRequestHandler<M>): void {
    (this.handlers as Record<M, HostRequestHandler<M>>)[method] = handler;
  }

  /** A request from the host; one sent again (the host does so after a `ready`) is not shown twice. */
  onRequest(request: HostRequest): void {
    const { id, method, params } = request as { id: number; method: unknown; params: unknown };
    if (this.running.has(id)) return;
    if (!isHostRequestMethod(method) || !this.handlers[method]) {
      this.host.reply({ type: 'reply', id, error: `no handler for ${String(method).slice(0, 100)}` });
      return;
    }
    if (!isHostRequestParams(method, params)) {
      this.host.reply({ type: 'reply', id, error: `invalid params for ${method}` });
      return;
    }
    const handler = this.handlers[method] as HostRequestHandler<typeof method>;
    const controller = new AbortController();
    this.running.set(id, controller);
    const settle = (reply: { result: unknown } | { error: string }) => {
      // A withdrawn request gets no reply: the host has stopped waiting for it.
      if (this.running.get(id) !== controller) return;
      this.running.delete(id);
      this.host.reply({ type: 'reply', id, ...reply });
    };
    // A handler that throws at once fails like one that rejects.
    new Promise<unknown>((resolve) => resolve(handler(params, controller.signal))).then(
      (result) => settle({ result }),
      (e: unknown) => settle({ error: (e instanceof Error ? e.message : String(e)).slice(0, MAX_REPLY_ERROR) }),
    );
  }

  /** The host withdrew the request: its handler's signal fires, and no reply is sent. */
  onCancel(id: number): void {
    const controller = this.running.get(id);
    if (!controller) return;
    this.running.delete(id);
    controller.abort();
  }
}
