// Warming the connection when the chat view opens: warm() opens the socket the first request then
// uses (the simulator sees one connection, not two), and opens it once however often it is asked.
import * as assert from 'node:assert/strict';
import { Simulator } from '../../simulator/server';
import { simClient } from '../../simulator/helpers';

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
