import * as assert from 'node:assert/strict';
import {
  bytesToBase64,
  classifyPart,
  LmRole,
  LmToolMode,
  parseToolArguments,
  pickModelOptions,
  toChatMessages,
  toResponsePieces,
  toToolChoice,
  toToolDefinitions,
} from '../../../src/core/nativeChat/messages';

// Plain objects with the properties VS Code's part classes carry.
const text = (value: string) => ({ value });
const toolCall = (callId: string, name: string, input: object) => ({ callId, name, input });
const toolResult = (callId: string, content: unknown[]) => ({ callId, content });
const data = (bytes: number[] | Uint8Array, mimeType: string) => ({ data: bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), mimeType });

describe('core/nativeChat/messages', () => {
  it('recognises each kind of part by its shape', () => {
    assert.deepEqual(classifyPart(text('hi')), { kind: 'text', text: 'hi' });
    assert.deepEqual(classifyPart(toolCall('c1', 'f', { a: 1 })), { kind: 'toolCall', callId: 'c1', name: 'f', input: { a: 1 } });
    assert.deepEqual(classifyPart(toolResult('c1', [text('ok')])), { kind: 'toolResult', callId: 'c1', content: [{ kind: 'text', text: 'ok' }] });
    assert.equal(classifyPart(data([1, 2], 'image/png')).kind, 'data');
    // A prompt-tsx part has a non-string value: not text.
    assert.equal(classifyPart({ value: { node: 1 } }).kind, 'unknown');
    assert.equal(classifyPart(null).kind, 'unknown');
    assert.equal(classifyPart(42).kind, 'unknown');
  });

  it('encodes base64 exactly as Node does, for every padding length', () => {
    for (const len of [0, 1, 2, 3, 4, 5, 255]) {
      const bytes = Uint8Array.from({ length: len }, (_, i) => (i * 37 + 11) & 255);
      assert.equal(bytesToBase64(bytes), Buffer.from(bytes).toString('base64'), `length ${len}`);
    }
  });

  it('maps plain text user, assistant and system messages to string content', () => {
    const out = toChatMessages([
      { role: LmRole.system, content: [text('Be brief.')], name: undefined },
      { role: LmRole.user, content: [text('Hello '), text('world')], name: undefined },
      { role: LmRole.assistant, content: [text('Hi!')], name: undefined },
    ]);
    assert.deepEqual(out, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hello world' },
      { role: 'assistant', content: 'Hi!' },
    ]);
  });

  it('turns assistant tool calls into tool_calls with JSON arguments, and content null when there is no text', () => {
    const out = toChatMessages([{ role: LmRole.assistant, content: [toolCall('call_1', 'get_weather', { city: 'Paris' })], name: undefined }]);
    assert.deepEqual(out, [
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
    ]);
  });

  it('puts tool results in role "tool" messages before the rest of the user message', () => {
    const out = toChatMessages([
      { role: LmRole.assistant, content: [text('Let me check.'), toolCall('call_1', 'get_weather', {})], name: undefined },
      {
        role: LmRole.user,
        content: [toolResult('call_1', [text('18°C'), data(Array.from(new TextEncoder().encode(' and sunny')), 'text/plain')]), text('And tomorrow?')],
        name: undefined,
      },
    ]);
    assert.equal(out.length, 3);
    assert.equal(out[0].role, 'assistant');
    assert.equal(out[0].content, 'Let me check.');
    assert.deepEqual(out[1], { role: 'tool', tool_call_id: 'call_1', content: '18°C and sunny' });
    assert.deepEqual(out[2], { role: 'user', content: 'And tomorrow?' });
  });

  it('keeps a user message that holds only tool results as tool messages alone', () => {
    const out = toChatMessages([{ role: LmRole.user, content: [toolResult('a', [text('1')]), toolResult('b', [text('2')])], name: undefined }]);
    assert.deepEqual(out, [
      { role: 'tool', tool_call_id: 'a', content: '1' },
      { role: 'tool', tool_call_id: 'b', content: '2' },
    ]);
  });

  it('turns image data parts into image_url data URIs and drops marker data parts', () => {
    const png = [0x89, 0x50, 0x4e, 0x47];
    const out = toChatMessages([
      { role: LmRole.user, content: [text('What is this?'), data(png, 'image/png'), data([1], 'cache_control')], name: undefined },
    ]);
    assert.deepEqual(out, [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${Buffer.from(png).toString('base64')}` } },
        ],
      },
    ]);
  });

  it('sends images a tool returned as user content after the tool message', () => {
    const out = toChatMessages([{ role: LmRole.user, content: [toolResult('s', [text('screenshot'), data([1, 2, 3], 'image/jpeg')])], name: undefined }]);
    assert.deepEqual(out[0], { role: 'tool', tool_call_id: 's', content: 'screenshot' });
    assert.deepEqual(out[1], { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/jpeg;base64,AQID' } }] });
  });

  it('skips empty messages and keeps the user name', () => {
    const out = toChatMessages([
      { role: LmRole.user, content: [], name: undefined },
      { role: LmRole.assistant, content: [text('')], name: undefined },
      { role: LmRole.user, content: [text('hi')], name: 'ann' },
    ]);
    assert.deepEqual(out, [{ role: 'user', content: 'hi', name: 'ann' }]);
  });

  it('maps tools and the tool mode', () => {
    const tools = [{ name: 'a', description: 'does a', inputSchema: { type: 'object', properties: { x: { type: 'string' } } } }, { name: 'b', description: '' }];
    assert.deepEqual(toToolDefinitions(tools), [
      { type: 'function', function: { name: 'a', description: 'does a', parameters: { type: 'object', properties: { x: { type: 'string' } } } } },
      { type: 'function', function: { name: 'b', description: undefined, parameters: { type: 'object', properties: {} } } },
    ]);
    assert.equal(toToolDefinitions([]), undefined);
    assert.equal(toToolChoice(LmToolMode.auto, tools), 'auto');
    assert.equal(toToolChoice(LmToolMode.required, tools), 'required');
    assert.deepEqual(toToolChoice(LmToolMode.required, [tools[0]]), { type: 'function', function: { name: 'a' } });
    assert.equal(toToolChoice(LmToolMode.required, []), undefined);
  });

  it('forwards only well-typed model options', () => {
    assert.deepEqual(pickModelOptions({ temperature: 0.2, top_p: 0.9, maxTokens: 100, stop: ['x'], foo: 1 }), { temperature: 0.2, top_p: 0.9, max_tokens: 100, stop: ['x'] });
    assert.deepEqual(pickModelOptions({ temperature: 'hot', max_tokens: -1, stop: [1] }), {});
    assert.deepEqual(pickModelOptions(undefined), {});
  });

  it('parses tool arguments, keeping broken JSON rather than dropping the call', () => {
    assert.deepEqual(parseToolArguments('{"a":1}'), { a: 1 });
    assert.deepEqual(parseToolArguments(''), {});
    assert.deepEqual(parseToolArguments('[1]'), { value: [1] });
    assert.deepEqual(parseToolArguments('{"a":'), { arguments: '{"a":' });
  });

  it('turns stream events into text pieces and tool calls, ignoring the rest', () => {
    assert.deepEqual(toResponsePieces({ type: 'text', text: 'Hi' }), [{ kind: 'text', text: 'Hi' }]);
    assert.deepEqual(toResponsePieces({ type: 'text', text: '' }), []);
    assert.deepEqual(toResponsePieces({ type: 'reasoning', text: 'hmm' }), []);
    assert.deepEqual(toResponsePieces({ type: 'toolCallDelta', index: 0, argumentsDelta: '{' }), []);
    assert.deepEqual(toResponsePieces({ type: 'usage', usage: { prompt_tokens: 1, completion_tokens: 2 } }), []);
    assert.deepEqual(
      toResponsePieces({ type: 'toolCalls', calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"q":"x"}' } }] }),
      [{ kind: 'toolCall', callId: 'c1', name: 'f', input: { q: 'x' } }],
    );
  });
});
