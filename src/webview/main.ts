// The chat view (browser bundle dist/webview.js). It draws what the host sends and posts what the
// user does; the host owns the conversation. It has no network (CSP `connect-src 'none'`) and
// never sees the API key. Model output goes through ./markdown (sanitized) before touching the DOM.
import './styles.css';
import type { AssistantMessage, Conversation, Message, UserMessage } from '../core/conversation/conversation';
import { totals } from '../core/conversation/conversation';
import { appendPart, attachmentLabel, attachmentsOf, reasoningOf, textOf } from '../core/conversation/parts';
import type { ChatState, CodeActionKind, HostCommandName, HostNotification, ModelOption, PendingAttachment } from '../core/protocol/chatProtocol';
import { isHostNotification } from '../core/protocol/chatProtocol';
import type { UiStringKey } from '../core/protocol/uiStrings';
import { HostConnection } from './host';
import { setCodeBlockLabels } from './markdown';
import { StreamingRenderer } from './streamingRenderer';
import { formatCost } from '../core/pricing';
import { IMAGE_MIME_TYPES, MAX_IMAGE_DATA_URI } from '../core/conversation/validate';

// The host drops data URIs over MAX_IMAGE_DATA_URI characters: base64 makes 3 bytes 4 characters,
// and the `data:<type>;base64,` prefix takes a few more.
const MAX_IMAGE_BYTES = Math.floor(((MAX_IMAGE_DATA_URI - 64) * 3) / 4);
const IMAGE_TYPES: readonly string[] = IMAGE_MIME_TYPES;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function iconButton(icon: string, title: string, action?: string): HTMLButtonElement {
  const b = el('button', 'icon-button');
  b.type = 'button';
  b.title = title;
  b.setAttribute('aria-label', title);
  if (action) b.dataset.action = action;
  const i = el('span', `codicon codicon-${icon}`);
  i.setAttribute('aria-hidden', 'true');
  b.append(i);
  return b;
}

/** An answer's "Thinking…" section: model output, so plain text only, appended to one Text node. */
interface ReasoningView {
  details: HTMLDetailsElement;
  summary: HTMLElement;
  text: Text;
  /** When this view saw the first reasoning delta (for "Thought for N s" before the host says). */
  startedAt?: number;
  /** The summary no longer says "Thinking…" (text started, or the answer ended). */
  settled: boolean;
}

/** How long the answer's (first) reasoning took, when the host measured it. */
function reasoningMs(m: AssistantMessage): number | undefined {
  for (const p of m.parts) if (p.type === 'reasoning') return p.ms;
  return undefined;
}

/** Why an answer is cut off, in words: the token limit and the content filter say so. */
function cutNote(m: AssistantMessage): UiStringKey {
  return m.stopReason === 'length' ? 'cutOffLength' : m.stopReason === 'contentFilter' ? 'cutOffContentFilter' : 'cutOff';
}

interface MessageView {
  msg: Message;
  el: HTMLElement;
  renderer?: StreamingRenderer;
  reasoning?: ReasoningView;
}

class ChatApp {
  private readonly host = new HostConnection();
  private strings: Partial<Record<UiStringKey, string>> = {};
  private conv: Conversation | undefined;
  private views = new Map<string, MessageView>();
  private streaming = false;
  private models: ModelOption[] = [];
  private stick = true;
  /** Where this view last scrolled to by itself: a scroll above it is the user's. */
  private autoTop = 0;
  private scrollQueued = false;
  private model = '';

  private readonly header = el('header', 'chat-header');
  private readonly modelSelect = el('select', 'model-select');
  private readonly moreModels = iconButton('list-selection', '', 'pickModel');
  private readonly badge = el('span', 'endpoint-badge');
  private readonly total = el('span', 'conversation-total');
  private readonly log = el('main', 'message-list');
  private readonly empty = el('div', 'empty-state');
  /** Shown instead of the intro while no API key is set (webview views get no `viewsWelcome`). */
  private readonly welcome = el('section', 'key-welcome');
  private hasKey = true;
  private readonly status = el('div', 'sr-only');
  private readonly chips = el('div', 'chips');
  /** A short note under the composer (an image that cannot be attached); also read out. */
  private readonly note = el('div', 'composer-note');
  private readonly slashHint = el('div', 'slash-hint');
  private slashCommands: { name: string; description: string }[] = [];
  private params = '';
  private readonly input = el('textarea', 'composer-input');
  private readonly sendButton = iconButton('send', '', 'send');
  private readonly stopButton = iconButton('debug-stop', '', 'stop');
  private readonly attachSelection = iconButton('selection', '', 'attachSelection');
  private readonly attachFile = iconButton('file-add', '', 'attachFile');

