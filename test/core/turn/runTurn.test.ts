import * as assert from 'node:assert/strict';
import type { ChatRequest } from '../../../src/core/api/types';
import type { ChatStreamEvent } from '../../../src/core/client/api';
import { TokenHubError } from '../../../src/core/client/errors';
import { isRoutedAnswer } from '../../../src/core/turn/answeredModel';
import { runTurn } from '../../../src/core/turn/runTurn';
import { FakeTokenHubApi } from '../../fakes/tokenHubApi';
import { Simulator } from '../../simulator/server';
import { simClient } from '../../simulator/helpers';

const request: ChatRequest = { model: 'openai/gpt-4.1', messages: [{ role: 'user', content: 'hi' }] };

function recordingSink() {
  const seen: string[] = [];
  return {
    seen,
    sink: {
      text: (t: string) => seen.push(`text:${t}`),
      reasoning: (t: string) => seen.push(`reasoning:${t}`),
      toolCallDelta: (d: { index: number; name?: string; argumentsDelta: string }) => seen.push(`tool#${d.index}:${d.name ?? ''}${d.argumentsDelta}`),
      toolCalls: (c: unknown[]) => seen.push(`calls:${c.length}`),
      model: (m: string) => seen.push(`model:${m}`),
    },
  };
}

describe('core/turn/runTurn: one model turn', () => {
  it('hands every part to the sink in order and returns the whole outcome', async () => {
    const api = new FakeTokenHubApi();
    const calls = [{ id: 'c1', type: 'function' as const, function: { name: 'read', arguments: '{"p":1}' } }];
    api.streams = [
      [
        { type: 'model', model: 'openai/gpt-4.1-2025-04-14' },
        { type: 'reasoning', text: 'hmm' },
        { type: 'text', text: 'Hel' },
        { type: 'text', text: 'lo' },
        { type: 'toolCallDelta', index: 0, id: 'c1', name: 'read', argumentsDelta: '{"p":1}' },
        { type: 'toolCalls', calls },
        { type: 'finish', reason: 'tool_calls' },
        { type: 'usage', usage: { prompt_tokens: 5, completion_tokens: 7 } },
      ],
    ];
    const { seen, sink } = recordingSink();
    let t = 100;
    const out = await runTurn(api, request, undefined, sink, () => (t += 10));
    assert.deepEqual(seen, ['model:openai/gpt-4.1-2025-04-14', 'reasoning:hmm', 'text:Hel', 'text:lo', 'tool#0:read{"p":1}', 'calls:1']);
    assert.equal(out.status, 'done');
    assert.equal(out.text, 'Hello');
    assert.equal(out.reasoning, 'hmm');
    assert.deepEqual(out.toolCalls, calls);
    assert.equal(out.finishReason, 'tool_calls');
    assert.deepEqual(out.usage, { prompt_tokens: 5, completion_tokens: 7 });
    assert.equal(out.requestedModel, 'openai/gpt-4.1');
    assert.equal(out.model, 'openai/gpt-4.1-2025-04-14');
    assert.equal(out.firstPartMs, 10, 'the clock is read at the start, then at the first part');
    assert.ok(out.durationMs > out.firstPartMs!);
    assert.equal(out.error, undefined);
    assert.deepEqual(api.calls[0]?.args[0], request);
  });

  it('without a `model` event the model that answered is the one asked for', async () => {
    const api = new FakeTokenHubApi();
    api.streams = [FakeTokenHubApi.reply('ok')];
    const out = await runTurn(api, request, undefined);
    assert.equal(out.model, 'openai/gpt-4.1');
  });

  it('a cancel mid-stream ends it at once, keeps what arrived, and says cancelled', async () => {
    const api = new FakeTokenHubApi();
    api.streams = [[{ type: 'text', text: 'one ' }, { type: 'text', text: 'two ' }, { type: 'text', text: 'three' }, { type: 'finish', reason: 'stop' }]];
    const controller = new AbortController();
    const out = await runTurn(api, request, controller.signal, {
      text: (t) => {
        if (t === 'two ') controller.abort();
      },
    });
    assert.equal(out.status, 'cancelled');
    assert.equal(out.text, 'one two ');
    assert.equal(out.finishReason, undefined);
  });

  it('a signal aborted before the start sends nothing', async () => {
    const api = new FakeTokenHubApi();
    api.streams = [FakeTokenHubApi.reply('never')];
    const controller = new AbortController();
    controller.abort();
    const out = await runTurn(api, request, controller.signal);
    assert.equal(out.status, 'cancelled');
    assert.equal(api.calls.length, 0);
  });

  it('a failure is an outcome that keeps the partial answer and the typed error', async () => {
    const api = new FakeTokenHubApi();
    const error = new TokenHubError('streamCut', 'cut', { receivedChars: 4 });
    api.streams = [{ events: [{ type: 'text', text: 'part' }] as ChatStreamEvent[], error }];
    const out = await runTurn(api, request, undefined);
    assert.equal(out.status, 'error');
    assert.equal(out.error, error);
    assert.equal(out.text, 'part');
  });

  it('an error after the caller cancelled is a cancel, not a failure', async () => {
    const controller = new AbortController();
    const api = {
      async *stream(): AsyncIterable<ChatStreamEvent> {
        yield { type: 'text', text: 'a' };
        controller.abort();
        throw new TokenHubError('connection', 'socket closed');
      },
    };
    const out = await runTurn(api, request, controller.signal);
    assert.equal(out.status, 'cancelled');
    assert.equal(out.error, undefined);
  });

  it("rethrows what the sink throws (a caller's bug is not a gateway error), after closing the stream", async () => {
    let closed = false;
    const api = {
      async *stream(): AsyncIterable<ChatStreamEvent> {
        try {
          yield { type: 'text', text: 'a' };
          yield { type: 'text', text: 'b' };
        } finally {
          closed = true;
        }
      },
    };
    await assert.rejects(runTurn(api, request, undefined, { text: () => { throw new RangeError('bug'); } }), RangeError);
    assert.ok(closed);
  });
});

