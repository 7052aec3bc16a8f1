// Incremental rendering of a streamed answer. The text is split into top-level markdown blocks;
// a block that can no longer change is rendered ONCE (highlighted, sanitized) and appended, and
// never touched again. Only the open tail, the last block, is re-rendered, at most once per frame.
// So the work per token is bounded by the size of one block, not by the length of the answer
// (re-rendering the whole text on every token, as some peers do, is quadratic).
import { lex, renderMarkdown } from './markdown';

type Token = ReturnType<typeof lex>[number];

const CLOSED_FENCE = /\n {0,3}(`{3,}|~{3,})[ \t]*\n?$/;

/** After this token, can a new block start with nothing later text could change about it? */
function endsBlock(t: Token): boolean {
  switch (t.type) {
    case 'space':
      return true; // a blank line
    case 'heading':
    case 'hr':
      return true;
    case 'code':
      return t.raw.trimStart().startsWith('```') || t.raw.trimStart().startsWith('~~~') ? CLOSED_FENCE.test(t.raw) : false;
    default:
      return false;
  }
}

/**
 * How many characters at the start of `tail` form finished blocks. The last non-blank block is
 * always kept open (more text may extend it); earlier ones are finished when a block boundary
 * (blank line, heading, closed fence) separates them from it.
 */
export function finishedLength(tail: string): number {
  const tokens = lex(tail);
  let last = tokens.length - 1;
  while (last >= 0 && tokens[last]!.type === 'space') last--;
  if (last <= 0) return 0;
  let cut = last;
  while (cut > 0 && !endsBlock(tokens[cut - 1]!)) cut--;
  let len = 0;
  for (let i = 0; i < cut; i++) len += tokens[i]!.raw.length;
  // The lexer's raw pieces add up to the text it read; if not (it normalises some input), do not commit.
  return tail.startsWith(tokens.slice(0, cut).map((t) => t.raw).join('')) ? len : 0;
}

type Frame = (cb: () => void) => unknown;
const pending = new Set<StreamingRenderer>();
let scheduled = false;

function schedule(r: StreamingRenderer): void {
  pending.add(r);
  if (scheduled) return;
  scheduled = true;
  const raf: Frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (cb) => setTimeout(cb, 16);
  raf(flushAll);
}

/** Renders every renderer that has new text (runs once per animation frame). */
export function flushAll(): void {
  scheduled = false;
  const list = Array.from(pending);
  pending.clear();
  for (const r of list) r.flush();
}

const OPEN_FENCE = /^(`{3,}|~{3,})([^\n`]*)\n/;

const closers = new Map<string, RegExp>();
/** Does `body` (a fenced block's content so far) contain the line that closes `fence`? */
function hasClosingFence(body: string, fence: string): boolean {
  let re = closers.get(fence);
  if (!re) {
    const ch = fence[0] === '`' ? '`' : '~';
    re = new RegExp(`(^|\\n) {0,3}\\${ch}{${fence.length},}[ \\t]*(\\n|$)`);
    closers.set(fence, re);
  }
  return re.test(body);
}

/** Lines per group in a streaming code block (see newLine). */
const LINES_PER_GROUP = 64;

interface OpenCode {
  code: Element;
  group: Element;
  lines: number;
  line: Text;
}

/**
 * Lines are grouped, and a full group is never touched again: laying out the block after a new
 * line then walks the groups and the last group's lines, not every line so far (with one flat
 * list of lines, each frame's layout grew with the block).
 */
function newLine(oc: OpenCode): void {
  if (oc.lines % LINES_PER_GROUP === 0) {
    oc.group = document.createElement('div');
    oc.group.className = 'code-lines';
    oc.code.append(oc.group);
  }
  oc.lines++;
  const div = document.createElement('div');
  div.className = 'code-line';
  oc.line = document.createTextNode('');
  div.append(oc.line);
  oc.group.append(div);
}

function appendLines(oc: OpenCode, text: string): void {
  const parts = text.split('\n');
  oc.line.appendData(parts[0]!);
  for (let i = 1; i < parts.length; i++) {
    newLine(oc);
    oc.line.appendData(parts[i]!);
  }
}

