// The completion engine against the simulator, through the real client and runTurn: the request
// it sends, aborting on a keystroke (the simulator sees the connection close), typing through
// from the cache, a block shown from its first line, a line answer cut after its first line, and
// the pause after errors that asking again would not fix.
import * as assert from 'node:assert/strict';
import { cursorWindow, linesOf } from '../../../src/core/completions/cursor';
import type { CompletionInput, FinishedCompletion } from '../../../src/core/completions/engine';
import { CompletionEngine } from '../../../src/core/completions/engine';
import { runTurn } from '../../../src/core/turn/runTurn';
import type { TokenHubClient } from '../../../src/core/client/tokenHubClient';
import { waitFor } from '../../host/waitFor';
import { simClient } from '../../simulator/helpers';
import { Simulator } from '../../simulator/server';
import type { RecordedRequest } from '../../simulator/server';

const MODEL = 'google/gemini-2.5-flash-lite';

/** The input for a document whose cursor is at `|`. */
function at(file: string, uri = 'file:///src/add.ts'): CompletionInput & { text: string } {
  const i = file.indexOf('|');
  const text = file.slice(0, i) + file.slice(i + 1);
  const lines = text.slice(0, i).split('\n');
  const window = cursorWindow(linesOf(text), lines.length - 1, lines[lines.length - 1].length);
  return { uri, path: 'src/add.ts', languageId: 'typescript', offset: i, window, text };
}

function completionRequests(sim: Simulator): RecordedRequest[] {
  return sim.requests.filter((r) => r.path.endsWith('/chat/completions'));
}

const signal = () => new AbortController().signal;

