// HttpTransport: the request plumbing under every endpoint. Proxy passwords masked like the key,
// what is retried and what is not, error bodies read only so far, and JSON answers checked.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { TokenHubError } from '../../../src/core/client/errors';
import { scriptedClient, startScriptedServer } from '../../fakes/scriptedServer';
import type { ScriptedServer } from '../../fakes/scriptedServer';
import { TestProxy } from '../../fakes/proxy';
import { caught, memoryLogger, simClient } from '../../simulator/helpers';
import { Simulator } from '../../simulator/server';

const MODEL = 'openai/gpt-4.1';
const hello = { model: MODEL, messages: [{ role: 'user' as const, content: 'Hello' }] };

async function expectKind(p: Promise<unknown>, kind: string): Promise<TokenHubError> {
  const e = await caught(() => p);
  assert.ok(e instanceof TokenHubError, String(e));
  assert.equal(e.kind, kind, e.message);
  return e;
}

describe('core/client/httpTransport', () => {
  describe('with the simulator', () => {
    let sim: Simulator;
    let proxy: TestProxy;
    beforeEach(async () => {
      sim = await Simulator.start();
      proxy = await TestProxy.start();
    });
    afterEach(async () => {
      await sim.close();
      await proxy.close();
    });

    it('a gateway error that quotes the proxy address never shows its password, encoded or not', async () => {
      const proxyHost = proxy.url.replace('http://', '');
      const cases: { setting: { url: string; env: Record<string, string> }; password: string }[] = [
        { setting: { url: `http://bob:${encodeURIComponent('p@ss w0rd')}@${proxyHost}`, env: {} }, password: 'p@ss w0rd' },
        { setting: { url: `http://bob:pw4x@${proxyHost}`, env: {} }, password: 'pw4x' },
        // An address without its scheme, as people write HTTP_PROXY.
        { setting: { url: '', env: { HTTP_PROXY: `carol:n0-scheme-pw@${proxyHost}` } }, password: 'n0-scheme-pw' },
      ];
      for (const { setting, password } of cases) {
        const shown = [password, encodeURIComponent(password)];
        sim.enqueue({ status: 400, body: { error: { message: `Upstream refused the request from ${shown.join(' / ')} (via ${setting.url || setting.env.HTTP_PROXY})` } } });
        const log = memoryLogger();
        const client = simClient(sim, { maxRetries: 0, log, proxy: { ...setting, strictSSL: true } });
        const e = await expectKind(client.complete(hello), 'badRequest');
        await client.close();
        const written = [e.message, e.gatewayMessage ?? '', ...log.lines].join('\n');
        assert.match(e.message, /Upstream refused the request from \[redacted\]/);
        for (const s of shown) assert.ok(!written.includes(s), `${s} shown:\n${written}`);
      }
      assert.equal(proxy.log.length, 3, 'each request went through the proxy');
    });

    it('logs which proxy a request went through, without its credentials', async () => {
      const log = memoryLogger();
      const client = simClient(sim, { log, proxy: { url: proxy.url.replace('http://', 'http://dave:s3cr3t-pw@'), strictSSL: true, env: {} } });
      await client.listModels();
      await client.close();
      assert.equal(log.lines[0], `debug → GET /api/v1/models via proxy 127.0.0.1:${proxy.port}`);
      assert.ok(!log.lines.join('\n').includes('s3cr3t-pw'));
    });

    it('a PAC script address is named in the error without the password in it', async () => {
      const client = simClient(sim, { proxy: { url: 'http://erin:pac-secret@wpad.corp.example/proxy.pac', strictSSL: true, env: {} } });
      const e = await expectKind(client.listModels(), 'proxy');
      await client.close();
      assert.equal(
        e.message,
        "The proxy setting names a proxy auto-configuration (PAC) script (http://wpad.corp.example/proxy.pac), which TokenHub cannot run. Set the proxy's own address (http://host:port) instead.",
      );
    });

    it('through a proxy, warm() opens no connection of its own to the gateway', async () => {
      // A gateway that counts connections; the proxy refuses everything, so none comes from it.
      let connections = 0;
      const gateway = net.createServer((s) => {
        connections++;
        s.destroy();
      });
      await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', () => r()));
      proxy.refuseWith = 407;
      const client = simClient(sim, { baseUrl: `http://127.0.0.1:${(gateway.address() as net.AddressInfo).port}/api/v1`, maxRetries: 0, proxy: { url: proxy.url, strictSSL: true, env: {} } });
      try {
        await client.warm();
        // A round trip to the proxy: a connection the warm-up opened would have been accepted by now.
        await expectKind(client.listModels(), 'proxy');
        assert.equal(connections, 0);
      } finally {
        await client.close();
        await new Promise<void>((r) => gateway.close(() => r()));
      }
    });

    it('a 300 answer to an API call is an error, not an answer', async () => {
      sim.enqueue({ match: { method: 'GET', path: '/models' }, status: 300, body: { data: [{ id: 'a/b' }] } });
      const client = simClient(sim, { maxRetries: 0 });
      const e = await caught(() => client.listModels());
      await client.close();
      assert.ok(e instanceof TokenHubError && e.status === 300, String(e));
    });

    it('an insufficient-quota 429 is not retried: waiting does not add credit', async () => {
      sim.enqueue({ status: 429, times: 3, body: { error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' } } });
      const client = simClient(sim, { maxRetries: 2 });
      await expectKind(client.complete(hello), 'credit');
      assert.equal(sim.requests.length, 1);
      assert.deepEqual(client.sleeps, []);
      await client.close();
    });

    it('a cancel while waiting for the answer is logged quietly, not as a warning', async () => {
      sim.enqueue({ fault: 'noHeaders' });
      const log = memoryLogger();
      const client = simClient(sim, { log });
      const ac = new AbortController();
      const p = client.complete(hello, { signal: ac.signal });
      await sim.waitFor((s) => s.requests.length === 1);
      ac.abort();
      await expectKind(p, 'cancelled');
      await client.close();
      assert.ok(log.lines.some((l) => l.startsWith('debug ✗ POST /api/v1/chat/completions (openai/gpt-4.1): cancelled')), log.lines.join('\n'));
      assert.ok(!log.lines.some((l) => l.startsWith('warn')), log.lines.join('\n'));
    });

    it('a video task read back by its task_id and state, with error: null, is a task, not an error', async () => {
      sim.enqueue({ match: { method: 'GET', path: /\/videos\/generations\/t1$/ }, status: 200, body: { task_id: 't1', state: 'processing', error: null } });
      const client = simClient(sim);
      assert.deepEqual(await client.getVideo('t1'), { id: 't1', model: '', status: 'running' });
      await client.close();
    });
  });

  describe('with a scripted server', () => {
    let server: ScriptedServer;
    afterEach(async () => {
      await server?.close();
    });

    it('an error body that never ends is read only so far: the error comes at once', async () => {
      server = await startScriptedServer({
        '/api/v1/models': (_req, res) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          const more = () => {
            if (!res.destroyed) res.write('upstream exploded '.repeat(1000), () => setImmediate(more));
          };
          more();
        },
      });
      const client = scriptedClient(server, { idleTimeoutMs: 60_000 });
      const e = await expectKind(client.listModels(), 'server');
      await client.close();
      assert.match(e.message, /upstream exploded/);
      await server.abandoned('/api/v1/models');
    });

    it('an error body that arrives in pieces is read whole', async () => {
      server = await startScriptedServer({
        '/api/v1/models': (_req, res) => {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.write('{"error":{"message":"max_tokens is ', () => setTimeout(() => res.end('too large"}}'), 20));
        },
      });
      const client = scriptedClient(server);
      const e = await expectKind(client.listModels(), 'badRequest');
      await client.close();
      assert.equal(e.gatewayMessage, 'max_tokens is too large');
    });

    it('an answer that is no JSON object (null, a number) is a clear error, not a crash', async () => {
      const long = `"${'x'.repeat(60)}"`;
      for (const [body, shown] of [[' null\n', 'null'], ['42', '42'], ['"ok"', '"ok"'], [long, long.slice(0, 40)]]) {
        server = await startScriptedServer({
          '/api/v1/models': (_req, res) => {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(body);
          },
        });
        const client = scriptedClient(server);
        const e = await expectKind(client.listModels(), 'protocol');
        assert.equal(e.message, `TokenHub answered with ${shown} where a JSON object was due (HTTP 200).`);
        assert.equal(e.status, 200);
        await client.close();
        await server.close();
      }
    });

    it('an answer without a content type that is not JSON says so plainly', async () => {
      server = await startScriptedServer({
        '/api/v1/models': (_req, res) => {
          res.writeHead(200);
          res.end('hello');
        },
      });
      const client = scriptedClient(server);
      const e = await expectKind(client.listModels(), 'notJson');
      await client.close();
      assert.equal(e.message, 'Expected a JSON answer from TokenHub but received something else (HTTP 200).');
    });

    it('a JSON answer cut off in the middle says the connection closed mid-answer, not "not JSON"', async () => {
      server = await startScriptedServer({
        '/api/v1/models': (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
          res.write('{"data":[{"id":"a/b"', () => res.socket?.destroy());
        },
      });
      const client = scriptedClient(server);
      const e = await expectKind(client.listModels(), 'streamCut');
      await client.close();
      assert.equal(e.message, 'The connection closed in the middle of the answer.');
    });
  });
});
