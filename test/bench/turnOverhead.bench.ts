// The extension's own time around a model turn, against the simulator (test/simulator/server.ts):
//   send → wire        from the call that starts a turn (runTurn through TokenHubClient, as every
//                      caller runs one) to the request arriving at the simulator;
//   last byte → done   from the simulator writing the answer's last byte to the turn's outcome
//                      (every part handed to the sink, usage read).
// Beside a reference measured in the same run: a bare undici request on a kept-alive connection,
// the same request written by hand, the answer read to its end. p50 and p95 of RUNS turns, each
// on a warm connection (the chat view warms it when it opens). Host side only: the webview's
// render of the final answer is in finalRender.bench.ts. Target: each overhead at most 5 ms at p95.
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { TokenHubClient } from '../../src/core/client/tokenHubClient';
import { runTurn } from '../../src/core/turn/runTurn';
import { simClientOptions } from '../simulator/helpers';
import { Simulator } from '../simulator/server';
import { pct, watch } from './simTiming';

const RUNS = 200;

async function main(): Promise<void> {
  const sim = await Simulator.start();
  const timing = watch(sim);
  const model = 'openai/gpt-4.1-mini';
  const chat = { model, messages: [{ role: 'user' as const, content: 'Say hello in five words.' }], stream: true };
  const client = new TokenHubClient(simClientOptions(sim));
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const ours = { wire: [] as number[], done: [] as number[] };
  const ref = { wire: [] as number[], done: [] as number[] };
  try {
    await client.warm();
    for (let i = 0; i < RUNS + 10; i++) {
      // Ours: a turn as the chat view runs one.
      let marks = timing.next();
      let t0 = performance.now();
      const outcome = await runTurn(client, chat, undefined, { text: () => undefined });
      let t1 = performance.now();
      if (outcome.status !== 'done') throw new Error(`turn ended ${outcome.status}: ${outcome.error?.message}`);
      if (i >= 10) {
        ours.wire.push(marks.wire! - t0);
        ours.done.push(t1 - marks.lastByte!);
      }
      // The reference: a bare request on a kept-alive connection, the answer read to its end.
      marks = timing.next();
      t0 = performance.now();
      const res = await request(`${sim.baseUrl}/chat/completions`, {
        method: 'POST',
        dispatcher: agent,
        headers: { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(chat),
      });
      await res.body.text();
      t1 = performance.now();
      if (i >= 10) {
        ref.wire.push(marks.wire! - t0);
        ref.done.push(t1 - marks.lastByte!);
      }
    }
  } finally {
    await client.close();
    await agent.close();
    await sim.close();
  }
  const row = (name: string, xs: number[], r: number[]) =>
    console.log(`  ${name.padEnd(18)} p50 ${pct(xs, 50).toFixed(2)} ms  p95 ${pct(xs, 95).toFixed(2)} ms   (bare undici: p50 ${pct(r, 50).toFixed(2)} ms, p95 ${pct(r, 95).toFixed(2)} ms)`);
  console.log(`the extension's own time around a turn, ${RUNS} turns against the simulator, warm connection (target: p95 <= 5 ms):`);
  row('send → wire', ours.wire, ref.wire);
  row('last byte → done', ours.done, ref.done);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
