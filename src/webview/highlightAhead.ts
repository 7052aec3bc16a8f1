// Highlighting a code block ahead while it arrives. A block that is still open is shown as plain
// lines; when it closes (often with the answer's last bytes) it is drawn highlighted. Done all at
// once at that moment, highlight.js takes milliseconds for a few dozen lines, and the browser as
// long again to lay out the coloured block, right when the answer should be final. So in idle
// moments while the block grows, its finished lines are highlighted ahead, a piece at a time, each
// piece starting where the one before ended (at a line break outside every comment or string, as
// ./codeHighlight cuts its slices), and handed to the block to show in place of those plain lines;
// when the block closes only the lines after the last piece are left.
import { SLICED_HIGHLIGHT_CHARS } from './codeHighlight';
import { canHighlight, highlightCode, keepToOpenLineBreak } from './renderHighlight';

type Idle = (cb: () => void) => unknown;
const idle: Idle = typeof requestIdleCallback === 'function' ? (cb) => requestIdleCallback(cb, { timeout: 100 }) : (cb) => setTimeout(cb, 0);

export class HighlightAhead {
  /** The start of the block's code that is highlighted already (ends after a line break). */
  private text = '';
  private waiting = false;
  private stopped = false;

  /**
   * `body()`: the block's code received so far, read when the idle moment comes; `show(piece,
   * lines)`: a piece highlighted, the next `lines` whole lines of the block (each piece ends
   * outside every span, so pieces join as they are).
   */
  constructor(
    private readonly lang: string,
    private readonly body: () => string,
    private readonly show: (piece: DocumentFragment, lines: number) => void,
  ) {}

  /** Characters highlighted ahead so far (for tests and benches). */
  get ahead(): number {
    return this.text.length;
  }

  /** New lines arrived: highlight them in the next idle moment. */
  grew(): void {
    if (this.waiting || this.stopped || !canHighlight(this.lang)) return;
    this.waiting = true;
    idle(() => {
      this.waiting = false;
      if (!this.stopped) this.step();
    });
  }

  /** The block is no longer arriving (closed, or drawn again): nothing more ahead. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * The closed block's `code` after what was highlighted ahead, highlighted (as text without a
   * known language); undefined when `code` does not go on from what was shown (drawn again).
   */
  rest(code: string): DocumentFragment | Text | undefined {
    this.stop();
    if (!code.startsWith(this.text)) return undefined;
    const rest = code.slice(this.text.length);
    return highlightCode(rest, this.lang)?.frag ?? document.createTextNode(rest);
  }

  private step(): void {
    const body = this.body();
    // Whole lines only: the last one may still grow.
    const upto = body.lastIndexOf('\n') + 1;
    // A long block is highlighted in slices after it closes (./codeHighlight): nothing ahead.
    if (upto <= this.text.length || upto >= SLICED_HIGHLIGHT_CHARS || !body.startsWith(this.text)) return;
    const r = highlightCode(body.slice(this.text.length, upto), this.lang);
    if (!r) return;
    // Inside a comment or a string at the end: keep up to the last line break outside them.
    const kept = r.atRoot ? upto - this.text.length : keepToOpenLineBreak(r.frag);
    if (!kept) return;
    const piece = body.slice(this.text.length, this.text.length + kept);
    this.text += piece;
    this.show(r.frag, piece.split('\n').length - 1);
  }
}
