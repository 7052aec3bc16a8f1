import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands, ContextKeys, Settings } from '../platform/ids';
import type { ChatSendRequest } from '../platform/chatService';
import { Disposable } from '../platform/lifecycle';
import type { Services } from '../platform/services';
import type { Conversation } from '../core/conversation/conversation';
import { matches, toMarkdown } from '../core/conversation/markdown';
import type { IMAGE_MIME_TYPES } from '../core/conversation/validate';
import { MAX_IMAGE_DATA_URI, MAX_TEXT_ATTACHMENT } from '../core/conversation/validate';
import type { ChatState, ModelOption, RequestMap, RequestMethod, WebviewCommand } from '../core/protocol/chatProtocol';
import { isOpenableUrl } from '../core/protocol/chatProtocol';
import { ChatSession } from './chatSession';
import { ChatView } from './chatView';
import { CodeBlockActions } from './codeBlockActions';
import { ConversationStore } from './conversationStore';
import { uiStrings } from './strings';
import { endpointKind } from '../core/endpoint';

const IMAGE_EXTENSIONS: Record<string, (typeof IMAGE_MIME_TYPES)[number]> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};


/**
 * The sidebar chat: its webview, the open conversation (ChatSession), the stored conversations
 * (ConversationStore, files under globalStorage) and the chat commands.
 */
