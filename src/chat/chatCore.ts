import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands, Settings } from '../platform/ids';
import type { ChatSendRequest } from '../platform/chatService';
import { Disposable } from '../platform/lifecycle';
import type { Services } from '../platform/services';
import type { Conversation } from '../core/conversation/conversation';
import { isAbout } from '../core/conversation/conversation';
import type { AgentView, ChatState, ModelOption, RequestMap, RequestMethod, WebviewCommand } from '../core/protocol/chatProtocol';
import { ChatAgentMode, askInView } from './agentMode';
import { ChatAttachments } from './chatAttachments';
import { ChatHistory } from './chatHistory';
import { openLink } from './chatLinks';
import { ChatMentions } from './chatMentions';
import { ChatSession } from './chatSession';
import { PromptEstimator } from './promptEstimate';
import { ChatView } from './chatView';
import { CodeBlockActions } from './codeBlockActions';
import { ConversationStore } from './conversationStore';
import { uiStrings } from './strings';
import { endpointKind } from '../core/endpoint';
import { DEFAULT_PROFILE_ID, formatModelRef } from '../core/profiles/modelRef';

/** How long a question card (a secret file, a costly message) waits for the user: they decide, not a timer. */
const ASK_TIMEOUT_MS = 24 * 60 * 60 * 1000;

/**
 * The sidebar chat (what ChatFeature loads on first use, ./chatCode.ts): its webview, the open conversation (ChatSession), the stored conversations
 * (ConversationStore, files under globalStorage), and the routing of what the view and the chat
 * commands ask for to the module that does it (attachments, history and export, links).
 */
export class ChatCore extends Disposable {
  readonly store: ConversationStore;
  readonly session: ChatSession;
  readonly view: ChatView;
  readonly codeActions: CodeBlockActions;
  private readonly attachments: ChatAttachments;
  readonly mentions: ChatMentions;
  private readonly estimator: PromptEstimator;
  private readonly history: ChatHistory;
  /** The stored open conversation is back (or there was none). */
  readonly restored: Promise<void>;
  /** Mirrors whether a key is available; webview views get no `viewsWelcome`, so the view draws its own. */
  private hasKey = false;

  constructor(protected readonly services: Services) {
    super();
    this.store = new ConversationStore(path.join(services.context.globalStorageUri.fsPath, 'conversations'), services.log);
    this._register({ dispose: () => this.store.flushSync() });
    this.codeActions = this._register(new CodeBlockActions(services.proposals));
    this.view = this._register(
      new ChatView(
        services.context.extensionUri,
        {
          state: () => this.state(),
          command: (c) => this.onCommand(c),
          request: (m, p) => this.onRequest(m, p),
        },
        services.log,
      ),
    );
    const agentMode = new ChatAgentMode(services, this.store, (n) => this.view.post(n), askInView((params, o) => this.view.request('ask', params, o)));
    this.estimator = new PromptEstimator(services);
    this.session = this._register(new ChatSession(services, this.store, (n) => this.view.post(n), services.chat.slashCommands, agentMode, this.estimator));
    this._register(services.agent.onDidChange(() => this.postAgent()));
    this.attachments = new ChatAttachments(this.session, this.view, this.codeActions);
    this.mentions = new ChatMentions(services, this.session, this.attachments, (n) => this.view.post(n), (params) => this.view.request('ask', params, { timeoutMs: ASK_TIMEOUT_MS }));
    // The file list is made while the view loads, so the first @ finds it ready.
    this._register(this.view.onDidBecomeReady(() => services.mentions.files.warm()));
    this.history = new ChatHistory(this.store, this.session, this.view);
    this._register(services.chat.onDidChangeSlashCommands(() => this.view.postState()));
    this._register(this.session.onDidChangeConversation(() => this.view.postState()));
    // The view is open: the user is about to ask. Load the client and open its connection now.
    this._register(this.view.onDidBecomeReady(() => void (this.hasKey && services.client.warm())));
    this._register(services.models.onDidChangeModels(() => this.postModels()));
    this._register(
      services.models.onDidChangeCurrent((purpose) => {
        if (purpose !== 'chat') return;
        // Picking a chat model anywhere (palette, models view, this view) switches the open conversation.
        this.session.setModel(services.models.currentRef('chat'));
        this.postModels();
        void this.refreshHasKey();
        this.view.postState();
      }),
    );
    this._register(
      services.settings.onDidChange((e) => {
        if (e.affectsConfiguration(`${Settings.section}.${Settings.baseUrl}`) || e.affectsConfiguration(`${Settings.section}.chat`)) this.view.postState();
      }),
    );
    this._register(
      services.profiles.onDidChange(() => {
        this.postModels();
        void this.refreshHasKey();
      }),
    );
    this._register(this.session.onDidChangeConversation(() => void this.refreshHasKey()));
    this._register(services.keys.onDidChange(() => void this.refreshHasKey()));
    void this.refreshHasKey();
    this.restored = this.session.restore().catch((e) => services.log.error(`The open conversation could not be restored: ${e instanceof Error ? e.message : String(e)}`));
  }

