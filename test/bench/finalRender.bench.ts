// Last byte → final render, end to end: from the simulator writing an answer's last byte to the
// real chat bundle (dist/webview.js, in Chromium) showing the finished answer.
//
//   ours   the host's own classes in Node (a stand-in `vscode`, ./vscodeStandIn): the chat's
//          ChatAnswers runs the turn through the TurnRunner and TokenHubClient against the
//          simulator, and everything it posts (messageAdded, every delta, messageUpdated,
//          streaming) goes to the page JSON-serialized, as VS Code's webview.postMessage sends
//          it, and is parsed there and dispatched as the `message` event the bundle listens to.
//   naive  a bare undici request reading the stream as it comes; at `[DONE]` the whole answer
//          goes to the page as the same messageUpdated, and a handler sets the innerHTML of
//          marked's HTML of the whole text (no sanitizing, no highlighting: less work than any
//          real view).
//
// For each, per turn:
//   host     last byte → the final message posted (stringified), on the host's clock;
//   webview  that batch of messages received (before JSON.parse) → the final render applied:
//            the answer's tail committed as finished blocks (highlighted), its footer with
//            Regenerate, the list no longer busy; then a layout read. The page runs with
//            manual frames: the frame the view asked for runs at once, so the wait for the
//            display's next vsync (up to 16.7 ms, the same for any view) is not counted;
//   own      host + webview of the same turn: the extension's own time (target p95 <= 5 ms);
//   end to end  last byte → the page's answer back in Node, through the bench's transport
//            (Playwright's CDP evaluate, standing in for VS Code's IPC), printed beside the same
//            messages sent to a handler that does nothing (the transport alone).
// Two answers of 3 to 4 KB: one that ends in a paragraph, one that ends in a code block (its
// highlight waits for the end of the answer). The simulator writes a delta every millisecond or
// so, so the view has drawn most of the answer when the last byte comes, as with a real model.
// Run: node esbuild.mjs && node esbuild.mjs --tests && node out/test/bench/finalRender.bench.js
// (`performance` is the global one: the page's functions below use it too, by the same name.)
import { Agent, request } from 'undici';
import type { Page } from 'playwright-core';
import type { ChatAgentMode } from '../../src/chat/agentMode';
import type * as ChatAnswersModule from '../../src/chat/chatAnswers';
import type { ConversationStore } from '../../src/chat/conversationStore';
import type { Conversation, UserMessage } from '../../src/core/conversation/conversation';
import type { HostNotification } from '../../src/core/protocol/chatProtocol';
import { DEFAULT_PROFILE_ID } from '../../src/core/profiles/modelRef';
import { TokenHubClient } from '../../src/core/client/tokenHubClient';
import type { Services } from '../../src/platform/services';
import type * as TurnRunnerModule from '../../src/platform/turnRunner';
import { simClientOptions } from '../simulator/helpers';
import { Simulator } from '../simulator/server';
import { closeBrowser, openWebview } from '../webview/page';
import { state } from '../webview/fixtures';
import { fmt, row } from './mainThread';
import { pct, watch } from './simTiming';
import { installVscodeStandIn } from './vscodeStandIn';

const RUNS = Number(process.env.TOKENHUB_BENCH_RUNS ?? 100);
const WARMUP = 8;
const MODEL = 'openai/gpt-4.1-mini';
/** Characters per delta and the simulator's pause between writes (ms). */
const CHUNK_CHARS = 32;
const DELAY_MS = 1;

function codeBlock(lang: 'typescript' | 'python', lines: number, seed: number): string {
  const out = [`\`\`\`${lang}`];
  for (let i = 0; i < lines; i++) {
    out.push(lang === 'python' ? `    total_${seed}_${i} = value * ${i} + ${seed}  # keeps the running sum` : `  const sum${seed}_${i} = value * ${i} + ${seed}; // keeps the running sum`);
  }
  out.push('```');
  return out.join('\n');
}

/** 3 to 4 KB of answer: prose, a list, two code blocks; the last block a paragraph or code. */
export function finalAnswer(endsWith: 'prose' | 'code'): string {
  const parts = [
    '## What changes',
    '',
    'The handler now checks its input **first**, then scales it; see [the guide](https://example.com/guide). Every caller keeps the same `handle()` entry point.',
    '',
    '- the check for `value`, with a clear message',
    '- the scaling, unchanged',
    '- the log line, once per call',
    '',
    codeBlock('typescript', 24, 1),
    '',
    'The same in the Python client:',
    '',
    codeBlock('python', 16, 2),
    '',
  ];
  if (endsWith === 'prose') {
    parts.push('That is all: run the tests with `npm test`, and the **new** check covers empty input too. Nothing else in the public API changes, so callers need no update.');
  } else {
    parts.push('And the test that covers it:', '', codeBlock('typescript', 30, 3));
  }
  return parts.join('\n');
}

