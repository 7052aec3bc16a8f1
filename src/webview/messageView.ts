// One message in the list: an <article> with its author, its parts in order (drawn by the part
// views of ./partViews) and what follows them (an answer's footer; a question's Edit button).
// Streamed text and reasoning go straight to the part they belong to.
//
// An answer far from view in a long conversation is drawn light: its words as plain text (what a
// screen reader reads is the same words), no markdown, no highlighting, no cards. The list makes
// it full when it comes near the view, and light again when it is far and many are full.
import type { Message } from '../core/conversation/conversation';
import { renameRouted, renderAnswerFooter, showRegenerate } from './answerFooter';
import { el, iconButton } from './dom';
import type { PartKind, PartModel } from './messageParts';
import { addReasoning, addText, hasEnded, partsOf, reasoningMs } from './messageParts';
import type { ModelNames } from './modelNames';
import type { AnyPartView, PartState, PartView } from './partViews';
import { MarkdownTextPart, PlainTextPart, createPartView } from './partViews';
import { ReasoningPart } from './reasoningPart';
import type { UiText } from './uiText';

interface Slot {
  /** The part's kind and its place among the parts of that kind: `text#0`, `reasoning#0`. */
  key: string;
  view: AnyPartView;
}

export class MessageView {
  readonly el: HTMLElement;
  private readonly head = el('div', 'message-head');
  private readonly author = el('span', 'author');
  /** After the parts: an answer's footer, or a question's actions. */
  private readonly trailer: HTMLElement;
  private slots: Slot[] = [];
  /** While drawn light: the element holding the words as plain text. */
  private lightText: HTMLElement | undefined;
  /** How the footer is to be drawn (kept while light, which draws none). */
  private footer = { regenerate: false, last: false };
  /** What the footer on screen was drawn from (undefined when none is). */
  private drawn: { msg: Message; regenerate: boolean; last: boolean } | undefined;

  constructor(public msg: Message, private readonly text: UiText, private readonly names: ModelNames, light = false) {
    this.el = el('article', `message ${msg.role}`);
    this.el.dataset.id = msg.id;
    this.el.tabIndex = -1;
    this.el.setAttribute('aria-label', text.t(msg.role === 'user' ? 'you' : 'assistant'));
    this.head.append(this.author);
    if (msg.role === 'user') {
      this.trailer = el('div', 'message-actions');
      this.trailer.append(iconButton('edit', text.t('edit'), 'edit'));
    } else {
      this.trailer = el('div', 'answer-footer');
    }
    this.el.append(this.head, this.trailer);
    if (light && msg.role === 'assistant') this.lightText = el('div', 'light-text');
    this.render(msg);
  }

  get id(): string {
    return this.msg.id;
  }

  get isLight(): boolean {
    return this.lightText !== undefined;
  }

  /** Draws the parts in full (markdown, highlighting, cards). */
  makeFull(): void {
    if (!this.lightText) return;
    this.lightText.remove();
    this.lightText = undefined;
    this.render(this.msg);
    this.renderFooter(this.footer.regenerate, this.footer.last);
  }

  /** Draws an answer that has ended as plain text again (its parts' views are dropped). */
  makeLight(): void {
    if (this.lightText || this.msg.role !== 'assistant' || this.msg.state === 'streaming') return;
    for (const s of this.slots) s.view.el.remove();
    this.slots = [];
    this.trailer.replaceChildren();
    this.drawn = undefined;
    this.lightText = el('div', 'light-text');
    this.render(this.msg);
  }

  /** Draws the message as the host sent it: parts are matched by kind and place, and kept. */
  render(msg: Message): void {
    this.msg = msg;
    this.renameModel();
    if (this.lightText && msg.role === 'assistant') {
      this.lightText.textContent = msg.parts.flatMap((p) => (p.type === 'text' && p.text ? [p.text] : [])).join('\n\n');
      if (this.lightText.parentNode !== this.el) this.el.insertBefore(this.lightText, this.trailer);
      return;
    }
    const parts = partsOf(msg);
    const old = new Map(this.slots.map((s) => [s.key, s]));
    const seen = new Map<PartKind, number>();
    const next: Slot[] = parts.map((p) => {
      const n = seen.get(p.kind) ?? 0;
      seen.set(p.kind, n + 1);
      const key = `${p.kind}#${n}`;
      const slot = old.get(key) ?? { key, view: createPartView(p.kind, msg.role, this.text) };
      old.delete(key);
      return slot;
    });
    for (const s of old.values()) s.view.el.remove();
    this.place(next);
    const ended = hasEnded(msg);
    next.forEach((s, i) => (s.view as PartView).update(parts[i] as never, { ended, followed: parts.slice(i + 1).some(hasContent) } satisfies PartState));
  }

