// Fuzzy matching of paths and names for the @-mention picker: the query's characters must appear
// in order (case-insensitive); a match scores higher when its characters start words (after `/`,
// `_`, `-`, `.`, a space, or a lower-to-upper case change), run together, and lie in the file's
// own name rather than its folders. Pure and allocation-light: the picker runs it on every
// keystroke over every file of the workspace (the bench measures 10,000 paths).

/** One match: its score (higher is better) and the matched character positions in the candidate. */
export interface FuzzyMatch {
  score: number;
  positions: number[];
}

const SCORE_MATCH = 16;
const BONUS_BOUNDARY = 10;
const BONUS_SEPARATOR_AFTER = 9;
const BONUS_CAMEL = 8;
const BONUS_FIRST_CHAR = 12;
const BONUS_CONSECUTIVE = 6;
const GAP_OPEN = 3;
const GAP_EXTEND = 1;
/** A match that lies wholly in the file's name (not its folders) is what people mean most often. */
const BONUS_IN_NAME = 24;
const BONUS_NAME_PREFIX = 16;
const BONUS_EXACT_NAME = 40;
const NONE = -1e9;

function isSeparator(c: number): boolean {
  // '/', '\\', '_', '-', '.', ' ', ':'
  return c === 47 || c === 92 || c === 95 || c === 45 || c === 46 || c === 32 || c === 58;
}
function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}
function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** What matching a character at `j` of `text` is worth beyond the match itself. */
function bonusAt(text: string, j: number): number {
  if (j === 0) return BONUS_FIRST_CHAR;
  const prev = text.charCodeAt(j - 1);
  const c = text.charCodeAt(j);
  if (prev === 47 || prev === 92) return BONUS_BOUNDARY;
  if (isSeparator(prev)) return BONUS_SEPARATOR_AFTER;
  if (isLower(prev) && isUpper(c)) return BONUS_CAMEL;
  return 0;
}

/** The query as matched: lower case, without spaces. */
export function normalizeQuery(query: string): string {
  return query.replace(/\s+/g, '').toLowerCase();
}

/** Whether `q` (normalized) is a subsequence of `lower`: the cheap test before scoring. */
function isSubsequence(q: string, lower: string, from = 0): boolean {
  let j = from;
  for (let i = 0; i < q.length; i++) {
    j = lower.indexOf(q[i]!, j);
    if (j < 0) return false;
    j++;
  }
  return true;
}

// Reused rows for the scoring pass: a candidate is scored with two rows of its length.
let rowPrev = new Float64Array(256);
let rowCur = new Float64Array(256);

/**
 * The best score of `q` (normalized) in `text[from..]` (`lower` is `text` in lower case), or NONE.
 * A Smith-Waterman-style pass as fzf does it: for each query character, the best score of a match
 * ending at each position, with a bonus for runs and word starts and a penalty for gaps.
 */
function bestScore(q: string, text: string, lower: string, from: number): number {
  const n = lower.length;
  if (rowPrev.length < n) {
    rowPrev = new Float64Array(n * 2);
    rowCur = new Float64Array(n * 2);
  }
  let prev = rowPrev;
  let cur = rowCur;
  for (let i = 0; i < q.length; i++) {
    const qc = q.charCodeAt(i);
    // The best of the previous row up to j-2, less the gap penalty to reach j (a gap of j-k-1).
    let run = NONE;
    let any = false;
    for (let j = from; j < n; j++) {
      if (i > 0 && j > from) {
        const p = j >= from + 2 ? prev[j - 2]! : NONE;
        run = Math.max(run - GAP_EXTEND, p - GAP_OPEN);
      }
      if (lower.charCodeAt(j) !== qc || j - from < i) {
        cur[j] = NONE;
        continue;
      }
      const bonus = bonusAt(text, j);
      let s: number;
      if (i === 0) {
        // A late first match costs a little: prefer matches near the start of what is searched.
        s = SCORE_MATCH + bonus - Math.min(j - from, 20) * 0.1;
      } else {
        const consecutive = j > from && prev[j - 1]! > NONE / 2 ? prev[j - 1]! + SCORE_MATCH + bonus + BONUS_CONSECUTIVE : NONE;
        const gapped = run > NONE / 2 ? run + SCORE_MATCH + bonus : NONE;
        s = Math.max(consecutive, gapped);
      }
      cur[j] = s;
      if (s > NONE / 2) any = true;
    }
    if (!any) return NONE;
    const t = prev;
    prev = cur;
    cur = t;
  }
  let best = NONE;
  for (let j = from; j < n; j++) if (prev[j]! > best) best = prev[j]!;
  return best;
}

