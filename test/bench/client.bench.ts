// Streams the same long completion (100,000 chunks, ~16 MB of SSE) from a local server through
// three readers and prints their times:
//   floor   the least work that delivers the text: a bare undici read, split on blank lines,
//           each event JSON.parse'd (no SSE spec handling; UTF-8 decoded with a streaming decoder)
//   ours    TokenHubClient.stream() (undici + streaming TextDecoder + eventsource-parser 3 + typed events)
//   sdk     the official `openai` SDK
// Targets: ours <= 1.2x the floor, and >= 5x faster than the SDK.
// Run: node esbuild.mjs --tests && node out/test/bench/client.bench.js [chunks]
import { fork } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenAI } from 'openai';
import { Agent, request } from 'undici';
import { TokenHubClient } from '../../src/core/client/tokenHubClient';

const SERVE = process.argv[2] === '--serve';
const CHUNKS = Number((SERVE ? process.argv[3] : process.argv[2]) ?? 100_000);
const RUNS = 3;
const KEY = 'th-bench-0000000000000000';

function buildBody(n: number): Buffer {
  const parts: string[] = [];
  const head = '{"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1763769600,"model":"openai/gpt-4.1",';
  parts.push(`data: ${head}"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n`);
  const words = ['The ', 'quick ', 'brown ', 'fox ', 'jumps ', 'over ', 'the ', 'lazy ', 'dog — ', 'naïve ', 'café ', 'code '];
  for (let i = 0; i < n; i++) {
    parts.push(`data: ${head}"choices":[{"index":0,"delta":{"content":${JSON.stringify(words[i % words.length])}},"logprobs":null,"finish_reason":null}]}\n\n`);
  }
  parts.push(`data: ${head}"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}\n\n`);
  parts.push(`data: ${head}"choices":[],"usage":{"prompt_tokens":10,"completion_tokens":${n},"total_tokens":${n + 10}}}\n\n`);
  parts.push('data: [DONE]\n\n');
  return Buffer.from(parts.join(''), 'utf8');
}

/** Serves `body` to every POST; runs in a child process so its CPU time is not counted against the readers. */
function serve(body: Buffer): void {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      // 64 KB writes: the network hands readers chunks of this order anyway.
      let off = 0;
      const pump = () => {
        while (off < body.length) {
          const next = body.subarray(off, off + 65536);
          off += next.length;
          if (!res.write(next)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
  });
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
  process.on('disconnect', () => process.exit(0));
}

async function startServer(): Promise<{ url: string; close(): void }> {
  const child = fork(__filename, ['--serve', String(CHUNKS)], { stdio: 'inherit' });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}/api/v1`, close: () => child.disconnect() };
}

const req = { model: 'openai/gpt-4.1', messages: [{ role: 'user' as const, content: 'bench' }] };

async function floor(url: string, agent: Agent): Promise<number> {
  const res = await request(`${url}/chat/completions`, {
    method: 'POST',
    dispatcher: agent,
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...req, stream: true }),
  });
  let buf = '';
  let chars = 0;
  // A streaming decoder (not chunk.toString()): otherwise a character split between reads is mangled.
  const dec = new TextDecoder();
  for await (const chunk of res.body) {
    buf += dec.decode(chunk, { stream: true });
    const events = buf.split('\n\n');
    buf = events.pop() ?? '';
    for (const e of events) {
      if (!e.startsWith('data: ')) continue;
      const data = e.slice(6);
      if (data === '[DONE]') continue;
      const j = JSON.parse(data);
      chars += j.choices[0]?.delta?.content?.length ?? 0;
    }
  }
  return chars;
}

async function ours(client: TokenHubClient): Promise<number> {
  let chars = 0;
  for await (const ev of client.stream(req)) if (ev.type === 'text') chars += ev.text.length;
  return chars;
}

async function sdk(client: OpenAI): Promise<number> {
  let chars = 0;
  const stream = await client.chat.completions.create({ ...req, stream: true });
  for await (const chunk of stream) chars += chunk.choices[0]?.delta?.content?.length ?? 0;
  return chars;
}

/** Wall time, and this process's CPU time (steadier on a shared, busy machine). */
async function time(fn: () => Promise<number>): Promise<{ ms: number; cpu: number; chars: number }> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const chars = await fn();
  const c = process.cpuUsage(c0);
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, cpu: (c.user + c.system) / 1000, chars };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function run(): Promise<void> {
  const body = buildBody(CHUNKS);
  const server = await startServer();
  const agent = new Agent();
  const client = new TokenHubClient({
    baseUrl: server.url,
    getApiKey: async () => KEY,
    connectTimeoutMs: 10_000,
    headersTimeoutMs: 60_000,
    idleTimeoutMs: 60_000,
    maxRetries: 0,
    proxy: { url: '', strictSSL: true, env: {} },
    userAgent: 'bench',
  });
  const openai = new OpenAI({ apiKey: KEY, baseURL: server.url, maxRetries: 0 });
  const readers: [string, () => Promise<number>][] = [
    ['floor', () => floor(server.url, agent)],
    ['ours', () => ours(client)],
    ['sdk', () => sdk(openai)],
  ];
  try {
    console.log(`client bench: ${CHUNKS.toLocaleString('en')} chunks, ${(body.length / 1e6).toFixed(1)} MB of SSE, median of ${RUNS} runs (after 1 warm-up), interleaved`);
    const times: Record<string, number[]> = { floor: [], ours: [], sdk: [] };
    const cpu: Record<string, number[]> = { floor: [], ours: [], sdk: [] };
    let expected: number | undefined;
    for (let r = -1; r < RUNS; r++) {
      for (const [name, fn] of readers) {
        const { ms, cpu: c, chars } = await time(fn);
        expected ??= chars;
        if (chars !== expected) throw new Error(`${name} read ${chars} characters, expected ${expected}`);
        if (r >= 0) {
          times[name].push(ms);
          cpu[name].push(c);
        }
      }
    }
    const m = { floor: median(times.floor), ours: median(times.ours), sdk: median(times.sdk) };
    const c = { floor: median(cpu.floor), ours: median(cpu.ours), sdk: median(cpu.sdk) };
    console.log('  reader      wall ms    cpu ms');
    for (const name of ['floor', 'ours', 'sdk'] as const) console.log(`  ${name.padEnd(8)} ${m[name].toFixed(1).padStart(9)} ${c[name].toFixed(1).padStart(9)}`);
    console.log(`  wall: ours / floor ${(m.ours / m.floor).toFixed(2)}x (target <= 1.2x), sdk / ours ${(m.sdk / m.ours).toFixed(1)}x (target >= 5x)`);
    console.log(`  cpu:  ours / floor ${(c.ours / c.floor).toFixed(2)}x (target <= 1.2x), sdk / ours ${(c.sdk / c.ours).toFixed(1)}x (target >= 5x)`);
  } finally {
    await client.close();
    await agent.close();
    server.close();
  }
}

if (SERVE) serve(buildBody(CHUNKS));
else if (require.main === module) {
  run().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
