// Incremental rendering of a streamed answer. The text is split into top-level markdown blocks;
// a block that can no longer change is rendered ONCE (highlighted, sanitized) and appended, and
// never touched again. Only the open tail, the last block, is re-rendered, at most once per frame,
// and only the nodes that changed are replaced (./morph); plain words are appended to the text
// shown without rendering (./streamingWords), and a table's new rows to the table
// (./streamingTable). So the work per token is bounded by the size of one block, not by the
// length of the answer (re-rendering the whole text on every token, as some peers do, is quadratic).
//
// Fenced code blocks are found without the markdown lexer (./streamingCode): a block still
// arriving grows line by line in place, is coloured in place as it goes (./highlightAhead), and
// is finished where it stands when it closes; its end is seen without lexing it (a generated file
// can be 200 KB). A long finished block is filled as plain text and highlighted in slices
// (./codeHighlight). Work per frame has a budget: a stored answer of many blocks is drawn over a
// few frames.
import { fillSliced, SLICED_HIGHLIGHT_CHARS } from './codeHighlight';
import { el } from './dom';
import { HighlightAhead } from './highlightAhead';
import { codeBlockElement, lexBlocks, renderMarkdown } from './markdown';
import { morphChildren } from './morph';
import { appendPlainWords } from './streamingWords';
import { appendTableRows } from './streamingTable';
import { appendLines, findClosing, finishCode, newLine, openingFence, showAhead, type Fence, type OpenCode } from './streamingCode';

type Token = ReturnType<typeof lexBlocks>[number];

const CLOSED_FENCE = /\n {0,3}(`{3,}|~{3,})[ \t]*\n?$/;

function isFence(t: Token): boolean {
  if (t.type !== 'code') return false;
  const raw = t.raw.trimStart();
  return raw.startsWith('```') || raw.startsWith('~~~');
}

/** After this token, can a new block start with nothing later text could change about it? */
function endsBlock(t: Token): boolean {
  switch (t.type) {
    case 'space':
      return true; // a blank line
    case 'heading':
    case 'hr':
      return true;
    case 'code':
      return isFence(t) ? CLOSED_FENCE.test(t.raw) : false;
    default:
      return false;
  }
}

