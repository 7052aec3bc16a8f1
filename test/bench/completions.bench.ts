// Inline completions: what the extension itself adds to each completion, and how many requests
// typing a file costs.
//
// (a) Overhead on a 5,000-line file, p50 and p95 over many completions at random places:
//     keystroke → request on the wire: from the provider's call (the window around the cursor,
//       the cache, the prompt, the client) to the request's arrival at a local server; beside the
//       same for the bare client sending a prepared request (the reference: the HTTP stack alone);
//     response end → items returned: from the server ending the answer to the completion handed
//       back (stream end, clean-up); beside the bare client's loop ending.
//     Target: the extension's own share (ours minus the reference) at most 5 ms at p95.
// (b) Replay of typing a 200-line file (test/bench/fixtures) against the simulator in virtual
//     time: requests sent with the cache and the adaptive wait, with each alone, and with neither
//     (a request per keystroke, each aborting the last), for a model that guesses what comes next
//     and for one that never does. Target: at least 90% fewer requests than one per keystroke.
// Run: node esbuild.mjs --tests && node out/test/bench/completions.bench.js
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ChatRequest } from '../../src/core/api/types';
import { TokenHubClient } from '../../src/core/client/tokenHubClient';
import { cursorWindow, linesOf } from '../../src/core/completions/cursor';
import type { EngineOptions } from '../../src/core/completions/engine';
import { CompletionEngine } from '../../src/core/completions/engine';
import { runTurn } from '../../src/core/turn/runTurn';
import { Simulator } from '../simulator/server';
import type { Keystroke } from './typingReplay';
import { seeded, typingOf, VirtualClock } from './typingReplay';

const KEY = 'th-bench-0000000000000000';
const MODEL = 'google/gemini-2.5-flash-lite';
const SAMPLES = Number(process.argv[2] ?? 500);
const FIXTURE = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'bench', 'fixtures', 'typed-200-lines.ts.txt'), 'utf8');

