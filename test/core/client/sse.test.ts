import * as assert from 'node:assert/strict';
import type { ChatStreamEvent } from '../../../src/core/client/api';
import { ChatStreamAssembler, completionFromJson, eventsFromCompletion } from '../../../src/core/client/chatStream';
import { TokenHubError } from '../../../src/core/client/errors';
import { SseDecoder } from '../../../src/core/client/sse';
import type { SseEvent } from '../../../src/core/client/sse';

const enc = new TextEncoder();

/** Feeds `text` to a decoder split at the given byte offsets (or byte by byte), then ends it. */
function decode(text: string | Uint8Array, cuts: number[] | 'bytes' = []): SseEvent[] {
  const bytes = typeof text === 'string' ? enc.encode(text) : text;
  const d = new SseDecoder();
  const out: SseEvent[] = [];
  const points = cuts === 'bytes' ? Array.from({ length: bytes.length }, (_, i) => i + 1) : [...cuts, bytes.length];
  let prev = 0;
  for (const p of points) {
    out.push(...d.push(bytes.subarray(prev, p)));
    prev = p;
  }
  out.push(...d.end());
  return out.map((e) => ({ event: e.event, data: e.data }));
}

describe('core/client/sse (SseDecoder)', () => {
  const expected = [
    { event: undefined, data: '{"a":1}' },
    { event: undefined, data: '[DONE]' },
  ];
  for (const [name, nl] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ] as const) {
    it(`frames events with ${name} line ends, also when cut at every byte`, () => {
      const text = `data: {"a":1}${nl}${nl}data: [DONE]${nl}${nl}`;
      assert.deepEqual(decode(text), expected);
      assert.deepEqual(decode(text, 'bytes'), expected);
    });
  }

  it('handles a CRLF pair split between two chunks', () => {
    const text = 'data: x\r\n\r\ndata: y\r\n\r\n';
    assert.deepEqual(
      decode(text, [8]).map((e) => e.data),
      ['x', 'y'],
    );
  });

  it('skips comments and keep-alive lines', () => {
    assert.deepEqual(decode(': keep-alive\n\n: OPENROUTER PROCESSING\n\ndata: 1\n\n:x\ndata: 2\n\n').map((e) => e.data), ['1', '2']);
  });

  it('joins multi-line data with \\n', () => {
    assert.deepEqual(decode('data: {"a":\ndata: 1}\n\n'), [{ event: undefined, data: '{"a":\n1}' }]);
  });

  it('keeps the event name (event: error)', () => {
    assert.deepEqual(decode('event: error\ndata: {"error":{"message":"x"}}\n\n'), [{ event: 'error', data: '{"error":{"message":"x"}}' }]);
  });

  it('decodes UTF-8 characters split across chunks (2, 3 and 4 bytes)', () => {
    const text = 'data: é — 🚀 中\n\n';
    const bytes = enc.encode(text);
    for (let cut = 1; cut < bytes.length; cut++) assert.equal(decode(bytes, [cut])[0].data, 'é — 🚀 中', `cut at ${cut}`);
    assert.equal(decode(bytes, 'bytes')[0].data, 'é — 🚀 中');
  });

  it('ignores a leading BOM', () => {
    assert.deepEqual(decode('\uFEFFdata: 1\n\n').map((e) => e.data), ['1']);
  });

  it('delivers a last event whose blank line never came (missing final newline)', () => {
    assert.deepEqual(decode('data: 1\n\ndata: [DONE]').map((e) => e.data), ['1', '[DONE]']);
    assert.deepEqual(decode('data: 1\n\ndata: [DONE]\n').map((e) => e.data), ['1', '[DONE]']);
  });

  it('stays linear on one huge chunk with many events', () => {
    const one = 'data: {"choices":[{"index":0,"delta":{"content":"xx"}}]}\n\n';
    const big = one.repeat(50_000);
    const t0 = Date.now();
    const d = new SseDecoder();
    const n = d.push(enc.encode(big)).length;
    assert.equal(n, 50_000);
    assert.ok(Date.now() - t0 < 2000);
  });
});

