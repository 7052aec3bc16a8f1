// How fast the simulator answers. Tests want answers at once (the default: no pacing, every event
// still its own network write); `npm start` wants a model's rhythm, so Stop can be tried and the
// streaming view watched: a pause before the first token, then tokens at a steady rate.
//   TOKENHUB_SIM_PACE=off | fast     no pacing (as in tests)
//   TOKENHUB_SIM_PACE=real | on      about 40 tokens/s after 600 ms (npm start's default)
//   TOKENHUB_SIM_PACE=80             80 tokens/s; `80/1500` also waits 1500 ms for the first token

export interface Pacing {
  /** Wait before the first token (ms). */
  readonly firstTokenMs: number;
  /** Tokens per second after that. */
  readonly tokensPerSecond: number;
}

/** A typical hosted model: a short think, then a steady stream. */
export const REALISTIC_PACING: Pacing = { firstTokenMs: 600, tokensPerSecond: 40 };

/** The most a non-streamed answer is held back (a long answer must not look like a hang). */
const MAX_UNSTREAMED_WAIT_MS = 8_000;

/** Reads TOKENHUB_SIM_PACE (see above; unset: realistic); undefined means no pacing. Throws on a value it does not understand. */
export function parsePacing(value: string | undefined): Pacing | undefined {
  const v = value?.trim().toLowerCase();
  if (!v) return REALISTIC_PACING;
  if (v === 'off' || v === 'fast' || v === '0' || v === 'none') return undefined;
  if (v === 'real' || v === 'on' || v === 'realistic') return REALISTIC_PACING;
  const m = /^(\d+(?:\.\d+)?)(?:\/(\d+))?$/.exec(v);
  if (m && Number(m[1]) > 0) return { tokensPerSecond: Number(m[1]), firstTokenMs: m[2] !== undefined ? Number(m[2]) : REALISTIC_PACING.firstTokenMs };
  throw new Error(`TOKENHUB_SIM_PACE="${value}": use off, real, a number of tokens per second (40), or tokens/first-token-ms (40/600)`);
}

/** Tokens in a piece of text, the usual rough way (4 characters a token). */
export function tokensIn(text: string): number {
  return Math.max(1, Math.round(text.length / 4));
}

/** The pause before a streamed piece of `text` (0 without pacing). */
export function pieceDelayMs(text: string, pacing: Pacing | undefined): number {
  if (!pacing) return 0;
  return Math.round((tokensIn(text) * 1000) / pacing.tokensPerSecond);
}

/** How long a non-streamed answer of `text` takes to be ready (0 without pacing). */
export function unstreamedDelayMs(text: string, pacing: Pacing | undefined): number {
  if (!pacing) return 0;
  return Math.min(MAX_UNSTREAMED_WAIT_MS, pacing.firstTokenMs + Math.round((tokensIn(text) * 1000) / pacing.tokensPerSecond));
}
