import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { isPacUrl } from '../../../src/core/client/dispatcher';
import { adviseError } from '../../../src/core/client/errorAdvice';
import { TokenHubError } from '../../../src/core/client/errors';
import { TEST_CERT, TEST_KEY } from '../../fakes/tlsCert';
import { TestProxy } from '../../fakes/proxy';
import { Simulator, keyFingerprint } from '../../simulator/server';
import { caught, collect, freePort, memoryLogger, simClient, textOf } from '../../simulator/helpers';

const hello = { model: 'openai/gpt-4.1', messages: [{ role: 'user' as const, content: 'via proxy' }] };

/** An HTTPS server with a self-signed certificate that answers GET /api/v1/models. */
async function startTlsServer(): Promise<{ url: string; hits: number; close(): Promise<void> }> {
  const state = { hits: 0 };
  const server = https.createServer({ cert: TEST_CERT, key: TEST_KEY }, (_req, res) => {
    state.hits++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ object: 'list', data: [{ id: 'tls/model', object: 'model' }] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}/api/v1`,
    get hits() {
      return state.hits;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe('core/client network: proxies and TLS', () => {
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

  const simPort = () => String(sim.port);

  it('goes through an explicit proxy URL (setting / http.proxy), streams included', async () => {
    const client = simClient(sim, { proxy: { url: proxy.url, strictSSL: true, env: {} } });
    const events = await collect(client.stream(hello));
    assert.match(textOf(events), /via proxy/);
    assert.ok(proxy.log.length >= 1);
    assert.ok(proxy.log.every((e) => e.target.includes(simPort())), JSON.stringify(proxy.log));
    await client.close();
  });

  it('uses HTTP_PROXY from the environment when no URL is set', async () => {
    const client = simClient(sim, { proxy: { url: '', strictSSL: true, env: { HTTP_PROXY: proxy.url } } });
    await client.listModels();
    assert.equal(proxy.log.length, 1);
    await client.close();
  });

  it('uses lower-case http_proxy too', async () => {
    const client = simClient(sim, { proxy: { url: '', strictSSL: true, env: { http_proxy: proxy.url } } });
    await client.listModels();
    assert.equal(proxy.log.length, 1);
    await client.close();
  });

  it('HTTPS_PROXY applies to https targets (CONNECT tunnel; the proxy never sees the key)', async () => {
    const tls = await startTlsServer();
    try {
      const client = simClient(sim, { baseUrl: tls.url, proxy: { url: '', strictSSL: false, env: { HTTPS_PROXY: proxy.url } } });
      const models = await client.listModels();
      assert.equal(models[0].id, 'tls/model');
      assert.equal(proxy.log.length, 1);
      assert.equal(proxy.log[0].method, 'CONNECT');
      assert.equal(proxy.log[0].hadAuthorization, false);
      await client.close();
      // ...and not to http targets.
      const plain = simClient(sim, { proxy: { url: '', strictSSL: true, env: { HTTPS_PROXY: proxy.url } } });
      await plain.listModels();
      assert.equal(proxy.log.length, 1);
      await plain.close();
    } finally {
      await tls.close();
    }
  });

  it("NO_PROXY and VS Code's http.noProxy bypass the proxy (env and explicit URL alike)", async () => {
    for (const proxySettings of [
      { url: '', strictSSL: true, env: { HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' } },
      { url: proxy.url, strictSSL: true, env: { no_proxy: `127.0.0.1:${simPort()}` } },
      { url: proxy.url, strictSSL: true, env: {}, noProxy: ['127.0.0.1'] },
      { url: '', strictSSL: true, env: { HTTP_PROXY: proxy.url }, noProxy: [`127.0.0.1:${simPort()}`] },
    ]) {
      const client = simClient(sim, { proxy: proxySettings });
      await client.listModels();
      await client.close();
    }
    assert.equal(proxy.log.length, 0);
    assert.equal(sim.requests.length, 4);
  });

  it('an explicit URL wins over the environment', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const client = simClient(sim, { proxy: { url: proxy.url, strictSSL: true, env: { HTTP_PROXY: dead } } });
    await client.listModels();
    assert.equal(proxy.log.length, 1);
    await client.close();
  });

  it('never reads process.env behind the settings’ back, nor touches the global dispatcher', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const saved = process.env.HTTP_PROXY;
    process.env.HTTP_PROXY = dead;
    try {
      const client = simClient(sim, { proxy: { url: '', strictSSL: true, env: {} } });
      await client.listModels();
      await client.close();
    } finally {
      if (saved === undefined) delete process.env.HTTP_PROXY;
      else process.env.HTTP_PROXY = saved;
    }
    const { getGlobalDispatcher, Agent } = await import('undici');
    assert.ok(getGlobalDispatcher() instanceof Agent, 'global dispatcher untouched');
  });

  it('a proxy that refuses (407) → proxy', async () => {
    proxy.refuseWith = 407;
    const tls = await startTlsServer();
    try {
      const client = simClient(sim, { baseUrl: tls.url, maxRetries: 0, proxy: { url: proxy.url, strictSSL: false, env: {} } });
      const err = await caught(() => client.listModels());
      assert.ok(err instanceof TokenHubError);
      assert.equal(err.kind, 'proxy', err.message);
      assert.match(err.message, /407/);
      await client.close();
      // Plain http through a refusing proxy: the proxy's 407 response.
      const plain = simClient(sim, { maxRetries: 0, proxy: { url: proxy.url, strictSSL: true, env: {} } });
      const err2 = await caught(() => plain.listModels());
      assert.ok(err2 instanceof TokenHubError);
      assert.equal(err2.kind, 'proxy', err2.message);
      await plain.close();
    } finally {
      await tls.close();
    }
  });

  it('a proxy that is down → proxy, naming it', async () => {
    const port = await freePort();
    const client = simClient(sim, { maxRetries: 0, proxy: { url: `http://127.0.0.1:${port}`, strictSSL: true, env: {} } });
    const err = await caught(() => client.listModels());
    assert.ok(err instanceof TokenHubError);
    assert.equal(err.kind, 'proxy', err.message);
    assert.match(err.message, new RegExp(String(port)));
    await client.close();
  });

  it('a certificate that does not verify → tls; strictSSL false accepts it', async () => {
    const tls = await startTlsServer();
    try {
      const strict = simClient(sim, { baseUrl: tls.url, maxRetries: 2 });
      const err = await caught(() => strict.listModels());
      assert.ok(err instanceof TokenHubError);
      assert.equal(err.kind, 'tls', err.message);
      assert.equal(tls.hits, 0);
      assert.equal(strict.sleeps.length, 0, 'TLS failures are not retried');
      await strict.close();
      const lax = simClient(sim, { baseUrl: tls.url, proxy: { url: '', strictSSL: false, env: {} } });
      assert.equal((await lax.listModels())[0].id, 'tls/model');
      await lax.close();
    } finally {
      await tls.close();
    }
  });

  it('proxy credentials in the proxy URL are sent as Proxy-Authorization, and never logged', async () => {
    proxy.requireCredentials = 'alice:s3cret pass';
    const logger = memoryLogger();
    const without = simClient(sim, { maxRetries: 0, proxy: { url: proxy.url, strictSSL: true, env: {} } });
    const refused = await caught(() => without.listModels());
    await without.close();
    assert.ok(refused instanceof TokenHubError);
    assert.equal(refused.kind, 'proxy', refused.message);

    const url = proxy.url.replace('http://', 'http://alice:s3cret%20pass@');
    const client = simClient(sim, { proxy: { url, strictSSL: true, env: {} }, log: logger });
    const events = await collect(client.stream(hello));
    await client.close();
    assert.match(textOf(events), /via proxy/);
    assert.ok(proxy.log.some((e) => e.hadProxyAuthorization));
    assert.ok(!logger.lines.some((l) => l.includes('s3cret')), logger.lines.join('\n'));
  });

  it('a PAC script in the proxy setting: nothing is sent, and the error says what to set instead', async () => {
    for (const url of ['http://wpad.corp.example/proxy.pac', 'http://wpad.corp.example/wpad.dat', 'pac+http://corp.example/p.js']) {
      const client = simClient(sim, { proxy: { url, strictSSL: true, env: {} } });
      const err = await caught(() => client.listModels());
      await client.close();
      assert.ok(err instanceof TokenHubError);
      assert.equal(err.kind, 'proxy');
      const advice = adviseError(err);
      assert.equal(advice.key, 'proxyPac', url);
      assert.match(advice.template, /\(PAC\) script/);
      assert.match(advice.template, /http:\/\/host:port/);
    }
    assert.equal(sim.requests.length, 0);
    assert.equal(proxy.log.length, 0);
    assert.ok(!isPacUrl('http://proxy.corp.example:8080') && !isPacUrl(undefined));
  });

  it('a keyless server: no Authorization header, and no "set your key" error', async () => {
    const local = await Simulator.start({ requireKey: false });
    try {
      const client = simClient(local, { getApiKey: async () => undefined, keyOptional: true });
      assert.ok((await client.listModels()).length > 0);
      await client.close();
      assert.ok(local.requests.length > 0 && local.requests.every((r) => !r.hadAuthorization));
      const needsKey = simClient(local, { getApiKey: async () => undefined });
      const err = await caught(() => needsKey.listModels());
      await needsKey.close();
      assert.ok(err instanceof TokenHubError && err.kind === 'auth');
    } finally {
      await local.close();
    }
  });
});

