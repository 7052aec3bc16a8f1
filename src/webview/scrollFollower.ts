// Follow-the-end scrolling for the message list: while the user is at the end, the newest text
// stays in view; a scroll up by the user stops that until they come back near the end.
export class ScrollFollower {
  private stick = true;
  /** Where this view last scrolled to by itself: a scroll above it is the user's. */
  private autoTop = 0;
  private queued = false;
  /** Frames still to follow a moving end: a call while a frame is queued can only raise it. */
  private settleLeft = 0;

  constructor(private readonly list: HTMLElement) {
    list.addEventListener(
      'scroll',
      () => {
        if (list.scrollTop + 2 < this.autoTop) this.stick = this.nearEnd();
        else if (this.nearEnd()) this.stick = true;
        this.autoTop = Math.min(this.autoTop, list.scrollTop);
      },
      { passive: true },
    );
  }

  /** A new conversation opens at its end. */
  reset(): void {
    this.stick = true;
  }

  /**
   * Keeps the newest text in view while the user is at the end: one scroll per frame, after the
   * render. Whether the user is "at the end" is learnt from scroll events, never measured per
   * token (reading layout for every token costs a forced layout each time).
   */
  follow(settleFrames = 0): void {
    if (!this.stick) return;
    // An answer's end can come while a frame queued by its first words waits: that frame then
    // settles for both (dropping the request would leave the end, drawn later, out of view).
    this.settleLeft = Math.max(this.settleLeft, settleFrames);
    if (this.queued) return;
    this.queued = true;
    let lastHeight = -1;
    const step = () => {
      this.queued = false;
      if (!this.stick) {
        this.settleLeft = 0;
        return;
      }
      const height = this.list.scrollHeight;
      this.list.scrollTop = height;
      this.autoTop = this.list.scrollTop;
      // Messages that come into view lay out at their real size (content-visibility), which can
      // move the end again: follow it for a few frames until the height stops changing.
      if (this.settleLeft > 0 && height !== lastHeight) {
        this.settleLeft--;
        lastHeight = height;
        this.queued = true;
        requestAnimationFrame(step);
      } else {
        this.settleLeft = 0;
      }
    };
    requestAnimationFrame(step);
  }

  /** Jumps to the end now (a message was added); unless forced, only when already near it. */
  toEnd(force: boolean): void {
    if (force || this.nearEnd()) this.list.scrollTop = this.list.scrollHeight;
  }

  private nearEnd(): boolean {
    return this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 80;
  }
}
