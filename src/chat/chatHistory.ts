import * as vscode from 'vscode';
import type { Conversation } from '../core/conversation/conversation';
import type { SearchEntry } from '../core/conversation/searchText';
import { entryMatches, queryWords } from '../core/conversation/searchText';
import type { ChatSession } from './chatSession';
import type { ChatView } from './chatView';
import type { ConversationStore } from './conversationStore';
import type * as MarkdownCodeModule from '../core/conversation/markdown';

type MarkdownCode = typeof MarkdownCodeModule;
let markdownCode: MarkdownCode | undefined;

/** Loaded on the first export, not at activation (a bundle of its own: esbuild.mjs). */
function loadMarkdown(): MarkdownCode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (markdownCode ??= require('../core/conversation/markdown') as MarkdownCode);
}

/** History (search, open, export, delete past conversations) and the Markdown export. */
export class ChatHistory {
  constructor(
    private readonly store: ConversationStore,
    private readonly session: ChatSession,
    private readonly view: ChatView,
  ) {}

  async show(): Promise<void> {
    type Item = vscode.QuickPickItem & { id?: string };
    const qp = vscode.window.createQuickPick<Item>();
    const del: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: vscode.l10n.t('Delete') };
    const exp: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('export'), tooltip: vscode.l10n.t('Export to Markdown') };
    qp.placeholder = vscode.l10n.t('Search past conversations (title and messages)');
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.busy = true;
    // Each item is made once; a key typed only filters them (hundreds of conversations stay instant).
    let entries: { entry: SearchEntry; item: Item }[] = [];
    const render = () => {
      const words = queryWords(qp.value);
      qp.items = entries.filter((e) => entryMatches(e.entry, words)).map((e) => e.item);
    };
    const subs = [
      qp.onDidChangeValue(render),
      qp.onDidTriggerItemButton(async (e) => {
        const id = e.item.id;
        if (!id) return;
        if (e.button === exp) {
          const conv = id === this.session.conversation.id ? this.session.conversation : await this.store.load(id);
          if (conv) await this.export(conv);
          return;
        }
        await this.store.delete(id);
        entries = entries.filter((x) => x.entry.id !== id);
        if (id === this.session.conversation.id) await this.session.newConversation();
        render();
      }),
      qp.onDidAccept(async () => {
        const id = qp.selectedItems[0]?.id;
        qp.hide();
        if (!id) return;
        // Read afresh, so that saves of it append to its file (see ConversationStore).
        const conv = id === this.session.conversation.id ? this.session.conversation : await this.store.load(id);
        if (!conv) return;
        await this.session.open(conv);
        await this.view.reveal(true);
      }),
    ];
    qp.onDidHide(() => {
      subs.forEach((s) => s.dispose());
      qp.dispose();
    });
    qp.show();
    entries = (await this.store.searchEntries()).map((entry) => ({
      entry,
      item: {
        label: entry.title || vscode.l10n.t('(untitled)'),
        description: `${new Date(entry.updatedAt).toLocaleString(vscode.env.language)} · ${entry.model}`,
        detail: vscode.l10n.t('{0} messages', entry.messageCount),
        id: entry.id,
        buttons: [exp, del],
        alwaysShow: true,
      },
    }));
    qp.busy = false;
    render();
  }

  /** Exports to Markdown; asks where unless `target` is given (tests pass one). */
  async export(conv: Conversation = this.session.conversation, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    if (!conv.messages.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('This conversation is empty.'));
      return undefined;
    }
    const markdown = loadMarkdown().toMarkdown(conv, { user: vscode.l10n.t('You'), assistant: vscode.l10n.t('Assistant'), cutOff: vscode.l10n.t('cut off'), error: vscode.l10n.t('Error') });
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
