// Warming the connection when the chat view opens: warm() opens the socket the first request then
// uses (the simulator sees one connection, not two), and opens it once however often it is asked.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { Preconnector } from '../../../src/core/client/preconnect';
import { Simulator } from '../../simulator/server';
import { freePort, simClient } from '../../simulator/helpers';

/** Resolves once `ok()` holds; fails after `ms` (the server sees a connection a moment after the client). */
async function until(ok: () => boolean, what: string, ms = 1_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

describe('client: the connection opened ahead of the first request', () => {
  let sim: Simulator;
  beforeEach(async () => {
    sim = await Simulator.start();
  });
  afterEach(async () => {
    await sim.close();
  });

  it('warm() opens a connection before any request, and the first request uses it', async () => {
    const client = simClient(sim);
    try {
      await client.warm();
      await until(() => sim.openConnections === 1, 'the warmed connection');
      assert.equal(sim.requests.length, 0, 'warming sends no request');
      const models = await client.listModels();
      assert.ok(models.length > 0);
      assert.equal(sim.openConnections, 1, 'the request went over the warmed socket, no second connection');
    } finally {
      await client.close();
    }
  });

  it('warms once: asked again (the view shown again), it opens no second socket', async () => {
    const client = simClient(sim);
    try {
      await Promise.all([client.warm(), client.warm()]);
      await client.warm();
      await until(() => sim.openConnections >= 1, 'the warmed connection');
      await client.listModels();
      await client.warm(); // a connection is open and idle in the pool: nothing to do
      assert.equal(sim.openConnections, 1);
    } finally {
      await client.close();
    }
  });
});

describe('client/Preconnector: the spare socket itself', () => {
  /** A TCP server that counts connections and can close or write to the last one. */
  async function tcpServer(): Promise<{ origin: URL; accepted: net.Socket[]; closed: () => number; close(): Promise<void> }> {
    const accepted: net.Socket[] = [];
    let closed = 0;
    const server = net.createServer((s) => {
      accepted.push(s);
      s.on('close', () => closed++);
      s.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    return {
      origin: new URL(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}`),
      accepted,
      closed: () => closed,
      close: () =>
        new Promise<void>((r) => {
          for (const s of accepted) s.destroy();
          server.close(() => r());
        }),
    };
  }
  const connectTo = (p: Preconnector, origin: URL) =>
    new Promise<net.Socket>((resolve, reject) =>
      p.connect({ hostname: origin.hostname, host: origin.host, protocol: origin.protocol, port: origin.port }, (err, socket) => (err ? reject(err) : resolve(socket as net.Socket))),
    );

  let a: Awaited<ReturnType<typeof tcpServer>>;
  let b: Awaited<ReturnType<typeof tcpServer>>;
  let p: Preconnector;
  beforeEach(async () => {
    a = await tcpServer();
    b = await tcpServer();
    p = new Preconnector({ timeout: 2_000 });
  });
  afterEach(async () => {
    p.close();
    await a.close();
    await b.close();
  });

  it('opens one socket however often it is asked, and knows which origin it is for', async () => {
    await Promise.all([p.warm(a.origin), p.warm(a.origin)]);
    await p.warm(a.origin);
    assert.equal(p.has(a.origin), true);
    assert.equal(p.has(b.origin), false);
    // Bytes sent over the spare arrive after every connection opened before it was accepted.
    const spare = await connectTo(p, a.origin);
    spare.write('x');
    await until(() => a.accepted.some((s) => s.bytesRead > 0), 'the bytes sent over the spare');
    assert.equal(a.accepted.length, 1);
    spare.destroy();
  });

  it('hands the spare only to a connection to its own origin', async () => {
    await p.warm(a.origin);
    const toB = await connectTo(p, b.origin);
    assert.equal(toB.remotePort, Number(b.origin.port));
    assert.equal(p.has(a.origin), true, 'still waiting for a connection to its origin');
    const toA = await connectTo(p, a.origin);
    assert.equal(toA.remotePort, Number(a.origin.port));
    assert.equal(p.has(a.origin), false, 'handed over');
    toA.destroy();
    toB.destroy();
  });

  it('drops a spare the server closes or writes to, and opens a fresh one when asked again', async () => {
    for (const spoil of [(s: net.Socket) => s.end(), (s: net.Socket) => s.write('220 hello\r\n')]) {
      await p.warm(a.origin);
      await until(() => a.accepted.length > 0, 'the spare connection');
      spoil(a.accepted.at(-1)!);
      await until(() => !p.has(a.origin), 'the spare to be dropped');
      a.accepted.length = 0;
    }
    await p.warm(a.origin);
    assert.equal(p.has(a.origin), true);
  });

  it('close() closes the spare; a warm that cannot connect leaves none', async () => {
    await p.warm(a.origin);
    await until(() => a.accepted.length === 1, 'the spare connection');
    p.close();
    await until(() => a.closed() === 1, 'the spare to close');
    assert.equal(p.has(a.origin), false);
    const nobody = new URL(`http://127.0.0.1:${await freePort()}`);
    await p.warm(nobody);
    assert.equal(p.has(nobody), false);
  });
});
