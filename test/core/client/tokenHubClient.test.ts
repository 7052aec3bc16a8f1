import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import type { ChatStreamEvent } from '../../../src/core/client/api';
import { TokenHubError } from '../../../src/core/client/errors';
import { videoTaskFromJson } from '../../../src/core/client/mediaResults';
import { abortableSleep } from '../../../src/core/client/retry';
import type { ErrorKind } from '../../../src/core/client/errors';
import { waitFor } from '../../host/waitFor';
import { Simulator } from '../../simulator/server';
import type { SimScript } from '../../simulator/server';
import { caught, collect, freePort, memoryLogger, simClient, textOf } from '../../simulator/helpers';

const MODEL = 'openai/gpt-4.1';
const hello = { model: MODEL, messages: [{ role: 'user' as const, content: 'Hello there' }] };

async function expectKind(p: Promise<unknown> | (() => Promise<unknown>), kind: ErrorKind): Promise<TokenHubError> {
  const err = await caught(typeof p === 'function' ? p : () => p);
  assert.ok(err instanceof TokenHubError, `expected a TokenHubError, got ${inspect(err)}`);
  assert.equal(err.kind, kind, `kind: ${err.message}`);
  assert.ok(err.message.length > 10);
  return err;
}

describe('core/client/TokenHubClient', () => {
  let sim: Simulator;
  beforeEach(async () => {
    sim = await Simulator.start();
  });
  afterEach(async () => {
    await sim.close();
  });

  describe('streaming', () => {
    it('streams the reply as text events, then finish, then usage, and passes every parameter through', async () => {
      sim.enqueue({ delayMs: 5 }); // separate network reads, so deltas are not merged
      const client = simClient(sim);
      const tools = [{ type: 'function' as const, function: { name: 'lookup', description: 'x', parameters: { type: 'object', properties: {} } } }];
      const events = await collect(
        client.stream({
          model: MODEL,
          messages: [
            { role: 'system', content: 'Be brief.' },
            { role: 'user', content: [{ type: 'text', text: 'Hello there' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
          ],
          temperature: 0.3,
          top_p: 0.9,
          max_tokens: 512,
          stop: ['\n\n'],
          tools,
          tool_choice: 'none',
          response_format: { type: 'json_object' },
          user: 'u-1',
        }),
      );
      assert.ok(events.filter((e) => e.type === 'text').length > 5, 'many small deltas');
      assert.match(textOf(events), /you said: “Hello there \[image\]”/);
      const tail = events.slice(-2).map((e) => e.type);
      assert.deepEqual(tail, ['finish', 'usage']);
      const body = sim.requests[0].body as Record<string, unknown>;
      assert.equal(body.stream, true);
      assert.deepEqual(body.stream_options, { include_usage: true });
      for (const k of ['temperature', 'top_p', 'max_tokens', 'stop', 'tools', 'tool_choice', 'response_format', 'user']) assert.ok(k in body, k);
      assert.equal(((body.messages as { content: { image_url?: { url: string } }[] }[])[1].content[1].image_url!.url), 'data:image/png;base64,iVBORw0KGgo=');
      assert.equal(sim.requests[0].headers['user-agent'], 'tokenhub-vscode/test');
      await client.close();
    });

    it('assembles tool calls by index and sends them once, before finish', async () => {
      sim.enqueue({ toolCalls: [{ id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris","unit":"c"}' }, { id: 'call_b', name: 'get_time', arguments: '{"tz":"Europe/Paris"}' }] });
      const client = simClient(sim);
      const events = await collect(client.stream(hello));
      const deltas = events.filter((e) => e.type === 'toolCallDelta');
      assert.ok(deltas.length > 4, 'arguments arrive in pieces');
      const calls = events.filter((e): e is Extract<ChatStreamEvent, { type: 'toolCalls' }> => e.type === 'toolCalls');
      assert.equal(calls.length, 1);
      assert.deepEqual(calls[0].calls, [
        { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"c"}' } },
        { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{"tz":"Europe/Paris"}' } },
      ]);
      const iCalls = events.findIndex((e) => e.type === 'toolCalls');
      const iFinish = events.findIndex((e) => e.type === 'finish');
      assert.ok(iCalls < iFinish);
      assert.deepEqual(events[iFinish], { type: 'finish', reason: 'tool_calls' });
      await client.close();
    });

    for (const field of ['reasoning_content', 'reasoning'] as const) {
      it(`delivers reasoning deltas from \`${field}\``, async () => {
        sim.enqueue({ reasoning: 'First I consider the question carefully.', reasoningField: field, reply: 'Answer.' });
        const client = simClient(sim);
        const events = await collect(client.stream(hello));
        const reasoning = events.map((e) => (e.type === 'reasoning' ? e.text : '')).join('');
        assert.equal(reasoning, 'First I consider the question carefully.');
        assert.equal(textOf(events), 'Answer.');
        await client.close();
      });
    }

    it('copes with a gateway that ignores include_usage and one that omits [DONE]', async () => {
      sim.enqueue({ usage: false, omitDone: true, reply: 'No usage here.' });
      const client = simClient(sim);
      const events = await collect(client.stream(hello));
      assert.equal(textOf(events), 'No usage here.');
      assert.equal(events.filter((e) => e.type === 'usage').length, 0);
      assert.deepEqual(events.at(-1), { type: 'finish', reason: 'stop' });
      await client.close();
    });

    it('turns a JSON answer to a stream request into the same events', async () => {
      sim.enqueue({
        status: 200,
        body: { id: 'x', object: 'chat.completion', model: MODEL, choices: [{ index: 0, message: { role: 'assistant', content: 'Whole answer.' }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } },
      });
      const client = simClient(sim);
      const events = await collect(client.stream(hello));
      assert.deepEqual(events, [
        { type: 'model', model: MODEL },
        { type: 'text', text: 'Whole answer.' },
        { type: 'finish', reason: 'stop' },
        { type: 'usage', usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } },
      ]);
      await client.close();
    });

    it('decodes CRLF and CR framed streams the same way', async () => {
      for (const lineEnding of ['\r\n', '\r'] as const) {
        sim.enqueue({ lineEnding, reply: 'Line endings — fine.' });
        const client = simClient(sim);
        assert.equal(textOf(await collect(client.stream(hello))), 'Line endings — fine.');
        await client.close();
      }
    });
  });

  describe('stream failures (never retried once started; the partial answer stays)', () => {
    const cases: [SimScript['fault'], ErrorKind][] = [
      ['cut', 'streamCut'],
      ['errorEvent', 'streamError'],
      ['errorObject', 'streamError'],
      ['silence', 'idleTimeout'],
    ];
    for (const [fault, kind] of cases) {
      it(`${fault} mid-stream → ${kind}, after the first events were delivered`, async () => {
        sim.enqueue({ fault, afterEvents: 3, streamError: { message: 'Upstream overloaded', code: 'upstream_error' } });
        const client = simClient(sim, { idleTimeoutMs: 300 });
        const seen: ChatStreamEvent[] = [];
        const err = await expectKind(async () => {
          for await (const ev of client.stream(hello)) seen.push(ev);
        }, kind);
        assert.equal(textOf(seen).length > 0, true);
        assert.equal(err.receivedChars, textOf(seen).length);
        if (kind === 'streamError') assert.equal(err.gatewayMessage, 'Upstream overloaded');
        assert.match(err.message, /partial answer/);
        assert.equal(sim.requests.length, 1, 'not retried');
        await client.close();
      });
    }

    it('a stream that ends with neither finish reason nor [DONE] is a cut', async () => {
      sim.enqueue({ raw: ['data: {"choices":[{"index":0,"delta":{"content":"Half"}}]}\n\n', 'data: {"choices":[{"index":0,"delta":{"content":" an ans'] });
      const client = simClient(sim);
      const err = await expectKind(collect(client.stream(hello)), 'streamCut');
      assert.equal(err.receivedChars, 4);
      // A final event that lacks only its blank line is still delivered; then the cut is reported.
      sim.enqueue({ raw: ['data: {"choices":[{"index":0,"delta":{"content":"Half"}}]}\n\n', 'data: {"choices":[{"index":0,"delta":{"content":" more"}}]}'] });
      const seen: ChatStreamEvent[] = [];
      const err2 = await expectKind(async () => {
        for await (const ev of client.stream(hello)) seen.push(ev);
      }, 'streamCut');
      assert.equal(textOf(seen), 'Half more');
      assert.equal(err2.receivedChars, 9);
      await client.close();
    });
  });

  describe('HTTP errors', () => {
    const cases: [string, SimScript, ErrorKind, RegExp?][] = [
      ['401 invalid key', { status: 401 }, 'auth'],
      ['403 forbidden', { status: 403, body: { error: { message: 'Key disabled', type: 'permission_error' } } }, 'auth', /Key disabled/],
      ['402 no credit', { status: 402 }, 'credit'],
      ['429 insufficient_quota (OpenAI style)', { status: 429, body: { error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' } } }, 'credit'],
      ['400 with the gateway message', { status: 400, body: { error: { message: 'max_tokens is too large', type: 'invalid_request_error', code: null } } }, 'badRequest', /max_tokens is too large/],
      ['400 model_not_found code', { status: 400, body: { error: { message: 'No such model', code: 'model_not_found' } } }, 'model'],
      ['404', { status: 404 }, 'model'],
      ['422 FastAPI detail list', { status: 422, body: { detail: [{ loc: ['body', 'messages'], msg: 'field required' }] } }, 'badRequest', /field required/],
      ['400 error as a string', { status: 400, body: { error: 'temperature must be <= 2' } }, 'badRequest', /temperature must be <= 2/],
      ['400 bare message', { status: 400, body: { message: 'Invalid messages', code: 'bad' } }, 'badRequest', /Invalid messages/],
      ['400 detail string', { status: 400, body: { detail: 'Prompt too long' } }, 'badRequest', /Prompt too long/],
      ['500 plain text', { status: 500, body: 'upstream exploded' }, 'server', /upstream exploded/],
      ['502 HTML from a proxy', { html: true }, 'notJson', /HTML/],
      ['200 HTML (captive portal)', { status: 200, body: '<html><head><title>Hotel WiFi Login</title></head></html>', contentType: 'text/html' }, 'notJson', /Hotel WiFi Login/],
    ];
    for (const [name, script, kind, re] of cases) {
      it(`${name} → ${kind}`, async () => {
        sim.enqueue({ ...script, times: 5 });
        const client = simClient(sim, { maxRetries: 0 });
        const err = await expectKind(client.complete(hello), kind);
        if (re) assert.match(err.message, re);
        if (script.status && script.status !== 200) assert.equal(err.status, script.status);
        await client.close();
      });
    }

    it('an unknown model (the simulator’s own 404) → model, naming the model', async () => {
      const client = simClient(sim);
      const err = await expectKind(client.complete({ ...hello, model: 'nobody/no-such-model' }), 'model');
      assert.match(err.message, /nobody\/no-such-model/);
      assert.equal(err.code, 'model_not_found');
      await client.close();
    });

    it('a bare 404 (no error code) on a model call → model, naming the model; elsewhere → badRequest', async () => {
      const client = simClient(sim, { maxRetries: 0 });
      const notFound = (path: string, method = 'POST') => sim.enqueue({ match: { method, path }, status: 404, body: 'Not Found', contentType: 'text/plain' });
      const calls: [string, () => Promise<unknown>][] = [
        ['/chat/completions', () => client.complete(hello)],
        ['/chat/completions', () => collect(client.stream(hello))],
        ['/images/generations', () => client.generateImages({ model: MODEL, prompt: 'p' })],
        ['/videos/generations', () => client.createVideo({ model: MODEL, prompt: 'p' })],
      ];
      for (const [path, call] of calls) {
        notFound(path);
        const e = await expectKind(call, 'model');
        assert.match(e.message, new RegExp(MODEL.replace('.', '\\.')), path);
      }
      notFound('/models', 'GET');
      await expectKind(client.listModels(), 'badRequest');
      await client.close();
    });

    it('a model list without data → protocol', async () => {
      sim.enqueue({ match: { path: '/models' }, status: 200, body: { object: 'list' } });
      const client = simClient(sim);
      await expectKind(client.listModels(), 'protocol');
      await client.close();
    });

    it('non-JSON where JSON was due (plain text 200) → notJson', async () => {
      sim.enqueue({ match: { path: '/models' }, status: 200, body: 'OK' });
      const client = simClient(sim);
      await expectKind(client.listModels(), 'notJson');
      await client.close();
    });

    it('no key → auth, without sending anything', async () => {
      const client = simClient(sim, { getApiKey: async () => undefined });
      await expectKind(client.listModels(), 'auth');
      assert.equal(sim.requests.length, 0);
      await client.close();
    });

    it('a wrong key → auth (401 from the gateway)', async () => {
      const client = simClient(sim, { getApiKey: async () => 'th-wrong-0000000000000' });
      await expectKind(client.listModels(), 'auth');
      await client.close();
    });
  });

  describe('retries', () => {
    for (const status of [408, 409, 429, 500, 502, 503, 504]) {
      it(`retries ${status} and then succeeds`, async () => {
        sim.enqueue({ status, times: 2 });
        const client = simClient(sim);
        const events = await collect(client.stream(hello));
        assert.match(textOf(events), /Hello there/);
        assert.equal(sim.requests.length, 3);
        assert.deepEqual(client.sleeps, [438, 875], 'exponential back-off 0.5 s, 1 s minus jitter (random 0.5 → 12.5 %)');
        await client.close();
      });
    }

    for (const status of [400, 401, 402, 403, 404, 422]) {
      it(`does not retry ${status}`, async () => {
        sim.enqueue({ status, times: 3 });
        const client = simClient(sim);
        await assert.rejects(client.complete(hello), TokenHubError);
        assert.equal(sim.requests.length, 1);
        await client.close();
      });
    }

    it('gives up after maxRetries and reports the last error', async () => {
      sim.enqueue({ status: 503, times: 10 });
      const client = simClient(sim, { maxRetries: 3 });
      await expectKind(client.complete(hello), 'server');
      assert.equal(sim.requests.length, 4);
      assert.equal(client.sleeps.length, 3);
      assert.deepEqual(client.sleeps, [438, 875, 1750]);
      await client.close();
    });

    it('maxRetries 0 sends once', async () => {
      sim.enqueue({ status: 500, times: 3 });
      const client = simClient(sim, { maxRetries: 0 });
      await expectKind(client.complete(hello), 'server');
      assert.equal(sim.requests.length, 1);
      await client.close();
    });

    it('caps the back-off at 8 s', async () => {
      sim.enqueue({ status: 500, times: 6 });
      const client = simClient(sim, { maxRetries: 6, random: () => 0 });
      await client.complete(hello);
      assert.deepEqual(client.sleeps, [500, 1000, 2000, 4000, 8000, 8000]);
      await client.close();
    });

    it('honours retry-after-ms, retry-after seconds and an HTTP date', async () => {
      const date = new Date(Date.now() + 30_000).toUTCString();
      sim.enqueue(
        { status: 429, headers: { 'retry-after-ms': '1234', 'retry-after': '9' } },
        { status: 429, headers: { 'retry-after': '2' } },
        { status: 503, headers: { 'retry-after': date } },
      );
      const client = simClient(sim, { maxRetries: 3 });
      await client.complete(hello);
      assert.equal(client.sleeps[0], 1234);
      assert.equal(client.sleeps[1], 2000);
      assert.ok(client.sleeps[2] > 25_000 && client.sleeps[2] <= 30_000, String(client.sleeps[2]));
      await client.close();
    });

    it('does not sit through a retry-after over 60 s: the user gets the wait', async () => {
      sim.enqueue({ status: 429, headers: { 'retry-after': '120' }, times: 3 });
      const client = simClient(sim);
      const err = await expectKind(client.complete(hello), 'rateLimit');
      assert.equal(err.retryAfterMs, 120_000);
      assert.match(err.message, /120 s/);
      assert.equal(sim.requests.length, 1);
      await client.close();
    });

    it('follows x-should-retry', async () => {
      sim.enqueue({ status: 500, headers: { 'x-should-retry': 'false' } });
      const client = simClient(sim);
      await expectKind(client.complete(hello), 'server');
      assert.equal(sim.requests.length, 1);
      sim.enqueue({ status: 400, headers: { 'x-should-retry': 'true' } });
      await client.complete(hello);
      assert.equal(sim.requests.length, 3);
      await client.close();
    });

    it('retries a connection reset before the response, then streams', async () => {
      sim.enqueue({ fault: 'reset', times: 2 });
      const client = simClient(sim);
      const events = await collect(client.stream(hello));
      assert.match(textOf(events), /Hello there/);
      assert.equal(sim.requests.length, 3);
      await client.close();
    });

    it('connection refused → connection, after the retries', async () => {
      const port = await freePort();
      const client = simClient(sim, { baseUrl: `http://127.0.0.1:${port}/api/v1` });
      const err = await expectKind(client.listModels(), 'connection');
      assert.match(err.message, /refused/);
      assert.equal(client.sleeps.length, 2);
      await client.close();
    });

    it('a retry wait ends at once on abort', async () => {
      sim.enqueue({ status: 503, times: 3 });
      // A 10 s back-off (the real sleep, stretched) that the abort must cut short.
      const client = simClient(sim, { sleep: (ms, signal) => abortableSleep(ms * 20, signal), random: () => 0 });
      const ac = new AbortController();
      const t0 = Date.now();
      const p = client.complete(hello, { signal: ac.signal });
      await sim.waitFor((s) => s.requests.length === 1 && s.requests[0].finished);
      setTimeout(() => ac.abort(), 20);
      await expectKind(p, 'cancelled');
      assert.ok(Date.now() - t0 < 5000, 'did not wait the 10 s back-off');
      assert.equal(sim.requests.length, 1);
      await client.close();
    });
  });

  describe('timeouts', () => {
    it('complete() waits for headers as long as the idle timeout allows (the answer comes whole)', async () => {
      // undici's timers for these are coarse (~0.5 s ticks): keep the delay well past the limit.
      sim.enqueue({ headersDelayMs: 1500 });
      const client = simClient(sim, { headersTimeoutMs: 150, idleTimeoutMs: 4000 });
      assert.match((await client.complete(hello)).text, /Hello there/);
      sim.enqueue({ headersDelayMs: 1500 });
      await expectKind(collect(client.stream(hello)), 'headersTimeout');
      await client.close();
    });

    it('no response headers in time → headersTimeout, not retried', async () => {
      sim.enqueue({ fault: 'noHeaders', times: 3 });
      const client = simClient(sim, { headersTimeoutMs: 300 });
      const err = await expectKind(collect(client.stream(hello)), 'headersTimeout');
      assert.match(err.message, /0\.3 s/);
      assert.equal(sim.requests.length, 1);
      await client.close();
    });

    it('a TLS handshake that never completes → connectTimeout', async () => {
      const silent = net.createServer(() => {
        /* accept TCP, never speak TLS */
      });
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
      const port = (silent.address() as AddressInfo).port;
      const client = simClient(sim, { baseUrl: `https://127.0.0.1:${port}/api/v1`, connectTimeoutMs: 200, maxRetries: 0 });
      const t0 = Date.now();
      await expectKind(client.listModels(), 'connectTimeout');
      assert.ok(Date.now() - t0 < 8000);
      await client.close();
      silent.close();
    });

    it('an unknown host → dns', async () => {
      const client = simClient(sim, { baseUrl: 'http://no-such-host.invalid/api/v1', maxRetries: 0 });
      const err = await expectKind(client.listModels(), 'dns');
      assert.match(err.message, /no-such-host\.invalid/);
      await client.close();
    });
  });

  describe('cancellation', () => {
    it('abort mid-stream: no event after it, and the socket closes at once', async () => {
      sim.enqueue({ delayMs: 20 });
      const client = simClient(sim);
      const ac = new AbortController();
      const seen: ChatStreamEvent[] = [];
      const err = await expectKind(async () => {
        for await (const ev of client.stream(hello, { signal: ac.signal })) {
          seen.push(ev);
          if (seen.length === 2) ac.abort();
        }
      }, 'cancelled');
      assert.equal(seen.length, 2);
      assert.equal(err.kind, 'cancelled');
      await sim.waitFor((s) => s.requests[0].closedByClient, 1000);
      await client.close();
    });

    it('abort while waiting for headers closes the connection', async () => {
      sim.enqueue({ fault: 'noHeaders' });
      const client = simClient(sim);
      const ac = new AbortController();
      const p = collect(client.stream(hello, { signal: ac.signal }));
      await sim.waitFor((s) => s.requests.length === 1);
      ac.abort();
      await expectKind(p, 'cancelled');
      await sim.waitFor((s) => s.requests[0].closedByClient, 1000);
      await client.close();
    });

    it('an already aborted signal sends nothing', async () => {
      const client = simClient(sim);
      await expectKind(client.complete(hello, { signal: AbortSignal.abort() }), 'cancelled');
      assert.equal(sim.requests.length, 0);
      await client.close();
    });

    it('breaking out of the loop frees the connection', async () => {
      sim.enqueue({ delayMs: 20 });
      const client = simClient(sim);
      for await (const ev of client.stream(hello)) {
        if (ev.type === 'text') break;
      }
      await sim.waitFor((s) => s.requests[0].closedByClient, 1000);
      await client.close();
    });
  });

  describe('the key is never written out', () => {
    // TokenHub's own shape, and shapes no pattern knows (a local server's, a company gateway's):
    // only the key the client was given can hide those.
    for (const key of ['th-live-SECRETSECRET123456', 'SECRETSECRET-local-9f8e', 'corp.gw/SECRETSECRET+Zm9v==']) {
      it(`is absent from errors (message, JSON, inspect with cause chain) and log lines: ${key.slice(0, 8)}…`, async () => {
        const log = memoryLogger();
        // A gateway that echoes the key it got, and a network failure, and a stream error.
        sim.enqueue({ status: 401, body: { error: { message: `Incorrect API key provided: ${key}`, code: 'invalid_api_key' } } });
        const client = simClient(sim, { getApiKey: async () => key, log, maxRetries: 0 });
        const errors: unknown[] = [];
        errors.push(await caught(() => client.listModels().then(() => undefined)));
        sim.enqueue({ match: { path: '/models' }, status: 500, body: `key was ${key}` });
        errors.push(await caught(() => client.listModels()));
        const refused = simClient(sim, { baseUrl: `http://127.0.0.1:${await freePort()}/api/v1`, getApiKey: async () => key, log, maxRetries: 0 });
        errors.push(await caught(() => refused.listModels()));
        sim.enqueue({ fault: 'errorObject', streamError: { message: `bad key ${key}` } });
        errors.push(await caught(() => collect(client.stream(hello))));
        for (const err of errors) {
          assert.ok(err instanceof TokenHubError);
          const dump = [err.message, JSON.stringify(err), inspect(err, { depth: 10 }), String(err.stack), inspect(err.cause, { depth: 10 }), JSON.stringify(err.gatewayMessage)].join('\n');
          assert.ok(!dump.includes(key) && !dump.includes('SECRETSECRET'), dump);
        }
        assert.ok(log.lines.length > 3);
        for (const line of log.lines) assert.ok(!line.includes('SECRETSECRET'), line);
        await client.close();
        await refused.close();
      });
    }
  });

  describe('other endpoints', () => {
    it('complete() returns text, tool calls, reasoning and usage', async () => {
      sim.enqueue({ reply: 'Plain.', reasoning: 'Hmm.', usage: { prompt_tokens: 10, completion_tokens: 4 } });
      const client = simClient(sim);
      const c = await client.complete(hello);
      assert.equal(c.text, 'Plain.');
      assert.equal(c.reasoning, 'Hmm.');
      assert.equal(c.finishReason, 'stop');
      assert.deepEqual(c.usage, { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 });
      assert.equal((sim.requests[0].body as { stream: boolean }).stream, false);
      sim.enqueue({ toolCalls: [{ id: 'c1', name: 'f', arguments: '{"a":1}' }] });
      const t = await client.complete(hello);
      assert.deepEqual(t.toolCalls, [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }]);
      assert.equal(t.finishReason, 'tool_calls');
      await client.close();
    });

    it('listModels() returns the gateway list', async () => {
      const client = simClient(sim);
      const models = await client.listModels();
      assert.equal(models.length, sim.models.length);
      assert.ok(models.some((m) => m.id === 'anthropic/claude-sonnet-4-6' && m.owned_by === 'anthropic'));
      await client.close();
    });

    it('generates images (b64_json and url) and downloads a real PNG', async () => {
      const client = simClient(sim);
      const b64 = await client.generateImages({ model: 'bytedance/doubao-seedream-5.0', prompt: 'a lake', response_format: 'b64_json', n: 2 });
      assert.equal(b64.images.length, 2);
      assert.ok(Buffer.from(b64.images[0].b64_json!, 'base64').subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])));
      assert.ok(b64.cost! > 0);
      const byUrl = await client.generateImages({ model: 'bytedance/doubao-seedream-5.0', prompt: 'a lake', response_format: 'url' });
      const dl = await client.download(byUrl.images[0].url!);
      const bytes = await readAll(dl.body);
      assert.equal(bytes.length, dl.contentLength);
      assert.equal(bytes.subarray(1, 4).toString('ascii'), 'PNG');
      await client.close();
    });

    it('runs a video task queued → running → succeeded and downloads a real MP4', async () => {
      const client = simClient(sim);
      const task = await client.createVideo({ model: 'bytedance/doubao-seedance-2.0', prompt: 'a dog on a beach', duration: 5 });
      assert.equal(task.status, 'queued');
      assert.match(task.id, /^tsk-/);
      assert.equal((await client.getVideo(task.id)).status, 'running');
      const done = await client.getVideo(task.id);
      assert.equal(done.status, 'succeeded');
      assert.ok(done.videoUrl);
      const bytes = await readAll((await client.download(done.videoUrl!)).body);
      assert.equal(bytes.subarray(4, 8).toString('ascii'), 'ftyp');
      assert.ok(bytes.includes(Buffer.from('moov')) && bytes.includes(Buffer.from('mdat')));
      await client.close();
    });

    it('a video task read back without a model names none (the caller knows which it asked for)', async () => {
      sim.enqueue({ match: { method: 'GET', path: /\/videos\/generations\/v9$/ }, status: 200, body: { id: 'v9', status: 'running' } });
      const client = simClient(sim);
      assert.deepEqual(await client.getVideo('v9'), { id: 'v9', model: '', status: 'running' });
      await client.close();
    });

    it('close() closes the connections it kept open', async () => {
      const client = simClient(sim);
      await client.listModels();
      const open = sim.openConnections;
      assert.ok(open > 0, 'a kept-alive connection');
      await client.close();
      await waitFor(() => sim.openConnections === 0, 2000, 'the connection to close');
    });

    it('reports a failed video task with its reason', async () => {
      sim.enqueue({ match: { path: '/videos/generations' }, videoStatuses: ['queued', 'failed'], videoError: 'Content policy' });
      const client = simClient(sim);
      const task = await client.createVideo({ model: 'bytedance/doubao-seedance-2.0', prompt: 'x' });
      const failed = await client.getVideo(task.id);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.error, 'Content policy');
      await client.close();
    });

    it('download() sends the key to the gateway origin only, never to another host', async () => {
      const other = await Simulator.start({ apiKey: 'th-other-000000000000' });
      try {
        const client = simClient(sim);
        // A task on the other origin: the file URL points there.
        const otherClient = simClient(other);
        const t = await otherClient.createVideo({ model: 'bytedance/doubao-seedance-2.0', prompt: 'x', duration: 1 });
        await otherClient.getVideo(t.id);
        const done = await otherClient.getVideo(t.id);
        await otherClient.close();
        other.reset();
        const bytes = await readAll((await client.download(done.videoUrl!)).body);
        assert.ok(bytes.length > 1000);
        assert.equal(other.requests.length, 1);
        assert.equal(other.requests[0].hadAuthorization, false, 'no Bearer key to a different origin');
        const img = await client.generateImages({ model: 'bytedance/doubao-seedream-5.0', prompt: 'y' });
        await readAll((await client.download(img.images[0].url!)).body);
        assert.equal(sim.requests.at(-1)!.hadAuthorization, true, 'same origin keeps the key');
        await client.close();
      } finally {
        await other.close();
      }
    });

    it('download() errors are typed', async () => {
      const client = simClient(sim);
      await expectKind(client.download(`${sim.origin}/files/videos/none.mp4`), 'badRequest');
      await client.close();
    });
  });
  describe('requests, logs and the less common answers', () => {
    it('sends each call with its method, path, Accept and, with a body only, a JSON content type', async () => {
      const client = simClient(sim, { baseUrl: `${sim.baseUrl}///` });
      await client.listModels();
      await client.complete(hello);
      await collect(client.stream(hello));
      await client.generateImages({ model: 'bytedance/doubao-seedream-5.0', prompt: 'a lake', response_format: 'url' });
      const task = await client.createVideo({ model: 'bytedance/doubao-seedance-2.0', prompt: 'a dog' });
      await client.getVideo(task.id);
      const seen = sim.requests.map((r) => [r.method, r.path.replace(task.id, 'ID'), r.headers.accept, r.headers['content-type'] ?? null]);
      assert.deepEqual(seen, [
        ['GET', '/api/v1/models', 'application/json', null],
        ['POST', '/api/v1/chat/completions', 'application/json', 'application/json'],
        ['POST', '/api/v1/chat/completions', 'text/event-stream', 'application/json'],
        ['POST', '/api/v1/images/generations', 'application/json', 'application/json'],
        ['POST', '/api/v1/videos/generations', 'application/json', 'application/json'],
        ['GET', '/api/v1/videos/generations/ID', 'application/json', null],
      ]);
      assert.ok(sim.requests.every((r) => r.hadAuthorization));
      await client.close();
    });

    it('keeps only models with an id from the list', async () => {
      sim.enqueue({ match: { method: 'GET', path: '/models' }, status: 200, body: { data: [null, { id: 5 }, 'x', { id: 'a/b', name: 'A' }] } });
      const client = simClient(sim);
      assert.deepEqual(await client.listModels(), [{ id: 'a/b', name: 'A' }]);
      sim.enqueue({ match: { method: 'GET', path: '/models' }, status: 200, body: { data: [] } });
      assert.deepEqual(await client.listModels(), []);
      await client.close();
    });

    it('reads image results of every shape: data, usage under either name, the cost where it is', async () => {
      const client = simClient(sim);
      const gen = (body: unknown) => {
        sim.enqueue({ match: { path: '/images/generations' }, status: 200, body });
        return client.generateImages({ model: 'm', prompt: 'p' });
      };
      assert.deepEqual(await gen({ data: [{ b64_json: 'AAA', revised_prompt: 'better', url: 5 }, { url: 'https://x.test/y.png', b64_json: 5, revised_prompt: 7 }], usage: { input_tokens: 10, output_tokens: 20, total_tokens: 30, cost: 0.5 } }), {
        images: [{ b64_json: 'AAA', revised_prompt: 'better' }, { url: 'https://x.test/y.png' }],
        usage: { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30, cost: 0.5 },
        cost: 0.5,
      });
      assert.deepEqual(await gen({ data: [], usage: { prompt_tokens: 1, completion_tokens: 2, input_tokens: 9, output_tokens: 9 }, cost: 0.25 }), {
        images: [],
        usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: undefined },
        cost: 0.25,
      });
      assert.deepEqual(await gen({ usage: {} }), { images: [], usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: undefined } });
      assert.deepEqual(await gen({ data: [{}], usage: 'lots', cost: '1' }), { images: [{}], usage: null });
      await client.close();
    });

    it('reads a 200 that carries only an error as that error, and one with an answer as the answer', async () => {
      const client = simClient(sim, { maxRetries: 0 });
      const ok = (body: unknown, path = '/chat/completions') => sim.enqueue({ match: { path }, status: 200, body });
      ok({ error: { message: 'You exceeded your quota', code: 'insufficient_quota' } });
      const e = await expectKind(client.complete(hello), 'credit');
      assert.equal(e.status, 200);
      ok({ error: null, choices: [{ message: { content: 'fine' }, finish_reason: 'stop' }] });
      assert.equal((await client.complete(hello)).text, 'fine');
      ok({ error: 'ignored', choices: [{ message: { content: 'also fine' } }] });
      assert.equal((await client.complete(hello)).text, 'also fine');
      ok({ error: 'ignored', data: [{ id: 'a/b' }] }, '/models');
      assert.deepEqual(await client.listModels(), [{ id: 'a/b' }]);
      sim.enqueue({ match: { method: 'POST', path: '/videos/generations' }, status: 200, body: { id: 'v1', status: 'failed', error: 'policy' } });
      assert.deepEqual(await client.createVideo({ model: 'v', prompt: 'p' }), { id: 'v1', model: 'v', status: 'failed', error: 'policy' });
      sim.enqueue({ match: { method: 'POST', path: '/videos/generations' }, status: 200, body: { id: 'v2', error: 'queued with a warning' } });
      assert.equal((await client.createVideo({ model: 'v', prompt: 'p' })).id, 'v2');
      sim.enqueue({ match: { method: 'POST', path: '/videos/generations' }, status: 200, body: { error: 'no', status: 'failed' } });
      assert.equal((await client.createVideo({ model: 'v', prompt: 'p' })).status, 'failed');
      await client.close();
    });

    it('a 200 with a web page or other text is "not JSON", with what was received', async () => {
      const client = simClient(sim, { maxRetries: 0 });
      sim.enqueue({ status: 200, body: '<!DOCTYPE html><html><head><title>Sign in</title></head></html>', contentType: 'text/plain' });
      const page = await expectKind(client.complete(hello), 'notJson');
      assert.equal(page.gatewayMessage, 'Sign in');
      sim.enqueue({ status: 200, body: 'all good, probably', contentType: 'text/plain; charset=utf-8' });
      const text = await expectKind(client.complete(hello), 'notJson');
      assert.equal(text.message, 'Expected a JSON answer from TokenHub but received something else (HTTP 200, text/plain).');
      assert.deepEqual([text.status, text.gatewayMessage], [200, 'all good, probably']);
      await client.close();
    });

    it('refuses to download from anything but http(s)', async () => {
      const client = simClient(sim);
      for (const url of ['file:///etc/passwd', 'data:text/plain,x', 'ftp://x.test/a']) {
        const e = await expectKind(client.download(url), 'badRequest');
        assert.match(e.message, /Cannot download from a \w+: URL\./);
      }
      assert.equal(sim.requests.length, 0);
      await client.close();
    });

    it('logs each request, its answer and each retry; a failure as a warning, a cancel quietly', async () => {
      const log = memoryLogger();
      const client = simClient(sim, { log, maxRetries: 2 });
      sim.enqueue({ status: 503, times: 1 });
      await collect(client.stream(hello));
      const lines = log.lines.map((l) => l.replace(/\d+ ms/g, 'N ms'));
      assert.equal(lines[0], `debug → POST /api/v1/chat/completions (${MODEL})`);
      assert.match(lines[1]!, new RegExp(`^warn ✗ POST /api/v1/chat/completions \\(${MODEL}\\): HTTP 503 server: TokenHub or the model provider had a server error \\(HTTP 503\\)`));
      assert.equal(lines[2], 'info Retrying in N ms (attempt 2 of 3)');
      assert.equal(lines[3], `debug → POST /api/v1/chat/completions (${MODEL}) (retry 1)`);
      assert.equal(lines[4], 'debug ← 200 POST /api/v1/chat/completions in N ms');
      assert.match(lines.at(-1)!, new RegExp(`^debug ← stream ${MODEL} done in N ms \\(\\d+ chars, finish stop\\)$`));

      log.lines.length = 0;
      sim.enqueue({ fault: 'errorObject' });
      await caught(() => collect(client.stream(hello)));
      assert.ok(log.lines.some((l) => l.startsWith(`warn ✗ stream ${MODEL}: streamError: `)), log.lines.join('\n'));

      log.lines.length = 0;
      const ac = new AbortController();
      sim.enqueue({ delayMs: 20 });
      await caught(async () => {
        for await (const ev of client.stream(hello, { signal: ac.signal })) if (ev.type === 'text') ac.abort();
      });
      assert.ok(log.lines.some((l) => l.startsWith(`debug ✗ stream ${MODEL}: cancelled: `)), log.lines.join('\n'));
      assert.ok(!log.lines.some((l) => l.startsWith('warn')), log.lines.join('\n'));

      log.lines.length = 0;
      const refused = simClient(sim, { log, baseUrl: `http://127.0.0.1:${await freePort()}/api/v1`, maxRetries: 1 });
      await caught(() => refused.listModels());
      assert.deepEqual(
        log.lines.map((l) => l.replace(/\d+ ms/g, 'N ms').replace(/127\.0\.0\.1:\d+/g, 'HOST')),
        [
          'debug → GET /api/v1/models',
          'warn ✗ GET /api/v1/models: connection: Could not reach HOST: the connection was refused.',
          'info Retrying in N ms (attempt 2 of 2)',
          'debug → GET /api/v1/models (retry 1)',
          'warn ✗ GET /api/v1/models: connection: Could not reach HOST: the connection was refused.',
        ],
      );
      await client.close();
      await refused.close();
    });

    it('a cancel while waiting to retry stops at once, and is not retried', async () => {
      const ac = new AbortController();
      const client = simClient(sim, { sleep: async () => ac.abort(), maxRetries: 3 });
      sim.enqueue({ match: { method: 'GET', path: '/models' }, status: 503, times: 3 });
      await expectKind(client.listModels({ signal: ac.signal }), 'cancelled');
      assert.equal(sim.requests.length, 1);
      await client.close();
    });
  });

  describe('videoTaskFromJson', () => {
    it('reads the documented shape and the common variants of other gateways', () => {
      const cases: [Record<string, unknown>, Record<string, unknown>][] = [
        [{ id: 't1', status: 'SUCCEEDED', data: [{ video_url: 'https://v/1.mp4' }], cost: 0.4, progress: 100 }, { id: 't1', model: 'm', status: 'succeeded', videoUrl: 'https://v/1.mp4', cost: 0.4, progress: 100 }],
        [{ task_id: 't2', state: 'processing', data: { url: 'https://v/2.mp4' }, progress: '45%', model: 'other' }, { id: 't2', model: 'other', status: 'running', videoUrl: 'https://v/2.mp4', progress: 45 }],
        [{ id: 't3', status: 'submitted', video_url: 'https://v/3.mp4', progress: '7' }, { id: 't3', model: 'm', status: 'queued', videoUrl: 'https://v/3.mp4', progress: 7 }],
        [{ id: 't4', status: 'completed', content: { video_url: 'https://v/4.mp4' } }, { id: 't4', model: 'm', status: 'succeeded', videoUrl: 'https://v/4.mp4' }],
        [{ id: 't5', status: 'done', url: 'https://v/5.mp4', progress: 'half' }, { id: 't5', model: 'm', status: 'succeeded', videoUrl: 'https://v/5.mp4' }],
        [{ id: 't6', status: 'failed', error: { message: 'policy' } }, { id: 't6', model: 'm', status: 'failed', error: 'policy' }],
        [{ id: 't7', status: 'error', error: 'bad prompt' }, { id: 't7', model: 'm', status: 'failed', error: 'bad prompt' }],
        [{ id: 't8', status: 'expired', fail_reason: 'took too long' }, { id: 't8', model: 'm', status: 'failed', error: 'took too long' }],
        [{ id: 't9', status: 'canceled', error: { code: 1 } }, { id: 't9', model: 'm', status: 'failed', error: 'The video could not be generated.' }],
        [{ id: 't10', status: 'running', error: '', progress: '12%x' }, { id: 't10', model: 'm', status: 'running' }],
        [{ id: 't11', status: 'warming-up' }, { id: 't11', model: 'm', status: 'running' }],
        [{}, { id: '', model: 'm', status: 'queued' }],
        [{ id: 't12', status: 'not_start', data: [{ video_url: 5 }], error: null }, { id: 't12', model: 'm', status: 'queued' }],
        [{ id: 't13', status: 'in_progress', cost: '1' }, { id: 't13', model: 'm', status: 'running' }],
      ];
      for (const [json, want] of cases) assert.deepEqual(videoTaskFromJson(json, 'm'), want, JSON.stringify(json));
    });
  });

});

async function readAll(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of body) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}
