// The chat view (browser bundle dist/webview.js). It draws what the host sends and posts what the
// user does; the host owns the conversation. It has no network (CSP `connect-src 'none'`) and
// never sees the API key. Model output goes through ./markdown (sanitized) before touching the DOM.
// This file only puts the components together and routes the host's notifications to them.
import './styles.css';
import type { ChatState, HostNotification } from '../core/protocol/chatProtocol';
import { isHostNotification } from '../core/protocol/chatProtocol';
import { AgentBar } from './agentBar';
import { Announcer } from './announcer';
import { askHandler } from './askCard';
import { Composer } from './composer';
import { Header } from './header';
import { HostConnection } from './host';
import { HostRequestHandlers } from './hostRequests';
import { setCodeBlockLabels } from './markdown';
import { MessageList } from './messageList';
import { ModelNames } from './modelNames';
import { UiText } from './uiText';
import { KeyWelcome } from './welcome';

class ChatApp {
  private readonly host = new HostConnection();
  private readonly text = new UiText();
  private readonly announcer = new Announcer();
  private readonly names = new ModelNames();
  private readonly header = new Header(this.host, this.text, this.names);
  private readonly welcome = new KeyWelcome(this.host, this.text);
  private readonly list = new MessageList(this.host, this.text, this.names, this.announcer, (conv) => this.header.showTotals(conv));
  private readonly composer = new Composer(this.host, this.text, this.announcer);
  private readonly agentBar = new AgentBar(this.host, this.text);
  /** The host's requests, answered by the components that show them. */
  private readonly requests = new HostRequestHandlers(this.host);

  constructor(private readonly root: HTMLElement) {
    this.requests.register('ask', askHandler({ show: (card) => this.list.showCard(card), returnFocus: () => this.composer.focus() }, this.text, this.announcer));
    this.composer.addBelowInput(this.agentBar.el);
    root.replaceChildren(this.header.el, this.welcome.el, this.list.el, this.announcer.el, this.composer.el);
    window.addEventListener('message', (e: MessageEvent) => {
      // Messages come only from the host frame; anything not of our protocol is ignored.
      if (isHostNotification(e.data)) this.onNotification(e.data);
    });
    this.host.post({ type: 'ready' });
  }

  private onNotification(n: HostNotification): void {
    switch (n.type) {
      case 'state':
        this.applyState(n.state);
        break;
      case 'messageAdded':
        this.list.add(n.message);
        break;
      case 'delta':
        this.list.appendText(n.messageId, n.text);
        break;
      case 'reasoningDelta':
        this.list.appendReasoning(n.messageId, n.text);
        break;
      case 'messageUpdated':
        this.list.update(n.message);
        break;
      case 'messagesRemoved':
        this.list.removeFrom(n.fromId);
        break;
      case 'pending':
        this.composer.setPending(n.pending);
        break;
      case 'models':
        this.setModels(n.models, n.model);
        this.list.renameModels();
        break;
      case 'streaming':
        this.setStreaming(n.streaming);
        break;
      case 'hasKey':
        this.setHasKey(n.hasKey);
        break;
      case 'focusInput':
        this.composer.focus();
        break;
      case 'setInput':
        this.composer.setInput(n.text);
        break;
      case 'estimate':
        this.composer.setEstimate(n.estimate);
        break;
      case 'sendRefused':
        this.composer.refused(n.text, n.reason);
        break;
      case 'note':
        this.composer.showNote(n.text);
        break;
      case 'response':
        this.host.settle(n.id, n.result, n.error);
        break;
      case 'agent':
        this.agentBar.set(n.mode, n.agent);
        break;
      case 'hostRequest':
        this.requests.onRequest(n);
        break;
      case 'cancelHostRequest':
        this.requests.onCancel(n.id);
        break;
    }
  }

  private applyState(s: ChatState): void {
    const t = (k: Parameters<UiText['t']>[0]) => this.text.t(k);
    this.text.set(s.strings);
    setCodeBlockLabels({
      copy: t('copy'),
      insert: t('insert'),
      apply: t('apply'),
      saveAs: t('saveAs'),
      insertShort: t('insertShort'),
      applyShort: t('applyShort'),
      saveAsShort: t('saveAsShort'),
      code: t('code'),
      remoteImage: t('remoteImage'),
    });
    this.composer.localize();
    this.agentBar.localize();
    this.list.localize();
    this.header.localize();
    this.welcome.localize();
    this.header.setSettings(s.settings);
    this.setModels(s.models, s.model);
    this.header.setBadge(s.endpointBadge);
    this.welcome.setEndpoint(s.endpointBadge);
    this.setHasKey(s.hasKey);
    this.composer.setSlashCommands(s.slashCommands);
    this.agentBar.set(s.conversation.mode ?? 'ask', s.agent);
    // postMessage already delivered a copy of its own.
    this.list.setConversation(s.conversation);
    this.composer.setPending(s.pending);
    this.composer.setEstimate(s.estimate);
    this.setStreaming(s.streaming);
  }

  private setModels(models: ChatState['models'], model: string): void {
    this.header.setModels(models, model);
    this.composer.setModel(this.names.name(model), this.names.option(model)?.contextWindow);
  }

  private setHasKey(hasKey: boolean): void {
    this.welcome.setHasKey(hasKey);
    this.root.classList.toggle('no-key', !hasKey);
    this.list.setHasKey(hasKey);
  }

  private setStreaming(streaming: boolean): void {
    this.composer.setStreaming(streaming);
    this.list.setStreaming(streaming);
    this.root.classList.toggle('streaming', streaming);
    if (streaming) this.announcer.say(this.text.t('answering'));
  }
}

const root = document.getElementById('app');
if (root) new ChatApp(root);
