// The message list: the conversation's messages (one MessageView each), the intro while it is
// empty, what the buttons inside messages do (code block actions, links, retry, regenerate, edit),
// and following the end while an answer streams.
//
// A long conversation opens at once: only its last answers are drawn in full, the older ones
// light (their words as plain text, no markdown), and each becomes full as it comes within a
// screen of the view, unless the view flies past it (./flingWatch). When more than MAX_FULL
// answers are full, those far from view become light again, so a conversation of thousands of
// messages keeps the DOM and the heap of a short one.
// Every message keeps its <article> (the log a screen reader walks, keyboard focus), and
// content-visibility keeps messages out of view from being laid out at all.
import type { Conversation, Message } from '../core/conversation/conversation';
import type { CodeActionKind } from '../core/protocol/chatProtocol';
import type { Announcer } from './announcer';
import { endAnnouncement } from './answerFooter';
import { el } from './dom';
import { startEdit } from './editing';
import { editableText } from './messageParts';
import { MessageView } from './messageView';
import type { HostConnection } from './host';
import type { ModelNames } from './modelNames';
import { FlingWatch } from './flingWatch';
import { ScrollFollower } from './scrollFollower';
import type { UiText } from './uiText';

const CODE_ACTIONS: readonly string[] = ['copy', 'insert', 'apply', 'saveAs'];
/** The answers among the last FULL_TAIL messages open in full; older ones light. */
const FULL_TAIL = 12;
/** Full answers beyond which those far from view are drawn light again. */
const MAX_FULL = 40;

export class MessageList {
  readonly el = el('main', 'message-list');
  private readonly empty = el('div', 'empty-state');
  /** The host's questions (./askCard), always after the messages. */
  private readonly cards = el('div', 'host-requests');
  private readonly scroll = new ScrollFollower(this.el);
  private conv: Conversation | undefined;
  private readonly views = new Map<string, MessageView>();
  private readonly viewOf = new WeakMap<Element, MessageView>();
  /** Answers drawn in full, the one most recently near the view last. */
  private readonly full = new Set<MessageView>();
  /** Answers within a screen of the view. */
  private readonly near = new Set<MessageView>();
  private readonly observer = new IntersectionObserver((entries) => this.onIntersect(entries), { root: this.el, rootMargin: '100% 0px' });
  private readonly fling = new FlingWatch(this.el, () => this.drawNear());
  private streaming = false;
  private hasKey = true;

  constructor(
    private readonly host: HostConnection,
    private readonly text: UiText,
    private readonly names: ModelNames,
    private readonly announcer: Announcer,
    /** After anything that changes what the conversation holds (the header shows its total). */
    private readonly onChanged: (conv: Conversation) => void,
  ) {
    this.el.setAttribute('role', 'log');
    this.el.setAttribute('aria-live', 'polite');
    this.el.setAttribute('aria-relevant', 'additions');
    this.el.tabIndex = 0;
    // A question is announced through the status region with its title; the log would read it again.
    this.cards.setAttribute('aria-live', 'off');
    this.el.append(this.cards);
    this.el.addEventListener('click', (e) => this.onClick(e));
    // A sent message's context chips open with Enter or Space too.
    this.el.addEventListener('keydown', (e) => {
      const t = e.target as HTMLElement;
      if ((e.key === 'Enter' || e.key === ' ') && t.matches('.chip-open[data-open-index]')) {
        e.preventDefault();
        t.click();
      }
    });
    this.el.addEventListener('keydown', (e) => {
      const t = e.target as HTMLElement;
      if ((e.key === 'Enter' || e.key === ' ') && t.matches('a.link')) {
        e.preventDefault();
        this.openLink(t.dataset.href);
      }
    });
  }

  localize(): void {
    this.el.setAttribute('aria-label', this.text.t('messages'));
    this.empty.replaceChildren(el('h2', undefined, this.text.t('emptyTitle')), el('p', undefined, this.text.t('emptyHint')), el('p', 'hint', this.text.t('placeHint')));
  }

  /** Draws a whole conversation (opened, or switched to), scrolled to its end. */
  setConversation(conv: Conversation): void {
    this.conv = conv;
    this.views.clear();
    this.observer.disconnect();
    this.full.clear();
    this.near.clear();
    // Questions stay: they belong to the host's requests, not to the conversation.
    this.el.replaceChildren(this.cards);
    const lightBefore = conv.messages.length - FULL_TAIL;
    conv.messages.forEach((m, i) => this.addView(m, i < lightBefore));
    this.refresh();
    // The answers render in the next frame (their renderers are scheduled first): scroll after that.
    this.scroll.reset();
    this.scroll.follow(10);
  }

  add(m: Message): void {
    if (!this.conv) return;
    this.conv.messages.push(m);
    this.addView(m);
    this.refresh();
    this.scroll.toEnd(true);
  }

