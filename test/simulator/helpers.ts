// Helpers for tests that talk to the simulator through the real client.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatStreamEvent } from '../../src/core/client/api';
import type { ClientOptions } from '../../src/core/client/options';
import { TokenHubClient } from '../../src/core/client/tokenHubClient';
import type { Logger } from '../../src/core/log';
import type { Simulator } from './server';

/** Client options for `sim`: short timeouts, no proxy, no real back-off sleeps (recorded in `sleeps`). */
export function simClientOptions(sim: Simulator, overrides: Partial<ClientOptions> = {}): ClientOptions & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    baseUrl: sim.baseUrl,
    getApiKey: async () => sim.apiKey,
    connectTimeoutMs: 2_000,
    headersTimeoutMs: 5_000,
    idleTimeoutMs: 5_000,
    maxRetries: 2,
    proxy: { url: '', strictSSL: true, env: {} },
    userAgent: 'tokenhub-vscode/test',
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    sleeps,
    ...overrides,
  };
}

export function simClient(sim: Simulator, overrides: Partial<ClientOptions> = {}): TokenHubClient & { sleeps: number[] } {
  const options = simClientOptions(sim, overrides);
  const client = new TokenHubClient(options) as TokenHubClient & { sleeps: number[] };
  client.sleeps = options.sleeps;
  return client;
}

/** Every event of a stream, in order. */
export async function collect(stream: AsyncIterable<ChatStreamEvent>): Promise<ChatStreamEvent[]> {
  const out: ChatStreamEvent[] = [];
  for await (const ev of stream) out.push(ev);
  return out;
}

/** The text of a list of stream events. */
export function textOf(events: ChatStreamEvent[]): string {
  return events.map((e) => (e.type === 'text' ? e.text : '')).join('');
}

/** A Logger that keeps every line (to check nothing secret is written). */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const add = (level: string) => (m: string) => void lines.push(`${level} ${m}`);
  return { lines, trace: add('trace'), debug: add('debug'), info: add('info'), warn: add('warn'), error: add('error') };
}

/** Runs `fn` and returns what it threw (fails if it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error, none was thrown');
}

/** A port nothing listens on (for connection-refused tests). */
export async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