describe('core/completions/engine (against the simulator)', () => {
  let sim: Simulator;
  let client: TokenHubClient;

  before(async () => {
    sim = await Simulator.start();
    client = simClient(sim, { maxRetries: 0 });
  });
  after(async () => {
    await client.close();
    await sim.close();
  });
  /** How each request ended, as runTurn said. */
  let outcomes: string[] = [];
  beforeEach(() => {
    sim.reset();
    sim.completions = {};
    outcomes = [];
  });

  function engine(options: ConstructorParameters<typeof CompletionEngine>[1] = { debounce: false }) {
    const finished: FinishedCompletion[] = [];
    const e = new CompletionEngine(
      {
        run: async (request, s, onText) => {
          const outcome = await runTurn(client, request, s, { text: onText });
          outcomes.push(outcome.status);
          return outcome;
        },
        model: () => MODEL,
        secrets: () => [sim.apiKey],
      },
      options,
    );
    e.onDidFinish = (f) => finished.push(f);
    return { e, finished };
  }

  it('asks once after the pause and returns the cleaned completion', async () => {
    const { e } = engine();
    const r = await e.provide(at('function add(a: number, b: number) {\n  |\n}\n'), signal());
    assert.equal(r?.text, 'return a + b;');
    assert.equal(r?.source, 'network');
    const reqs = completionRequests(sim);
    assert.equal(reqs.length, 1);
    const body = reqs[0].body as { model: string; max_tokens: number; stop: string[]; stream: boolean };
    assert.equal(body.model, MODEL);
    assert.equal(body.stream, true);
    assert.equal(body.max_tokens, 256);
    assert.ok(body.stop.includes('</COMPLETION>'));
    assert.ok(!reqs[0].rawBody.includes(sim.apiKey), 'the key is not in the prompt');
  });

  it('a keystroke that does not type the suggestion aborts the request: the simulator sees the connection close', async () => {
    sim.completions = { delayMs: 2_000 };
    const { e } = engine();
    const input = at('function add(a: number, b: number) {\n  |\n}\n');
    const vscodeToken = new AbortController();
    const pending = e.provide(input, vscodeToken.signal);
    await sim.waitFor((s) => completionRequests(s).length === 1);
    // The user types `x`: VS Code cancels its call, and the edit reaches the engine.
    vscodeToken.abort();
    e.edited(input.uri, { offset: input.offset, removed: 0, inserted: 'x' });
    assert.equal(await pending, undefined);
    await sim.waitFor((s) => completionRequests(s)[0].closedByClient, 3_000);
    assert.equal(e.inFlight, undefined);
    assert.equal(e.cache.size, 0, 'nothing cached from an aborted request that said nothing');
  });

  it('typing through a shown suggestion is served from the cache, without a request', async () => {
    const { e } = engine();
    const input = at('function add(a: number, b: number) {\n  |\n}\n');
    const first = await e.provide(input, signal());
    assert.equal(first?.text, 'return a + b;');
    let text = input.text;
    for (const ch of 'return a') {
      const offset = text.indexOf('\n}');
      text = text.slice(0, offset) + ch + text.slice(offset);
      e.edited(input.uri, { offset, removed: 0, inserted: ch });
    }
    const next = await e.provide(at(text.replace('return a\n', 'return a|\n')), signal());
    assert.deepEqual([next?.text, next?.source], [' + b;', 'cache']);
    assert.equal(completionRequests(sim).length, 1, 'one request in all');
  });

  it('returns a block from its first complete line, then tells when the whole has arrived', async () => {
    sim.completions = { reply: 'const sum = a + b;\n  console.log(sum);\n  return sum;', chunkDelayMs: 40, chunkChars: 4 };
    const { e, finished } = engine();
    const input = at('function add(a: number, b: number) {\n  |\n}\n');
    const r = await e.provide(input, signal());
    assert.equal(r?.text, 'const sum = a + b;');
    assert.equal(r?.partial, true);
    assert.equal(completionRequests(sim)[0].finished, false, 'shown while the answer is still streaming');
    await waitFor(() => finished.length === 1, 5_000, 'the whole block');
    assert.equal(finished[0].grew, true);
    const again = await e.provide(input, signal());
    assert.deepEqual([again?.text, again?.source], ['const sum = a + b;\n  console.log(sum);\n  return sum;', 'cache']);
  });

  it('in the middle of a line: stops the stream once the first line is complete', async () => {
    sim.completions = { reply: 'a, b);\nconsole.log("this line is never used");\n' + 'x'.repeat(400), chunkDelayMs: 15, chunkChars: 8 };
    const { e } = engine();
    const r = await e.provide(at('console.log(add(|));\n'), signal());
    assert.equal(r?.text, 'a, b');
    await waitFor(() => outcomes.length === 1, 5_000, 'the request to end');
    assert.deepEqual(outcomes, ['cancelled'], 'stopped by the engine, not read to its end');
  });

  it('after a refused key, does not ask again at every pause', async () => {
    sim.enqueue({ status: 401, body: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } } });
    const failures: unknown[] = [];
    const { e } = engine();
    e.onDidFail = (err) => failures.push(err);
    assert.equal(await e.provide(at('const x = |\n'), signal()), undefined);
    assert.equal(await e.provide(at('const y = |\n'), signal()), undefined);
    assert.equal(completionRequests(sim).length, 1);
    assert.equal((failures[0] as { kind: string }).kind, 'auth');
  });

  it('opens a connection when typing starts after a quiet spell, not at every keystroke', async () => {
    let now = 0;
    let warmed = 0;
    const e = new CompletionEngine({ run: async () => ({ status: 'done' }), model: () => MODEL, now: () => now, warm: () => warmed++ }, { debounce: false });
    e.edited('file:///a.ts', { offset: 0, removed: 0, inserted: 'a' });
    now += 5_000;
    e.edited('file:///a.ts', { offset: 1, removed: 0, inserted: 'b' });
    assert.equal(warmed, 1, 'once for the first keystroke');
    now += 30_000;
    e.edited('file:///a.ts', { offset: 2, removed: 0, inserted: 'c' });
    assert.equal(warmed, 2, 'again after a quiet spell');
    // A request counts as use of the connection.
    now += 25_000;
    await e.provide(at('const x = |\n'), signal());
    now += 10_000;
    e.edited('file:///a.ts', { offset: 3, removed: 0, inserted: 'd' });
    assert.equal(warmed, 2, 'not right after a request');
  });

  it('waits for a pause: calls cancelled while typing send nothing', async () => {
    const { e } = engine({});
    const input = at('const total = |\n');
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 5; i++) {
      const c = new AbortController();
      calls.push(e.provide(input, c.signal));
      await new Promise((res) => setTimeout(res, 10));
      c.abort();
      e.edited(input.uri, { offset: input.offset, removed: 0, inserted: 'x' });
    }
    await Promise.all(calls);
    assert.equal(completionRequests(sim).length, 0);
    const r = await e.provide(input, signal());
    assert.ok(r?.text);
    assert.equal(completionRequests(sim).length, 1);
  });
});