export class StreamingRenderer {
  private text = '';
  /** Characters of `text` already rendered as finished blocks. */
  private committed = 0;
  private readonly done: HTMLElement;
  private readonly tail: HTMLElement;
  private final = false;
  /** A newline arrived since block boundaries were last looked for (no newline, no new boundary). */
  private newline = true;
  /** The open tail is a fenced code block whose text node grows in place (no re-render per token). */
  private openCode: (OpenCode & { start: number; shown: string }) | undefined;

  constructor(readonly root: HTMLElement) {
    this.done = document.createElement('div');
    this.done.className = 'blocks';
    this.tail = document.createElement('div');
    this.tail.className = 'blocks tail';
    root.replaceChildren(this.done, this.tail);
  }

  get length(): number {
    return this.text.length;
  }

  append(delta: string): void {
    if (!delta) return;
    this.text += delta;
    if (delta.includes('\n')) this.newline = true;
    schedule(this);
  }

  /** Replaces the text (e.g. a stored answer, or a resync after a reload). */
  setText(text: string): void {
    if (text.startsWith(this.text)) {
      this.append(text.slice(this.text.length));
      return;
    }
    this.text = text;
    this.committed = 0;
    this.newline = true;
    this.openCode = undefined;
    this.done.replaceChildren();
    this.tail.replaceChildren();
    schedule(this);
  }

  /** The answer is complete: render the tail as a finished block too (highlighted, with toolbars). */
  finish(): void {
    this.final = true;
    schedule(this);
  }

  flush(): void {
    pending.delete(this);
    // Inside a fenced block that is still open, nothing can finish: the whole tail is that one
    // block. Appending to it first spares lexing the block so far on every line (which grew with
    // the block: quadratic over a long generated file).
    if (!this.final && this.growOpenCode(this.text.slice(this.committed))) {
      this.newline = false;
      return;
    }
    const rest = this.text.slice(this.committed);
    const n = this.final ? rest.length : this.newline ? finishedLength(rest) : 0;
    this.newline = false;
    if (n > 0) {
      this.done.append(renderMarkdown(rest.slice(0, n), true));
      this.committed += n;
    }
    const open = this.text.slice(this.committed);
    if (this.growOpenCode(open)) return;
    this.openCode = undefined;
    if (!open.trim()) {
      this.tail.replaceChildren();
      return;
    }
    this.tail.replaceChildren(renderMarkdown(open, false));
    this.startOpenCode(open);
  }

  /** While the tail is one unclosed fenced block, new code is appended to its text node. */
  private growOpenCode(open: string): boolean {
    const oc = this.openCode;
    if (this.final || !oc || oc.start !== this.committed || !open.startsWith(oc.shown)) return false;
    const m = OPEN_FENCE.exec(open);
    if (!m) return false;
    // Only the new text (and the line it continues) can close the fence. Starting mid-line can
    // only cause a false "closed", which falls back to a full render: never a wrong one.
    const from = Math.max(m[0].length, oc.shown.length - m[1]!.length - 8);
    if (hasClosingFence(open.slice(from), m[1]!)) return false;
    appendLines(oc, open.slice(oc.shown.length));
    oc.shown = open;
    return true;
  }

  private startOpenCode(open: string): void {
    const m = OPEN_FENCE.exec(open);
    if (!m || hasClosingFence(open.slice(m[0].length), m[1]!)) return;
    const code = this.tail.querySelector('pre > code');
    if (!code || this.tail.querySelectorAll('pre').length !== 1) return;
    // The code's text exactly as received (marked may trim a trailing newline), one block per
    // line: a new token then re-lays out only the last line, not the whole block.
    const oc = { start: this.committed, shown: open, code, group: code, lines: 0, line: document.createTextNode('') };
    code.replaceChildren();
    code.classList.add('streaming-lines');
    newLine(oc);
    appendLines(oc, open.slice(m[0].length));
    this.openCode = oc;
  }
}
