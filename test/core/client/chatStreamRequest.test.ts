// streamChat(): how a streamed answer ends (at [DONE], in a cut, in a last error event) and that a
// cancel stops every event after it, against a small server that writes each body as the test says.
import * as assert from 'node:assert/strict';
import type { ChatStreamEvent } from '../../../src/core/client/api';
import { TokenHubError } from '../../../src/core/client/errors';
import type { TokenHubClient } from '../../../src/core/client/tokenHubClient';
import { scriptedClient, startScriptedServer } from '../../fakes/scriptedServer';
import type { Handler, ScriptedServer } from '../../fakes/scriptedServer';
import { caught, collect, memoryLogger } from '../../simulator/helpers';

const PATH = '/api/v1/chat/completions';
const hello = { model: 'openai/gpt-4.1', messages: [{ role: 'user' as const, content: 'Hello' }] };
const sse = (o: unknown) => `data: ${typeof o === 'string' ? o : JSON.stringify(o)}\n\n`;
const delta = (content: string, extra: Record<string, unknown> = {}) => ({ choices: [{ index: 0, delta: { content }, finish_reason: null }], ...extra });

/** Answers with an event stream: `body` in one write, then ends it (or holds it open). */
function stream(body: string, end = true): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    if (end) res.end(body);
    else res.write(body);
  };
}

async function expectError(p: Promise<unknown>, kind: string): Promise<TokenHubError> {
  const e = await caught(() => p);
  assert.ok(e instanceof TokenHubError, String(e));
  assert.equal(e.kind, kind, e.message);
  return e;
}

describe('core/client/chatStreamRequest', () => {
  let server: ScriptedServer;
  let client: TokenHubClient;
  afterEach(async () => {
    await client?.close();
    await server?.close();
  });

  it('the answer ends at [DONE] even when the gateway keeps the connection open, and frees it', async () => {
    server = await startScriptedServer({ [PATH]: stream(sse(delta('Hi')) + sse(delta('!', { usage: { prompt_tokens: 1, completion_tokens: 2 } })) + sse('[DONE]'), false) });
    client = scriptedClient(server, { idleTimeoutMs: 2_000 });
    const events = await collect(client.stream(hello));
    assert.deepEqual(events, [
      { type: 'text', text: 'Hi!' },
      { type: 'finish', reason: 'stop' },
      { type: 'usage', usage: { prompt_tokens: 1, completion_tokens: 2 } },
    ]);
    await server.abandoned(PATH);
  });

  it('a cut says how many characters were kept, and says nothing of a partial answer when none came', async () => {
    server = await startScriptedServer({
      '/api/v1/chat/completions': stream(sse(delta('Half')) + sse(delta(' an'))),
    });
    client = scriptedClient(server);
    const cut = await expectError(collect(client.stream(hello)), 'streamCut');
    assert.equal(
      cut.message,
      'The answer ended in the middle after 7 characters: the stream closed without a finish reason or [DONE]. The partial answer (7 characters) was kept.',
    );
    await server.close();
    server = await startScriptedServer({ [PATH]: stream(sse({ choices: [{ index: 0, delta: { role: 'assistant' } }] })) });
    await client.close();
    client = scriptedClient(server);
    const empty = await expectError(collect(client.stream(hello)), 'streamCut');
    assert.equal(empty.message, 'The answer ended in the middle: the stream closed without a finish reason or [DONE].');
  });

  it('an error in the last event (the body ends without its blank line) is reported after the text before it', async () => {
    server = await startScriptedServer({ [PATH]: stream(sse(delta('Par')) + 'event: error\ndata: {"error":{"message":"Upstream overloaded"}}') });
    client = scriptedClient(server);
    const seen: ChatStreamEvent[] = [];
    const e = await expectError(
      (async () => {
        for await (const ev of client.stream(hello)) seen.push(ev);
      })(),
      'streamError',
    );
    assert.deepEqual(seen, [{ type: 'text', text: 'Par' }]);
    assert.equal(e.gatewayMessage, 'Upstream overloaded');
    assert.equal(e.receivedChars, 3);
  });

  describe('a cancel stops the events at once, wherever it falls', () => {
    const model = { model: 'openai/gpt-4.1-mini' };
    // Each case: the body, and the events seen when the cancel comes at the first event that is not text.
    const cases: [string, Handler, string[]][] = [
      ['among the events of one network read', stream(sse(delta('one', model)) + sse({ choices: [{ index: 0, delta: { content: ' two' }, finish_reason: 'stop' }] }) + sse('[DONE]')), ['model']],
      ['in the last event that lacked its blank line', stream(sse(delta('a')) + `data: ${JSON.stringify({ ...model, choices: [{ index: 0, delta: { content: 'b' }, finish_reason: 'stop' }] })}`), ['text', 'model']],
      ['among the events due at the end (finish, usage)', stream(sse(delta('a', { usage: { prompt_tokens: 1, completion_tokens: 1 } })) + sse('[DONE]')), ['text', 'finish']],
      [
        'in an answer that came as one JSON body',
        (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ...model, choices: [{ message: { content: 'whole' }, finish_reason: 'stop' }] }));
        },
        ['model'],
      ],
    ];
    for (const [name, handler, want] of cases) {
      it(name, async () => {
        server = await startScriptedServer({ [PATH]: handler });
        client = scriptedClient(server);
        const ac = new AbortController();
        const seen: string[] = [];
        await expectError(
          (async () => {
            for await (const ev of client.stream(hello, { signal: ac.signal })) {
              seen.push(ev.type);
              if (ev.type !== 'text') ac.abort();
            }
          })(),
          'cancelled',
        );
        assert.deepEqual(seen, want);
      });
    }
  });

  it('logs how long the stream took', async () => {
    server = await startScriptedServer({ [PATH]: stream(sse(delta('Hi', { choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: 'stop' }] })) + sse('[DONE]')) });
    const log = memoryLogger();
    client = scriptedClient(server, { log });
    const before = Date.now();
    await collect(client.stream(hello));
    const elapsed = Date.now() - before;
    const took = log.lines.map((l) => /^debug ← stream openai\/gpt-4\.1 done in (\d+) ms \(2 chars, finish stop\)$/.exec(l)).find(Boolean);
    assert.ok(took, log.lines.join('\n'));
    assert.ok(Number(took[1]) <= elapsed, `${took[1]} ms > ${elapsed} ms`);
    const answered = log.lines.map((l) => /^debug ← 200 POST \/api\/v1\/chat\/completions in (\d+) ms$/.exec(l)).find(Boolean);
    assert.ok(answered && Number(answered[1]) <= elapsed, log.lines.join('\n'));
    // A stream that ends with [DONE] alone has no finish reason to name.
    log.lines.length = 0;
    await server.close();
    server = await startScriptedServer({ [PATH]: stream(sse(delta('Hi')) + sse('[DONE]')) });
    await client.close();
    client = scriptedClient(server, { log });
    await collect(client.stream(hello));
    assert.ok(log.lines.some((l) => / \(2 chars, finish none\)$/.test(l)), log.lines.join('\n'));
  });
});
