// What the completions benchmark replays: a person typing a file, keystroke by keystroke, in
// virtual time (a 200-line file takes a person many minutes; the replay takes seconds). The
// requests are real (to the simulator, over HTTP); only the clock is virtual: the engine's waits,
// the typist's gaps and the gateway's latency all run on it, and each virtual moment waits for the
// real requests it started before the clock moves on.

/** A clock whose time moves only when told; `sleep` resolves when it reaches the wake-up time. */
export class VirtualClock {
  now = 0;
  private timers: { at: number; seq: number; fn: () => void }[] = [];
  private seq = 0;
  /** Real work in progress (requests to the simulator): the clock waits for it before moving. */
  private readonly pending = new Set<Promise<unknown>>();

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = { at: this.now + Math.max(0, ms), seq: this.seq++, fn: resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((t) => t !== timer);
          resolve();
        },
        { once: true },
      );
    });
  }

  /** Registers real work the clock must wait for. */
  track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p)).catch(() => undefined);
    return p;
  }

  /** Lets promise chains run, and waits for the real work they start, until nothing moves. */
  async settle(): Promise<void> {
    for (let quiet = 0; quiet < 3; ) {
      if (this.pending.size) {
        await Promise.allSettled([...this.pending]);
        quiet = 0;
      } else quiet++;
      await new Promise((r) => setImmediate(r));
    }
  }

  /** Moves to `t`, waking every sleeper due on the way, in order. */
  async advanceTo(t: number): Promise<void> {
    await this.settle();
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > t) break;
      this.timers.shift();
      this.now = next.at;
      next.fn();
      await this.settle();
    }
    this.now = t;
  }
}

/** One keystroke: what it inserts at `offset`, and when (virtual ms). */
export interface Keystroke {
  at: number;
  offset: number;
  text: string;
}

/** A small seeded generator (mulberry32), so every run replays the same typing. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The keystrokes of typing `text` from an empty file: one per character, except that Enter also
 * puts the next line's indentation (as an editor's auto-indent does). Gaps: about 110 ms between
 * keys (a 50-60 words-per-minute typist), longer after a space, a pause to think at most line
 * ends and now and then within a line.
 */
export function typingOf(text: string, seed = 7): Keystroke[] {
  const rnd = seeded(seed);
  const out: Keystroke[] = [];
  let t = 0;
  let offset = 0;
  for (let i = 0; i < text.length; ) {
    let piece = text[i];
    if (piece === '\n') {
      const indent = /^[ \t]*/.exec(text.slice(i + 1))![0];
      piece += indent;
    }
    out.push({ at: t, offset, text: piece });
    offset += piece.length;
    i += piece.length;
    const gap = 70 + rnd() * 80 + (piece === ' ' ? 40 : 0);
    const think = piece.startsWith('\n') ? (rnd() < 0.6 ? 400 + rnd() * 1400 : 0) : rnd() < 0.03 ? 300 + rnd() * 900 : 0;
    t += Math.round(gap + think);
  }
  return out;
}
