import * as vscode from 'vscode';
import type { Conversation } from '../core/conversation/conversation';
import { totals } from '../core/conversation/conversation';
import { matches, toMarkdown } from '../core/conversation/markdown';
import { formatCost } from '../core/pricing';
import type { ChatSession } from './chatSession';
import type { ChatView } from './chatView';
import type { ConversationStore } from './conversationStore';

/** History (search, open, export, delete past conversations) and the Markdown export. */
export class ChatHistory {
  constructor(
    private readonly store: ConversationStore,
    private readonly session: ChatSession,
    private readonly view: ChatView,
  ) {}

  async show(): Promise<void> {
    type Item = HistoryItem;
    const all = await this.store.loadAll();
    const qp = vscode.window.createQuickPick<Item>();
    const del: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: vscode.l10n.t('Delete') };
    const exp: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('export'), tooltip: vscode.l10n.t('Export to Markdown') };
    qp.placeholder = vscode.l10n.t('Search past conversations (title and messages)');
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    let convs = all;
    // Newest first, or most expensive first: the title bar's button switches.
    let byCost = false;
    const sortButton = (): vscode.QuickInputButton => ({
      iconPath: new vscode.ThemeIcon(byCost ? 'history' : 'graph'),
      tooltip: byCost ? vscode.l10n.t('Sort by Date') : vscode.l10n.t('Sort by Cost'),
    });
    qp.buttons = [sortButton()];
    const render = () => {
      qp.items = historyItems(convs, qp.value, byCost).map((item) => ({ ...item, buttons: [exp, del], alwaysShow: true }));
    };
    render();
    const subs = [
      qp.onDidChangeValue(render),
      qp.onDidTriggerButton(() => {
        byCost = !byCost;
        qp.buttons = [sortButton()];
        render();
      }),
      qp.onDidTriggerItemButton(async (e) => {
        const c = e.item.conv;
        if (!c) return;
        if (e.button === exp) {
          await this.export(c);
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
  async export(conv: Conversation = this.session.conversation, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    if (!conv.messages.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('This conversation is empty.'));
      return undefined;
    }
    const markdown = toMarkdown(conv, { user: vscode.l10n.t('You'), assistant: vscode.l10n.t('Assistant'), cutOff: vscode.l10n.t('cut off'), error: vscode.l10n.t('Error'), costUnknown: vscode.l10n.t('cost unknown') });
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

export type HistoryItem = vscode.QuickPickItem & { conv?: Conversation };

/** History's rows for `query`: newest first (as given), or most expensive first; each with what it cost. */
export function historyItems(convs: readonly Conversation[], query: string, byCost: boolean): HistoryItem[] {
  const list = convs.filter((c) => matches(c, query));
  if (byCost) list.sort((a, b) => totals(b).cost - totals(a).cost || b.updatedAt - a.updatedAt);
  return list.map((c) => ({
    label: c.title || vscode.l10n.t('(untitled)'),
    description: `${new Date(c.updatedAt).toLocaleString(vscode.env.language)} · ${c.model}`,
    detail: [vscode.l10n.t('{0} messages', c.messages.length), conversationCost(c)].filter(Boolean).join(' · '),
    conv: c,
  }));
}

/**
 * What a conversation cost, as History lists it: `$0.42`, `≈ $0.42` with estimates, `$0.42+` when
 * some answers had no known price, `cost unknown` when none had one; nothing before any answer.
 */
export function conversationCost(conv: Conversation): string | undefined {
  const t = totals(conv);
  if (!t.promptTokens && !t.completionTokens && !t.cost) return undefined;
  if (t.costIncomplete && t.cost === 0) return vscode.l10n.t('cost unknown');
  return `${t.estimated ? '≈ ' : ''}${formatCost(t.cost)}${t.costIncomplete ? '+' : ''}`;
}
