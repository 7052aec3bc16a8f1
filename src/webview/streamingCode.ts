// A fenced code block in a streamed answer, as the streaming renderer (./streamingRenderer) keeps
// it while it arrives: where it opens and closes, found without lexing it, and its lines, which
// grow in place, in groups, and give way to pieces highlighted ahead (./highlightAhead).
import { el } from './dom';
import { codeBlockElement, languageOf } from './markdown';

export interface Fence {
  /** Its language id (safe as a class name), '' when none or unknown. */
  readonly lang: string;
  /** Length of the opening line, its newline included. */
  readonly header: number;
  /** Finds a closing line: a newline, up to 3 spaces, at least as many of the same fence characters. */
  readonly closer: RegExp;
}

const OPEN_FENCE = /^(`{3,}|~{3,})([^\n`]*)\n/;
const closers = new Map<string, RegExp>();

/** The fenced block `text` starts with (its opening line complete), if it starts with one. */
export function openingFence(text: string): Fence | undefined {
  const m = OPEN_FENCE.exec(text);
  if (!m) return undefined;
  const marker = m[1]!;
  let closer = closers.get(marker);
  if (!closer) {
    closer = new RegExp(`\\n {0,3}\\${marker[0]}{${marker.length},}[ \\t]*(?:\\n|$)`, 'g');
    closers.set(marker, closer);
  }
  return { lang: languageOf(m[2]), header: m[0].length, closer };
}

/**
 * The line that closes `fence` in `text`, searched from `from` (a newline at or before where it
 * could start): `at` is the newline before it; `end` is the index after its own newline, or -1
 * when it is the last line and may still grow into something that closes nothing ("```js").
 */
export function findClosing(text: string, fence: Fence, from: number): { at: number; end: number } | undefined {
  fence.closer.lastIndex = Math.max(from, fence.header - 1);
  const m = fence.closer.exec(text);
  if (!m) return undefined;
  return { at: m.index, end: m[0].endsWith('\n') ? m.index + m[0].length : -1 };
}

/** Lines per group in a streaming code block (see newLine). */
const LINES_PER_GROUP = 64;

export interface OpenCode {
  code: HTMLElement;
  group: Element;
  lines: number;
  line: Text;
}

/**
 * Lines are grouped, and a full group is not touched again until coloured lines take its place:
 * laying out the block after a new line then walks the groups and the last group's lines, not
 * every line so far (with one flat list of lines, each frame's layout grew with the block).
 */
export function newLine(oc: OpenCode): void {
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

/**
 * Shows a piece highlighted ahead in place of the block's first `lines` plain lines: a slice of
 * its own, laid out once in an idle moment, never touched again.
 */
export function showAhead(oc: OpenCode, piece: DocumentFragment, lines: number): void {
  const slice = pieceOf(piece);
  let group = oc.code.querySelector(':scope > .code-lines');
  group?.before(slice);
  // The open last line is never among them: a piece is whole lines, each ended by a line break.
  for (let left = lines; left > 0 && group; ) {
    const line = group.firstElementChild;
    if (line) {
      line.remove();
      left--;
    }
    if (!group.firstElementChild) {
      const next = group.nextElementSibling;
      group.remove();
      group = next;
    }
  }
}

/** Highlighted lines as a block of their own: added later, it re-lays out itself only. */
function pieceOf(content: Node): HTMLElement {
  const piece = el('span', 'code-piece');
  piece.append(content);
  return piece;
}

export function appendLines(oc: OpenCode, text: string): void {
  const parts = text.split('\n');
  oc.line.appendData(parts[0]!);
  for (let i = 1; i < parts.length; i++) {
    newLine(oc);
    oc.line.appendData(parts[i]!);
  }
}

/**
 * The open block becomes a finished one where it stands: its plain lines left give way to `rest`
 * (the code after the pieces shown ahead, highlighted), and its toolbar gets the actions.
 */
export function finishCode(oc: OpenCode, lang: string, rest: DocumentFragment | Text): void {
  for (const group of Array.from(oc.code.querySelectorAll(':scope > .code-lines'))) group.remove();
  oc.code.append(pieceOf(rest));
  oc.code.classList.remove('streaming-lines');
  const toolbar = codeBlockElement(lang, true).block.querySelector('.code-toolbar')!;
  oc.code.closest('.code-block')!.querySelector(':scope > .code-toolbar')!.replaceWith(toolbar);
}