/**
 * A stream that says `text`, finishes, then waits for `gate` before its usage, as a gateway
 * counting tokens does; it records whether its request was aborted.
 */
function slowUsageApi(gate: Promise<void>) {
  const seen = { aborted: false, ended: false };
  const api = {
    async *stream(_r: ChatRequest, o?: { signal?: AbortSignal }): AsyncIterable<ChatStreamEvent> {
      const signal = o?.signal;
      signal?.addEventListener('abort', () => (seen.aborted = true));
      yield { type: 'text', text: 'The whole answer.' };
      yield { type: 'finish', reason: 'stop' };
      await Promise.race([gate, new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new TokenHubError('cancelled', 'cancelled'))))]);
      yield { type: 'usage', usage: { prompt_tokens: 11, completion_tokens: 4, cost: 0.0002 } };
      seen.ended = true;
    },
  };
  return { api, seen };
}

describe('core/turn/runTurn: a stop after the model finished writing', () => {
  it('returns at once, and reads on for the usage that follows', async () => {
    let open!: () => void;
    const { api, seen } = slowUsageApi(new Promise<void>((r) => (open = r)));
    const controller = new AbortController();
    let finished = false;
    const out = await runTurn(api, request, controller.signal, { text: () => setTimeout(() => controller.abort(), 5) }, { drainMs: 5_000 });
    finished = true;
    assert.equal(out.status, 'cancelled', 'the turn ends for the caller at the stop');
    assert.equal(out.finishReason, 'stop');
    assert.equal(out.usage, undefined, 'the usage had not come yet');
    assert.ok(out.lateUsage, 'the stream is read on');
    assert.equal(seen.aborted, false, 'the request is not aborted: the model has finished, nothing more is billed');
    open();
    assert.deepEqual(await out.lateUsage, { prompt_tokens: 11, completion_tokens: 4, cost: 0.0002 });
    assert.ok(finished && seen.ended && !seen.aborted, 'read to its end');
  });

  it('gives up after drainMs: the request is closed and the estimate stands', async () => {
    const { api, seen } = slowUsageApi(new Promise<void>(() => undefined));
    const controller = new AbortController();
    const out = await runTurn(api, request, controller.signal, { text: () => setTimeout(() => controller.abort(), 5) }, { drainMs: 50 });
    assert.equal(out.status, 'cancelled');
    assert.equal(await out.lateUsage, undefined);
    assert.equal(seen.aborted, true, 'closed once the time was up');
  });

  it('a stop before the finish closes the request at once, as does any stop without drainMs', async () => {
    const api = new FakeTokenHubApi();
    api.streams = [[{ type: 'text', text: 'one ' }, { type: 'text', text: 'two' }, { type: 'finish', reason: 'stop' }, { type: 'usage', usage: { prompt_tokens: 1, completion_tokens: 1 } }]];
    const controller = new AbortController();
    const out = await runTurn(api, request, controller.signal, { text: (t) => t === 'one ' && controller.abort() }, { drainMs: 5_000 });
    assert.equal(out.status, 'cancelled');
    assert.equal(out.lateUsage, undefined);
    assert.equal((api.calls[0]?.args[1] as { signal: AbortSignal }).signal.aborted, true, 'the request was aborted');

    const { api: slow, seen } = slowUsageApi(new Promise<void>(() => undefined));
    const c2 = new AbortController();
    const out2 = await runTurn(slow, request, c2.signal, { text: () => setTimeout(() => c2.abort(), 5) });
    assert.equal(out2.lateUsage, undefined, 'drainMs defaults to 0');
    assert.equal(seen.aborted, true);
  });

  describe('against the simulator', () => {
    let sim: Simulator;
    before(async () => (sim = await Simulator.start()));
    after(() => sim.close());
    beforeEach(() => sim.reset());

    async function stopAtFinish(drainMs: number) {
      const client = simClient(sim);
      const controller = new AbortController();
      const reply = 'All of the answer, finish reason on its last piece.';
      let text = '';
      const out = await runTurn(client, { model: 'openai/gpt-4.1', messages: [{ role: 'user', content: 'hi' }] }, controller.signal, {
        text: (t) => {
          text += t;
          // The finish reason arrives with the last piece: stop right after it, before the usage.
          if (text === reply) setTimeout(() => controller.abort(), 20);
        },
      }, { drainMs });
      return { out, client, reply };
    }

    it('the usage the gateway sends after the stop arrives, and the request ends normally', async () => {
      sim.enqueue({ reply: 'All of the answer, finish reason on its last piece.', finishInLastChunk: true, usageDelayMs: 400, usage: { prompt_tokens: 40, completion_tokens: 12, cost: 0.000321 } });
      const { out, client } = await stopAtFinish(3_000);
      try {
        assert.equal(out.status, 'cancelled');
        assert.equal(out.finishReason, 'stop');
        assert.ok(out.lateUsage);
        const usage = await out.lateUsage;
        assert.equal(usage?.cost, 0.000321);
        assert.equal(usage?.prompt_tokens, 40);
        const req = sim.requests.at(-1)!;
        assert.equal(req.closedByClient, false, 'read to the end, not aborted');
        assert.equal(req.finished, true);
      } finally {
        await client.close();
      }
    });

    it('a usage later than drainMs is not waited for: the request is closed', async () => {
      sim.enqueue({ reply: 'All of the answer, finish reason on its last piece.', finishInLastChunk: true, usageDelayMs: 5_000 });
      const { out, client } = await stopAtFinish(150);
      try {
        assert.equal(await out.lateUsage, undefined);
        const req = sim.requests.at(-1)!;
        await new Promise((r) => setTimeout(r, 50));
        assert.equal(req.closedByClient, true, 'the connection was closed by the client');
        assert.equal(req.finished, false);
      } finally {
        await client.close();
      }
    });
  });
});

