// Tells a fast scroll (a flick, a drag of the scroll bar, a jump) from reading. An answer drawn in
// full costs its markdown, its highlighting and then the layout of all that. While the view moves
// by more than half a screen a frame (thirty screens a second: no one reads at that speed), the
// answers it passes are gone before that work could be seen, and doing it anyway is what made
// such a scroll stutter. The list keeps them light meanwhile and draws what is near once the view
// slows down or has been still for a few frames.

/** Frames without a scroll after which a fast scroll counts as over. */
const STILL_FRAMES = 3;

export class FlingWatch {
  private lastTop: number;
  private fast = false;
  /** Frames since the last scroll, counted only while a fast scroll may be going on. */
  private still = 0;
  private counting = false;

  constructor(
    private readonly list: HTMLElement,
    /** The fast scroll is over: draw what is near the view now. */
    private readonly onLand: () => void,
  ) {
    this.lastTop = list.scrollTop;
    list.addEventListener('scroll', () => this.onScroll(), { passive: true });
  }

  /** Whether the view is moving too fast for answers it passes to be worth drawing in full. */
  get flying(): boolean {
    return this.fast;
  }

  private onScroll(): void {
    const top = this.list.scrollTop;
    const moved = Math.abs(top - this.lastTop);
    this.lastTop = top;
    this.still = 0;
    // Scroll events come at most once a frame: this is the distance of one frame.
    if (moved > this.list.clientHeight / 2) {
      this.fast = true;
      this.count();
    } else if (this.fast) {
      this.land();
    }
  }

  private count(): void {
    if (this.counting) return;
    this.counting = true;
    const frame = () => {
      if (!this.fast) {
        this.counting = false;
      } else if (++this.still >= STILL_FRAMES) {
        this.counting = false;
        this.land();
      } else {
        requestAnimationFrame(frame);
      }
    };
    requestAnimationFrame(frame);
  }

  private land(): void {
    this.fast = false;
    this.onLand();
  }
}
