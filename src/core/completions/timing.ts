// When to ask: after a pause in typing that is long for *this* typist (a fixed delay is too long
// for slow, deliberate typing and too short for a fast burst), and when to open a connection
// ahead of the request so the first completion after a quiet spell does not pay for a TLS
// handshake.

export interface DebounceOptions {
  /** Shortest and longest wait after the last keystroke, ms. */
  minMs: number;
  maxMs: number;
  /** The wait is this many times the typist's usual gap between keys. */
  factor: number;
  /** The usual gap assumed before any typing was seen, ms. */
  initialGapMs: number;
  /** Gaps longer than this are pauses, not typing, and do not count, ms. */
  pauseMs: number;
}

export const DEFAULT_DEBOUNCE: DebounceOptions = { minMs: 75, maxMs: 350, factor: 1.75, initialGapMs: 110, pauseMs: 1000 };

/**
 * The wait before a request: `factor` × the typist's usual gap between keys (an exponential
 * moving average of recent gaps), within [minMs, maxMs]. A typist who pauses less than their own
 * rhythm is still typing; a longer pause is when they look at the screen.
 */
export class AdaptiveDebounce {
  private gap: number;
  private last: number | undefined;

  constructor(private readonly options: DebounceOptions = DEFAULT_DEBOUNCE) {
    this.gap = options.initialGapMs;
  }

  /** A key was typed at `now` (ms). */
  keystroke(now: number): void {
    if (this.last !== undefined) {
      const gap = now - this.last;
      if (gap >= 0 && gap < this.options.pauseMs) this.gap = this.gap * 0.8 + gap * 0.2;
    }
    this.last = now;
  }

  /** The typist's usual gap between keys so far, ms. */
  get usualGapMs(): number {
    return this.gap;
  }

  /** How long to wait after the last keystroke before asking, ms. */
  delayMs(): number {
    const { minMs, maxMs, factor } = this.options;
    return Math.round(Math.min(maxMs, Math.max(minMs, this.gap * factor)));
  }
}

/**
 * Whether to open a connection now: the user is typing where completions will be asked for, and
 * nothing has gone to the gateway for `idleMs` (an idle keep-alive socket is closed after about
 * 30 s by the client, often sooner by servers), so the next request would start cold.
 */
export class WarmPolicy {
  private lastNetwork = Number.NEGATIVE_INFINITY;

  constructor(private readonly idleMs = 20_000) {}

  /** A request (or a warm-up) went out at `now`. */
  used(now: number): void {
    this.lastNetwork = now;
  }

  /** As if nothing had gone to the gateway yet (the next keystroke warms). */
  forget(): void {
    this.lastNetwork = Number.NEGATIVE_INFINITY;
  }

  /** True at most once per `idleMs` of quiet; counts as use. */
  shouldWarm(now: number): boolean {
    if (now - this.lastNetwork < this.idleMs) return false;
    this.lastNetwork = now;
    return true;
  }
}