interface Delivered {
  /** Page time from the batch's arrival to the final render applied, ms. */
  ms: number;
  /** Whether the batch was the final one (the answer drawn as finished). */
  final: boolean;
  /** The answer's text as drawn (only for the final batch). */
  text?: string;
}

/** Page side: what receives the host's messages (installed once per page). */
async function installReceiver(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __flushFrames(): number; __bench: unknown; marked: { parse(s: string): string } };
    const layout = () => void document.body.offsetHeight;
    const nextTask = () =>
      new Promise<void>((resolve) => {
        const c = new MessageChannel();
        c.port1.onmessage = () => resolve();
        c.port2.postMessage(0);
      });
    const isFinal = (id: string) => {
      const a = document.querySelector(`article.message[data-id="${id}"]`);
      const tail = a?.querySelector('.markdown .blocks.tail');
      return !!a && !!tail && tail.childElementCount === 0 && !a.querySelector('[data-highlighting]') && !!a.querySelector('.answer-footer button[data-action="regenerate"]') && document.querySelector('.message-list')?.getAttribute('aria-busy') === 'false';
    };
    w.__bench = {
      async deliver(jsons: string[], finalId: string | null) {
        const t0 = performance.now();
        // As the webview receives them: each message parsed from the host's JSON, in order.
        for (const j of jsons) window.dispatchEvent(new MessageEvent('message', { data: JSON.parse(j) as unknown }));
        w.__flushFrames();
        layout();
        if (finalId === null) return { ms: performance.now() - t0, final: false };
        // Work the view left for later tasks (a long block highlighted in slices) is waited for.
        for (let n = 0; !isFinal(finalId); n++) {
          if (n > 2000) throw new Error(`the answer ${finalId} was not drawn as finished`);
          await nextTask();
          w.__flushFrames();
          layout();
        }
        const ms = performance.now() - t0;
        const text = document.querySelector(`article.message[data-id="${finalId}"] .markdown`)!.textContent ?? '';
        return { ms, final: true, text };
      },
      naive(json: string) {
        const t0 = performance.now();
        const data = JSON.parse(json) as { message: { parts: { text: string }[] } };
        const host = document.createElement('div');
        host.className = 'markdown';
        document.querySelector('.message-list')!.append(host);
        host.innerHTML = w.marked.parse(data.message.parts.map((p) => p.text).join(''));
        layout();
        return { ms: performance.now() - t0, final: true, text: host.textContent ?? '' };
      },
      noop: (jsons: string[]) => jsons.length,
    };
  });
}

type Receiver = { deliver(jsons: string[], finalId: string | null): Promise<Delivered>; naive(json: string): Delivered; noop(jsons: string[]): number };

/**
 * The host → webview channel: each message is serialized when posted (as webview.postMessage
 * does) and sent on at once, in order, without waiting for the page to handle earlier ones (as
 * VS Code's IPC does); what is posted in one go (the end: messageUpdated, then streaming) goes
 * as one batch.
 */
class Bridge {
  private queue: string[] = [];
  private scheduled = false;
  private inFlight = new Set<Promise<void>>();
  private finalId: string | undefined;
  /** Set when the answer's end has been posted: when, and the batch it went in. */
  end: { posted: number; batch?: string[]; delivered?: Delivered; back?: number } | undefined;
  answerId: string | undefined;
  /** A delivery that failed (the page threw): the next idle() rejects with it. */
  private failed: unknown;

  constructor(private readonly page: Page) {}