  /**
   * An answer is headed by its model's name (the id in the tooltip), and its footer names the
   * model it was routed from; a question by "You".
   */
  renameModel(): void {
    const msg = this.msg;
    if (msg.role === 'user') {
      this.author.textContent = this.text.t('you');
      return;
    }
    // Only what changed: each answer's end sets them again, and a write re-lays out the head.
    const name = msg.model ? this.names.name(msg.model) : this.text.t('assistant');
    if (this.author.textContent !== name) this.author.textContent = name;
    if (this.author.title !== msg.model) this.author.title = msg.model;
    renameRouted(this.trailer, msg, this.text, this.names);
  }

  /** A piece of the answer's text: to the last text part (made if the answer has none yet). */
  appendText(delta: string): void {
    if (this.msg.role !== 'assistant') return;
    this.makeFull();
    addText(this.msg, delta);
    if (delta) {
      // The model has moved on from its thinking.
      for (const s of this.slots) if (s.view instanceof ReasoningPart && !s.view.isSettled) s.view.settle(reasoningMs(this.msg));
    }
    // Into the answer's last part when it is text; after a tool card, text starts a new part.
    const last = this.slots[this.slots.length - 1]?.view;
    let part = last instanceof MarkdownTextPart ? last : undefined;
    if (!part) {
      part = new MarkdownTextPart();
      this.place([...this.slots, { key: `text#${this.count('text')}`, view: part }]);
    }
    part.append(delta);
  }

  /** A piece of the answer's reasoning: to its "Thinking…" section, made before the text on first use. */
  appendReasoning(delta: string): void {
    if (this.msg.role !== 'assistant' || !delta) return;
    this.makeFull();
    addReasoning(this.msg, delta);
    let part = this.lastOf(ReasoningPart);
    if (!part) {
      part = new ReasoningPart(this.text);
      const slot = { key: `reasoning#${this.count('reasoning')}`, view: part };
      const firstText = this.slots.findIndex((s) => s.view.kind === 'text');
      const next = [...this.slots];
      next.splice(firstText < 0 ? next.length : firstText, 0, slot);
      this.place(next);
    }
    part.append(delta);
  }

  /** An answer's footer; `regenerate` when it is the last answer and nothing streams. Drawn light, later. */
  renderFooter(regenerate: boolean, last = regenerate): void {
    this.footer = { regenerate, last };
    const msg = this.msg;
    if (msg.role !== 'assistant' || this.lightText) return;
    const drawn = this.drawn;
    // An answer's end draws its footer, and the end of streaming a moment later only adds
    // Regenerate: that is a button, not the whole footer again.
    if (drawn?.msg === msg && drawn.last === last && msg.state !== 'streaming') {
      if (drawn.regenerate !== regenerate) showRegenerate(this.trailer, regenerate, this.text);
    } else {
      renderAnswerFooter(this.trailer, msg, this.text, this.names, regenerate, last);
    }
    this.drawn = { msg, regenerate, last };
  }

  hasRegenerate(): boolean {
    return this.footer.regenerate && this.msg.role === 'assistant' && this.msg.state !== 'streaming';
  }

  /** The element showing the user's words (where "Edit and resend" opens its box). */
  userTextElement(): HTMLElement | undefined {
    return this.lastOf(PlainTextPart)?.el;
  }

  /** Puts the part views in this order between the head and the trailer, moving none that is in place. */
  private place(slots: Slot[]): void {
    let prev: Node = this.head;
    for (const s of slots) {
      if (prev.nextSibling !== s.view.el) this.el.insertBefore(s.view.el, prev.nextSibling);
      prev = s.view.el;
    }
    this.slots = slots;
  }

  private lastOf<T extends AnyPartView>(type: abstract new (...args: never[]) => T): T | undefined {
    for (let i = this.slots.length - 1; i >= 0; i--) {
      const v = this.slots[i]!.view;
      if (v instanceof type) return v;
    }
    return undefined;
  }

  private count(kind: PartKind): number {
    return this.slots.filter((s) => s.view.kind === kind).length;
  }
}

function hasContent(p: PartModel): boolean {
  switch (p.kind) {
    case 'attachments':
      return p.items.length > 0;
    case 'tool':
    case 'change':
      return true;
    default:
      return p.text.length > 0;
  }
}