function clientFor(baseUrl: string, apiKey: string): TokenHubClient {
  return new TokenHubClient({
    baseUrl,
    getApiKey: async () => apiKey,
    connectTimeoutMs: 5_000,
    headersTimeoutMs: 10_000,
    idleTimeoutMs: 10_000,
    maxRetries: 0,
    proxy: { url: '', strictSSL: true, env: {} },
    userAgent: 'tokenhub-vscode/bench',
  });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (n: number) => `${n.toFixed(2).padStart(7)} ms`;

// --- (a) overhead ----------------------------------------------------------------------------

/** A 5,000-line TypeScript file: the fixture's code over and over, names numbered. */
function bigFile(): string {
  const lines: string[] = [];
  for (let copy = 0; lines.length < 5000; copy++) for (const l of FIXTURE.split('\n')) lines.push(copy ? l.replace(/\b(function|interface|type|const) (\w+)/, `$1 $2${copy}`) : l);
  return lines.slice(0, 5000).join('\n');
}

/** A server that answers every request with one short completion line, and tells when each request arrived and each answer ended. */
async function timingServer(): Promise<{ url: string; arrived: number[]; ended: number[]; close(): Promise<void> }> {
  const arrived: number[] = [];
  const ended: number[] = [];
  const head = '{"id":"b","object":"chat.completion.chunk","created":1,"model":"m",';
  const body = [
    `data: ${head}"choices":[{"index":0,"delta":{"role":"assistant","content":"<COMPLETION>"},"finish_reason":null}]}\n\n`,
    `data: ${head}"choices":[{"index":0,"delta":{"content":"total += item.price * item.count;"},"finish_reason":null}]}\n\n`,
    `data: ${head}"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n`,
    `data: ${head}"choices":[],"usage":{"prompt_tokens":1500,"completion_tokens":12}}\n\n`,
    'data: [DONE]\n\n',
  ].join('');
  const server = http.createServer((req, res) => {
    arrived.push(performance.now());
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      ended.push(performance.now());
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`,
    arrived,
    ended,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

async function overhead(): Promise<void> {
  const text = bigFile();
  const doc = linesOf(text);
  const server = await timingServer();
  const client = clientFor(server.url, KEY);
  let reference: ChatRequest | undefined;
  // When the engine handed the request to the client, and when the client's stream ended.
  let handed = 0;
  let streamEnd = 0;
  let inSink = 0;
  const engine = new CompletionEngine(
    {
      run: async (req, signal, onText) => {
        handed = performance.now();
        reference ??= req;
        inSink = 0;
        const outcome = await runTurn(client, req, signal, {
          text: (delta) => {
            const t = performance.now();
            onText(delta);
            inSink += performance.now() - t;
          },
        });
        streamEnd = performance.now();
        return outcome;
      },
      model: () => MODEL,
      secrets: () => [KEY],
    },
    { debounce: false, cache: true },
  );
  const rnd = seeded(11);
  const ours = { wire: [] as number[], items: [] as number[], before: [] as number[], after: [] as number[] };
  const bare = { wire: [] as number[], items: [] as number[] };
  let empty = 0;
  const runOurs = async (i: number, record: boolean) => {
    const line = 200 + Math.floor(rnd() * 4600);
    const character = Math.floor(rnd() * (doc.lineText(line).length + 1));
    const t0 = performance.now();
    // What the provider does on a keystroke: read the window, then the engine (cache miss: each place is new).
    const window = cursorWindow(doc, line, character);
    engine.edited('file:///big.ts', { offset: i, removed: 0, inserted: 'x' });
    const n = server.arrived.length;
    const result = await engine.provide({ uri: 'file:///big.ts', path: 'src/big.ts', languageId: 'typescript', offset: i * 7919, window }, new AbortController().signal);
    const t1 = performance.now();
    if (!record) return;
    ours.wire.push(server.arrived[n] - t0);
    ours.items.push(t1 - server.ended[server.ended.length - 1]);
    ours.before.push(handed - t0);
    ours.after.push(inSink + (t1 - streamEnd));
    // Where the answer only repeats what is there, nothing is shown: the work was the same.
    if (!result) empty++;
  };
  const runBare = async (record: boolean) => {
    const n = server.arrived.length;
    const t0 = performance.now();
    for await (const ev of client.stream(reference!)) void ev;
    const t1 = performance.now();
    if (!record) return;
    bare.wire.push(server.arrived[n] - t0);
    bare.items.push(t1 - server.ended[server.ended.length - 1]);
  };
  // The first request through the engine gives the reference its request (same size, same headers).
  await runOurs(0, false);
  for (let i = 0; i < 30; i++) {
    await runOurs(i + 1, false);
    await runBare(false);
  }
  for (let i = 0; i < SAMPLES; i++) {
    // Interleaved, so a busy moment of the machine weighs on both alike.
    await runOurs(100 + i, true);
    await runBare(true);
  }
  await client.close();
  await server.close();
  console.log(`(a) overhead per completion on a 5,000-line file, ${SAMPLES} completions at random places (after 30 warm-ups), interleaved; ${empty} answers cleaned to nothing`);
  console.log('                                           p50          p95');
  const row = (name: string, xs: number[]) => console.log(`  ${name.padEnd(38)} ${ms(pct(xs, 50))}  ${ms(pct(xs, 95))}`);
  console.log('  keystroke → request on the wire');
  row('  ours', ours.wire);
  row('  reference: the bare client', bare.wire);
  row('  of which our own work', ours.before);
  console.log('  response end → items returned');
  row('  ours', ours.items);
  row('  reference: the bare client', bare.items);
  row('  of which our own work', ours.after);
  console.log(`  our own work at p95: ${pct(ours.before, 95).toFixed(2)} ms before the wire, ${pct(ours.after, 95).toFixed(2)} ms after the answer (target <= 5 ms each)`);
  console.log(
    `  ours minus the reference at p95: ${(pct(ours.wire, 95) - pct(bare.wire, 95)).toFixed(2)} ms and ${(pct(ours.items, 95) - pct(bare.items, 95)).toFixed(2)} ms (includes the machine's noise and garbage collection)`,
  );
}

// --- (b) typing replay -----------------------------------------------------------------------

/** The gateway's latency in the replay: the answer arrives this long after the request (virtual ms). */
const LATENCY_MS = 350;

async function replay(sim: Simulator, keys: readonly Keystroke[], options: EngineOptions): Promise<{ requests: number; served: number }> {
  const clock = new VirtualClock();
  const client = clientFor(sim.baseUrl, sim.apiKey);
  const before = sim.requests.length;
  const engine = new CompletionEngine(
    {
      // The real request now; its answer delivered after the latency, unless a keystroke aborted it first.
      run: async (request, signal, onText) => {
        let text = '';
        const real = await clock.track(runTurn(client, request, undefined, { text: (d) => (text += d) }));
        await clock.sleep(LATENCY_MS, signal);
        if (signal.aborted) return { status: 'cancelled' };
        onText(text);
        return { status: real.status === 'error' ? 'error' : 'done' };
      },
      model: () => MODEL,
      now: () => clock.now,
      sleep: (ms, signal) => clock.sleep(ms, signal),
    },
    options,
  );
  let doc = '';
  let served = 0;
  let vscodeCall: AbortController | undefined;
  for (const k of keys) {
    await clock.advanceTo(k.at);
    doc = doc.slice(0, k.offset) + k.text + doc.slice(k.offset);
    engine.edited('file:///typed.ts', { offset: k.offset, removed: 0, inserted: k.text });
    // VS Code asks again after every keystroke, cancelling its previous call.
    vscodeCall?.abort();
    vscodeCall = new AbortController();
    const cursor = k.offset + k.text.length;
    const before = doc.slice(0, cursor).split('\n');
    const window = cursorWindow(linesOf(doc), before.length - 1, before[before.length - 1].length);
    void engine.provide({ uri: 'file:///typed.ts', path: 'src/typed.ts', languageId: 'typescript', offset: cursor, window }, vscodeCall.signal).then((r) => {
      if (r?.source === 'cache') served++;
    });
  }
  await clock.advanceTo(clock.now + 5_000);
  await client.close();
  return { requests: sim.requests.length - before, served };
}

async function typing(): Promise<void> {
  const sim = await Simulator.start({ apiKey: KEY });
  const keys = typingOf(FIXTURE);
  const minutes = keys[keys.length - 1].at / 60_000;
  console.log(`\n(b) typing ${FIXTURE.trimEnd().split('\n').length} lines: ${keys.length.toLocaleString('en')} keystrokes over ${minutes.toFixed(0)} minutes of virtual time; answers arrive ${LATENCY_MS} ms after each request`);
  console.log('  model that              per keystroke   wait only   cache only   cache + wait   fewer than per keystroke');
  for (const [label, completions] of [
    ['guesses what comes next', { corpus: [FIXTURE] }],
    ['never guesses right', { reply: '/* nothing useful */ void 0;' }],
  ] as const) {
    sim.completions = completions;
    const naive = await replay(sim, keys, { cache: false, debounce: false });
    const wait = await replay(sim, keys, { cache: false });
    const cache = await replay(sim, keys, { debounce: false });
    const both = await replay(sim, keys, {});
    const fewer = 1 - both.requests / keys.length;
    console.log(
      `  ${label.padEnd(24)} ${String(naive.requests).padStart(13)} ${String(wait.requests).padStart(11)} ${String(cache.requests).padStart(12)} ${String(both.requests).padStart(14)}   ${(fewer * 100).toFixed(1)}% (target >= 90%); ${both.served} answers from the cache`,
    );
  }
  console.log(`  one request per keystroke would be ${keys.length.toLocaleString('en')}`);
  await sim.close();
}

async function main(): Promise<void> {
  await overhead();
  await typing();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
