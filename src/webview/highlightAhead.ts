// Highlighting a code block ahead while it arrives. A block that is still open is shown as plain
// lines; when it closes (often with the answer's last bytes) it is drawn highlighted. Done all at
// once at that moment, highlight.js takes milliseconds for a few dozen lines, right when the
// answer should be final. So in idle moments while the block grows, its finished lines are
// highlighted ahead, a piece at a time, each piece starting where the one before ended (at a line
// break outside every comment or string, as ./codeHighlight cuts its slices); when the block
// closes only the lines after the last piece are highlighted.
import { SLICED_HIGHLIGHT_CHARS } from './codeHighlight';
import { canHighlight, highlightCode, keepToOpenLineBreak } from './renderHighlight';

type Idle = (cb: () => void) => unknown;
const idle: Idle = typeof requestIdleCallback === 'function' ? (cb) => requestIdleCallback(cb, { timeout: 100 }) : (cb) => setTimeout(cb, 0);

export class HighlightAhead {
  /** The start of the block's code that is highlighted already (ends after a line break). */
  private text = '';
  /** `text` highlighted (each piece ends outside every span, so pieces join as they are). */
  private readonly done = document.createDocumentFragment();
  private waiting = false;
  private stopped = false;

  /**
   * `body()`: the block's code received so far, read when the idle moment comes; `code`: the
   * streaming block's element, whose `data-ahead` says how many characters are highlighted ahead.
   */
  constructor(
    private readonly lang: string,
    private readonly body: () => string,
    private readonly code?: HTMLElement,
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
   * The whole `code` of the closed block highlighted: the part done ahead plus the
   * rest; undefined when nothing useful was done ahead (the caller highlights as usual).
   */
  complete(code: string): DocumentFragment | undefined {
    this.stop();
    if (!this.text || !code.startsWith(this.text)) return undefined;
    const rest = code.slice(this.text.length);
    if (rest) {
      const r = highlightCode(rest, this.lang);
      if (!r) return undefined;
      this.done.append(r.frag);
    }
    return this.done;
  }

  private step(): void {
    const body = this.body();
    // Whole lines only: the last one may still grow.
    const upto = body.lastIndexOf('\n') + 1;
    // A long block is highlighted in slices after it closes (./codeHighlight): nothing ahead.
    if (upto <= this.text.length || upto >= SLICED_HIGHLIGHT_CHARS || !body.startsWith(this.text)) return;
    const r = highlightCode(body.slice(this.text.length, upto), this.lang);
    if (!r) return;
    if (r.atRoot) {
      this.done.append(r.frag);
      this.text = body.slice(0, upto);
    } else {
      // Inside a comment or a string at the end: keep up to the last line break outside them.
      const kept = keepToOpenLineBreak(r.frag);
      if (kept === undefined) return;
      this.done.append(r.frag);
      this.text = body.slice(0, this.text.length + kept);
    }
    if (this.code) this.code.dataset.ahead = String(this.text.length);
  }
}
