// A small seeded generator for property-style tests: the same seed gives the same inputs, so a
// failure names the input that broke and reproduces on every run.

export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A string of up to `max` pieces drawn from `alphabet` (pieces may be longer than one character). */
export function randomString(rand: () => number, alphabet: readonly string[], max: number): string {
  const n = Math.floor(rand() * (max + 1));
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(rand() * alphabet.length)];
  return out;
}
