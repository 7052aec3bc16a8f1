// The official `openai` SDK against the simulator: the simulator must be faithful to the
// protocol (not to our client), and our client must read what the SDK reads.
import * as assert from 'node:assert/strict';
import { OpenAI } from 'openai';
import type { ChatStreamEvent } from '../../src/core/client/api';
import type { ToolCall } from '../../src/core/api/types';
import { Simulator } from './server';
import type { SimScript } from './server';
import { collect, simClient, textOf } from './helpers';

interface Read {
  text: string;
  reasoning: string;
  toolCalls: { id: string; name: string; arguments: string }[];
  finish: string | null;
  usage: { prompt_tokens: number; completion_tokens: number } | null;
}

const messages = [
  { role: 'system' as const, content: 'Be brief.' },
  { role: 'user' as const, content: 'Weather in Paris — and in 東京? 🌧' },
];

async function viaSdk(sim: Simulator): Promise<Read> {
  const sdk = new OpenAI({ apiKey: sim.apiKey, baseURL: sim.baseUrl, maxRetries: 0 });
  const stream = await sdk.chat.completions.create({ model: 'anthropic/claude-sonnet-4-6', messages, stream: true, stream_options: { include_usage: true } });
  const out: Read = { text: '', reasoning: '', toolCalls: [], finish: null, usage: null };
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    if (choice) {
      out.text += choice.delta.content ?? '';
      const d = choice.delta as { reasoning_content?: string };
      out.reasoning += d.reasoning_content ?? '';
      for (const tc of choice.delta.tool_calls ?? []) {
        const t = (out.toolCalls[tc.index] ??= { id: '', name: '', arguments: '' });
        if (tc.id) t.id = tc.id;
        if (tc.function?.name) t.name = tc.function.name;
        t.arguments += tc.function?.arguments ?? '';
      }
      if (choice.finish_reason) out.finish = choice.finish_reason;
    }
    if (chunk.usage) out.usage = { prompt_tokens: chunk.usage.prompt_tokens, completion_tokens: chunk.usage.completion_tokens };
  }
  return out;
}

async function viaClient(sim: Simulator): Promise<Read> {
  const client = simClient(sim);
  const events: ChatStreamEvent[] = await collect(client.stream({ model: 'anthropic/claude-sonnet-4-6', messages }));
  await client.close();
  const calls = (events.find((e) => e.type === 'toolCalls') as { calls: ToolCall[] } | undefined)?.calls ?? [];
  const usage = (events.find((e) => e.type === 'usage') as { usage: Read['usage'] & object } | undefined)?.usage;
  return {
    text: textOf(events),
    reasoning: events.map((e) => (e.type === 'reasoning' ? e.text : '')).join(''),
    toolCalls: calls.map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments })),
    finish: (events.find((e) => e.type === 'finish') as { reason: string } | undefined)?.reason ?? null,
    usage: usage ? { prompt_tokens: usage.prompt_tokens, completion_tokens: usage.completion_tokens } : null,
  };
}

describe('simulator parity with the official openai SDK', () => {
  let sim: Simulator;
  beforeEach(async () => {
    sim = await Simulator.start();
  });
  afterEach(async () => {
    await sim.close();
  });

  const scenarios: [string, SimScript][] = [
    ['the default reply (split UTF-8, keep-alives)', {}],
    ['reasoning then text', { reasoning: 'Let me think — carefully.', reply: 'Done.' }],
    ['two tool calls', { toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' }, { id: 'call_2', name: 'weather', arguments: '{"city":"東京"}' }] }],
    ['CRLF framing and no [DONE]', { lineEnding: '\r\n', omitDone: true, reply: 'CRLF — ok.' }],
    ['a fixed usage', { reply: 'x', usage: { prompt_tokens: 11, completion_tokens: 7 } }],
  ];
  for (const [name, script] of scenarios) {
    it(`reads the same as our client: ${name}`, async () => {
      sim.enqueue({ ...script });
      const sdk = await viaSdk(sim);
      sim.enqueue({ ...script });
      const ours = await viaClient(sim);
      assert.deepEqual(ours, sdk);
      assert.ok(sdk.finish, 'the SDK saw a finish reason');
      assert.ok(sdk.usage, 'the SDK saw usage');
      if (!script.toolCalls) assert.ok(sdk.text.length > 0);
    });
  }

  it('the SDK reads the non-streamed answer, the model list and the error body', async () => {
    const sdk = new OpenAI({ apiKey: sim.apiKey, baseURL: sim.baseUrl, maxRetries: 0 });
    const c = await sdk.chat.completions.create({ model: 'openai/gpt-4.1', messages: [{ role: 'user', content: 'Hi' }] });
    const client = simClient(sim);
    const ours = await client.complete({ model: 'openai/gpt-4.1', messages: [{ role: 'user', content: 'Hi' }] });
    assert.equal(ours.text, c.choices[0].message.content);
    assert.deepEqual(ours.usage, c.usage);
    const list = [];
    for await (const m of sdk.models.list()) list.push(m.id);
    assert.deepEqual(list, (await client.listModels()).map((m) => m.id));
    sim.enqueue({ status: 400, body: { error: { message: 'bad temperature', type: 'invalid_request_error', code: 'bad_param' } } });
    await assert.rejects(sdk.chat.completions.create({ model: 'openai/gpt-4.1', messages: [{ role: 'user', content: 'Hi' }] }), (e: InstanceType<typeof OpenAI.APIError>) => {
      assert.equal(e.status, 400);
      assert.match(e.message, /bad temperature/);
      return true;
    });
    await client.close();
  });
});
