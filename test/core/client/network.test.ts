import * as assert from 'node:assert/strict';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { TokenHubError } from '../../../src/core/client/errors';
import { TEST_CERT, TEST_KEY } from '../../fakes/tlsCert';
import { TestProxy } from '../../fakes/proxy';
import { Simulator } from '../../simulator/server';
import { caught, collect, freePort, simClient, textOf } from '../../simulator/helpers';

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
});
