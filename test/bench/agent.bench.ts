// Agent mode, measured:
//  1. Workspace text search on a generated 10,000-file tree: the agent's search (ripgrep with our
//     arguments, read back, capped, formatted for the model) beside ripgrep run directly on the
//     same tree with the same query (target: ours at most 1.5x).
//  2. The extension's own time per agent step (dispatch: the request built from the conversation,
//     the tool calls checked and scheduled; persistence: the conversation saved; the update
//     serialized for the view) beside the model's time (the simulator's turn, over real HTTP).
//  3. Rendering a step in the chat view: an agent answer of 25 steps gets one more tool card and
//     its result (the real bundle in Chromium), beside rendering the same answer from scratch.
// Run: node esbuild.mjs && node esbuild.mjs --tests && node out/test/bench/agent.bench.js
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConversationStore } from '../../src/chat/conversationStore';
import type { ChatRequest, ToolCall } from '../../src/core/api/types';
import type { AgentHost, StepResult } from '../../src/core/agent/loop';
import { runAgentTask, DEFAULT_LIMITS } from '../../src/core/agent/loop';
import { formatSearch, parseSearchLine, searchArgs } from '../../src/core/agent/search';
import { firstExecutable, ripgrepCandidates, runRipgrep } from '../../src/core/agent/ripgrepRun';
import { parseToolArguments } from '../../src/core/agent/toolArgs';
import { toolDefinitions } from '../../src/core/agent/tools';
import { TokenHubClient } from '../../src/core/client/tokenHubClient';
import type { AssistantMessage } from '../../src/core/conversation/conversation';
import { addUserMessage, createConversation, startAnswer } from '../../src/core/conversation/conversation';
import type { AnswerPart } from '../../src/core/conversation/parts';
import { appendPart } from '../../src/core/conversation/parts';
import { buildChatRequest } from '../../src/core/conversation/wire';
import { runTurn } from '../../src/core/turn/runTurn';
import { FakeAgentTools } from '../fakes/fakeAgentTools';
import { AGENT_DEMO_FILES } from '../simulator/agentDemo';
import { Simulator } from '../simulator/server';
import { closeBrowser, openWebview } from '../webview/page';
import { answer, question, state } from '../webview/fixtures';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;

// --- 1. search -------------------------------------------------------------------------------------

function makeTree(root: string, files: number): void {
  for (let i = 0; i < files; i++) {
    const dir = path.join(root, `pkg${Math.floor(i / 100)}`, `mod${Math.floor(i / 10) % 10}`);
    fs.mkdirSync(dir, { recursive: true });
    const lines: string[] = [`// module ${i}`];
    for (let l = 0; l < 40; l++) lines.push(`export function handler${i}_${l}(value: number): number { return value * ${l} + ${i}; }`);
    if (i % 250 === 0) lines.push(`export const needleMarker${i} = findTheNeedle(${i});`);
    fs.writeFileSync(path.join(dir, `file${i}.ts`), `${lines.join('\n')}\n`);
  }
}

function rgDirect(rg: string, query: string, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(rg, ['--line-number', '--no-heading', '--color', 'never', '--fixed-strings', '--ignore-case', '--', query, '.'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] });
    let lines = 0;
    child.stdout.on('data', (d: Buffer) => {
      for (const b of d) if (b === 10) lines++;
    });
    child.on('error', reject);
    child.on('close', () => resolve(lines));
  });
}

async function ours(rg: string, query: string, cwd: string): Promise<number> {
  const run = await runRipgrep(rg, searchArgs({ query }, ['!**/node_modules/**']), cwd, 101, new AbortController().signal);
  const matches = run.lines.map(parseSearchLine).filter((m): m is NonNullable<typeof m> => !!m);
  const text = formatSearch({ query }, matches.slice(0, 100), run.capped || matches.length > 100, 100);
  return text.length > 0 ? matches.length : 0;
}