  readonly post = (n: HostNotification): void => {
    this.queue.push(JSON.stringify(n));
    if (n.type === 'messageAdded' && n.message.role === 'assistant') this.answerId = n.message.id;
    // ChatAnswers posts messageUpdated (state done), then streaming: false: the end.
    if (n.type === 'streaming' && !n.streaming && this.answerId) {
      this.finalId = this.answerId;
      this.end = { posted: performance.now() };
    }
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.send());
  };

  private send(): void {
    this.scheduled = false;
    const batch = this.queue.splice(0);
    const finalId = this.finalId ?? null;
    this.finalId = undefined;
    const end = finalId ? this.end : undefined;
    const sent = this.page
      .evaluate(([jsons, id]) => (window as unknown as { __bench: Receiver }).__bench.deliver(jsons, id), [batch, finalId] as const)
      .then(
        (d) => {
          if (d.final && end) Object.assign(end, { batch, delivered: d, back: performance.now() });
        },
        (e: unknown) => void (this.failed ??= e),
      )
      .finally(() => this.inFlight.delete(sent));
    this.inFlight.add(sent);
  }

  /** Resolves when everything posted so far has been handled by the page. */
  async idle(): Promise<void> {
    while (this.inFlight.size || this.scheduled) await Promise.all([...this.inFlight, Promise.resolve()]);
    if (this.failed) throw this.failed;
  }

  reset(): void {
    this.end = undefined;
    this.answerId = undefined;
  }
}

interface Sample {
  host: number;
  webview: number;
  own: number;
  e2e: number;
}

/**
 * A bare request, the stream read as it comes: resolves at `[DONE]` with the whole text (and with
 * `drained`, the end of the body, which the simulator writes after it).
 */
