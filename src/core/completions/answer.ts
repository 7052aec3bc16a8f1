import type { CompletionMode } from './cursor';
import { cursorLine, indentOf } from './cursor';
import { CLOSE_TAG, HOLE, OPEN_TAG } from './prompt';

// From what a chat model wrote to the text that goes at the cursor. Chat models asked to fill a
// hole slip in known ways: they wrap the answer in a Markdown fence, echo the line they were
// given, repeat the lines before the cursor or the code after it, indent the first line again,
// or write on past the block. Each rule below mends one of those; what is left is inserted as it
// is (its indentation kept). Works on a partial answer too, so a block can be shown line by line.

export interface AnswerContext {
  /** Text before the cursor, `\n` line breaks. */
  prefix: string;
  /** Text after the cursor, `\n` line breaks. */
  suffix: string;
  mode: CompletionMode;
  /** The hole marker the prompt used. */
  hole?: string;
}

/** Lines a block answer may have: a completion is a glance, not a file. */
export const MAX_BLOCK_LINES = 16;

export interface ExtractedAnswer {
  text: string;
  /** The answer said where it ends (closing tag or fence): nothing after it belongs to it. */
  closed: boolean;
}

/** `text` without a trailing piece that may be the start of `tag` (`</COMPL` while streaming). */
function dropPartialTag(text: string, tag: string): string {
  for (let n = Math.min(tag.length - 1, text.length); n > 0; n--) {
    if (text.endsWith(tag.slice(0, n))) return text.slice(0, -n);
  }
  return text;
}

