// A small real HTTP(S) server for client tests that need answers the simulator does not give
// (a body held open, an empty file, https): each path is answered by the test's own handler.
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { ClientOptions } from '../../src/core/client/options';
import type { TokenHubClient } from '../../src/core/client/tokenHubClient';
import { simClient } from '../simulator/helpers';
import type { Simulator } from '../simulator/server';
import { TEST_CERT, TEST_KEY } from './tlsCert';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface ScriptedServer {
  origin: string;
  /** Each request: its path, its Accept header and whether it carried a key. */
  seen: { path: string; accept: string | undefined; auth: boolean }[];
  /** Resolves when the connection of the request to `path` closed before its response finished. */
  abandoned(path: string): Promise<void>;
  close(): Promise<void>;
}

export async function startScriptedServer(routes: Record<string, Handler>, tls = false): Promise<ScriptedServer> {
  const seen: ScriptedServer['seen'] = [];
  const abandoned = new Map<string, Promise<void>>();
  const handler: Handler = (req, res) => {
    const path = req.url ?? '';
    seen.push({ path, accept: req.headers.accept, auth: req.headers.authorization !== undefined });
    abandoned.set(path, new Promise<void>((resolve) => res.on('close', () => (res.writableFinished ? undefined : resolve()))));
    const route = routes[path];
    if (route) return route(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Not found');
  };
  const server = tls ? https.createServer({ cert: TEST_CERT, key: TEST_KEY }, handler) : http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    origin: `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    abandoned: (path) => abandoned.get(path) ?? Promise.reject(new Error(`no request to ${path}`)),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A client for `server`'s /api/v1 with the simulator helpers' test options (no retries unless asked). */
export function scriptedClient(server: ScriptedServer, overrides: Partial<ClientOptions> = {}): TokenHubClient & { sleeps: number[] } {
  const target = { baseUrl: `${server.origin}/api/v1`, apiKey: 'th-scripted-0000000000' } as Simulator;
  return simClient(target, { maxRetries: 0, ...overrides });
}
