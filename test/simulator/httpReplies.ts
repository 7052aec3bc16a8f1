// HTTP plumbing the simulator's endpoints share: JSON replies in the gateway's error shape and
// writes that respect back-pressure.
import type * as http from 'node:http';

export function badRequest(message: string, param: string | null = null): unknown {
  return { error: { message, type: 'invalid_request_error', param, code: null } };
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers?: Record<string, string>, contentType = 'application/json'): void {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

export function write(res: http.ServerResponse, data: string | Uint8Array): Promise<void> {
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

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