/** A line that may be a block boundary: blank, or (after any indent) a heading's, rule's, setext underline's or fence's first character. */
const MAY_END_BLOCK = /(?:^|\n)[ \t]*(?:\n|[#=*_`~-])/;

/**
 * How many characters at the start of `tail` form finished blocks. The last non-blank block is
 * always kept open (more text may extend it); earlier ones are finished when a block boundary
 * (blank line, heading, closed fence) separates them from it, or when a fenced block follows
 * them (a fence ends a paragraph or a list: "Here it is:" straight above the code).
 */
export function finishedLength(tail: string): number {
  // Every boundary is a line of its own: blank, or starting with what a heading, a rule or a fence
  // starts with. Without one (a table or a list growing row by row), there is nothing to lex for.
  if (!MAY_END_BLOCK.test(tail)) return 0;
  const tokens = lexBlocks(tail);
  let last = tokens.length - 1;
  while (last >= 0 && tokens[last]!.type === 'space') last--;
  if (last <= 0) return 0;
  let cut = last;
  while (cut > 0 && !endsBlock(tokens[cut - 1]!) && !isFence(tokens[cut]!)) cut--;
  let len = 0;
  for (let i = 0; i < cut; i++) len += tokens[i]!.raw.length;
  // The lexer's raw pieces add up to the text it read; if not (it normalises some input), do not commit.
  return tail.startsWith(tokens.slice(0, cut).map((t) => t.raw).join('')) ? len : 0;
}

/** Time one frame spends rendering (all answers together); the rest waits for the next frame. */
const FRAME_BUDGET_MS = 8;
/** How much text is lexed at once when looking for finished blocks in a long text. */
const WINDOW_CHARS = 4_000;

/** A GFM table's head (a row, then the delimiter row): a table in the tail grows a whole row at a time. */
const TABLE_HEAD = /^ {0,3}\|?[^\n]*\|[^\n]*\n {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*\n/;

/** Where the spaces and tabs at the end of `text` start (read from the end: the text can be long). */
function blanksAtEnd(text: string): number {
  let i = text.length;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i;
}

/** Whether `text` ends with a line break, perhaps followed by spaces. */
function endsLine(text: string): boolean {
  return text[blanksAtEnd(text) - 1] === '\n';
}

/** Line ends as marked reads them: CR LF and a lone CR become LF. */
function lf(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** The index after the end of the line that `at` is in (or the text's end). */
function lineEnd(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl < 0 ? text.length : nl + 1;
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

/**
 * Renders every renderer that has new text (runs once per animation frame), within the frame's
 * budget: renderers left over (and the rest of a long text) are drawn in the next frame.
 */
export function flushAll(): void {
  scheduled = false;
  const deadline = performance.now() + FRAME_BUDGET_MS;
  const list = Array.from(pending);
  pending.clear();
  for (let i = 0; i < list.length; i++) {
    if (i > 0 && performance.now() > deadline) {
      for (const r of list.slice(i)) schedule(r);
      return;
    }
    list[i]!.flush(deadline);
  }
}

export class StreamingRenderer {
  private text = '';
  /** Characters of `text` already rendered as finished blocks. */
  private committed = 0;
  /** Where finished blocks go; a code block finished in the tail makes the tail one of these. */
  private done: HTMLElement;
  private tail: HTMLElement;
  private final = false;
  /**
   * A line break, or the first characters after one, arrived since block boundaries were last
   * looked for. Nothing else can finish a block; the next block's first word (often a token of
   * its own after a blank line) is what shows that the one before it is complete.
   */
  private newline = true;
  /** A CR ended the last delta (it is not in `text` yet). */
  private heldCr = false;
  /** The text the tail shows now (undefined when it shows something else: nothing, or open code). */
  private tailText: string | undefined;
  /** The open tail is a fenced code block whose text node grows in place (no re-render per token). */
  private openCode: (OpenCode & { start: number; shown: number; fence: Fence; ahead: HighlightAhead }) | undefined;

  constructor(readonly root: HTMLElement) {
    this.done = el('div', 'blocks');
    this.tail = el('div', 'blocks tail');
    root.replaceChildren(this.done, this.tail);
  }

  get length(): number {
    return this.text.length;
  }

  /** The source of what the open tail shows, when it shows markdown (for tests). */
  get shownTail(): string | undefined {
    return this.tailText;
  }

  append(raw: string): void {
    const delta = this.lineEnds(raw);
    if (!delta) return;
    if (delta.includes('\n') || endsLine(this.text)) this.newline = true;
    this.text += delta;
    schedule(this);
  }

  /** Replaces the text (e.g. a stored answer, or a resync after a reload). */
  setText(raw: string): void {
    this.heldCr = false;
    const text = lf(raw);
    if (text.startsWith(this.text)) {
      this.append(text.slice(this.text.length));
      return;
    }
    this.text = text;
    this.committed = 0;
    this.newline = true;
    this.dropOpenCode();
    this.tailText = undefined;
    this.done = el('div', 'blocks');
    this.tail = el('div', 'blocks tail');
    this.root.replaceChildren(this.done, this.tail);
    schedule(this);
  }

  /** The answer is complete: render the tail as a finished block too (highlighted, with toolbars). */
  finish(): void {
    // A CR that ended the last delta was a line end of its own.
    if (this.heldCr) this.append('');
    this.final = true;
    schedule(this);
  }

  /**
   * Line ends as marked reads them (CR LF and a lone CR become LF), so the lexer's pieces add up
   * to the text and blocks can be finished. A CR at the end of a delta waits for the next one,
   * which may begin with its LF.
   */
  private lineEnds(delta: string): string {
    let d = this.heldCr ? `\r${delta}` : delta;
    this.heldCr = delta !== '' && d.endsWith('\r');
    if (this.heldCr) d = d.slice(0, -1);
    return lf(d);
  }

  /** Draws what is new; stops at `deadline` (after one piece at least) and asks for another frame. */
  flush(deadline = performance.now() + FRAME_BUDGET_MS): void {
    pending.delete(this);
    // Inside a fenced block that is still open, nothing can finish: the whole tail is that one
    // block. Appending to it first spares lexing the block so far on every line (which grew with
    // the block: quadratic over a long generated file).
    if (this.growOpenCode()) {
      this.newline = false;
      return;
    }
    const unfinished = (this.final || this.newline) && this.commit(deadline);
    this.newline = false;
    if (unfinished) {
      // Out of time with finished blocks left: the tail would show text that is now committed.
      this.newline = true;
      this.dropOpenCode();
      this.tailText = undefined;
      this.tail.replaceChildren();
      schedule(this);
      return;
    }
    this.renderTail();
  }

  /** Renders finished blocks; true when it stopped at the deadline with more to do. */
  private commit(deadline: number): boolean {
    let window = WINDOW_CHARS;
    let first = true;
    while (this.committed < this.text.length) {
      const rest = this.text.slice(this.committed);
      // A little text left (the usual case while streaming) is finished in this frame anyway.
      if (!first && rest.length > WINDOW_CHARS && performance.now() > deadline) return true;
      first = false;
      const fence = openingFence(rest);
      if (fence) {
        const close = findClosing(rest, fence, fence.header - 1);
        const closed = close !== undefined && close.end >= 0;
        if (!closed && !this.final) return false; // still arriving: the tail shows it
        this.commitCode(rest.slice(0, closed ? close.end : rest.length), fence, closed ? close.at : undefined);
        continue;
      }
      const piece = rest.length > window ? rest.slice(0, lineEnd(rest, window)) : rest;
      const whole = piece.length === rest.length;
      const n = this.final && whole ? rest.length : finishedLength(piece);
      if (n === 0) {
        if (whole) return false;
        window *= 2; // one block longer than the window
        continue;
      }
      window = WINDOW_CHARS;
      this.done.append(renderMarkdown(rest.slice(0, n), true));
      this.committed += n;
    }
    return false;
  }

  /**
   * A finished fenced block. One that streamed in is finished where it stands (./highlightAhead
   * has coloured most of its lines in place already); a long one is shown as plain text first and
   * highlighted in slices.
   */
  private commitCode(block: string, fence: Fence, closeAt: number | undefined): void {
    const body = closeAt !== undefined ? block.slice(fence.header, Math.max(fence.header, closeAt)) : block.slice(fence.header).replace(/\n$/, '');
    const oc = this.openCode?.start === this.committed ? this.openCode : undefined;
    const rest = oc && body.length < SLICED_HIGHLIGHT_CHARS ? oc.ahead.rest(body) : undefined;
    if (oc && rest) {
      this.finishInPlace(oc, fence, rest);
    } else if (body.length < SLICED_HIGHLIGHT_CHARS) {
      this.done.append(renderMarkdown(block, true));
    } else {
      const { block: el, code } = codeBlockElement(fence.lang, true);
      fillSliced(code, body, fence.lang);
      this.done.append(el);
    }
    this.committed += block.length;
  }

  /**
   * The open block becomes the finished one without being built again (./streamingCode), and the
   * tail it is in becomes a container of finished blocks, followed by a new, empty tail: only what
   * changed is laid out again.
   */
  private finishInPlace(oc: OpenCode & { ahead: HighlightAhead }, fence: Fence, rest: DocumentFragment | Text): void {
    finishCode(oc, fence.lang, rest);
    oc.code.dataset.ahead = String(oc.ahead.ahead);
    this.openCode = undefined;
    this.tail.className = 'blocks';
    this.done = this.tail;
    this.tail = el('div', 'blocks tail');
    this.root.append(this.tail);
  }

  private renderTail(): void {
    const open = this.text.slice(this.committed);
    this.dropOpenCode();
    if (!open.trim()) {
      this.tailText = undefined;
      this.tail.replaceChildren();
      return;
    }
    const fence = this.final ? undefined : openingFence(open);
    if (fence) {
      this.tailText = undefined;
      this.startOpenCode(open, fence);
      return;
    }
    // A table is drawn whole rows at a time: re-laying out a table per token is the dearest
    // thing a stream can ask of the view, and a half row says nothing yet. Spaces at the very end
    // wait for the word after them (they show as nothing), so the word before them stays the end
    // of what is shown and the next words can be written after it in place.
    const table = !this.final && TABLE_HEAD.test(open);
    const shown = this.final ? open : table ? open.slice(0, open.lastIndexOf('\n') + 1) : open.slice(0, blanksAtEnd(open));
    if (shown === this.tailText) return;
    const was = this.tailText;
    this.tailText = shown;
    if (was !== undefined && shown.startsWith(was)) {
      if (table ? appendTableRows(this.tail, was, shown) : appendPlainWords(this.tail, was, shown.slice(was.length))) return;
    }
    // Only what the new words changed is replaced: the rest keeps its layout (./morph).
    morphChildren(this.tail, renderMarkdown(shown, false));
  }

  /** While the tail is one unclosed fenced block, new code is appended to its text node. */
  private growOpenCode(): boolean {
    const oc = this.openCode;
    if (this.final || !oc || oc.start !== this.committed) return false;
    const open = this.text.slice(this.committed);
    // Only the new text, and the line it continues, can close the fence.
    const close = findClosing(open, oc.fence, open.lastIndexOf('\n', oc.shown - 1));
    if (close && close.end >= 0) return false; // closed: commit() renders it finished
    // A last line that may be the closing one is held back until it is complete.
    const upto = close ? Math.max(close.at, oc.shown) : open.length;
    if (upto > oc.shown) {
      appendLines(oc, open.slice(oc.shown, upto));
      oc.shown = upto;
      oc.ahead.grew();
    }
    return true;
  }

  private dropOpenCode(): void {
    this.openCode?.ahead.stop();
    this.openCode = undefined;
  }

  private startOpenCode(open: string, fence: Fence): void {
    const { block, code } = codeBlockElement(fence.lang, false);
    // The code's text exactly as received, one block per line: a new token then re-lays out only
    // the last line, not the whole block.
    code.classList.add('streaming-lines');
    const start = this.committed;
    const ahead: HighlightAhead = new HighlightAhead(
      fence.lang,
      (): string => this.text.slice(start + fence.header, start + oc.shown),
      (piece, lines) => {
        showAhead(oc, piece, lines);
        code.dataset.ahead = String(ahead.ahead);
      },
    );
    const oc = { start, shown: 0, fence, code, group: code as Element, lines: 0, line: document.createTextNode(''), ahead };
    newLine(oc);
    this.tail.replaceChildren(block);
    this.openCode = oc;
    oc.shown = fence.header;
    const close = findClosing(open, fence, fence.header - 1);
    const upto = close ? close.at : open.length;
    if (upto > fence.header) {
      appendLines(oc, open.slice(fence.header, upto));
      oc.shown = upto;
      ahead.grew();
    }
  }
}
