// Completions already paid for, keyed by the text before the cursor. Typing through a suggestion
// (each key typed is the suggestion's next character) moves the cursor along it: the rest of the
// same suggestion is served again without a request. Backspacing to where it was shown serves it
// whole. An entry is also found while its answer is still streaming, and grows as lines arrive.

/** How many characters before the cursor identify where a completion was asked for. */
export const KEY_CHARS = 256;
/** How much of the text after the cursor's line must be unchanged for an entry to still apply. */
const SUFFIX_KEY_CHARS = 256;

export interface CacheEntry {
  /** The document (its URI as a string). */
  readonly uri: string;
  /** The cursor's offset in the document when the completion was asked for. */
  readonly offset: number;
  /** The last KEY_CHARS characters before that cursor. */
  readonly key: string;
  /** The text after the cursor's line then (its start): another edit there makes the entry stale. */
  readonly below: string;
  /** The completion as cleaned so far (the whole of it once `done`). */
  text: string;
  /** Characters after the cursor that `text` goes over there (closing marks it writes itself). */
  replace: number;
  /** The answer has ended (or was stopped), `text` will not grow. */
  done: boolean;
}

export interface CacheHit {
  entry: CacheEntry;
  /** Characters of the completion typed since it was shown. */
  typed: number;
  /** What is left to insert. Empty when the typing has caught up with a completion still streaming. */
  rest: string;
}

/** The text after the cursor's line, as the cache compares it. */
export function belowKey(suffix: string): string {
  const nl = suffix.indexOf('\n');
  return nl < 0 ? '' : suffix.slice(nl + 1, nl + 1 + SUFFIX_KEY_CHARS);
}

export class CompletionCache {
  private entries: CacheEntry[] = [];

  constructor(private readonly capacity = 64) {}

  get size(): number {
    return this.entries.length;
  }

  /** A new entry for a completion being asked for at `offset` (its text filled in as it streams). */
  add(uri: string, offset: number, prefix: string, suffix: string): CacheEntry {
    const entry: CacheEntry = { uri, offset, key: prefix.slice(-KEY_CHARS), below: belowKey(suffix), text: '', replace: 0, done: false };
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    return entry;
  }

  remove(entry: CacheEntry): void {
    this.entries = this.entries.filter((e) => e !== entry);
  }

  /**
   * The newest entry the cursor stands on: the text before it is the entry's own followed by the
   * first `typed` characters of its completion, and the lines after it are as they were. A
   * completion typed all the way through is used up (unless it is still streaming).
   */
  lookup(uri: string, offset: number, prefix: string, suffix: string): CacheHit | undefined {
    const below = belowKey(suffix);
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i];
      if (e.uri !== uri || e.below !== below) continue;
      const typed = offset - e.offset;
      if (typed < 0 || typed > e.text.length) continue;
      if (typed === e.text.length && e.done) continue;
      if (!prefix.endsWith(e.key + e.text.slice(0, typed))) continue;
      // Moved to the front: what is being typed through now is what will be asked for next.
      this.entries.splice(i, 1);
      this.entries.push(e);
      return { entry: e, typed, rest: e.text.slice(typed) };
    }
    return undefined;
  }

  clear(): void {
    this.entries = [];
  }
}