  /** Reveals the chat view and sends a message in it (used by Explain and by the native chat); resolves when the answer has ended. */
  async send(request: ChatSendRequest): Promise<void> {
    if (request.newConversation === 'unlessSameFile') await this.continueOrStart(request.file);
    else if (request.newConversation) await this.session.newConversation();
    void this.view.reveal();
    await this.session.send(request.text, { prompt: request.prompt, attachments: request.attachments, model: request.model, file: request.file });
  }

  /**
   * A question about a file joins the open conversation when that is about the same file (or
   * empty); otherwise it starts a new one, and says so: the conversation the user was in did not
   * vanish, it is in History (and one click away).
   */
  private async continueOrStart(file: string | undefined): Promise<void> {
    const previous = this.session.conversation;
    if (!previous.messages.length || (file && isAbout(previous, file))) return;
    await this.session.newConversation();
    const back = vscode.l10n.t('Open Previous Conversation');
    const settings = vscode.l10n.t('Settings');
    const title = previous.title || vscode.l10n.t('(untitled)');
    void vscode.window
      .showInformationMessage(vscode.l10n.t('This question is about other code than "{0}", so it starts a new conversation. "{0}" is in Chat History.', title), back, settings)
      .then(async (choice) => {
        if (choice === back) {
          const conv = await this.store.load(previous.id);
          if (conv) await this.session.open(conv);
        } else if (choice === settings) {
          await vscode.commands.executeCommand('workbench.action.openSettings', `${Settings.section}.${Settings.codeQuestionConversation}`);
        }
      });
  }

  // -- state -------------------------------------------------------------------------------------

  /**
   * Whether the open conversation's profile can answer: it has a key for its host, or needs none.
   * A conversation whose profile is gone asks for no key: sending says what happened, and another
   * model can be picked in the header.
   */
  private async refreshHasKey(): Promise<void> {
    const usable = async (p: { id: string; keyless?: boolean }) => !!p.keyless || !!(await this.services.keys.get(p.id));
    const profile = this.services.profiles.get(this.session.modelRef.profile);
    let has = profile ? await usable(profile) : false;
    if (!profile) for (const p of this.services.profiles.all) if (!has && (await usable(p))) has = true;
    if (has === this.hasKey) return;
    this.hasKey = has;
    this.view.post({ type: 'hasKey', hasKey: has });
  }

  /**
   * Every profile's chat models. An option's id is the model's reference string (the bare id for
   * the default profile's), so the view's choice comes back naming its profile.
   */
  private modelOptions(): ModelOption[] {
    const models = this.services.models;
    const profiles = this.services.profiles;
    return models.modelsOfKind('chat').map((m) => ({
      id: formatModelRef(models.refOf(m)),
      name: profiles.several ? `${m.name} · ${profiles.nameOf(models.refOf(m).profile)}` : m.name,
      vision: m.capabilities.vision,
      ...(m.contextWindow ? { contextWindow: m.contextWindow } : {}),
      ...(m.inputPrice !== undefined ? { inputPrice: m.inputPrice } : {}),
      ...(m.outputPrice !== undefined ? { outputPrice: m.outputPrice } : {}),
    }));
  }

