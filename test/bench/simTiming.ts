// What the benches read from the simulator's side of a request: when it arrived, when the last
// write of its answer was handed to the socket, and when the response ended. Timed in the bench's
// own process (the simulator runs in it), on the same clock as the code it measures.
import { performance } from 'node:perf_hooks';
import type * as http from 'node:http';
import type { Simulator } from '../simulator/server';

export interface Marks {
  /** The request arrived. */
  wire?: number;
  /** The last write of the answer's body (for a stream, `data: [DONE]`: the client stops there). */
  lastWrite?: number;
  /** The response ended (the chunked body's terminator). */
  lastByte?: number;
}

/** Times the simulator's view of each request; `next()` starts the marks of the next one. */
export function watch(sim: Simulator): { next(): Marks } {
  const inner = sim as unknown as { handle(req: http.IncomingMessage, res: http.ServerResponse): void };
  const handle = inner.handle.bind(sim);
  let marks: Marks = {};
  inner.handle = (req, res) => {
    const own = marks;
    own.wire = performance.now();
    const out = res as unknown as { write: (...a: unknown[]) => boolean; end: (...a: unknown[]) => http.ServerResponse };
    const write = out.write.bind(res);
    out.write = (...a: unknown[]) => {
      const r = write(...a);
      own.lastWrite = performance.now();
      return r;
    };
    const end = out.end.bind(res);
    out.end = (...a: unknown[]) => {
      const r = end(...a);
      own.lastByte = performance.now();
      return r;
    };
    handle(req, res);
  };
  return {
    next() {
      marks = {};
      return marks;
    },
  };
}

/** The p-th percentile (nearest rank) of `xs`. */
export function pct(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