describe('core/turn/answeredModel: routed or the same model', () => {
  it('the same id, with or without the provider prefix, or a dated snapshot, is the same model', () => {
    assert.equal(isRoutedAnswer('openai/gpt-4o', 'openai/gpt-4o'), false);
    assert.equal(isRoutedAnswer('claude-sonnet-4-6', 'anthropic/claude-sonnet-4-6'), false);
    assert.equal(isRoutedAnswer('openai/gpt-4o', 'gpt-4o-2024-08-06'), false);
    assert.equal(isRoutedAnswer('anthropic/claude-3-5-sonnet', 'claude-3-5-sonnet-20241022'), false);
    assert.equal(isRoutedAnswer('gpt-4o-2024-08-06', 'gpt-4o'), false);
    assert.equal(isRoutedAnswer('openai/gpt-4o', undefined), false);
    assert.equal(isRoutedAnswer('openai/gpt-4o', ''), false);
  });

  it('another model is routed, also one whose id merely starts like the one asked for', () => {
    assert.equal(isRoutedAnswer('openai/gpt-4o', 'openai/gpt-4o-mini'), true);
    assert.equal(isRoutedAnswer('anthropic/claude-opus-4-7', 'anthropic/claude-sonnet-4-6'), true);
    assert.equal(isRoutedAnswer('deepseek/deepseek-r1', 'deepseek/deepseek-v3.2'), true);
  });
});