describe('core/client/chatStream (ChatStreamAssembler)', () => {
  function run(datas: (string | SseEvent)[]): { events: ChatStreamEvent[]; asm: ChatStreamAssembler } {
    const asm = new ChatStreamAssembler();
    const events: ChatStreamEvent[] = [];
    for (const d of datas) asm.accept(typeof d === 'string' ? { event: undefined, data: d } : d, events);
    if (asm.complete) asm.end(events);
    return { events, asm };
  }
  const chunk = (delta: object, finish: string | null = null, extra = '') => JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] }).replace(/}$/, `${extra}}`);

  it('assembles interleaved tool calls by index', () => {
    const { events } = run([
      chunk({ tool_calls: [{ index: 0, id: 'a', type: 'function', function: { name: 'f', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'b', type: 'function', function: { name: 'g', arguments: '{"y"' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"x":' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: ':2}' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] }),
      chunk({}, 'tool_calls'),
      '[DONE]',
    ]);
    const calls = events.find((e) => e.type === 'toolCalls');
    assert.deepEqual(calls, {
      type: 'toolCalls',
      calls: [
        { id: 'a', type: 'function', function: { name: 'f', arguments: '{"x":1}' } },
        { id: 'b', type: 'function', function: { name: 'g', arguments: '{"y":2}' } },
      ],
    });
    assert.deepEqual(events.at(-1), { type: 'finish', reason: 'tool_calls' });
    assert.equal(events.filter((e) => e.type === 'toolCallDelta').length, 5);
  });

  it('separates calls that a gateway numbered all 0 but gave distinct ids', () => {
    const { events } = run([
      chunk({ tool_calls: [{ index: 0, id: 'a', function: { name: 'f', arguments: '{}' } }] }),
      chunk({ tool_calls: [{ index: 0, id: 'b', function: { name: 'g', arguments: '{}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    const calls = events.find((e): e is Extract<ChatStreamEvent, { type: 'toolCalls' }> => e.type === 'toolCalls')!;
    assert.deepEqual(calls.calls.map((c) => c.function.name), ['f', 'g']);
  });

  it('holds usage back to the end, whether it came with the finish chunk or after it', () => {
    const a = run([chunk({ content: 'hi' }, 'stop', ',"usage":{"prompt_tokens":1,"completion_tokens":2}'), '[DONE]']).events;
    const b = run([chunk({ content: 'hi' }), chunk({}, 'stop'), JSON.stringify({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 2 } }), '[DONE]']).events;
    for (const ev of [a, b]) {
      assert.deepEqual(ev.map((e) => e.type), ['text', 'finish', 'usage']);
    }
  });

  it('reads reasoning from reasoning_content and reasoning', () => {
    const { events } = run([chunk({ reasoning_content: 'a' }), chunk({ reasoning: 'b' }), chunk({ content: 'c' }, 'stop')]);
    assert.deepEqual(events.slice(0, 2), [
      { type: 'reasoning', text: 'ab' },
      { type: 'text', text: 'c' },
    ]);
  });

  it('merges adjacent deltas of one batch, keeping the order of kinds', () => {
    const asm = new ChatStreamAssembler();
    const out: ChatStreamEvent[] = [];
    for (const d of [chunk({ content: 'a' }), chunk({ content: 'b' }), chunk({ reasoning_content: 'r' }), chunk({ content: 'c' })]) asm.accept({ data: d }, out);
    assert.deepEqual(out, [
      { type: 'text', text: 'ab' },
      { type: 'reasoning', text: 'r' },
      { type: 'text', text: 'c' },
    ]);
    const next: ChatStreamEvent[] = [];
    asm.accept({ data: chunk({ content: 'd' }) }, next);
    assert.deepEqual(next, [{ type: 'text', text: 'd' }], 'a new batch starts a new event');
    assert.equal(asm.receivedChars, 4);
  });

  it('turns an error object or an error event into a streamError that counts what arrived', () => {
    for (const bad of [JSON.stringify({ error: { message: 'Overloaded', code: 'overloaded' } }), { event: 'error', data: '{"message":"Overloaded"}' }]) {
      try {
        run([chunk({ content: 'abc' }), bad]);
        assert.fail('no error');
      } catch (e) {
        assert.ok(e instanceof TokenHubError);
        assert.equal(e.kind, 'streamError');
        assert.equal(e.gatewayMessage, 'Overloaded');
        assert.equal(e.receivedChars, 3);
      }
    }
  });

  it('is incomplete without finish reason or [DONE]; [DONE] alone completes with finish stop', () => {
    assert.equal(run([chunk({ content: 'a' })]).asm.complete, false);
    const { events } = run([chunk({ content: 'a' }), '[DONE]']);
    assert.deepEqual(events.at(-1), { type: 'finish', reason: 'stop' });
  });

  it('ignores non-JSON data lines and chunks without choices', () => {
    const { events } = run(['ping', JSON.stringify({ id: 'x' }), chunk({ content: 'a' }, 'stop')]);
    assert.deepEqual(events.map((e) => e.type), ['text', 'finish']);
  });

  it('at the end, decodes a character cut off by the end of the body as a replacement character', () => {
    const bytes = enc.encode('data: a€');
    assert.deepEqual(decode(bytes.subarray(0, bytes.length - 1)), [{ event: undefined, data: 'a\uFFFD' }]);
  });

  describe('ChatStreamAssembler edges', () => {
    const run = (events: SseEvent[], secrets: string[] = []) => {
      const a = new ChatStreamAssembler(secrets);
      const out: ChatStreamEvent[] = [];
      for (const e of events) a.accept(e, out);
      a.end(out);
      return { a, out };
    };
    const data = (o: unknown): SseEvent => ({ data: JSON.stringify(o) });

    it('an "error" event that is not JSON is a stream error with its text; other non-JSON lines are ignored', () => {
      assert.throws(() => run([{ event: 'error', data: 'upstream died' }]), (e: unknown) => e instanceof TokenHubError && e.kind === 'streamError' && e.gatewayMessage === 'upstream died');
      const { out } = run([{ data: 'ping' }, data({ choices: [{ delta: { content: 'hi' }, finish_reason: 'stop' }] })]);
      assert.deepEqual(out, [{ type: 'text', text: 'hi' }, { type: 'finish', reason: 'stop' }]);
      assert.throws(() => run([{ data: 'x' }, { event: 'error', data: '{"message":"m"}' }]), /in the middle of the answer: m$/);
    });

    it('a null error field is no error; a stream error says how much arrived, with keys masked', () => {
      const { out } = run([data({ error: null, choices: [{ delta: { content: 'ok' } }] })]);
      assert.deepEqual(out, [{ type: 'text', text: 'ok' }, { type: 'finish', reason: 'stop' }]);
      assert.throws(
        () => run([data({ choices: [{ delta: { content: 'abc' } }] }), data({ error: { message: 'key sk-ABCDEFGHIJKL bad', code: 'E1' } })]),
        (e: unknown) =>
          e instanceof TokenHubError &&
          e.message === 'The model reported an error in the middle of the answer: key [redacted] bad The partial answer (3 characters) was kept.' &&
          e.code === 'E1' &&
          e.receivedChars === 3,
      );
      assert.throws(() => run([data({ error: {} })]), (e: unknown) => e instanceof TokenHubError && e.message.startsWith('The model reported an error in the middle of the answer: {}'));
    });

    it('reads a choice without a delta, an empty finish reason, and usage only as an object', () => {
      const { out } = run([data({ choices: [{}] }), data({ choices: [{ delta: { content: 'a' }, finish_reason: '' }] }), data({ choices: [{ delta: {}, finish_reason: 5 }] }), data({ usage: 5 }), data({ usage: { prompt_tokens: 1, completion_tokens: 2 } })]);
      assert.deepEqual(out, [{ type: 'text', text: 'a' }, { type: 'finish', reason: 'stop' }, { type: 'usage', usage: { prompt_tokens: 1, completion_tokens: 2 } }]);
      const noUsage = run([data({ choices: [{ delta: { content: 'a' } }] }), data({ usage: 'lots' })]).out;
      assert.deepEqual(noUsage.map((e) => e.type), ['text', 'finish']);
    });

    it('tool call deltas: ids, names and arguments of any type; a new id at a used index is a new call', () => {
      const { out } = run([
        data({ choices: [{ delta: { tool_calls: [{ id: 'a', function: { name: 'f', arguments: '{"x":' } }] } }] }),
        data({ choices: [{ delta: { tool_calls: [{ index: 0, id: '', function: { name: '', arguments: '1}' } }] } }] }),
        data({ choices: [{ delta: { tool_calls: [{ index: 0, id: 'b', function: { name: 'g', arguments: { y: 2 } } }] } }] }),
        data({ choices: [{ delta: { tool_calls: [{ index: 1, id: 'b', function: { name: 'h' } }] } }], finish_reason: null }),
        data({ choices: [{ delta: { tool_calls: [{ index: 2, id: 5, function: { name: 7 } }] }, finish_reason: 'tool_calls' }] }),
      ]);
      assert.deepEqual(out, [
        { type: 'toolCallDelta', index: 0, argumentsDelta: '{"x":', id: 'a', name: 'f' },
        { type: 'toolCallDelta', index: 0, argumentsDelta: '1}' },
        { type: 'toolCallDelta', index: 1, argumentsDelta: '{"y":2}', id: 'b', name: 'g' },
        { type: 'toolCallDelta', index: 1, argumentsDelta: '', id: 'b', name: 'h' },
        { type: 'toolCallDelta', index: 2, argumentsDelta: '' },
        {
          type: 'toolCalls',
          calls: [
            { id: 'a', type: 'function', function: { name: 'f', arguments: '{"x":1}' } },
            { id: 'b', type: 'function', function: { name: 'g', arguments: '{"y":2}' } },
            { id: 'call_2', type: 'function', function: { name: '', arguments: '' } },
          ],
        },
        { type: 'finish', reason: 'tool_calls' },
      ]);
    });

    it('names the model that answered once, again only when it changes, and never a blank or non-text one', () => {
      const { out } = run([
        data({ model: '', choices: [{ delta: { content: 'a' } }] }),
        data({ model: 42, choices: [{ delta: { content: 'b' } }] }),
        data({ model: 'openai/gpt-4.1-mini', choices: [{ delta: { content: 'c' } }] }),
        data({ model: 'openai/gpt-4.1-mini', choices: [{ delta: { content: 'd' } }] }),
        data({ choices: [{ delta: { content: 'e' } }] }),
        data({ model: 'anthropic/claude-haiku', choices: [{ delta: { content: 'f' }, finish_reason: 'stop' }] }),
      ]);
      assert.deepEqual(out, [
        { type: 'text', text: 'ab' },
        { type: 'model', model: 'openai/gpt-4.1-mini' },
        { type: 'text', text: 'cde' },
        { type: 'model', model: 'anthropic/claude-haiku' },
        { type: 'text', text: 'f' },
        { type: 'finish', reason: 'stop' },
      ]);
    });

    it('a tool call delta without its function part (the id comes first) is read, not a crash', () => {
      const { out } = run([
        data({ choices: [{ delta: { tool_calls: [{ index: 0, id: 'call_a', type: 'function' }] } }] }),
        data({ choices: [{ delta: { tool_calls: [{ index: 0, function: { name: 'read_file', arguments: '{}' } }] }, finish_reason: 'tool_calls' }] }),
      ]);
      assert.deepEqual(out, [
        { type: 'toolCallDelta', index: 0, argumentsDelta: '', id: 'call_a' },
        { type: 'toolCallDelta', index: 0, argumentsDelta: '{}', name: 'read_file' },
        { type: 'toolCalls', calls: [{ id: 'call_a', type: 'function', function: { name: 'read_file', arguments: '{}' } }] },
        { type: 'finish', reason: 'tool_calls' },
      ]);
    });

    it('an error event with nothing readable still says the model reported an error', () => {
      for (const body of ['null', '0', '7', 'true', '""']) {
        assert.throws(
          () => run([data({ choices: [{ delta: { content: 'abc' } }] }), { event: 'error', data: body }]),
          (e: unknown) =>
            e instanceof TokenHubError &&
            e.kind === 'streamError' &&
            e.message === 'The model reported an error in the middle of the answer. The partial answer (3 characters) was kept.' &&
            e.gatewayMessage === undefined,
          body,
        );
      }
    });

    it('a data line of JSON that is no object (null, a number) is skipped like any other junk line', () => {
      const { out } = run([{ data: 'null' }, { data: '7' }, data({ choices: [{ delta: { content: 'ok' }, finish_reason: 'stop' }] })]);
      assert.deepEqual(out, [{ type: 'text', text: 'ok' }, { type: 'finish', reason: 'stop' }]);
    });

    it('a whole completion body: content parts, reasoning, tool calls, junk fields', () => {
      const c = completionFromJson({
        id: 7,
        model: null,
        choices: [{ message: { content: [{ text: 'a' }, { image: 'x' }, null, { text: 'b' }], reasoning: 'r', tool_calls: [{ id: 3, function: { name: 'f', arguments: { z: 1 } } }, { function: {} }] }, finish_reason: 5 }],
        usage: 'none',
      });
      assert.deepEqual(c, {
        id: '7',
        model: '',
        text: 'ab',
        reasoning: 'r',
        toolCalls: [
          { id: 'call_0', type: 'function', function: { name: 'f', arguments: '{"z":1}' } },
          { id: 'call_1', type: 'function', function: { name: '', arguments: '{}' } },
        ],
        finishReason: null,
        usage: null,
      });
      assert.deepEqual(completionFromJson({}), { id: '', model: '', text: '', reasoning: '', toolCalls: [], finishReason: null, usage: null });
      assert.equal(completionFromJson({ choices: [{ delta: { content: 'streamed shape', reasoning_content: 5 } }] }).text, 'streamed shape');
      assert.equal(completionFromJson({ choices: [{ message: { content: 5 } }] }).text, '');
    });

    it('the events of a whole completion, in stream order, only those it has', () => {
      const calls = [{ id: 'a', type: 'function' as const, function: { name: 'f', arguments: '{}' } }];
      assert.deepEqual(eventsFromCompletion({ id: '', model: '', text: 'hi', reasoning: 'hm', toolCalls: calls, finishReason: 'tool_calls', usage: { prompt_tokens: 1, completion_tokens: 1 } }), [
        { type: 'reasoning', text: 'hm' },
        { type: 'text', text: 'hi' },
        { type: 'toolCallDelta', index: 0, id: 'a', name: 'f', argumentsDelta: '{}' },
        { type: 'toolCalls', calls },
        { type: 'finish', reason: 'tool_calls' },
        { type: 'usage', usage: { prompt_tokens: 1, completion_tokens: 1 } },
      ]);
      assert.deepEqual(eventsFromCompletion({ id: '', model: '', text: '', reasoning: '', toolCalls: [], finishReason: null, usage: null }), [{ type: 'finish', reason: 'stop' }]);
    });
  });
});