export class ChatFeature extends Disposable {
  readonly store: ConversationStore;
  readonly session: ChatSession;
  readonly view: ChatView;
  readonly codeActions: CodeBlockActions;
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
    this.session = this._register(new ChatSession(services, this.store, (n) => this.view.post(n), services.chat.slashCommands));
    this._register(services.chat.bindSender((request) => this.send(request)));
    this._register(services.chat.onDidChangeSlashCommands(() => this.view.postState()));
    this._register(this.session.onDidChangeConversation(() => this.view.postState()));
    this._register(services.models.onDidChangeModels(() => this.postModels()));
    this._register(
      services.models.onDidChangeCurrent((purpose) => {
        if (purpose !== 'chat') return;
        // Picking a chat model anywhere (palette, models view, this view) switches the open conversation.
        this.session.setModel(services.models.currentId('chat'));
        this.postModels();
      }),
    );
    this._register(
      services.settings.onDidChange((e) => {
        if (e.affectsConfiguration(`${Settings.section}.${Settings.baseUrl}`) || e.affectsConfiguration(`${Settings.section}.chat`)) this.view.postState();
      }),
    );
    this._register(services.keys.onDidChange(() => void this.refreshHasKey()));
    void this.refreshHasKey();
    void vscode.commands.executeCommand('setContext', ContextKeys.isStreaming, false);
    this.registerCommands();
    void this.session.restore();
  }

  /** Reveals the chat view and sends a message in it (used by Explain and by the native chat); resolves when the answer has ended. */
  async send(request: ChatSendRequest): Promise<void> {
    if (request.newConversation) await this.session.newConversation();
    void this.view.reveal();
    await this.session.send(request.text, { prompt: request.prompt, attachments: request.attachments, model: request.model });
  }

  // -- state -------------------------------------------------------------------------------------

  private async refreshHasKey(): Promise<void> {
    const has = !!(await this.services.keys.get());
    if (has === this.hasKey) return;
    this.hasKey = has;
    this.view.post({ type: 'hasKey', hasKey: has });
  }

  private modelOptions(): ModelOption[] {
    return this.services.models.modelsOfKind('chat').map((m) => ({
      id: m.id,
      name: m.name,
      vision: m.capabilities.vision,
      ...(m.inputPrice !== undefined ? { inputPrice: m.inputPrice } : {}),
      ...(m.outputPrice !== undefined ? { outputPrice: m.outputPrice } : {}),
    }));
  }

  private postModels(): void {
    this.view.post({ type: 'models', models: this.modelOptions(), model: this.session.conversation.model });
  }

  private endpointBadge(): ChatState['endpointBadge'] {
    return endpointKind(this.services.settings.baseUrl, process.env);
  }

  state(): ChatState {
    const s = this.services.settings;
    return {
      conversation: this.session.conversation,
      models: this.modelOptions(),
      model: this.session.conversation.model,
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
      slashCommands: Array.from(this.services.chat.slashCommands, ([name, h]) => ({ name, description: h.description })),
    };
  }

  // -- from the view -----------------------------------------------------------------------------

  private async onCommand(c: Exclude<WebviewCommand, { type: 'ready' }>): Promise<void> {
    switch (c.type) {
      case 'send':
        await this.session.send(c.text);
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

  private async setModelFromView(model: string): Promise<void> {
    try {
      await this.services.models.setCurrent('chat', model);
      // When the setting did not change (already current), adopt it for this conversation anyway.
      this.session.setModel(this.services.models.find(model)?.id ?? model);
    } catch (e) {
      void vscode.window.showWarningMessage(e instanceof Error ? e.message : String(e));
    }
    this.postModels();
  }

  private async onRequest<M extends RequestMethod>(method: M, params: RequestMap[M]['params']): Promise<RequestMap[M]['result']> {
    if (method === 'codeAction') {
      const p = params as RequestMap['codeAction']['params'];
      return { ok: await this.codeActions.run(p.action, p.code, p.language) } as RequestMap[M]['result'];
    }
    const { url } = params as RequestMap['openLink']['params'];
    return { opened: await this.openLink(url) } as RequestMap[M]['result'];
  }

  /** Links from model output: shown to the user first, opened only for http(s)/mailto. */
  async openLink(url: string): Promise<boolean> {
    if (!isOpenableUrl(url)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('This link was not opened: only web and mail links can be opened from the chat.'));
      return false;
    }
    const open = vscode.l10n.t('Open');
    const copy = vscode.l10n.t('Copy Link');
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Open this link from the answer?'), { modal: true, detail: url }, open, copy);
    if (choice === copy) await vscode.env.clipboard.writeText(url);
    if (choice !== open) return false;
    return vscode.env.openExternal(vscode.Uri.parse(url, true));
  }

  // -- commands ----------------------------------------------------------------------------------

  private registerCommands(): void {
    const reg = (id: string, fn: (...args: unknown[]) => unknown) => this._register(vscode.commands.registerCommand(id, fn));
    reg(Commands.newChat, async () => {
      await this.session.newConversation();
      await this.view.reveal(true);
    });
    reg(Commands.focusChatInput, () => this.view.reveal(true));
    reg(Commands.stopChat, () => this.session.stop());
    reg(Commands.showHistory, () => this.showHistory());
    reg(Commands.exportChat, () => this.exportChat(this.session.conversation));
    reg(Commands.attachSelection, () => this.attachSelection());
    reg(Commands.attachFile, (uri?: unknown) => this.attachFile(uri instanceof vscode.Uri ? uri : undefined));
  }

  async attachSelection(): Promise<boolean> {
    const editor = this.codeActions.targetEditor();
    const sel = editor?.selection;
    if (!editor || !sel || sel.isEmpty) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select some code in an editor first.'));
      return false;
    }
    const text = editor.document.getText(sel);
    if (text.length > MAX_TEXT_ATTACHMENT) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The selection is too large to attach.'));
      return false;
    }
    this.session.addAttachment({
      kind: 'selection',
      uri: editor.document.uri.toString(),
      languageId: editor.document.languageId,
      range: { startLine: sel.start.line, endLine: sel.end.line },
      text,
    });
    await this.view.reveal(true);
    return true;
  }

  async attachFile(uri?: vscode.Uri): Promise<boolean> {
    const picked = uri ? [uri] : await vscode.window.showOpenDialog({ canSelectMany: true, openLabel: vscode.l10n.t('Attach') });
    if (!picked?.length) return false;
    for (const file of picked) {
      const bytes = await vscode.workspace.fs.readFile(file);
      const mime = IMAGE_EXTENSIONS[path.extname(file.path).toLowerCase()];
      const name = path.basename(file.path);
      if (mime) {
        const dataUri = `data:${mime};base64,${Buffer.from(bytes).toString('base64')}`;
        if (dataUri.length > MAX_IMAGE_DATA_URI) {
          void vscode.window.showWarningMessage(vscode.l10n.t('{0} is too large to attach.', name));
          continue;
        }
        this.session.addAttachment({ kind: 'image', name, mimeType: mime, dataUri });
        continue;
      }
      if (bytes.length > MAX_TEXT_ATTACHMENT || bytes.includes(0)) {
        void vscode.window.showWarningMessage(vscode.l10n.t('{0} is too large or not a text file.', name));
        continue;
      }
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
      this.session.addAttachment({ kind: 'file', uri: file.toString(), languageId: doc?.languageId ?? (path.extname(name).slice(1) || 'plaintext'), text: new TextDecoder().decode(bytes) });
    }
    await this.view.reveal(true);
    return true;
  }

  async showHistory(): Promise<void> {
    type Item = vscode.QuickPickItem & { conv?: Conversation };
    const all = await this.store.loadAll();
    const qp = vscode.window.createQuickPick<Item>();
    const del: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: vscode.l10n.t('Delete') };
    const exp: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('export'), tooltip: vscode.l10n.t('Export to Markdown') };
    qp.placeholder = vscode.l10n.t('Search past conversations (title and messages)');
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    let convs = all;
    const render = () => {
      const list = convs.filter((c) => matches(c, qp.value));
      qp.items = list.map((c) => ({
        label: c.title || vscode.l10n.t('(untitled)'),
        description: `${new Date(c.updatedAt).toLocaleString(vscode.env.language)} · ${c.model}`,
        detail: vscode.l10n.t('{0} messages', c.messages.length),
        conv: c,
        buttons: [exp, del],
        alwaysShow: true,
      }));
    };
    render();
    const subs = [
      qp.onDidChangeValue(render),
      qp.onDidTriggerItemButton(async (e) => {
        const c = e.item.conv;
        if (!c) return;
        if (e.button === exp) {
          await this.exportChat(c);
          return;
        }
        await this.store.delete(c.id);
        convs = convs.filter((x) => x.id !== c.id);
        if (c.id === this.session.conversation.id) await this.session.newConversation();
        render();
      }),
      qp.onDidAccept(async () => {
        const c = qp.selectedItems[0]?.conv;
        qp.hide();
        if (c) {
          await this.session.open(c);
          await this.view.reveal(true);
        }
      }),
    ];
    qp.onDidHide(() => {
      subs.forEach((s) => s.dispose());
      qp.dispose();
    });
    qp.show();
  }

  /** Exports to Markdown; asks where unless `target` is given (tests pass one). */
  async exportChat(conv: Conversation = this.session.conversation, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    if (!conv.messages.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('This conversation is empty.'));
      return undefined;
    }
    const markdown = toMarkdown(conv, { user: vscode.l10n.t('You'), assistant: vscode.l10n.t('Assistant'), cutOff: vscode.l10n.t('cut off'), error: vscode.l10n.t('Error') });
    const safe = (conv.title || 'chat').replace(/[^\w\- ]+/g, '').trim().slice(0, 50) || 'chat';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    target ??= await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${safe}.md`) : undefined,
      filters: { Markdown: ['md'] },
      saveLabel: vscode.l10n.t('Export'),
    });
    if (!target) return undefined;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(markdown));
    await vscode.window.showTextDocument(target, { preview: false });
    return target;
  }
}
