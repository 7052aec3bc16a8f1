import * as assert from 'node:assert/strict';
import type { ChatRequest } from '../../../src/core/api/types';
import type { ChatStreamEvent } from '../../../src/core/client/api';
import { TokenHubError } from '../../../src/core/client/errors';
import { isRoutedAnswer } from '../../../src/core/turn/answeredModel';
import { runTurn } from '../../../src/core/turn/runTurn';
import { FakeTokenHubApi } from '../../fakes/tokenHubApi';

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
