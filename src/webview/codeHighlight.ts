// Highlighting long code blocks without freezing the view. highlight.js is synchronous: a 200 KB
// block takes hundreds of milliseconds in one go, a visible stall while an answer streams or a
// conversation scrolls. So a long block is shown at once as plain text, and highlighted a piece at
// a time, one piece per few milliseconds, in tasks of their own.
//
// highlight.js cannot resume in the middle of a comment or a string, so a piece may only end
// where nothing is open: a piece of about SLICE_CHARS is highlighted, and what is kept ends at
// its last line break outside every highlighted span (the rest is highlighted again as the start
// of the next piece). A construct longer than a piece doubles the piece, up to MAX_PIECE_CHARS;
// past that the piece is kept whole and the next starts afresh. In every case the text is exact.
import { canHighlight, highlightCode, keepToOpenLineBreak } from './renderHighlight';

/** Code longer than this is highlighted in pieces; shorter code at once (a few milliseconds). */
export const SLICED_HIGHLIGHT_CHARS = 16_000;
/** About how much code one piece holds (cut at a line end). */
const SLICE_CHARS = 4_000;
const MAX_PIECE_CHARS = 64_000;
/** Main-thread time the highlighter takes per task; frames and input run in between. */
const BUDGET_MS = 6;

/** `text` cut after a newline about every `size` characters. */
export function sliceAtLines(text: string, size = SLICE_CHARS): string[] {
  const out: string[] = [];
  let from = 0;
  while (from < text.length) {
    let to = text.indexOf('\n', Math.min(text.length, from + size) - 1);
    to = to < 0 ? text.length : to + 1;
    out.push(text.slice(from, to));
    from = to;
  }
  return out;
}

/**
 * The next piece of `text` from `from`: highlighted, and its length; undefined when the language
 * cannot be highlighted.
 */
export function highlightPiece(text: string, from: number, lang: string): { frag: DocumentFragment; length: number } | undefined {
  for (let size = SLICE_CHARS; ; size *= 2) {
    const nl = text.indexOf('\n', Math.min(text.length, from + size) - 1);
    const end = nl < 0 ? text.length : nl + 1;
    const r = highlightCode(text.slice(from, end), lang);
    if (!r) return undefined;
    if (end === text.length || r.atRoot) return { frag: r.frag, length: end - from };
    const kept = keepToOpenLineBreak(r.frag);
    if (kept !== undefined) return { frag: r.frag, length: kept };
    if (size >= MAX_PIECE_CHARS) return { frag: r.frag, length: end - from };
  }
}

interface Job {
  readonly code: HTMLElement;
  readonly lang: string;
  readonly text: string;
  /** Characters highlighted so far. */
  done: number;
  /** The plain text not highlighted yet, in slices, first one first. */
  readonly plain: Text[];
}

const queue: Job[] = [];
let channel: MessageChannel | undefined;
let posted = false;

function kick(): void {
  if (posted) return;
  posted = true;
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = runJobs;
  }
  // A message task, not setTimeout: no 4 ms clamp between pieces, and frames still run in between.
  channel.port2.postMessage(0);
}

function runJobs(): void {
  posted = false;
  const end = performance.now() + BUDGET_MS;
  while (queue.length && performance.now() < end) {
    const job = queue[0]!;
    if (!step(job)) queue.shift();
  }
  if (queue.length) kick();
}

/** Highlights the job's next piece; false when the job is over. */
function step(job: Job): boolean {
  // A block no longer shown (another conversation, a message drawn again) is not worth the time.
  if (!job.code.isConnected) return false;
  const piece = highlightPiece(job.text, job.done, job.lang);
  if (!piece) {
    job.code.removeAttribute('data-highlighting');
    return false;
  }
  const span = document.createElement('span');
  span.className = 'code-slice';
  span.append(piece.frag);
  job.plain[0]!.parentElement!.before(span);
  job.done += piece.length;
  // Take the piece's characters off the front of the plain text.
  let left = piece.length;
  while (left > 0 && job.plain.length) {
    const t = job.plain[0]!;
    if (t.length <= left) {
      left -= t.length;
      t.parentElement!.remove();
      job.plain.shift();
    } else {
      t.deleteData(0, left);
      left = 0;
    }
  }
  if (job.plain.length) return true;
  job.code.removeAttribute('data-highlighting');
  return false;
}

/**
 * Fills `code` with `text` as plain slices (shown at once) and queues their highlighting. Each
 * slice is a block element: a slice changed later re-lays out itself, not the whole block.
 * Without a known language the plain text is final.
 */
export function fillSliced(code: HTMLElement, text: string, lang: string): void {
  const plain = sliceAtLines(text).map((t) => document.createTextNode(t));
  code.replaceChildren(
    ...plain.map((t) => {
      const s = document.createElement('span');
      s.className = 'code-slice';
      s.append(t);
      return s;
    }),
  );
  if (!canHighlight(lang) || !plain.length) return;
  code.dataset.highlighting = 'true';
  queue.push({ code, lang, text, done: 0, plain });
  kick();
}