/** The positions of the best match (a full matrix, so only for the few results shown). */
function bestPositions(q: string, text: string, lower: string, from: number): number[] {
  const n = lower.length;
  const m = q.length;
  const score: Float64Array[] = [];
  const back: Int32Array[] = [];
  for (let i = 0; i < m; i++) {
    const row = new Float64Array(n).fill(NONE);
    const from_ = new Int32Array(n).fill(-1);
    const qc = q.charCodeAt(i);
    let run = NONE;
    let runAt = -1;
    for (let j = from; j < n; j++) {
      if (i > 0 && j >= from + 2) {
        const p = score[i - 1]![j - 2]!;
        if (p - GAP_OPEN >= run - GAP_EXTEND) {
          run = p - GAP_OPEN;
          runAt = j - 2;
        } else run -= GAP_EXTEND;
      } else if (i > 0) run -= GAP_EXTEND;
      if (lower.charCodeAt(j) !== qc || j - from < i) continue;
      const bonus = bonusAt(text, j);
      if (i === 0) {
        row[j] = SCORE_MATCH + bonus - Math.min(j - from, 20) * 0.1;
        continue;
      }
      const p = j > from ? score[i - 1]![j - 1]! : NONE;
      const consecutive = p > NONE / 2 ? p + SCORE_MATCH + bonus + BONUS_CONSECUTIVE : NONE;
      const gapped = run > NONE / 2 ? run + SCORE_MATCH + bonus : NONE;
      if (consecutive >= gapped && consecutive > NONE / 2) {
        row[j] = consecutive;
        from_[j] = j - 1;
      } else if (gapped > NONE / 2) {
        row[j] = gapped;
        from_[j] = runAt;
      }
    }
    score.push(row);
    back.push(from_);
  }
  let end = -1;
  let best = NONE;
  for (let j = from; j < n; j++) {
    if (score[m - 1]![j]! > best) {
      best = score[m - 1]![j]!;
      end = j;
    }
  }
  if (end < 0) return [];
  const out = new Array<number>(m);
  for (let i = m - 1; i >= 0; i--) {
    out[i] = end;
    end = back[i]![end]!;
  }
  return out;
}

/** Where the last path segment starts (after the last `/` or `\`). */
export function nameStart(path: string): number {
  return Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1;
}

/**
 * The score of `query` against a path (or any name), or undefined when it does not match. A match
 * inside the last segment (the file's name) is preferred, and more so at its start or whole.
 * `lower` may be passed when the caller keeps the lower-case path (the index does).
 */
export function fuzzyScore(query: string, path: string, lower = path.toLowerCase(), q = normalizeQuery(query)): number | undefined {
  if (!q) return 0;
  if (q.length > lower.length || !isSubsequence(q, lower)) return undefined;
  const start = nameStart(path);
  let best: number;
  if (isSubsequence(q, lower, start)) {
    // It fits in the file's name: that match is the one meant (and the folders need no scoring,
    // which keeps a keystroke cheap on a large workspace).
    best = bestScore(q, path, lower, start) + BONUS_IN_NAME;
    const name = lower.slice(start);
    if (name.startsWith(q)) best += BONUS_NAME_PREFIX;
    const dot = name.lastIndexOf('.');
    if (name === q || (dot > 0 && name.slice(0, dot) === q)) best += BONUS_EXACT_NAME;
  } else {
    best = bestScore(q, path, lower, 0);
  }
  if (best <= NONE / 2) return undefined;
  // Shorter paths first among equals: the top-level file before one deep in a folder.
  return best - lower.length * 0.01;
}

/** The score and matched positions of `query` in `path`, or undefined when it does not match. */
export function fuzzyMatch(query: string, path: string): FuzzyMatch | undefined {
  const q = normalizeQuery(query);
  const lower = path.toLowerCase();
  const score = fuzzyScore(query, path, lower, q);
  if (score === undefined) return undefined;
  if (!q) return { score, positions: [] };
  const start = nameStart(path);
  return { score, positions: bestPositions(q, path, lower, isSubsequence(q, lower, start) ? start : 0) };
}

export interface FuzzyResult<T> {
  item: T;
  score: number;
  positions: number[];
}

/**
 * Items searched by a text key (a workspace-relative path, a symbol's name). Keys are lowered once
 * when the index is built; a search scores every key that contains the query's characters in
 * order and returns the best `limit`, with the positions to highlight.
 */
export class FuzzyIndex<T> {
  private readonly keys: string[];
  private readonly lower: string[];
  /** The last query and every item it matched: typing on narrows that set, not the whole index. */
  private last: { q: string; matched: number[] } | undefined;

  constructor(readonly items: readonly T[], key: (item: T) => string) {
    this.keys = items.map(key);
    this.lower = this.keys.map((k) => k.toLowerCase());
  }

  get size(): number {
    return this.items.length;
  }

  search(query: string, limit: number): FuzzyResult<T>[] {
    const q = normalizeQuery(query);
    if (!q) return this.items.slice(0, limit).map((item) => ({ item, score: 0, positions: [] }));
    // The best `limit` kept in order as they are found (no sort of every match: a one-letter
    // query matches nearly every path).
    const scores: number[] = [];
    const found: number[] = [];
    // Whatever matches "compo" also matches "comp": only the last query's matches are scored.
    const from = this.last && q.startsWith(this.last.q) ? this.last.matched : undefined;
    const matched: number[] = [];
    const count = from ? from.length : this.keys.length;
    for (let n = 0; n < count; n++) {
      const i = from ? from[n]! : n;
      const s = fuzzyScore(q, this.keys[i]!, this.lower[i], q);
      if (s === undefined) continue;
      matched.push(i);
      if (found.length === limit && !this.before(s, i, scores[limit - 1]!, found[limit - 1]!)) continue;
      let at = found.length;
      while (at > 0 && this.before(s, i, scores[at - 1]!, found[at - 1]!)) at--;
      scores.splice(at, 0, s);
      found.splice(at, 0, i);
      if (found.length > limit) {
        scores.pop();
        found.pop();
      }
    }
    this.last = { q, matched };
    return found.map((i, k) => {
      return { item: this.items[i]!, score: scores[k]!, positions: fuzzyMatch(q, this.keys[i]!)?.positions ?? [] };
    });
  }

  /** Whether (score a, item i) ranks before (score b, item j): higher score, then the key's order. */
  private before(a: number, i: number, b: number, j: number): boolean {
    if (a !== b) return a > b;
    return this.keys[i]! < this.keys[j]!;
  }
}