  constructor(private readonly root: HTMLElement) {
    this.build();
    window.addEventListener('message', (e: MessageEvent) => {
      // Messages come only from the host frame; anything not of our protocol is ignored.
      if (isHostNotification(e.data)) this.onNotification(e.data);
    });
    this.host.post({ type: 'ready' });
  }

  private t(key: UiStringKey): string {
    return this.strings[key] ?? key;
  }

  private build(): void {
    this.modelSelect.id = 'model-select';
    const modelLabel = el('label', 'sr-only');
    modelLabel.htmlFor = 'model-select';
    modelLabel.dataset.string = 'model';
    this.modelSelect.addEventListener('change', () => {
      if (this.modelSelect.value) this.host.post({ type: 'setModel', model: this.modelSelect.value });
    });
    this.badge.hidden = true;
    this.badge.setAttribute('role', 'note');
    this.header.append(modelLabel, this.modelSelect, this.moreModels, this.badge, this.total);

    this.log.setAttribute('role', 'log');
    this.log.setAttribute('aria-live', 'polite');
    this.log.setAttribute('aria-relevant', 'additions');
    this.log.tabIndex = 0;
    this.log.addEventListener('click', (e) => this.onLogClick(e));
    this.log.addEventListener(
      'scroll',
      () => {
        if (this.log.scrollTop + 2 < this.autoTop) this.stick = this.nearEnd();
        else if (this.nearEnd()) this.stick = true;
        this.autoTop = Math.min(this.autoTop, this.log.scrollTop);
      },
      { passive: true },
    );
    this.log.addEventListener('keydown', (e) => {
      const t = e.target as HTMLElement;
      if ((e.key === 'Enter' || e.key === ' ') && t.matches('a.link')) {
        e.preventDefault();
        this.openLink(t.dataset.href);
      }
    });

    this.status.setAttribute('role', 'status');
    this.status.setAttribute('aria-live', 'polite');

    const composer = el('footer', 'composer');
    this.input.rows = 3;
    this.input.id = 'composer-input';
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.send();
      } else if (e.key === 'Escape' && this.streaming) {
        e.preventDefault();
        this.host.post({ type: 'stop' });
      }
    });
    this.input.addEventListener('input', () => {
      this.host.setState({ draft: this.input.value });
      this.renderSlashHint();
    });
    this.input.addEventListener('paste', (e) => this.onFiles(e.clipboardData?.files, e));
    composer.addEventListener('dragover', (e) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    });
    composer.addEventListener('drop', (e) => this.onFiles(e.dataTransfer?.files, e));
    this.chips.setAttribute('role', 'list');
    const buttons = el('div', 'composer-buttons');
    this.stopButton.hidden = true;
    buttons.append(this.attachSelection, this.attachFile, el('span', 'spacer'), this.stopButton, this.sendButton);
    this.slashHint.id = 'slash-hint';
    this.slashHint.setAttribute('role', 'status');
    this.slashHint.hidden = true;
    this.input.setAttribute('aria-describedby', 'slash-hint');
    this.note.hidden = true;
    composer.append(this.chips, this.note, this.slashHint, this.input, buttons);
    for (const b of [this.sendButton, this.stopButton, this.attachSelection, this.attachFile, this.moreModels]) {
      b.addEventListener('click', () => this.onToolbar(b.dataset.action ?? ''));
    }
    this.chips.addEventListener('click', (e) => {
      const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-remove]');
      if (b?.dataset.remove) this.host.post({ type: 'removeAttachment', id: b.dataset.remove });
    });

    this.welcome.hidden = true;
    this.welcome.setAttribute('role', 'region');
    this.welcome.addEventListener('click', (e) => {
      if ((e.target as HTMLElement).closest('button[data-host-command="setApiKey"]')) this.host.post({ type: 'runCommand', command: 'setApiKey' });
    });
    this.root.replaceChildren(this.header, this.welcome, this.log, this.status, composer);
    const draft = this.host.getState<{ draft?: string }>()?.draft;
    if (draft) this.input.value = draft;
  }

  /** Typing `/` lists the slash commands the host registered (e.g. `/image`). */
  private renderSlashHint(): void {
    // Only while the command name is being typed: once arguments follow, the hint goes away.
    const m = /^\/([\w-]*)$/.exec(this.input.value);
    const list = m ? this.slashCommands.filter((c) => c.name.startsWith(m[1] ?? '')) : [];
    this.slashHint.hidden = list.length === 0;
    this.slashHint.replaceChildren(
      ...list.map((c) => {
        const row = el('div', 'slash-item');
        row.append(el('strong', undefined, `/${c.name}`), ` ${c.description}`);
        return row;
      }),
    );
  }

  private onToolbar(action: string): void {
    switch (action) {
      case 'send':
        this.send();
        break;
      case 'stop':
        this.host.post({ type: 'stop' });
        break;
      case 'attachSelection':
      case 'attachFile':
      case 'pickModel':
        this.host.post({ type: 'runCommand', command: action as HostCommandName });
        break;
    }
  }

  private send(): void {
    const text = this.input.value;
    if (!text.trim() || this.streaming) return;
    this.host.post({ type: 'send', text });
    this.input.value = '';
    this.host.setState({ draft: '' });
  }

  private onFiles(files: FileList | undefined | null, e: Event): void {
    const images = Array.from(files ?? []).filter((f) => IMAGE_TYPES.includes(f.type));
    if (!images.length) return;
    e.preventDefault();
    for (const file of images) {
      if (file.size > MAX_IMAGE_BYTES) {
        this.showNote(this.t('imageTooLarge').replace('{0}', file.name || 'image').replace('{1}', String(Math.floor(MAX_IMAGE_BYTES / 1_000_000))));
        continue;
      }
      const reader = new FileReader();
      reader.onload = () => {
        if (typeof reader.result === 'string') this.host.post({ type: 'addImage', name: file.name || 'image', mimeType: file.type, dataUri: reader.result });
      };
      reader.readAsDataURL(file);
    }
  }

  private openLink(href: string | undefined): void {
    if (href) void this.host.request('openLink', { url: href }).catch(() => undefined);
  }

  private onLogClick(e: MouseEvent): void {
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
    if (['copy', 'insert', 'apply', 'saveAs'].includes(action)) {
      const block = button.closest('.code-block');
      const code = block?.querySelector('pre code')?.textContent ?? '';
      const language = block?.querySelector('pre')?.getAttribute('data-lang') ?? '';
      void this.host.request('codeAction', { action: action as CodeActionKind, code, language }).then(
        (r) => {
          if (action === 'copy' && r.ok) this.flash(button, this.t('copied'));
        },
        () => undefined,
      );
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
        if (article) this.startEdit(article, id);
        break;
      case 'errorAction':
        this.host.post({ type: 'errorAction', messageId: id, index: Number(button.dataset.index ?? 0) });
        break;
    }
  }

  private flash(button: HTMLButtonElement, text: string): void {
    const old = button.title;
    button.title = text;
    this.announce(text);
    setTimeout(() => (button.title = old), 1500);
  }

  private showNote(text: string): void {
    this.note.textContent = text;
    this.note.hidden = false;
    this.announce(text);
  }

  private announce(text: string): void {
    this.status.textContent = text;
  }

  private startEdit(article: HTMLElement, id: string): void {
    const view = this.views.get(id);
    if (!view || view.msg.role !== 'user' || this.streaming) return;
    const body = article.querySelector<HTMLElement>('.user-text');
    if (!body) return;
    const area = el('textarea', 'edit-input');
    area.value = textOf(view.msg);
    area.setAttribute('aria-label', this.t('edit'));
    const save = el('button', 'text-button primary', this.t('resend'));
    const cancel = el('button', 'text-button', this.t('cancel'));
    const box = el('div', 'edit-box');
    box.append(area, save, cancel);
    body.replaceWith(box);
    const restore = () => box.replaceWith(body);
    const submit = () => {
      if (area.value.trim()) this.host.post({ type: 'editResend', messageId: id, text: area.value });
      restore();
    };
    save.addEventListener('click', submit);
    cancel.addEventListener('click', restore);
    area.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        submit();
      } else if (e.key === 'Escape') {
        e.preventDefault();
        restore();
        article.focus();
      }
    });
    area.focus();
  }

  // -------------------------------------------------------------------------------------------

  private onNotification(n: HostNotification): void {
    switch (n.type) {
      case 'state':
        this.applyState(n.state);
        break;
      case 'messageAdded':
        if (this.conv) {
          this.conv.messages.push(n.message);
          this.addMessage(n.message);
          this.updateChrome();
          this.scrollToEnd(true);
        }
        break;
      case 'delta': {
        const v = this.views.get(n.messageId);
        if (v?.msg.role === 'assistant') {
          appendPart(v.msg.parts, 'text', n.text);
          if (n.text && v.reasoning && !v.reasoning.settled) this.settleReasoning(v.reasoning, reasoningMs(v.msg));
          v.renderer?.append(n.text);
          this.followEnd();
        }
        break;
      }
      case 'reasoningDelta': {
        const v = this.views.get(n.messageId);
        if (v?.msg.role === 'assistant' && n.text) {
          appendPart(v.msg.parts, 'reasoning', n.text);
          const r = this.reasoningView(v);
          r.startedAt ??= Date.now();
          // Appended to the one text node: never parsed as HTML, never re-rendered whole.
          r.text.appendData(n.text);
          this.followEnd();
        }
        break;
      }
      case 'messageUpdated':
        this.updateAnswer(n.message);
        break;
      case 'messagesRemoved':
        this.removeFrom(n.fromId);
        break;
      case 'pending':
        this.renderPending(n.pending);
        break;
      case 'models':
        this.models = n.models;
        this.model = n.model;
        this.renderModels();
        break;
      case 'streaming':
        this.setStreaming(n.streaming);
        break;
      case 'hasKey':
        this.setHasKey(n.hasKey);
        break;
      case 'focusInput':
        this.input.focus();
        break;
      case 'setInput':
        this.input.value = n.text;
        this.input.focus();
        break;
      case 'response':
        this.host.settle(n.id, n.result, n.error);
        break;
    }
  }

  private applyState(s: ChatState): void {
    this.strings = s.strings;
    setCodeBlockLabels({ copy: this.t('copy'), insert: this.t('insert'), apply: this.t('apply'), saveAs: this.t('saveAs'), code: this.t('code'), remoteImage: this.t('remoteImage') });
    this.localize();
    this.models = s.models;
    this.model = s.model;
    this.renderModels();
    this.setHasKey(s.hasKey);
    this.badge.hidden = !s.endpointBadge;
    this.badge.textContent = s.endpointBadge === 'simulator' ? this.t('simulator') : s.endpointBadge === 'local' ? this.t('localEndpoint') : '';
    this.badge.title = this.t('endpointBadgeTitle');
    this.slashCommands = s.slashCommands;
    const p: string[] = [];
    if (s.settings.temperature !== null) p.push(this.t('paramTemperature').replace('{0}', String(s.settings.temperature)));
    if (s.settings.maxTokens !== null) p.push(this.t('paramMaxTokens').replace('{0}', String(s.settings.maxTokens)));
    if (s.settings.hasSystemPrompt) p.push(this.t('paramSystemPrompt'));
    this.params = p.join(' · ');
    this.renderModels();
    // postMessage already delivered a copy of its own.
    this.conv = s.conversation;
    this.views.clear();
    this.log.replaceChildren();
    for (const m of this.conv.messages) this.addMessage(m);
    this.renderPending(s.pending);
    this.setStreaming(s.streaming);
    this.updateChrome();
    // The answers render in the next frame (their renderers are scheduled first): scroll after that.
    this.stick = true;
    this.followEnd(10);
  }

  private localize(): void {
    this.input.placeholder = this.t('placeholder');
    this.input.setAttribute('aria-label', this.t('placeholder'));
    this.log.setAttribute('aria-label', this.t('messages'));
    const pairs: [HTMLButtonElement, UiStringKey][] = [
      [this.sendButton, 'send'],
      [this.stopButton, 'stop'],
      [this.attachSelection, 'attachSelection'],
      [this.attachFile, 'attachFile'],
      [this.moreModels, 'moreModels'],
    ];
    for (const [b, key] of pairs) {
      b.title = this.t(key);
      b.setAttribute('aria-label', this.t(key));
    }
    const label = this.header.querySelector<HTMLElement>('label[data-string]');
    if (label) label.textContent = this.t('model');
    this.empty.replaceChildren(el('h2', undefined, this.t('emptyTitle')), el('p', undefined, this.t('emptyHint')));
    const setKey = el('button', 'text-button primary', this.t('setApiKey'));
    setKey.dataset.hostCommand = 'setApiKey';
    this.welcome.setAttribute('aria-label', this.t('welcomeTitle'));
    this.welcome.replaceChildren(el('h2', undefined, this.t('welcomeTitle')), el('p', undefined, this.t('welcomeBody')), setKey, el('p', 'hint', this.t('welcomeNoAccount')));
  }

  private setHasKey(hasKey: boolean): void {
    this.hasKey = hasKey;
    this.welcome.hidden = hasKey;
    this.root.classList.toggle('no-key', !hasKey);
    this.updateChrome();
  }

  private renderModels(): void {
    const options = [...this.models];
    if (this.model && !options.some((m) => m.id === this.model)) options.unshift({ id: this.model, name: this.model, vision: false });
    this.modelSelect.replaceChildren(
      ...options.map((m) => {
        const o = el('option', undefined, m.name === m.id ? m.id : `${m.name} (${m.id})`);
        o.value = m.id;
        o.selected = m.id === this.model;
        return o;
      }),
    );
    this.modelSelect.title = this.params ? `${this.model} (${this.params})` : this.model;
  }

  private renderPending(pending: PendingAttachment[]): void {
    this.note.hidden = true;
    this.chips.replaceChildren(
      ...pending.map((p) => {
        const chip = el('span', 'chip');
        chip.setAttribute('role', 'listitem');
        if (p.thumbnail) {
          const img = el('img', 'chip-thumb');
          img.src = p.thumbnail; // a data: URI the host checked; never a remote address
          img.alt = '';
          chip.append(img);
        } else {
          const icon = el('span', `codicon codicon-${p.kind === 'selection' ? 'selection' : 'file'}`);
          icon.setAttribute('aria-hidden', 'true');
          chip.append(icon);
        }
        chip.append(el('span', 'chip-label', p.label));
        const remove = iconButton('close', `${this.t('removeAttachment')} ${p.label}`);
        remove.dataset.remove = p.id;
        chip.append(remove);
        return chip;
      }),
    );
    this.chips.hidden = pending.length === 0;
  }

  private setStreaming(streaming: boolean): void {
    this.streaming = streaming;
    this.stopButton.hidden = !streaming;
    this.sendButton.hidden = streaming;
    this.log.setAttribute('aria-busy', String(streaming));
    this.root.classList.toggle('streaming', streaming);
    if (streaming) this.announce(this.t('answering'));
    this.updateChrome();
  }

  private addMessage(m: Message): void {
    const article = el('article', `message ${m.role}`);
    article.dataset.id = m.id;
    article.tabIndex = -1;
    const head = el('div', 'message-head');
    head.append(el('span', 'author', m.role === 'user' ? this.t('you') : m.model || this.t('assistant')));
    article.append(head);
    const view: MessageView = { msg: m, el: article };
    if (m.role === 'user') {
      article.setAttribute('aria-label', this.t('you'));
      this.renderUser(article, m);
    } else {
      article.setAttribute('aria-label', this.t('assistant'));
      const body = el('div', 'markdown');
      article.append(body, el('div', 'answer-footer'));
      view.renderer = new StreamingRenderer(body);
      if (reasoningOf(m)) this.showReasoning(view, m);
      if (textOf(m)) view.renderer.setText(textOf(m));
      if (m.state !== 'streaming') view.renderer.finish();
    }
    this.views.set(m.id, view);
    this.log.append(article);
    if (m.role === 'assistant') this.renderFooter(view);
  }

  /** The answer's "Thinking…" section, made on first use (most answers have no reasoning). */
  private reasoningView(view: MessageView): ReasoningView {
    if (view.reasoning) return view.reasoning;
    const details = el('details', 'reasoning');
    const summary = el('summary', 'reasoning-summary live', this.t('thinking'));
    const box = el('div', 'reasoning-text');
    const text = document.createTextNode('');
    box.append(text);
    details.append(summary, box);
    // Closed by default: the answer is what the user asked for; the thinking is there if wanted.
    details.open = false;
    const body = view.el.querySelector('.markdown');
    if (body) body.before(details);
    else view.el.append(details);
    view.reasoning = { details, summary, text, settled: false };
    return view.reasoning;
  }

  /** Draws the reasoning of a whole message (opened from history, or updated by the host). */
  private showReasoning(view: MessageView, m: AssistantMessage): void {
    const reasoning = reasoningOf(m);
    if (!reasoning) return;
    const r = this.reasoningView(view);
    if (r.text.data !== reasoning) r.text.data = reasoning;
    if (textOf(m) || m.state !== 'streaming') this.settleReasoning(r, reasoningMs(m));
  }

  private settleReasoning(r: ReasoningView, ms: number | undefined): void {
    const elapsed = ms ?? (r.startedAt !== undefined ? Date.now() - r.startedAt : undefined);
    r.settled = true;
    r.summary.classList.remove('live');
    r.summary.textContent = elapsed === undefined ? this.t('reasoning') : this.t('thoughtFor').replace('{0}', String(Math.max(1, Math.round(elapsed / 1000))));
  }

  private renderUser(article: HTMLElement, m: UserMessage): void {
    const attachments = attachmentsOf(m);
    if (attachments.length) {
      const list = el('div', 'chips');
      list.setAttribute('role', 'list');
      for (const a of attachments) {
        const chip = el('span', 'chip');
        chip.setAttribute('role', 'listitem');
        const icon = el('span', `codicon codicon-${a.kind === 'image' ? 'file-media' : a.kind === 'selection' ? 'selection' : 'file'}`);
        icon.setAttribute('aria-hidden', 'true');
        chip.append(icon, el('span', 'chip-label', attachmentLabel(a)));
        list.append(chip);
      }
      article.append(list);
    }
    // The user's own words are shown as typed (text, not markdown).
    article.append(el('div', 'user-text', textOf(m)));
    const actions = el('div', 'message-actions');
    actions.append(iconButton('edit', this.t('edit'), 'edit'));
    article.append(actions);
  }

  private renderFooter(view: MessageView): void {
    const m = view.msg as AssistantMessage;
    const footer = view.el.querySelector<HTMLElement>('.answer-footer');
    if (!footer) return;
    const parts: Node[] = [];
    if (m.state === 'cut') parts.push(el('div', 'answer-cut', this.t(cutNote(m))));
    if (m.state === 'error' && m.error) {
      const box = el('div', 'answer-error');
      box.setAttribute('role', 'alert');
      const icon = el('span', 'codicon codicon-error');
      icon.setAttribute('aria-hidden', 'true');
      box.append(icon, el('span', 'error-text', m.error.message));
      m.error.actions.forEach((a, index) => {
        if (!a.command) return;
        const b = el('button', 'text-button', a.title);
        b.dataset.action = 'errorAction';
        b.dataset.index = String(index);
        box.append(b);
      });
      parts.push(box);
    }
    if (m.state !== 'streaming') {
      const meta = el('div', 'answer-meta');
      const bits = [m.model];
      if (m.usage) bits.push(`${m.usage.promptTokens.toLocaleString()} → ${m.usage.completionTokens.toLocaleString()} ${this.t('tokens')}`);
      if (m.cost !== undefined) bits.push(formatCost(m.cost));
      else if (m.usage) bits.push(this.t('costUnknown'));
      meta.textContent = bits.join(' · ');
      const actions = el('span', 'message-actions');
      if (m.state === 'error' || m.state === 'cut') {
        const retry = el('button', 'text-button', this.t('retry'));
        retry.dataset.action = 'retry';
        actions.append(retry);
      }
      if (this.isLastAnswer(m.id) && !this.streaming) actions.append(iconButton('refresh', this.t('regenerate'), 'regenerate'));
      meta.append(actions);
      parts.push(meta);
    }
    footer.replaceChildren(...parts);
  }

  private isLastAnswer(id: string): boolean {
    const last = this.conv?.messages[this.conv.messages.length - 1];
    return last?.id === id;
  }

  private updateAnswer(m: AssistantMessage): void {
    const view = this.views.get(m.id);
    if (!view || !this.conv) return;
    const i = this.conv.messages.findIndex((x) => x.id === m.id);
    if (i >= 0) this.conv.messages[i] = m;
    view.msg = m;
    if (reasoningOf(m)) this.showReasoning(view, m);
    view.renderer?.setText(textOf(m));
    if (m.state !== 'streaming') {
      view.renderer?.finish();
      this.announce(this.t(m.state === 'done' ? 'answerDone' : m.state === 'cut' ? (m.stopReason ? cutNote(m) : 'answerStopped') : 'answerFailed'));
    }
    view.el.querySelector('.author')!.textContent = m.model || this.t('assistant');
    this.renderFooter(view);
    this.updateChrome();
  }

  private removeFrom(id: string): void {
    if (!this.conv) return;
    const i = this.conv.messages.findIndex((m) => m.id === id);
    if (i < 0) return;
    for (const m of this.conv.messages.splice(i)) {
      this.views.get(m.id)?.el.remove();
      this.views.delete(m.id);
    }
    this.updateChrome();
  }

  private updateChrome(): void {
    if (!this.conv) return;
    if (this.conv.messages.length === 0 && this.hasKey) {
      if (!this.empty.isConnected) this.log.append(this.empty);
    } else {
      this.empty.remove();
    }
    const t = totals(this.conv);
    this.total.textContent = t.promptTokens || t.completionTokens ? `${this.t('total')}: ${formatCost(t.cost)}${t.costIncomplete ? '+' : ''}` : '';
    this.total.title = t.promptTokens || t.completionTokens ? `${t.promptTokens.toLocaleString()} → ${t.completionTokens.toLocaleString()} ${this.t('tokens')}` : '';
    // Regenerate belongs to the last answer only.
    for (const v of this.views.values()) {
      if (v.msg.role !== 'assistant') continue;
      const has = v.el.querySelector('[data-action="regenerate"]') !== null;
      if (has !== (this.isLastAnswer(v.msg.id) && v.msg.state !== 'streaming' && !this.streaming)) this.renderFooter(v);
    }
    for (const b of Array.from(this.log.querySelectorAll<HTMLButtonElement>('button[data-action="edit"], button[data-action="regenerate"], button[data-action="retry"]'))) {
      b.disabled = this.streaming;
    }
  }

  /**
   * Keeps the newest text in view while the user is at the end: one scroll per frame, after the
   * render. Whether the user is "at the end" is learnt from scroll events, never measured per
   * token (reading layout for every token costs a forced layout each time).
   */
  private followEnd(settleFrames = 0): void {
    if (!this.stick || this.scrollQueued) return;
    this.scrollQueued = true;
    let lastHeight = -1;
    let left = settleFrames;
    const step = () => {
      this.scrollQueued = false;
      if (!this.stick) return;
      const height = this.log.scrollHeight;
      this.log.scrollTop = height;
      this.autoTop = this.log.scrollTop;
      // Messages that come into view lay out at their real size (content-visibility), which can
      // move the end again: follow it for a few frames until the height stops changing.
      if (left-- > 0 && height !== lastHeight) {
        lastHeight = height;
        this.scrollQueued = true;
        requestAnimationFrame(step);
      }
    };
    requestAnimationFrame(step);
  }

  private nearEnd(): boolean {
    return this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 80;
  }

  private scrollToEnd(force: boolean): void {
    if (force || this.nearEnd()) this.log.scrollTop = this.log.scrollHeight;
  }
}

const root = document.getElementById('app');
if (root) new ChatApp(root);
