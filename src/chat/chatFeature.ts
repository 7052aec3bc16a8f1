import * as vscode from 'vscode';
import { Commands, ContextKeys, Views, WebviewPanels } from '../platform/ids';
import { Disposable } from '../platform/lifecycle';
import type { ChatSendRequest } from '../platform/chatService';
import type { Services } from '../platform/services';
import type { Conversation } from '../core/conversation/conversation';
import type { ChatState } from '../core/protocol/chatProtocol';
import type { ChatCore } from './chatCore';
import type * as ChatCodeModule from './chatCode';

type ChatCode = typeof ChatCodeModule;
let chatCode: ChatCode | undefined;

/** Loaded on first use, not at activation (./chatCode.ts). */
function loadChatCode(): ChatCode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (chatCode ??= require('./chatCode') as ChatCode);
}

/**
 * The sidebar chat as activation sees it: the view's provider, the chat commands and the chat's
 * send API, each of which builds the chat (ChatCore) on first use. Its members are the chat's.
 */
export class ChatFeature extends Disposable {
  private loaded: ChatCore | undefined;
  /** The chat model was picked before the chat was built: the restored conversation adopts it. */
  private modelPicked = false;

  constructor(protected readonly services: Services) {
    super();
    this._register(
      vscode.window.registerWebviewViewProvider(Views.chat, { resolveWebviewView: (view) => this.core.view.resolveWebviewView(view) }, { webviewOptions: { retainContextWhenHidden: false } }),
    );
    // An editor tab of the chat comes back after a reload.
    this._register(vscode.window.registerWebviewPanelSerializer(WebviewPanels.chat, { deserializeWebviewPanel: (panel) => this.core.view.deserializeWebviewPanel(panel) }));
    this._register(services.chat.bindSender((request) => this.send(request)));
    this._register(
      services.models.onDidChangeCurrent((purpose) => {
        if (purpose === 'chat' && !this.loaded) this.modelPicked = true;
      }),
    );
    void vscode.commands.executeCommand('setContext', ContextKeys.isStreaming, false);
    this.registerCommands();
  }

  /** The chat, built on first use. */
  private get core(): ChatCore {
    if (this.loaded) return this.loaded;
    const core = this._register(new (loadChatCode().ChatCore)(this.services));
    this.loaded = core;
    if (this.modelPicked) void core.restored.then(() => core.session.setModel(this.services.models.currentRef('chat')));
    return core;
  }

  /** The chat, once the stored open conversation is back: what acts on a conversation waits for it. */
  private async ready(): Promise<ChatCore> {
    const core = this.core;
    await core.restored;
    return core;
  }

  get store(): ChatCore['store'] {
    return this.core.store;
  }

  get session(): ChatCore['session'] {
    return this.core.session;
  }

  get view(): ChatCore['view'] {
    return this.core.view;
  }

  get codeActions(): ChatCore['codeActions'] {
    return this.core.codeActions;
  }

  get mentions(): ChatCore['mentions'] {
    return this.core.mentions;
  }

  /** Reveals the chat view and sends a message in it (used by Explain and by the native chat); resolves when the answer has ended. */
  async send(request: ChatSendRequest): Promise<void> {
    return (await this.ready()).send(request);
  }

  state(): ChatState {
    return this.core.state();
  }

  private registerCommands(): void {
    const reg = (id: string, fn: (...args: unknown[]) => unknown) => this._register(vscode.commands.registerCommand(id, fn));
    reg(Commands.newChat, async () => {
      const core = await this.ready();
      await core.session.newConversation();
      await core.view.reveal(true);
    });
    reg(Commands.focusChatInput, () => this.view.reveal(true));
    reg(Commands.openChatInEditor, () => this.view.openInEditor());
    // The view can live in the secondary side bar or the panel: VS Code's own Move View, for this view.
    reg(Commands.moveChat, async () => {
      await this.view.reveal();
      await vscode.commands.executeCommand('workbench.action.moveFocusedView', Views.chat);
    });
    reg(Commands.stopChat, async () => (await this.ready()).session.stop());
    reg(Commands.showHistory, () => this.showHistory());
    reg(Commands.exportChat, () => this.exportChat());
    // From the view's menu: the open conversation; tests (and History) name one, and the title.
    reg(Commands.renameChat, async (id?: unknown, title?: unknown) => (await this.ready()).rename(id, title));
    reg(Commands.attachSelection, () => this.attachSelection());
    reg(Commands.attachFile, (uri?: unknown) => this.attachFile(uri instanceof vscode.Uri ? uri : undefined));
  }

  async attachSelection(): Promise<boolean> {
    return (await this.ready()).attachSelection();
  }

  async attachFile(uri?: vscode.Uri): Promise<boolean> {
    return (await this.ready()).attachFile(uri);
  }

  async showHistory(): Promise<void> {
    return (await this.ready()).showHistory();
  }

  /** Exports to Markdown; asks where unless `target` is given (tests pass one). */
  async exportChat(conv?: Conversation, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    return (await this.ready()).exportChat(conv, target);
  }

  openLink(url: string): Promise<boolean> {
    return this.core.openLink(url);
  }
}
