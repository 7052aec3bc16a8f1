import * as vscode from 'vscode';
import type { Conversation } from '../core/conversation/conversation';
import { matches, toMarkdown } from '../core/conversation/markdown';
import type { ChatSession } from './chatSession';
import type { ChatView } from './chatView';
import type { ConversationStore } from './conversationStore';

/** History (search, open, rename, export, delete past conversations) and the Markdown export. */
export class ChatHistory {
  constructor(
    private readonly store: ConversationStore,
    private readonly session: ChatSession,
    private readonly view: ChatView,
  ) {}

  async show(): Promise<void> {
    type Item = vscode.QuickPickItem & { conv?: Conversation };
    const all = await this.store.loadAll();
    const qp = vscode.window.createQuickPick<Item>();
    const del: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: vscode.l10n.t('Delete') };
    const exp: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('export'), tooltip: vscode.l10n.t('Export to Markdown') };
    const ren: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('edit'), tooltip: vscode.l10n.t('Rename') };
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
        buttons: [ren, exp, del],
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
          await this.export(c);
          return;
        }
        if (e.button === ren) {
          // The input box takes the quick pick's place; History comes back with the new name.
          qp.hide();
          await this.rename(c);
          await this.show();
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

  /** Renames a conversation (asks for the name unless `title` is given); false when nothing changed. */
  async rename(conv: Conversation, title?: string): Promise<boolean> {
    title ??= await vscode.window.showInputBox({
      title: vscode.l10n.t('Rename Conversation'),
      prompt: vscode.l10n.t('The name shown in Chat History.'),
      value: conv.title,
      valueSelection: [0, conv.title.length],
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Type a name, or press Escape to keep "{0}".', conv.title || vscode.l10n.t('(untitled)'))),
    });
    const name = title?.replace(/\s+/g, ' ').trim().slice(0, 200);
    if (!name || name === conv.title) return false;
    conv.title = name;
    // The open conversation is the session's own object: rename that one, so the next save keeps it.
    const open = this.session.conversation;
    if (open.id === conv.id && open !== conv) open.title = name;
    await this.store.save(open.id === conv.id ? open : conv);
    return true;
  }

  /** Exports to Markdown; asks where unless `target` is given (tests pass one). */
  async export(conv: Conversation = this.session.conversation, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
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
