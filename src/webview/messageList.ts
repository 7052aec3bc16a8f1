// The message list: the conversation's messages (one MessageView each), the intro while it is
// empty, what the buttons inside messages do (code block actions, links, retry, regenerate, edit),
// and following the end while an answer streams.
import type { AssistantMessage, Conversation, Message } from '../core/conversation/conversation';
import type { CodeActionKind } from '../core/protocol/chatProtocol';
import type { Announcer } from './announcer';
import { endAnnouncement } from './answerFooter';
import { el } from './dom';
import { startEdit } from './editing';
import { editableText } from './messageParts';
import { MessageView } from './messageView';
import type { HostConnection } from './host';
import type { ModelNames } from './modelNames';
import { ScrollFollower } from './scrollFollower';
import type { UiText } from './uiText';

const CODE_ACTIONS: readonly string[] = ['copy', 'insert', 'apply', 'saveAs'];

export class MessageList {
  readonly el = el('main', 'message-list');
  private readonly empty = el('div', 'empty-state');
  /** The host's questions (./askCard), always after the messages. */
  private readonly cards = el('div', 'host-requests');
  private readonly scroll = new ScrollFollower(this.el);
  private conv: Conversation | undefined;
  private readonly views = new Map<string, MessageView>();
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
    // Questions stay: they belong to the host's requests, not to the conversation.
    this.el.replaceChildren(this.cards);
    for (const m of conv.messages) this.addView(m);
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

  /** The host's copy of an answer (its end, another version, or a resync): drawn whole; its end is announced. */
  update(m: AssistantMessage): void {
    const view = this.views.get(m.id);
    if (!view || !this.conv) return;
    const i = this.conv.messages.findIndex((x) => x.id === m.id);
    if (i >= 0) this.conv.messages[i] = m;
    const ended = view.msg.role === 'assistant' && view.msg.state === 'streaming' && m.state !== 'streaming';
    view.render(m);
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
      this.views.get(m.id)?.el.remove();
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

  private addView(m: Message): void {
    const view = new MessageView(m, this.text, this.names);
    this.views.set(m.id, view);
    this.el.insertBefore(view.el, this.cards);
    view.renderFooter(this.isLastAnswer(m.id) && !this.streaming);
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
