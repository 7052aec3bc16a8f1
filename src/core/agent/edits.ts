// The edit_file tool's search/replace blocks, applied to a file's text. An edit the model got
// slightly wrong must never land somewhere else: each search text has to occur exactly once in
// the original text, edits may not overlap, and any problem rejects the whole call (nothing is
// written) with an error that tells the model how to fix it.
//
// Line endings: in a CRLF file a search written with LF line breaks still matches, and the
// replacement is written with the file's line breaks. A file that ended with a line break still
// does afterwards, and one that did not still does not.

export interface SearchReplace {
  search: string;
  replace: string;
}

export interface AppliedChange {
  /** Offsets of the replaced text in the new text (UTF-16), in the order the edits were given. */
  start: number;
  end: number;
  /** 1-based line of `start` in the new text. */
  line: number;
}

export type EditResult =
  | { ok: true; text: string; changes: AppliedChange[] }
  /** `editIndex` is the 0-based index of the edit at fault, -1 when the call as a whole is. */
  | { ok: false; error: string; editIndex: number };

const MAX_LINES_LISTED = 10;

interface Match {
  start: number;
  end: number;
  replace: string;
  /** Where the replacement starts in the new text. */
  at: number;
}

/** Applies every edit to `text`, or none: the result is the new text or the first problem found. */
export function applyEdits(text: string, edits: readonly SearchReplace[]): EditResult {
  if (typeof text !== 'string') return { ok: false, error: 'The file text is not a string.', editIndex: -1 };
  if (!Array.isArray(edits) || edits.length === 0) return { ok: false, error: 'No edits were given: send at least one {search, replace} block.', editIndex: -1 };
  const eol = dominantEol(text);
  const lines = lineStarts(text);
  const matches: Match[] = [];
  for (let i = 0; i < edits.length; i++) {
    const found = matchEdit(text, edits[i], i, eol, lines);
    if ('error' in found) return { ok: false, error: found.error, editIndex: i };
    matches.push(found);
  }
  const order = matches.map((_, i) => i).sort((a, b) => matches[a].start - matches[b].start);
  for (let k = 1; k < order.length; k++) {
    const cur = matches[order[k]];
    if (cur.start < matches[order[k - 1]].end) {
      const first = Math.min(order[k - 1], order[k]);
      const second = Math.max(order[k - 1], order[k]);
      return {
        ok: false,
        error: `Edit ${second + 1} overlaps edit ${first + 1} (both change line ${lineOf(lines, cur.start)}): merge them into one edit.`,
        editIndex: second,
      };
    }
  }

  let out = '';
  let from = 0;
  for (const i of order) {
    const m = matches[i];
    out += text.slice(from, m.start);
    m.at = out.length;
    out += m.replace;
    from = m.end;
  }
  out = keepFinalNewline(text, out + text.slice(from));
  const newLines = lineStarts(out);
  const changes = matches.map((m) => {
    const start = Math.min(m.at, out.length);
    return { start, end: Math.min(m.at + m.replace.length, out.length), line: lineOf(newLines, start) };
  });
  return { ok: true, text: out, changes };
}

function matchEdit(text: string, edit: SearchReplace, index: number, eol: string | undefined, lines: readonly number[]): Match | { error: string } {
  const n = index + 1;
  if (!edit || typeof edit.search !== 'string' || typeof edit.replace !== 'string') {
    return { error: `Edit ${n} must have a "search" and a "replace" text.` };
  }
  const { search, replace } = edit;
  if (search.length === 0) return { error: `Edit ${n}: the search text is empty. Give the exact text to replace (to make a new file, use create_file).` };
  if (search === replace) return { error: `Edit ${n} changes nothing: its search and replace texts are the same.` };

  // The search as written; then with CRLF line breaks, then with LF ones. The replacement gets the
  // line breaks of the text it replaces (the file's most common ones when that text has none).
  const candidates = new Set([search, search.replace(/\r?\n/g, '\r\n'), search.replace(/\r\n/g, '\n')]);
  for (const candidate of candidates) {
    const at = occurrences(text, candidate);
    if (at.length === 0) continue;
    if (at.length === 1) {
      const here = candidate.includes('\r\n') ? '\r\n' : candidate.includes('\n') ? '\n' : eol;
      return { start: at[0], end: at[0] + candidate.length, replace: withEol(replace, here), at: 0 };
    }
    const listed = at.slice(0, MAX_LINES_LISTED).map((o) => lineOf(lines, o));
    const more = at.length > MAX_LINES_LISTED ? ', …' : '';
    return { error: `Edit ${n}: the search text occurs ${at.length} times (lines ${listed.join(', ')}${more}); include more of the surrounding lines so that it occurs only once.` };
  }
  return { error: `Edit ${n}: the search text was not found in the file.${notFoundHint(text, search, replace, lines)}` };
}