  appendText(id: string, delta: string): void {
    const v = this.views.get(id);
    if (v?.msg.role !== 'assistant') return;
    v.appendText(delta);
    this.scroll.follow();
  }

  appendReasoning(id: string, delta: string): void {
    const v = this.views.get(id);
    if (v?.msg.role !== 'assistant' || !delta) return;
    v.appendReasoning(delta);
    this.scroll.follow();
  }

  /** The host's copy of a message (an answer's end, another version, or a resync; a question read again): drawn whole; an answer's end is announced. */
  update(m: Message): void {
    const view = this.views.get(m.id);
    if (!view || !this.conv) return;
    const i = this.conv.messages.findIndex((x) => x.id === m.id);
    if (i >= 0) this.conv.messages[i] = m;
    const ended = view.msg.role === 'assistant' && view.msg.state === 'streaming' && m.role === 'assistant' && m.state !== 'streaming';
    view.render(m);
    if (m.role === 'user') return;
    if (ended) this.announcer.say(this.text.t(endAnnouncement(m)));
    view.renderFooter(this.isLastAnswer(m.id) && !this.streaming, this.isLastAnswer(m.id));
    this.refresh();
    // The footer (tokens, cost, buttons) arrives with the end: keep it in view when following.
    this.scroll.follow(2);
  }

  /** The model list changed: answers are headed by the models' names again. */
  renameModels(): void {
    for (const v of this.views.values()) v.renameModel();
  }

  /** Removes a message and every one after it (edit and resend, regenerate). */
  removeFrom(id: string): void {
    if (!this.conv) return;
    const i = this.conv.messages.findIndex((m) => m.id === id);
    if (i < 0) return;
    for (const m of this.conv.messages.splice(i)) {
      const v = this.views.get(m.id);
      if (v) {
        v.el.remove();
        this.observer.unobserve(v.el);
        this.full.delete(v);
        this.near.delete(v);
      }
      this.views.delete(m.id);
    }
    this.refresh();
  }

  /** Shows a card of the host's after the messages, and brings it into view. */
  showCard(card: HTMLElement): void {
    this.cards.append(card);
    this.scroll.toEnd(true);
  }

  setStreaming(streaming: boolean): void {
    this.streaming = streaming;
    this.el.setAttribute('aria-busy', String(streaming));
    this.refresh();
  }

  setHasKey(hasKey: boolean): void {
    this.hasKey = hasKey;
    this.refresh();
  }

  private addView(m: Message, light = false): void {
    const view = new MessageView(m, this.text, this.names, light);
    this.views.set(m.id, view);
    this.el.insertBefore(view.el, this.cards);
    view.renderFooter(this.isLastAnswer(m.id) && !this.streaming);
    if (m.role !== 'assistant') return;
    this.viewOf.set(view.el, view);
    this.observer.observe(view.el);
    // Drawn from the stored conversation, not arriving now: nothing in it is news to announce,
    // also when it is drawn in full (or light again) later.
    if (light) view.el.setAttribute('aria-live', 'off');
    else this.full.add(view);
  }

  private onIntersect(entries: IntersectionObserverEntry[]): void {
    for (const e of entries) {
      const view = this.viewOf.get(e.target);
      if (!view) continue;
      if (!e.isIntersecting) {
        this.near.delete(view);
        continue;
      }
      this.near.add(view);
      // Passed by a fast scroll: drawn when the view lands, if it is still near then.
      if (!this.fling.flying) this.drawFull(view);
    }
    this.lighten();
  }

  /**
   * After a fast scroll: draws the answers near the view, those nearest its middle first (they
   * render in that order).
   */
  private drawNear(): void {
    const box = this.el.getBoundingClientRect();
    const middle = (box.top + box.bottom) / 2;
    const distance = (v: MessageView) => {
      const r = v.el.getBoundingClientRect();
      return r.bottom < middle ? middle - r.bottom : Math.max(0, r.top - middle);
    };
    const order = Array.from(this.near, (v) => ({ v, d: distance(v) })).sort((a, b) => a.d - b.d);
    for (const { v } of order) this.drawFull(v);
    this.lighten();
  }

  private drawFull(view: MessageView): void {
    view.makeFull();
    // Most recently near goes last: the first to be drawn light again is the longest out of view.
    this.full.delete(view);
    this.full.add(view);
  }

  /** Draws answers far from view light again while more than MAX_FULL are full. */
  private lighten(): void {
    if (this.full.size <= MAX_FULL) return;
    const last = this.conv?.messages[this.conv.messages.length - 1]?.id;
    const focused = document.activeElement;
    for (const v of Array.from(this.full)) {
      if (this.full.size <= MAX_FULL) break;
      if (this.near.has(v) || v.id === last || (focused && v.el.contains(focused))) continue;
      v.makeLight();
      if (!v.isLight) continue; // still streaming
      v.el.setAttribute('aria-live', 'off');
      this.full.delete(v);
    }
  }

