// An answer's reasoning: a collapsed "Thinking…" section. It is model output, so plain text only,
// appended to one Text node as it streams (never parsed as HTML, never re-rendered whole).
import { el } from './dom';
import type { PartOf, PartState, PartView } from './partViews';
import type { UiText } from './uiText';

export class ReasoningPart implements PartView<'reasoning'> {
  readonly kind = 'reasoning';
  readonly el = el('details', 'reasoning');
  private readonly summary: HTMLElement;
  private readonly text = document.createTextNode('');
  /** When this view saw the first reasoning delta (for "Thought for N s" before the host says). */
  private startedAt: number | undefined;
  /** The summary no longer says "Thinking…" (text started, or the answer ended). */
  private settled = false;

  constructor(private readonly strings: UiText) {
    this.summary = el('summary', 'reasoning-summary live', strings.t('thinking'));
    const box = el('div', 'reasoning-text');
    box.append(this.text);
    this.el.append(this.summary, box);
    // Closed by default: the answer is what the user asked for; the thinking is there if wanted.
    this.el.open = false;
  }

  get isSettled(): boolean {
    return this.settled;
  }

  append(delta: string): void {
    this.startedAt ??= Date.now();
    this.text.appendData(delta);
  }

  update(part: PartOf<'reasoning'>, state: PartState): void {
    if (this.text.data !== part.text) this.text.data = part.text;
    if (state.followed || state.ended) this.settle(part.ms);
  }

  /** The model has moved on: "Thought for N s" (the host's measure when it has one). */
  settle(ms: number | undefined): void {
    const elapsed = ms ?? (this.startedAt !== undefined ? Date.now() - this.startedAt : undefined);
    this.settled = true;
    this.summary.classList.remove('live');
    this.summary.textContent = elapsed === undefined ? this.strings.t('reasoning') : this.strings.t('thoughtFor').replace('{0}', String(Math.max(1, Math.round(elapsed / 1000))));
  }
}