/** The line break most lines of `text` end with; undefined when it has none. */
function dominantEol(text: string): '\r\n' | '\n' | undefined {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  if (crlf === 0 && lf === 0) return undefined;
  return crlf > lf ? '\r\n' : '\n';
}

function withEol(s: string, eol: string | undefined): string {
  if (eol === undefined) return s;
  return s.replace(/\r?\n/g, eol);
}

/** The new text ending with a line break exactly when the original did (with the same one). */
function keepFinalNewline(original: string, out: string): string {
  const final = /\r?\n$/.exec(original);
  if (!final) return out.replace(/\r?\n$/, '');
  return out.length > 0 && !out.endsWith('\n') ? out + final[0] : out;
}

/**
 * Where `search` starts in `text`, overlapping matches included (`aa` is twice in `aaa`: either
 * could be meant), leaving out matches that would cut a surrogate pair in half.
 */
export function occurrences(text: string, search: string): number[] {
  const out: number[] = [];
  if (search.length === 0) return out;
  for (let at = text.indexOf(search); at >= 0; at = text.indexOf(search, at + 1)) {
    if (isLowSurrogate(text.charCodeAt(at)) && isHighSurrogate(text.charCodeAt(at - 1))) continue;
    const end = at + search.length;
    if (isHighSurrogate(text.charCodeAt(end - 1)) && isLowSurrogate(text.charCodeAt(end))) continue;
    out.push(at);
  }
  return out;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The 1-based line holding `offset`. */
function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

function collapse(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

function splitLines(s: string): string[] {
  return s.split(/\r\n|\n|\r/);
}

/** Why a search text was not found, when a near miss says it: whitespace, line endings, an edit already made, or the closest line. */
function notFoundHint(text: string, search: string, replace: string, lines: readonly number[]): string {
  const bare = (s: string) => s.replace(/\r\n?/g, '\n');
  const eolOnly = occurrences(bare(text), bare(search));
  if (eolOnly.length > 0) {
    return ` It would match at line ${lineOf(lineStarts(bare(text)), eolOnly[0])} if line endings were ignored: copy the text exactly as the file has it.`;
  }
  const loose = looseMatchLine(text, search);
  if (loose !== undefined) {
    return ` It would match at line ${loose} if spaces and indentation were ignored: copy the text exactly, whitespace included (read the file again if unsure).`;
  }
  if (occurrences(text, replace).length > 0) {
    return ` The replacement text is already in the file (line ${lineOf(lines, text.indexOf(replace))}): this edit may have been made already.`;
  }
  const closest = closestLine(text, search);
  if (closest) return ` The closest line is ${closest.line}: ${JSON.stringify(closest.text)}. Read the file again and copy the text exactly.`;
  return ' Read the file again and copy the text exactly.';
}

/** The first line where the search's lines match when whitespace runs are collapsed and ends trimmed. */
function looseMatchLine(text: string, search: string): number | undefined {
  const want = splitLines(search).map(collapse);
  while (want[0] === '') want.shift();
  while (want[want.length - 1] === '') want.pop();
  if (want.length === 0) return undefined;
  const have = splitLines(text).map(collapse);
  const last = want.length - 1;
  for (let j = 0; j + last < have.length; j++) {
    if (want.length === 1) {
      if (have[j].includes(want[0])) return j + 1;
      continue;
    }
    if (!have[j].endsWith(want[0]) || !have[j + last].startsWith(want[last])) continue;
    let all = true;
    for (let k = 1; k < last && all; k++) all = have[j + k] === want[k];
    if (all) return j + 1;
  }
  return undefined;
}

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + 1 < s.length; i++) {
    const g = s.slice(i, i + 2);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/** Dice similarity of two strings' character pairs, 0 to 1. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const x = bigrams(a);
  const y = bigrams(b);
  let total = 0;
  for (const n of x.values()) total += n;
  for (const n of y.values()) total += n;
  if (total === 0) return 0;
  let common = 0;
  for (const [g, n] of x) common += Math.min(n, y.get(g) ?? 0);
  return (2 * common) / total;
}

const MIN_SIMILARITY = 0.5;
const QUOTE_LIMIT = 120;

/** The file line most like the search's first non-blank line, when it is similar enough to help. */
function closestLine(text: string, search: string): { line: number; text: string } | undefined {
  const first = splitLines(search).map(collapse).find((l) => l !== '');
  if (!first) return undefined;
  const have = splitLines(text);
  let best: { line: number; score: number } | undefined;
  for (let i = 0; i < have.length; i++) {
    const score = similarity(collapse(have[i]), first);
    if (score >= MIN_SIMILARITY && (!best || score > best.score)) best = { line: i + 1, score };
  }
  if (!best) return undefined;
  const line = have[best.line - 1].trim();
  return { line: best.line, text: line.length > QUOTE_LIMIT ? line.slice(0, QUOTE_LIMIT) + '…' : line };
}
