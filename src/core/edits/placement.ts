// Where a proposed edit goes when the user applies it. The proposal was made for the document as
// it was when the command ran; by the time the user clicks Apply they may have typed elsewhere.
// We never guess: the edit goes where the originally selected text is now, found by content, and
// only when that place is unambiguous. Otherwise the caller tells the user and changes nothing.

export interface EditAnchor {
  /** The whole document text when the request was made. */
  snapshot: string;
  /** The replaced range in `snapshot`, as offsets. */
  start: number;
  end: number;
}

export type Placement =
  | { ok: true; start: number; end: number; how: 'unchanged' | 'moved' }
  | { ok: false; reason: 'notFound' | 'ambiguous' };

/** How many characters on each side of a match are compared to tell identical matches apart. */
const CONTEXT = 4000;

/** Finds where the anchored range is in `current` (the document's text now). */
export function placeEdit(current: string, anchor: EditAnchor): Placement {
  const { snapshot, start, end } = anchor;
  if (current === snapshot) return { ok: true, start, end, how: 'unchanged' };
  const original = snapshot.slice(start, end);
  const before = snapshot.slice(Math.max(0, start - CONTEXT), start);
  const after = snapshot.slice(end, end + CONTEXT);

  if (original.length === 0) return placeInsertion(current, before, after);

  // A range of whole lines is only found again as whole lines: `function f` must not match
  // inside `async function f` that the user has since typed.
  const wholeStart = atLineStart(snapshot, start);
  const wholeEnd = atLineEnd(snapshot, end);
  const matches = occurrences(current, original).filter(
    (at) => (!wholeStart || atLineStart(current, at)) && (!wholeEnd || atLineEnd(current, at + original.length)),
  );
  if (matches.length === 0) return { ok: false, reason: 'notFound' };
  if (matches.length === 1) return { ok: true, start: matches[0], end: matches[0] + original.length, how: 'moved' };

  // The same text appears more than once: the surrounding text decides, when it singles one out.
  const scored = matches
    .map((at) => ({ at, score: commonSuffix(before, current.slice(Math.max(0, at - CONTEXT), at)) + commonPrefix(after, current.slice(at + original.length, at + original.length + CONTEXT)) }))
    .sort((a, b) => b.score - a.score);
  if (scored[0].score > 0 && scored[0].score > scored[1].score) {
    return { ok: true, start: scored[0].at, end: scored[0].at + original.length, how: 'moved' };
  }
  return { ok: false, reason: 'ambiguous' };
}

function atLineStart(text: string, offset: number): boolean {
  return offset === 0 || text[offset - 1] === '\n';
}

function atLineEnd(text: string, offset: number): boolean {
  return offset === text.length || text[offset] === '\n' || text[offset] === '\r' || (offset > 0 && text[offset - 1] === '\n');
}

/** An empty original range (an insertion point): placed where its surrounding text still meets. */
function placeInsertion(current: string, before: string, after: string): Placement {
  const beforeKey = before.slice(-200);
  const afterKey = after.slice(0, 200);
  const key = beforeKey + afterKey;
  if (!key) return current.length === 0 ? { ok: true, start: 0, end: 0, how: 'moved' } : { ok: false, reason: 'notFound' };
  const matches = occurrences(current, key);
  if (matches.length === 1) {
    const at = matches[0] + beforeKey.length;
    return { ok: true, start: at, end: at, how: 'moved' };
  }
  return { ok: false, reason: matches.length === 0 ? 'notFound' : 'ambiguous' };
}

/** Every start offset of `needle` in `haystack`, overlapping ones included. */
export function occurrences(haystack: string, needle: string): number[] {
  const out: number[] = [];
  if (!needle) return out;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) out.push(i);
  return out;
}

function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * Shapes the model's code to replace `original`: the document's line endings, the original's
 * trailing newline (or its absence), and its indentation when the model dropped it (models often
 * return a method body flush left).
 */
export function fitReplacement(code: string, original: string, eol: '\n' | '\r\n'): string {
  let text = code.replace(/\r\n?/g, '\n');
  const orig = original.replace(/\r\n?/g, '\n');

  const origIndent = minIndent(orig);
  if (origIndent && minIndent(text) === '' && text.trim()) {
    text = text
      .split('\n')
      .map((l) => (l.trim() ? origIndent + l : l))
      .join('\n');
  }

  const origEndsWithNewline = orig.endsWith('\n');
  text = text.replace(/\n+$/, '');
  if (origEndsWithNewline) text += '\n';
  return eol === '\r\n' ? text.replace(/\n/g, '\r\n') : text;
}

/** The leading whitespace of the least-indented non-blank line ('' when one starts at column 0). */
function minIndent(text: string): string {
  let best: string | undefined;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const ws = /^[ \t]*/.exec(line)![0];
    if (best === undefined || ws.length < best.length) best = ws;
    if (best === '') return '';
  }
  return best ?? '';
}

/**
 * A selection grown to whole lines (what the edit commands replace), as offsets into `text`:
 * from the start of its first line to the end of its last line; a selection ending at column 0
 * of a later line keeps that line out but its line break in.
 */
export function expandToLines(text: string, start: number, end: number): { start: number; end: number } {
  const s = text.lastIndexOf('\n', start - 1) + 1;
  if (end > start && end > 0 && text[end - 1] === '\n') return { start: s, end };
  let e = text.indexOf('\n', end);
  if (e === -1) e = text.length;
  else if (e > 0 && text[e - 1] === '\r') e--;
  return { start: s, end: e };
}
