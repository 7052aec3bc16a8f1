import * as assert from 'node:assert/strict';
import { request } from 'undici';
import { Simulator } from './server';
import { SIM_MODELS } from './catalogue';

/** Reads a streamed body and returns its network chunks (bytes as they arrived). */
async function chunksOf(body: AsyncIterable<Uint8Array>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const c of body) out.push(Buffer.from(c));
  return out;
}

describe('Simulator', () => {
  let sim: Simulator;
  beforeEach(async () => {
    sim = await Simulator.start();
  });
  afterEach(async () => {
    await sim.close();
  });

  const auth = () => ({ authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' });

  it('lists every documented provider with Claude prices from the docs', async () => {
    const res = await request(`${sim.baseUrl}/models`, { headers: auth() });
    assert.equal(res.statusCode, 200);
    const list = (await res.body.json()) as { object: string; data: { id: string; object: string; owned_by: string; pricing?: { prompt?: string } }[] };
    assert.equal(list.object, 'list');
    const ids = list.data.map((m) => m.id);
    for (const id of ['openai/gpt-4.1', 'openai/gpt-5.4', 'anthropic/claude-sonnet-4-6', 'google/gemini-2.5-pro', 'bytedance/doubao-seedance-2.0', 'bytedance/doubao-seedream-5.0']) {
      assert.ok(ids.includes(id), id);
    }
    for (const owner of ['openai', 'anthropic', 'google', 'x-ai', 'qwen', 'z-ai', 'minimax', 'xiaomi', 'moonshotai', 'deepseek', 'bytedance', 'kwaivgi']) {
      assert.ok(list.data.some((m) => m.owned_by === owner), owner);
    }
    const opus4 = list.data.find((m) => m.id === 'anthropic/claude-4-opus')!;
    assert.equal(Number(opus4.pricing!.prompt) * 1e6, 15);
    assert.equal(list.data.length, SIM_MODELS.length);
  });

  it('rejects a wrong key with an OpenAI-style 401 that does not echo the key', async () => {
    const res = await request(`${sim.baseUrl}/models`, { headers: { authorization: 'Bearer th-wrong-key-123456789' } });
    assert.equal(res.statusCode, 401);
    const text = await res.body.text();
    assert.equal(JSON.parse(text).error.code, 'invalid_api_key');
    assert.ok(!text.includes('th-wrong-key'));
    assert.equal(sim.requests[0].hadAuthorization, true);
    assert.equal(sim.requests[0].headers.authorization, undefined);
  });

  it('streams a reply in many SSE events with keep-alives, a split UTF-8 character, usage and [DONE]', async () => {
    const res = await request(`${sim.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: auth(),
      body: JSON.stringify({ model: 'openai/gpt-4.1', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Hello there' }] }),
    });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /text\/event-stream/);
    const chunks = await chunksOf(res.body);
    // Some network chunk must end inside a multi-byte character.
    const splitInside = chunks.some((c) => {
      const s = c.toString('utf8');
      return s.endsWith('\uFFFD') && !c.subarray(-3).equals(Buffer.from('\uFFFD'));
    });
    assert.ok(splitInside, 'a multi-byte character arrives split across two reads');
    const text = Buffer.concat(chunks).toString('utf8');
    assert.ok(text.includes(': keep-alive\n\n'));
    const events = text.split('\n\n').filter((e) => e.startsWith('data: ')).map((e) => e.slice(6));
    assert.equal(events.at(-1), '[DONE]');
    const parsed = events.slice(0, -1).map((e) => JSON.parse(e));
    const reply = parsed.map((p) => p.choices[0]?.delta?.content ?? '').join('');
    assert.match(reply, /you said: “Hello there”/);
    assert.ok(parsed.length > 10);
    const usage = parsed.at(-1);
    assert.deepEqual(usage.choices, []);
    assert.ok(usage.usage.prompt_tokens > 0 && usage.usage.completion_tokens > 0);
  });

  it('answers a scripted fault only for the request it matches', async () => {
    sim.enqueue({ status: 429, headers: { 'retry-after': '3' } });
    const models = await request(`${sim.baseUrl}/models`, { headers: auth() });
    assert.equal(models.statusCode, 200);
    await models.body.dump();
    const chat = await request(`${sim.baseUrl}/chat/completions`, { method: 'POST', headers: auth(), body: JSON.stringify({ model: 'openai/gpt-4.1', messages: [{ role: 'user', content: 'x' }] }) });
    assert.equal(chat.statusCode, 429);
    assert.equal(chat.headers['retry-after'], '3');
    assert.equal(((await chat.body.json()) as { error: { code: string } }).error.code, 'rate_limit_exceeded');
    assert.equal(sim.queued, 0);
  });
});