async function bareTurn(sim: Simulator, agent: Agent, body: string): Promise<{ text: string; drained: Promise<void> }> {
  const res = await request(`${sim.baseUrl}/chat/completions`, {
    method: 'POST',
    dispatcher: agent,
    headers: { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' },
    body,
  });
  const drained = new Promise<void>((resolve, reject) => res.body.on('end', resolve).on('error', reject));
  return new Promise((resolve, reject) => {
    const decoder = new TextDecoder();
    let buf = '';
    let text = '';
    let done = false;
    res.body.on('data', (chunk: Uint8Array) => {
      if (done) return;
      buf += decoder.decode(chunk, { stream: true });
      for (let i = buf.indexOf('\n\n'); i >= 0 && !done; i = buf.indexOf('\n\n')) {
        const event = buf.slice(0, i);
        buf = buf.slice(i + 2);
        for (const line of event.split('\n')) {
          if (!line.startsWith('data: ')) continue;
          const data = line.slice(6);
          if (data === '[DONE]') {
            done = true;
            resolve({ text, drained });
            break;
          }
          const delta = (JSON.parse(data) as { choices?: { delta?: { content?: string } }[] }).choices?.[0]?.delta?.content;
          if (delta) text += delta;
        }
      }
    });
    drained.then(() => done || reject(new Error('the stream ended without [DONE]')), reject);
  });
}

function question(i: number): UserMessage {
  return { id: `u-${i}`, role: 'user', parts: [{ type: 'text', text: 'How should the handler check its input?' }], createdAt: 1_700_000_000_000 };
}

async function measure(title: string, answer: string): Promise<void> {
  installVscodeStandIn();
  // Loaded after the stand-in: they import `vscode` (the turn runner for its error messages).
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded after the stand-in is in place */
  const { ChatAnswers } = require('../../src/chat/chatAnswers') as typeof ChatAnswersModule;
  const { TurnRunner } = require('../../src/platform/turnRunner') as typeof TurnRunnerModule;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const sim = await Simulator.start();
  const timing = watch(sim);
  const client = new TokenHubClient(simClientOptions(sim));
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const p = await openWebview({ manualFrames: true, extraScripts: ['marked.umd.js'] });
  const ours: Sample[] = [];
  const naive: Sample[] = [];
  const transport: number[] = [];
  const ref = { profile: DEFAULT_PROFILE_ID, model: MODEL };
  const turns = new TurnRunner(client, { find: () => undefined }, { record: async (e) => ({ ...e, at: e.at ?? Date.now() }), correct: async (_old, e) => ({ ...e, at: Date.now() }) }, { debug: () => undefined, warn: () => undefined });
  const services = {
    settings: { get: <T>(_key: string, fallback: T) => fallback },
    models: { currentRef: () => ref, find: () => undefined },
    profiles: { errorGateway: () => undefined },
    turns,
  } as unknown as Services;
  // The store's writes come after the end is posted (and a real store debounces them).
  const store = { saveSoon: () => undefined, save: async () => undefined } as unknown as ConversationStore;
  const bridge = new Bridge(p.page);
  let conv: Conversation = { id: 'c', title: 'Bench', model: MODEL, createdAt: 1, updatedAt: 1, messages: [] };
  const answers = new ChatAnswers(services, store, bridge.post, {} as ChatAgentMode, {
    conversation: () => conv,
    modelRef: () => ref,
    postEstimate: () => undefined,
  });
  const script = { reply: answer, chunkChars: CHUNK_CHARS, delayMs: DELAY_MS };
  // The answer's last line as the view shows it (markdown's marks gone).
  const lastLine = answer.split('\n').filter((l) => l && !l.startsWith('```')).pop()!.replace(/`|\*\*/g, '').trim();
  const showFresh = async (q: UserMessage) => {
    conv = { id: `c-${q.id}`, title: 'Bench', model: MODEL, createdAt: 1, updatedAt: 1, messages: [q] };
    bridge.post({ type: 'state', state: state([q], { conversation: structuredClone(conv), streaming: false }) });
    await bridge.idle();
  };
  try {
    await client.warm();
    await installReceiver(p.page);
    for (let i = 0; i < RUNS + WARMUP; i++) {
      // Ours: the chat's own answer path, into the real bundle.
      await showFresh(question(i));
      bridge.reset();
      sim.enqueue(script);
      let marks = timing.next();
      await answers.answer();
      await bridge.idle();
      const end = bridge.end;
      if (!end?.delivered || end.back === undefined || !end.batch) throw new Error('the answer\'s end did not reach the page');
      if (!end.delivered.text?.includes(lastLine)) throw new Error(`the finished answer does not show its last line: ${lastLine}`);
      const host = end.posted - marks.lastWrite!;
      // The transport alone: the same messages, to a handler that does nothing.
      const t0 = performance.now();
      await p.page.evaluate((jsons) => (window as unknown as { __bench: Receiver }).__bench.noop(jsons), end.batch);
      const bare = performance.now() - t0;
      if (i >= WARMUP) {
        ours.push({ host, webview: end.delivered.ms, own: host + end.delivered.ms, e2e: end.back - marks.lastWrite! });
        transport.push(bare);
      }

      // Naive: a bare request, then innerHTML of the whole answer.
      await showFresh(question(i));
      sim.enqueue(script);
      marks = timing.next();
      const { text, drained } = await bareTurn(sim, agent, JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'How should the handler check its input?' }], stream: true, stream_options: { include_usage: true } }));
      const json = JSON.stringify({ type: 'messageUpdated', message: { id: 'naive', role: 'assistant', parts: [{ type: 'text', text }], model: MODEL, state: 'done', createdAt: 1 } } satisfies HostNotification);
      const posted = performance.now();
      const d = await p.page.evaluate((j) => (window as unknown as { __bench: Receiver }).__bench.naive(j), json);
      const back = performance.now();
      await drained;
      if (text !== answer) throw new Error('the bare request read another answer');
      if (i >= WARMUP) {
        const h = posted - marks.lastWrite!;
        naive.push({ host: h, webview: d.ms, own: h + d.ms, e2e: back - marks.lastWrite! });
      }
    }
  } finally {
    answers.dispose();
    await p.close();
    await client.close();
    await agent.close();
    await sim.close();
  }
  const cell = (xs: Sample[], k: keyof Sample) => {
    const v = xs.map((s) => s[k]);
    return `${pct(v, 50).toFixed(2)} / ${pct(v, 95).toFixed(2)}`;
  };
  console.log(`\nlast byte → final render, ${title}: ${(answer.length / 1000).toFixed(1)} KB in ${Math.ceil(answer.length / CHUNK_CHARS)} deltas, ${RUNS} turns against the simulator (real bundle in Chromium)`);
  row('ms, p50 / p95', 'ours', 'naive innerHTML');
  row('host: last byte → end posted', cell(ours, 'host'), cell(naive, 'host'));
  row('webview: end received → drawn, layout', cell(ours, 'webview'), cell(naive, 'webview'));
  row('own time (host + webview)', cell(ours, 'own'), cell(naive, 'own'));
  row('end to end, through the bench transport', cell(ours, 'e2e'), cell(naive, 'e2e'));
  row('the transport alone (no-op handler)', `${pct(transport, 50).toFixed(2)} / ${pct(transport, 95).toFixed(2)}`);
  const own = ours.map((s) => s.own);
  console.log(`  last byte → final render, the extension's own time: p50 ${fmt.ms(pct(own, 50))}, p95 ${fmt.ms(pct(own, 95))} (target p95 <= 5 ms)`);
}

export async function run(): Promise<void> {
  try {
    await measure('an answer ending in a paragraph', finalAnswer('prose'));
    await measure('an answer ending in a code block', finalAnswer('code'));
  } finally {
    await closeBrowser();
  }
}

if (require.main === module) {
  run().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