/** The answer's text: between the tags if it used them, out of a Markdown fence if it wrote one, without hole markers. */
export function extractAnswer(raw: string, hole: string = HOLE): ExtractedAnswer {
  let text = raw.replace(/\r\n?/g, '\n');
  let closed = false;
  const open = text.indexOf(OPEN_TAG);
  if (open >= 0) text = text.slice(open + OPEN_TAG.length);
  else if (OPEN_TAG.startsWith(text.trimStart())) return { text: '', closed: false };
  for (const tag of [CLOSE_TAG, '</FILE>', '<FILE>']) {
    const at = text.indexOf(tag);
    if (at >= 0) {
      text = text.slice(0, at);
      closed = true;
    }
  }
  if (!closed) text = dropPartialTag(dropPartialTag(text, CLOSE_TAG), '</FILE>');

  // A fence: at the start (the usual slip), or after a sentence when the tags were not used.
  const fence = /^[ \t]*\n?[ \t]*```[\w+#.-]*[ \t]*\n/.exec(text) ?? (open < 0 ? /\n[ \t]*```[\w+#.-]*[ \t]*\n/.exec(text) : null);
  if (fence) {
    text = text.slice(fence.index + fence[0].length);
    const end = /(^|\n)[ \t]*```/.exec(text);
    if (end) {
      text = text.slice(0, end.index);
      closed = true;
    } else text = dropPartialTag(text, '\n```');
  } else if (/^\s*`{1,2}$/.test(text)) {
    // The first backticks of a fence still on their way.
    return { text: '', closed };
  }
  for (const marker of new Set([hole, HOLE])) text = text.split(marker).join('');
  return { text, closed };
}

/** Bracket and quote trouble on a line: closers with no opener, openers left open, quotes left odd. */
function imbalance(line: string): number {
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const depth: Record<string, number> = { '(': 0, '[': 0, '{': 0 };
  let over = 0;
  const quotes: Record<string, number> = { '"': 0, "'": 0, '`': 0 };
  for (const ch of line) {
    if (ch in depth) depth[ch]++;
    else if (ch in pairs) {
      if (depth[pairs[ch]] > 0) depth[pairs[ch]]--;
      else over++;
    } else if (ch in quotes) quotes[ch]++;
  }
  const open = depth['('] + depth['['] + depth['{'];
  const odd = (quotes['"'] % 2) + (quotes["'"] % 2) + (quotes['`'] % 2);
  return over + open + odd;
}

/**
 * The answer's last line without the start of what follows the cursor on its line, when keeping
 * it would close a bracket or a quote twice: after `print(` and before `)`, the answer `"hi")`
 * becomes `"hi"`; the answer `f()` stays whole (its `)` closes its own call). The start of what
 * follows written again goes too: before `;`, the answer `b;` becomes `b`.
 */
function trimLineOverlap(last: string, head: string, tail: string): string {
  // A blank tail needs no test first: only blanks could be cut, and they change no score.
  let best = last;
  let bestScore = imbalance(head + last + tail);
  for (let j = Math.min(tail.length, last.length); j > 0; j--) {
    const cut = last.slice(-j);
    // The start of what follows written again, or closing marks that all appear there in order (`);` before `));`).
    if (!tail.startsWith(cut) && !(CLOSING.test(cut) && isSubsequence(cut, tail))) continue;
    const candidate = last.slice(0, -j);
    const score = imbalance(head + candidate + tail);
    // The start of what follows written again goes even when no bracket needs it (`b;` before `;`),
    // the longest such piece; closing marks found further on go only when they were too many.
    if (score < bestScore || (score === bestScore && best === last && tail.startsWith(cut))) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

const CLOSING = /^[\s)\]}'"`;,]+$/;

function isSubsequence(needle: string, hay: string): boolean {
  let i = 0;
  for (const ch of hay) if (ch === needle[i]) i++;
  return i === needle.length;
}

const same = (a: string, b: string) => a.trim() === b.trim();

/** Whether echoed lines say something (a lone `}` or `end` matching the line above is no evidence of an echo). */
const substantial = (lines: readonly string[]) => lines.join('').replace(/[^\p{L}\p{N}_]/gu, '').length > 3;

/** The same line of code: a lone bracket only at the same indentation (another one closes another block). */
const sameLine = (a: string, b: string) => same(a, b) && (substantial([a]) || indentOf(a) === indentOf(b));

/** Where a block answer ends: at a line indented less than the block, or after the line that closes a deeper part. */
function blockEnd(lines: readonly string[], base: number): number {
  let deeper = false;
  let end = 1;
  for (; end < lines.length && end < MAX_BLOCK_LINES; end++) {
    const l = lines[end];
    if (!l.trim()) continue;
    const indent = indentOf(l).length;
    if (indent < base) break;
    if (indent > base) deeper = true;
    else if (deeper) return end + 1;
  }
  return end;
}

/**
 * The text to insert at the cursor, or undefined when nothing useful is left (empty, or only
 * what is already there). `text` is the answer extracted by `extractAnswer`.
 */
export function cleanCompletion(text: string, ctx: AnswerContext): string | undefined {
  return cleanAnswer(text, ctx).text;
}

/**
 * `cleanCompletion`, how many characters after the cursor it replaces (see `replacesTail`), and
 * whether the answer went on past what is used (more of it would not be used either).
 */
export function cleanAnswer(text: string, ctx: AnswerContext): { text: string | undefined; replace: number; ended: boolean } {
  let ended = false;
  const result = (fitted: Fitted | undefined) => ({ text: fitted?.text, replace: fitted?.replace ?? 0, ended });
  const { head, tail } = cursorLine(ctx.prefix, ctx.suffix);
  const headCode = head.trim();
  let lines = text.replace(/\r\n?/g, '\n').split('\n');

  // The lines before the cursor written again (the model restarted the statement or the block).
  const before = ctx.prefix.split('\n').slice(0, -1).filter((l) => l.trim()).slice(-8);
  let restarted = false;
  for (let k = Math.min(before.length, lines.length); k > 0; k--) {
    const echoed = lines.slice(0, k);
    if (!substantial(echoed) || !echoed.every((l, i) => same(l, before[before.length - k + i]))) continue;
    lines = lines.slice(k);
    if (!lines.length) return result(undefined);
    // After the echo the model must type the cursor's line again; anything else does not fit here.
    if (headCode && !lines[0].trimStart().startsWith(headCode)) return result(undefined);
    restarted = true;
    break;
  }

  // The cursor's line echoed at the start of the answer (a short head only after a restart: `x` may begin new code).
  if (headCode.length >= 3 || (restarted && headCode)) {
    // The line written with its indentation or without it (the head has code, so trimming the
    // answer's start trims the head's indentation only).
    const headStart = head.trimStart();
    if (lines[0].trimStart().startsWith(headStart)) lines[0] = lines[0].trimStart().slice(headStart.length);
    // Or with other blanks after the head's code (a space where the head has a tab).
    else if (lines[0].trimStart().startsWith(headCode)) lines[0] = lines[0].trimStart().slice(headCode.length).replace(/^[ \t]+/, '');
  }

  if (!headCode) {
    // On an empty line the cursor already stands at its indentation: no blank line first, no second indent.
    while (lines.length > 1 && !lines[0].trim()) lines.shift();
    const first = indentOf(lines[0]);
    lines[0] = lines[0].slice(Math.min(first.length, head.length));
  } else if (ctx.mode === 'block' && /^[ \t]{2,}\S/.test(lines[0]) && indentOf(lines[0]).length > indentOf(head).length) {
    // After a line that opens a block, an indented first line belongs on the next line.
    lines.unshift('');
  }

  // One line in the middle of a line; a block stops where it ends.
  const keep = ctx.mode === 'line' ? 1 : blockEnd(lines, headCode ? indentOf(head).length : head.length);
  ended = keep < lines.length;
  lines = lines.slice(0, keep);
  while (lines.length > 1 && !lines[lines.length - 1].trim()) lines.pop();
  lines[lines.length - 1] = lines[lines.length - 1].trimEnd();

  // Lines the code after the cursor already has (a closing brace the editor typed, the next statement).
  const after = ctx.suffix.split('\n').slice(1).filter((l) => l.trim()).slice(0, 8);
  for (let k = Math.min(after.length, lines.length); k > 0; k--) {
    const lastK = lines.slice(-k);
    // The first line continues the cursor's line: compared as the whole line it makes.
    const whole = k === lines.length && headCode ? [head + lastK[0], ...lastK.slice(1)] : lastK;
    if (!whole.every((l, i) => sameLine(l, after[i]))) continue;
    lines = lines.slice(0, -k);
    break;
  }
  while (lines.length > 1 && !lines[lines.length - 1].trim()) lines.pop();
  if (!lines.length) return result(undefined);

  return result(fitToLine(lines, head, tail));
}

/**
 * The answer's lines joined, its last line without what the cursor's line has after the cursor
 * written again; undefined when nothing new is left (blanks, or only what follows the cursor).
 */
function fitToLine(lines: string[], head: string, tail: string): Fitted | undefined {
  const whole = lines.join('\n');
  const last = lines.length - 1;
  lines[last] = trimLineOverlap(lines[last], last === 0 ? head : '', tail);
  const kept = lines.join('\n');
  if (replacesTail(head, whole, kept, tail)) return { text: whole, replace: tail.length };
  const code = kept.trim();
  if (!code || (lines.length === 1 && tail.trimStart().startsWith(code))) return undefined;
  return { text: kept, replace: 0 };
}

/** A completion fitted to the cursor's line: what to insert, over how many characters after the cursor. */
export interface Fitted {
  text: string;
  replace: number;
}

/**
 * Whether the completion goes over the rest of the cursor's line instead of before it: when that
 * rest is only closing marks (brackets the editor closed as the user typed), the completion
 * writes them too, in order, and the brackets match better without them. At `setTimeout((`
 * before `)`, the completion `) => {\n  run();\n});` would otherwise end `});)`; no cut of its
 * last line can mend that.
 */
function replacesTail(head: string, whole: string, kept: string, tail: string): boolean {
  const closers = tail.replace(/\s+/g, '');
  if (!closers || !CLOSING.test(tail) || !isSubsequence(closers, whole)) return false;
  return imbalance(head + whole) < imbalance(head + kept + tail);
}

/**
 * The part of a streaming answer that can be shown: up to its last complete line (undefined
 * while the first line is still arriving), or all of it once the answer is closed or `final`.
 */
export function shownSoFar(raw: string, hole: string, final: boolean): { text: string; complete: boolean } | undefined {
  const { text, closed } = extractAnswer(raw, hole);
  if (closed || final) return { text, complete: true };
  const nl = text.lastIndexOf('\n');
  if (nl < 0 || !text.slice(0, nl).trim()) return undefined;
  return { text: text.slice(0, nl), complete: false };
}

export interface CompletionSoFar {
  /** What to insert (undefined: nothing useful). */
  text: string | undefined;
  /** Characters after the cursor that `text` goes over (closing marks it writes itself). */
  replace: number;
  /** Nothing more will come: the answer is closed or ended. */
  complete: boolean;
  /** The answer has gone past what is used: the rest of the stream can be stopped. */
  ended: boolean;
}

/** The answer as shown, for the given context (the clean-up of whatever has arrived); undefined until a line is complete. */
export function completionFrom(raw: string, ctx: AnswerContext, final: boolean): CompletionSoFar | undefined {
  const shown = shownSoFar(raw, ctx.hole ?? HOLE, final);
  if (!shown) return undefined;
  const cleaned = cleanAnswer(shown.text, ctx);
  // A line mode answer is used up by its first line break.
  const ended = cleaned.ended || (ctx.mode === 'line' && !shown.complete);
  return { text: cleaned.text, replace: cleaned.replace, complete: shown.complete || ended, ended };
}

/**
 * The rest of a completion after some of it was typed, fitted to the cursor's line as it is now
 * (an editor that closed a bracket may have put the rest's end after the cursor already).
 */
export function restAfterTyping(rest: string, prefix: string, suffix: string): Fitted | undefined {
  const { head, tail } = cursorLine(prefix, suffix);
  return fitToLine(rest.split('\n'), head, tail);
}
