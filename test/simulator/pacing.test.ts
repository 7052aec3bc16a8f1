// `npm start`'s simulator answers like a model: a pause, then tokens at a steady rate (so Stop can
// be tried), any th-sim-… key, and code for the code commands. Tests keep the default: no pacing,
// the echo, only the simulator's own key or a th-sim-… one.
import * as assert from 'node:assert/strict';
import { request } from 'undici';
import { buildCodeRequest } from '../../src/core/prompts/codeTasks';
import { parsePacing, pieceDelayMs, REALISTIC_PACING, unstreamedDelayMs } from './pacing';
import { Simulator } from './server';

/** The streamed text of a chat answer, and when (ms after the request) each content delta arrived. */
async function streamed(sim: Simulator, messages: unknown[], key = sim.apiKey): Promise<{ text: string; times: number[] }> {
  const started = Date.now();
  const res = await request(`${sim.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'openai/gpt-4.1', stream: true, messages }),
  });
  assert.equal(res.statusCode, 200);
  let text = '';
  let buffered = '';
  const times: number[] = [];
  // The simulator splits a multi-byte character across two writes on purpose.
  const decoder = new TextDecoder();
  for await (const chunk of res.body) {
    buffered += decoder.decode(chunk as Uint8Array, { stream: true });
    const events = buffered.split('\n\n');
    buffered = events.pop()!;
    for (const e of events) {
      if (!e.startsWith('data: {')) continue;
      const piece = (JSON.parse(e.slice(6)) as { choices: { delta?: { content?: string } }[] }).choices[0]?.delta?.content;
      if (piece) {
        text += piece;
        times.push(Date.now() - started);
      }
    }
  }
  return { text, times };
}

describe('simulator: pacing and npm start’s realistic mode', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('reads TOKENHUB_SIM_PACE', () => {
    assert.deepEqual(parsePacing(undefined), REALISTIC_PACING);
    assert.equal(parsePacing('off'), undefined);
    assert.equal(parsePacing('fast'), undefined);
    assert.deepEqual(parsePacing('real'), REALISTIC_PACING);
    assert.deepEqual(parsePacing('80'), { tokensPerSecond: 80, firstTokenMs: REALISTIC_PACING.firstTokenMs });
    assert.deepEqual(parsePacing('20/1500'), { tokensPerSecond: 20, firstTokenMs: 1500 });
    assert.throws(() => parsePacing('slowly'), /TOKENHUB_SIM_PACE="slowly": use off, real/);
  });

  it('spends about a token per 4 characters at the rate asked', () => {
    assert.equal(pieceDelayMs('word ', undefined), 0);
    assert.equal(pieceDelayMs('word ', { firstTokenMs: 0, tokensPerSecond: 40 }), 25);
    assert.equal(pieceDelayMs('a longer piece!!', { firstTokenMs: 0, tokensPerSecond: 40 }), 100);
    assert.equal(unstreamedDelayMs('x'.repeat(400), { firstTokenMs: 500, tokensPerSecond: 100 }), 1500);
    assert.equal(unstreamedDelayMs('x'.repeat(400_000), REALISTIC_PACING), 8000, 'never more than 8 s');
  });

  it('waits for the first token, then streams the answer over time, so it can be stopped midway', async () => {
    sim = await Simulator.start({ pacing: { firstTokenMs: 300, tokensPerSecond: 100 } });
    const { text, times } = await streamed(sim, [{ role: 'user', content: 'Hello there' }]);
    assert.match(text, /you said: “Hello there”/);
    assert.ok(times[0]! >= 300, `the first token came after the first-token wait (${times[0]} ms)`);
    const least = text.match(/\S*\s*/g)!.filter(Boolean).reduce((n, piece) => n + pieceDelayMs(piece, sim!.pacing), 300);
    assert.ok(times.at(-1)! >= least, `the answer took at least ${least} ms (${times.at(-1)} ms)`);

    // Stopping: the client goes after the first words; the rest is never sent.
    sim.requests.length = 0;
    const controller = new AbortController();
    const res = await request(`${sim.baseUrl}/chat/completions`, {
      method: 'POST',
      signal: controller.signal,
      headers: { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4.1', stream: true, messages: [{ role: 'user', content: 'Hello there' }] }),
    });
    let seen = '';
    try {
      for await (const chunk of res.body) {
        seen += Buffer.from(chunk as Uint8Array).toString('utf8');
        if (seen.includes('"content":"Simulated ')) controller.abort();
      }
    } catch {
      /* aborted */
    }
    await sim.waitFor((s) => s.requests[0]?.closedByClient === true);
    assert.equal(sim.requests[0]!.finished, false, 'the answer was still streaming when the client stopped');
  });

  it('keeps tests fast and deterministic by default: no pacing, the echo', async () => {
    sim = await Simulator.start();
    assert.equal(sim.pacing, undefined);
    assert.equal(sim.answers, 'echo');
    const { messages } = buildCodeRequest({ kind: 'refactor', instruction: 'Rename a to b' }, { path: 'a.ts', languageId: 'typescript', code: 'const a = 1;', startLine: 1, endLine: 1 });
    const { text } = await streamed(sim, messages);
    assert.match(text, /^Simulated reply from GPT-4\.1 — you said: “Rewrite the selected code/);
  });

  it('in realistic mode, answers a code command with code and a chat message with a longer answer', async () => {
    sim = await Simulator.start({ answers: 'realistic' });
    const { messages } = buildCodeRequest({ kind: 'refactor', instruction: 'Rename a to b' }, { path: 'a.ts', languageId: 'typescript', code: 'const a = 1;\nexport { a };', startLine: 1, endLine: 2 });
    const code = await streamed(sim, messages);
    assert.equal(code.text, '```ts\nconst b = 1;\nexport { b };\n```\n\nRenamed `a` to `b` (2 places).');
    const chat = await streamed(sim, [{ role: 'user', content: 'Hello there' }]);
    assert.match(chat.text, /^Simulated reply from GPT-4\.1 — you said: “Hello there”\./);
    assert.match(chat.text, /\*\*Stop\*\* it halfway/);
    assert.ok(chat.text.length > 800, 'long enough to watch it stream and stop it');
  });

  it('takes any th-sim-… key besides its own, and says so when it refuses one', async () => {
    const s = await Simulator.start({ apiKey: 'th-e2e-0123456789' });
    sim = s;
    for (const key of ['th-e2e-0123456789', 'th-sim-newcomer', 'th-sim-0123456789abcdef']) {
      const res = await request(`${s.baseUrl}/models`, { headers: { authorization: `Bearer ${key}` } });
      assert.equal(res.statusCode, 200, key);
      await res.body.dump();
    }
    for (const key of ['th-sim-', 'th-simulator', 'th-live-123', 'th-sim-a b']) {
      const res = await request(`${s.baseUrl}/models`, { headers: { authorization: `Bearer ${key}` } });
      assert.equal(res.statusCode, 401, key);
      const body = (await res.body.json()) as { error: { message: string } };
      assert.match(body.error.message, /TokenHub simulator: any key that starts with th-sim- works/);
    }
  });
});
