// The one polite live region: what a screen reader should hear that the screen shows elsewhere
// (an answer started or ended, "Copied", why an image was not attached, a question to answer).
import { el } from './dom';

export class Announcer {
  readonly el = el('div', 'sr-only');

  constructor() {
    this.el.setAttribute('role', 'status');
    this.el.setAttribute('aria-live', 'polite');
  }

  say(text: string): void {
    this.el.textContent = text;
  }
}