describe('core/client: a key goes only to its own host', () => {
  let a: Simulator;
  let b: Simulator;
  let redirector: http.Server;
  let redirectorUrl: string;
  beforeEach(async () => {
    a = await Simulator.start({ apiKey: 'th-key-of-profile-a-0001' });
    b = await Simulator.start({ apiKey: 'sk-key-of-profile-b-0002' });
    // Profile A's host answers everything with a redirect to B (a compromised or misconfigured gateway).
    redirector = http.createServer((req, res) => {
      res.writeHead(307, { location: `${b.origin}${req.url ?? '/'}` });
      res.end();
    });
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', () => r()));
    redirectorUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    await new Promise<void>((r) => redirector.close(() => r()));
  });

  it('two clients, two keys: each host sees only its own', async () => {
    const ca = simClient(a);
    const cb = simClient(b);
    await collect(ca.stream(hello));
    await collect(cb.stream(hello));
    await ca.listModels();
    await Promise.all([ca.close(), cb.close()]);
    assert.ok(a.requests.length >= 2 && b.requests.length >= 1);
    assert.ok(a.requests.every((r) => r.keyFingerprint === keyFingerprint(a.apiKey)));
    assert.ok(b.requests.every((r) => r.keyFingerprint === keyFingerprint(b.apiKey)));
  });

  it('an API call that is redirected to another host is not followed: the key stays home', async () => {
    const client = simClient(a, { baseUrl: `${redirectorUrl}/api/v1`, maxRetries: 0 });
    const err = await caught(() => client.listModels());
    await caught(() => collect(client.stream(hello)));
    await client.close();
    assert.ok(err instanceof TokenHubError);
    assert.equal(b.requests.length, 0, 'nothing reached the other host');
  });

  it('a download redirected to another origin arrives without the key', async () => {
    const client = simClient(a, { baseUrl: `${redirectorUrl}/api/v1` });
    // Same origin as the gateway, so the key is sent there; the redirect then leaves for B.
    // B wants its own key, so the request that arrived without one is refused there.
    const err = await caught(() => client.download(`${redirectorUrl}/api/v1/models`));
    await client.close();
    assert.ok(err instanceof TokenHubError && err.kind === 'auth', String(err));
    assert.equal(b.requests.length, 1, 'the redirect was followed');
    assert.equal(b.requests[0]!.hadAuthorization, false, 'undici drops Authorization when a redirect changes origin');
  });
});