  private isLastAnswer(id: string): boolean {
    const last = this.conv?.messages[this.conv.messages.length - 1];
    return last?.id === id;
  }

  /** What depends on the whole list: the intro, Regenerate on the last answer, buttons disabled while streaming. */
  private refresh(): void {
    if (!this.conv) return;
    if (this.conv.messages.length === 0 && this.hasKey) {
      if (!this.empty.isConnected) this.el.insertBefore(this.empty, this.cards);
    } else {
      this.empty.remove();
    }
    for (const v of this.views.values()) {
      if (v.msg.role !== 'assistant') continue;
      const regenerate = this.isLastAnswer(v.msg.id) && v.msg.state !== 'streaming' && !this.streaming;
      if (v.hasRegenerate() !== regenerate) v.renderFooter(this.isLastAnswer(v.msg.id) && !this.streaming);
    }
    for (const b of Array.from(this.el.querySelectorAll<HTMLButtonElement>('button[data-action="edit"], button[data-action="regenerate"], button[data-action="retry"], button[data-action="continueTask"], button[data-action="undoTask"]'))) {
      b.disabled = this.streaming;
    }
    // A version arrow is also off at either end of the list.
    for (const b of Array.from(this.el.querySelectorAll<HTMLButtonElement>('button[data-action="showVersion"]'))) {
      const article = b.closest<HTMLElement>('article.message');
      const msg = article ? this.views.get(article.dataset.id ?? '')?.msg : undefined;
      const count = msg?.role === 'assistant' ? (msg.versions?.length ?? 0) + 1 : 0;
      const index = Number(b.dataset.index);
      b.disabled = this.streaming || index < 0 || index >= count;
    }
    this.onChanged(this.conv);
  }

  private openLink(href: string | undefined): void {
    if (href) void this.host.request('openLink', { url: href }).catch(() => undefined);
  }

  private onClick(e: MouseEvent): void {
    const target = e.target as HTMLElement;
    const link = target.closest<HTMLElement>('a.link, button.remote-image');
    if (link) {
      e.preventDefault();
      this.openLink(link.dataset.href);
      return;
    }
    const chip = target.closest<HTMLElement>('.chip-open[data-open-index]');
    if (chip) {
      const messageId = chip.closest<HTMLElement>('article.message')?.dataset.id;
      if (messageId) this.host.post({ type: 'openContext', messageId, index: Number(chip.dataset.openIndex) });
      return;
    }
    const button = target.closest<HTMLButtonElement>('button[data-action]');
    if (!button) return;
    const action = button.dataset.action ?? '';
    const article = button.closest<HTMLElement>('article.message');
    const id = article?.dataset.id ?? '';
    if (CODE_ACTIONS.includes(action)) {
      this.codeAction(button, action as CodeActionKind);
      return;
    }
    switch (action) {
      case 'regenerate':
        this.host.post({ type: 'regenerate' });
        break;
      case 'retry':
        this.host.post({ type: 'retry', messageId: id });
        break;
      case 'edit':
        if (article) this.edit(article, id);
        break;
      case 'errorAction':
        this.host.post({ type: 'errorAction', messageId: id, index: Number(button.dataset.index ?? 0) });
        break;
      case 'continueTask':
      case 'undoTask':
        this.host.post({ type: action, messageId: id });
        break;
      case 'showVersion':
        this.host.post({ type: 'showVersion', messageId: id, index: Number(button.dataset.index ?? 0) });
        break;
      case 'copyAnswer':
        void this.host.request('copyAnswer', { messageId: id }).then(
          (r) => {
            if (r.ok) this.flash(button, this.text.t('copied'));
          },
          () => undefined,
        );
        break;
      case 'openChange':
        if (button.dataset.callId) this.host.post({ type: 'openChange', messageId: id, callId: button.dataset.callId });
        break;
    }
  }

  private codeAction(button: HTMLButtonElement, action: CodeActionKind): void {
    const block = button.closest('.code-block');
    const code = block?.querySelector('pre code')?.textContent ?? '';
    const language = block?.querySelector('pre')?.getAttribute('data-lang') ?? '';
    void this.host.request('codeAction', { action, code, language }).then(
      (r) => {
        if (action === 'copy' && r.ok) this.flash(button, this.text.t('copied'));
      },
      () => undefined,
    );
  }

  private flash(button: HTMLButtonElement, text: string): void {
    const old = button.title;
    button.title = text;
    this.announcer.say(text);
    setTimeout(() => (button.title = old), 1500);
  }

  private edit(article: HTMLElement, id: string): void {
    const view = this.views.get(id);
    if (!view || view.msg.role !== 'user' || this.streaming) return;
    const body = view.userTextElement();
    // Not while its box is open already (the text is out of the page then).
    if (!body?.isConnected) return;
    startEdit({ article, body, words: editableText(view.msg), text: this.text, resend: (words) => this.host.post({ type: 'editResend', messageId: id, text: words }) });
  }
}