  private postAgent(): void {
    this.view.post({ type: 'agent', mode: this.session.conversation.mode ?? 'ask', agent: this.agentView() });
  }

  private postModels(): void {
    this.view.post({ type: 'models', models: this.modelOptions(), model: formatModelRef(this.session.modelRef) });
    // The estimate's window and price are the model's.
    this.session.postEstimate();
    // Whether agent mode can run depends on the model.
    this.postAgent();
  }

  /** Whether the open conversation's answers come from a simulator or a local server. */
  private endpointBadge(): ChatState['endpointBadge'] {
    const profile = this.services.profiles.get(this.session.modelRef.profile);
    if (!profile) return null;
    return endpointKind(profile.baseUrl, profile.id === DEFAULT_PROFILE_ID ? process.env : {});
  }

  state(): ChatState {
    const s = this.services.settings;
    return {
      conversation: this.session.conversation,
      models: this.modelOptions(),
      model: formatModelRef(this.session.modelRef),
      pending: this.session.pendingAttachments,
      streaming: this.session.isStreaming,
      hasKey: this.hasKey,
      endpointBadge: this.endpointBadge(),
      settings: {
        temperature: s.get<number | null>(Settings.temperature, null),
        maxTokens: s.get<number | null>(Settings.maxTokens, null),
        hasSystemPrompt: !!s.get<string>(Settings.systemPrompt, '').trim(),
      },
      strings: uiStrings(),
      agent: this.agentView(),
      slashCommands: Array.from(this.services.chat.slashCommands, ([name, h]) => ({ name, description: h.description })),
      estimate: this.estimator.estimate(this.session.conversation, this.session.pendingItems),
    };
  }

  private agentView(): AgentView {
    const conv = this.session.conversation;
    const runner = this.services.agent.available;
    const model = conv.model || this.services.models.currentId('chat');
    const refusal = runner ? runner.refusal(model, conv.profile) : vscode.l10n.t('Agent mode is not available in this window.');
    const view: AgentView = { rules: runner?.rulesInUse(conv) ?? [], rulesOff: !!conv.rulesOff };
    if (refusal) {
      view.refusal = refusal;
      const suggestion = this.services.models.modelsOfKind('chat').find((m) => m.capabilities.tools && m.inputPrice !== undefined);
      if (suggestion) view.suggestion = { id: formatModelRef(this.services.models.refOf(suggestion)), name: suggestion.name };
    }
    return view;
  }

  // -- from the view -----------------------------------------------------------------------------

  private async onCommand(c: Exclude<WebviewCommand, { type: 'ready' }>): Promise<void> {
    switch (c.type) {
      case 'send':
        await this.sendFromView(c.text);
        break;
      case 'stop':
        await this.session.stop();
        break;
      case 'regenerate':
        await this.session.regenerate();
        break;
      case 'retry':
        await this.session.retry(c.messageId);
        break;
      case 'editResend':
        await this.session.editResend(c.messageId, c.text);
        break;
      case 'addImage':
        this.session.addAttachment({ kind: 'image', name: c.name, mimeType: c.mimeType, dataUri: c.dataUri });
        break;
      case 'removeAttachment':
        this.session.removeAttachment(c.id);
        break;
      case 'setModel':
        await this.setModelFromView(c.model);
        break;
      case 'errorAction':
        await this.session.errorAction(c.messageId, c.index);
        break;
      case 'setMode':
        this.session.setMode(c.mode);
        this.postAgent();
        break;
      case 'continueTask':
        await this.session.continueTask(c.messageId);
        break;
      case 'undoTask':
        await this.session.undoTask(c.messageId);
        break;
      case 'openChange':
        await this.session.openChange(c.messageId, c.callId);
        break;
      case 'setRules':
        this.session.setRulesOff(!c.on);
        this.postAgent();
        break;
      case 'showRules':
        await vscode.commands.executeCommand(Commands.showAgentRules);
        break;
      case 'addMention':
        await this.mentions.add(c.kind, c.ref);
        break;
      case 'dropUris':
        await this.mentions.drop(c.uris);
        break;
      case 'openPending':
        await this.mentions.openPending(c.id);
        break;
      case 'openContext':
        await this.mentions.openContext(c.messageId, c.index);
        break;
      case 'showVersion':
        this.session.showVersion(c.messageId, c.index);
        break;

      case 'runCommand': {
        const id = {
          newChat: Commands.newChat,
          history: Commands.showHistory,
          export: Commands.exportChat,
          attachSelection: Commands.attachSelection,
          attachFile: Commands.attachFile,
          pickModel: Commands.selectModel,
          setApiKey: Commands.setApiKey,
        }[c.command];
        await vscode.commands.executeCommand(id);
        break;
      }
    }
  }

