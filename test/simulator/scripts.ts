// Fault scripting: the queue of scripts tests enqueue, matched to requests in order, and the
// replies a script gives instead of the normal answer (status codes, proxy pages, resets).
import type * as http from 'node:http';
import { sendJson } from './httpReplies';
import type { SimScript } from './server';

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

interface Entry {
  script: SimScript;
  left: number;
}

/** The scripts not yet used up, in the order they were enqueued. */
export class ScriptQueue {
  private readonly entries: Entry[] = [];

  push(script: SimScript): void {
    this.entries.push({ script, left: script.times ?? 1 });
  }

  clear(): void {
    this.entries.length = 0;
  }

  get size(): number {
    return this.entries.length;
  }

  /** The first script matching this request, counted as used once more. */
  take(method: string, route: string): SimScript | undefined {
    for (let i = 0; i < this.entries.length; i++) {
      const e = this.entries[i];
      const m = e.script.match;
      const wantMethod = m?.method ?? (m?.path === undefined ? 'POST' : undefined);
      const wantPath = m?.path ?? '/chat/completions';
      if (wantMethod && wantMethod.toUpperCase() !== method) continue;
      const ok = typeof wantPath === 'string' ? route === wantPath || route.endsWith(wantPath) : wantPath.test(route);
      if (!ok) continue;
      if (--e.left <= 0) this.entries.splice(i, 1);
      return e.script;
    }
    return undefined;
  }
}

/** Returns true when the script fully handled the request. */
export async function applyFault(script: SimScript, req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
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