async function searchBench(): Promise<void> {
  const rg = firstExecutable(ripgrepCandidates('/nonexistent', process.env.PATH, process.platform));
  if (!rg) {
    console.log('search: ripgrep not found (apt-get install ripgrep); skipped');
    return;
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'th-agent-bench-'));
  try {
    makeTree(root, 10_000);
    for (const [label, query] of [
      ['40 matches in 10,000 files', 'findTheNeedle'],
      ['no match', 'no such text anywhere'],
    ] as const) {
      const a: number[] = [];
      const b: number[] = [];
      let found = 0;
      // Warm the page cache, then interleave so both see the same machine.
      await rgDirect(rg, query, root);
      for (let i = 0; i < 9; i++) {
        let t = performance.now();
        found = await ours(rg, query, root);
        a.push(performance.now() - t);
        t = performance.now();
        await rgDirect(rg, query, root);
        b.push(performance.now() - t);
      }
      console.log(`search (${label}; ours found ${found}): ours ${ms(median(a))} median · ripgrep directly ${ms(median(b))} · ratio ${(median(a) / median(b)).toFixed(2)}x (target ≤ 1.5x)`);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

// --- 2. own time per step ------------------------------------------------------------------------

async function stepBench(): Promise<void> {
  const sim = await Simulator.start();
  const client = new TokenHubClient({
    baseUrl: sim.baseUrl,
    getApiKey: async () => sim.apiKey,
    connectTimeoutMs: 5000,
    headersTimeoutMs: 30_000,
    idleTimeoutMs: 30_000,
    maxRetries: 0,
    proxy: { env: {}, strictSSL: true, noProxy: [] },
    userAgent: 'bench',
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-agent-steps-'));
  const store = new ConversationStore(dir);
  const model: number[] = [];
  const own: number[] = [];
  try {
    for (let run = 0; run < 8; run++) {
      const conv = createConversation('anthropic/claude-sonnet-4-6');
      conv.mode = 'agent';
      addUserMessage(conv, '[[agent:rename]] rename oldName to newName');
      const msg: AssistantMessage = startAnswer(conv);
      msg.task = { state: 'running', steps: 0, cost: 0 };
      const tools = new FakeAgentTools(AGENT_DEMO_FILES);
      let stepStart = 0;
      let modelMs = 0;
      const endStep = () => {
        if (!stepStart) return;
        own.push(performance.now() - stepStart - modelMs);
        model.push(modelMs);
      };
      const post = (m: AssistantMessage) => JSON.stringify({ type: 'messageUpdated', message: m });
      const host: AgentHost = {
        nextRequest(): ChatRequest {
          endStep();
          stepStart = performance.now();
          const req = buildChatRequest(conv, { systemPrompt: 'You are a coding agent.' }, conv.model, { openAnswer: msg.id });
          req.tools = toolDefinitions();
          return req;
        },
        estimate: () => 0.001,
        async turn(request, signal): Promise<StepResult> {
          const t = performance.now();
          const out = await runTurn(client, request, signal, {
            text: (d) => appendPart(msg.parts, 'text', d),
            toolCalls: (calls) => {
              for (const c of calls) msg.parts.push({ type: 'toolCall', id: c.id, name: c.function.name, arguments: c.function.arguments, status: 'pending' });
            },
          });
          modelMs = performance.now() - t;
          msg.task!.steps++;
          post(msg);
          store.saveSoon(conv);
          return { status: out.status, toolCalls: out.toolCalls, cost: 0.001 };
        },
        async runTool(call: ToolCall) {
          const parsed = parseToolArguments(call.function.name, call.function.arguments);
          const content = parsed.ok ? tools.execute(call.function.name, call.function.arguments) : parsed.error;
          const result = { content, isError: !parsed.ok || /^(Error|Refused|Denied):/.test(content) };
          const part = msg.parts.find((p): p is Extract<AnswerPart, { type: 'toolCall' }> => p.type === 'toolCall' && p.id === call.id);
          if (part) part.status = result.isError ? 'failed' : 'done';
          msg.parts.push({ type: 'toolResult', callId: call.id, name: call.function.name, content: result.content, ...(result.isError ? { isError: true as const } : {}) });
          post(msg);
          store.saveSoon(conv);
        },
        askToContinue: async () => false,
      };
      await runAgentTask(host, DEFAULT_LIMITS, new AbortController().signal);
      // The last step ends with the answer: its save is part of its own time.
      await store.save(conv);
      endStep();
    }
  } finally {
    await store.flush();
    await client.close();
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `agent step (rename task, ${own.length} steps): extension's own time p50 ${ms(pct(own, 0.5))}, p95 ${ms(pct(own, 0.95))} · the model's time (simulator over HTTP) p50 ${ms(pct(model, 0.5))}, p95 ${ms(pct(model, 0.95))}`,
  );
}

// --- 3. rendering a step ---------------------------------------------------------------------------

function agentAnswer(steps: number): AssistantMessage {
  const a = answer('task', 'Working on it.', 'streaming');
  a.task = { state: 'running', steps, cost: 0.01 * steps };
  for (let i = 0; i < steps; i++) {
    a.parts.push({ type: 'toolCall', id: `c${i}`, name: 'read_file', arguments: JSON.stringify({ path: `src/file${i}.ts` }), status: 'done', ms: 12 });
    a.parts.push({ type: 'toolResult', callId: `c${i}`, name: 'read_file', content: Array.from({ length: 80 }, (_, l) => `${l + 1}| export const value${l} = ${l};`).join('\n') });
  }
  return a;
}

async function renderBench(): Promise<void> {
  const p = await openWebview({ manualFrames: true });
  const step: number[] = [];
  const whole: number[] = [];
  try {
    for (let i = 0; i < 9; i++) {
      await p.post({ type: 'state', state: state([question('q', 'rename it'), agentAnswer(25)]) });
      await p.page.evaluate(() => (window as unknown as { __flushFrames(): number }).__flushFrames());
      const next = agentAnswer(26);
      step.push(
        await p.page.evaluate((m) => {
          const t = performance.now();
          window.dispatchEvent(new MessageEvent('message', { data: { type: 'messageUpdated', message: m } }));
          (window as unknown as { __flushFrames(): number }).__flushFrames();
          void document.body.offsetHeight;
          return performance.now() - t;
        }, next),
      );
      whole.push(
        await p.page.evaluate((s) => {
          const t = performance.now();
          window.dispatchEvent(new MessageEvent('message', { data: { type: 'state', state: s } }));
          (window as unknown as { __flushFrames(): number }).__flushFrames();
          void document.body.offsetHeight;
          return performance.now() - t;
        }, state([question('q', 'rename it'), next])),
      );
    }
  } finally {
    await closeBrowser();
  }
  console.log(`rendering one more step of a 25-step task: ${ms(median(step))} median · the same answer drawn from scratch ${ms(median(whole))}`);
}

async function main(): Promise<void> {
  await searchBench();
  await stepBench();
  await renderBench();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