  /**
   * A message from the composer: sent when it fits the model and, above the set amount, the user
   * confirmed its cost; otherwise its words go back into the input with the reason.
   */
  private async sendFromView(text: string): Promise<void> {
    if (!text.trim() || this.session.isStreaming) {
      await this.session.send(text);
      return;
    }
    const verdict = await this.estimator.checkSend(this.session.conversation, text, this.session.pendingItems, (params) => this.view.request('ask', params, { timeoutMs: ASK_TIMEOUT_MS }));
    if (!verdict.send) {
      this.view.post({ type: 'sendRefused', text, reason: verdict.reason });
      return;
    }
    await this.session.send(text);
  }

  private async setModelFromView(model: string): Promise<void> {
    try {
      await this.services.models.setCurrent('chat', model);
      // When the setting did not change (already current), adopt it for this conversation anyway.
      this.session.setModel(this.services.models.currentRef('chat'));
    } catch (e) {
      void vscode.window.showWarningMessage(e instanceof Error ? e.message : String(e));
    }
    this.postModels();
  }

  private async onRequest<M extends RequestMethod>(method: M, params: RequestMap[M]['params']): Promise<RequestMap[M]['result']> {
    if (method === 'mentionCandidates') {
      const p = params as RequestMap['mentionCandidates']['params'];
      return (await this.mentions.candidates(p.query, p.seq)) as RequestMap[M]['result'];
    }
    if (method === 'codeAction') {
      const p = params as RequestMap['codeAction']['params'];
      return { ok: await this.codeActions.run(p.action, p.code, p.language) } as RequestMap[M]['result'];
    }
    if (method === 'copyAnswer') {
      const text = this.session.answerText((params as RequestMap['copyAnswer']['params']).messageId);
      if (text !== undefined) await vscode.env.clipboard.writeText(text);
      return { ok: text !== undefined } as RequestMap[M]['result'];
    }
    const { url } = params as RequestMap['openLink']['params'];
    return { opened: await openLink(url) } as RequestMap[M]['result'];
  }

  // -- what the commands do (each in its own module) ----------------------------------------------

  attachSelection(): Promise<boolean> {
    return this.attachments.attachSelection();
  }

  attachFile(uri?: vscode.Uri): Promise<boolean> {
    return this.attachments.attachFile(uri);
  }

  /** Renames the open conversation, or the stored one `id` names; asks for the title unless given. */
  async rename(id?: unknown, title?: unknown): Promise<boolean> {
    const open = this.session.conversation;
    const conv = typeof id === 'string' && id !== open.id ? await this.store.load(id) : open;
    return conv ? this.history.rename(conv, typeof title === 'string' ? title : undefined) : false;
  }

  showHistory(): Promise<void> {
    return this.history.show();
  }

  /** Exports to Markdown; asks where unless `target` is given (tests pass one). */
  exportChat(conv: Conversation = this.session.conversation, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    return this.history.export(conv, target);
  }

  openLink(url: string): Promise<boolean> {
    return openLink(url);
  }
}
