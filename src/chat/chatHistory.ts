import * as vscode from 'vscode';
import type { Conversation, ConversationTotals } from '../core/conversation/conversation';
import type { SearchEntry } from '../core/conversation/searchText';
import { entryMatches, queryWords } from '../core/conversation/searchText';
import { formatCost } from '../core/pricing';
import type { ChatSession } from './chatSession';
import type { ChatView } from './chatView';
import type { ConversationStore } from './conversationStore';
import type * as MarkdownCodeModule from '../core/conversation/markdown';
import { escapeIcons } from '../core/iconText';

type MarkdownCode = typeof MarkdownCodeModule;
let markdownCode: MarkdownCode | undefined;

/** Loaded on the first export (it ships in the chat's bundle, which loads on first use: esbuild.mjs). */
function loadMarkdown(): MarkdownCode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (markdownCode ??= require('../core/conversation/markdown') as MarkdownCode);
}

/** History (search, open, rename, export, delete past conversations) and the Markdown export. */
export class ChatHistory {
  constructor(
    private readonly store: ConversationStore,
    private readonly session: ChatSession,
    private readonly view: ChatView,
  ) {}

  async show(): Promise<void> {
    type Item = HistoryItem;
    const qp = vscode.window.createQuickPick<Item>();
    const del: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: vscode.l10n.t('Delete') };
    const exp: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('export'), tooltip: vscode.l10n.t('Export to Markdown') };
    const ren: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('edit'), tooltip: vscode.l10n.t('Rename') };
    qp.placeholder = vscode.l10n.t('Search past conversations (title and messages)');
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.busy = true;
    // Each entry is read once; a key typed only filters them (hundreds of conversations stay instant).
    let entries: SearchEntry[] = [];
    // Newest first, or most expensive first: the title bar's button switches.
    let byCost = false;
    const sortButton = (): vscode.QuickInputButton => ({
      iconPath: new vscode.ThemeIcon(byCost ? 'history' : 'graph'),
      tooltip: byCost ? vscode.l10n.t('Sort by Date') : vscode.l10n.t('Sort by Cost'),
    });
    qp.buttons = [sortButton()];
    const render = () => {
      qp.items = historyItems(entries, qp.value, byCost).map((item) => ({ ...item, buttons: [ren, exp, del], alwaysShow: true }));
    };
    const load = (id: string) => (id === this.session.conversation.id ? Promise.resolve(this.session.conversation) : this.store.load(id));
    const subs = [
      qp.onDidChangeValue(render),
      qp.onDidTriggerButton(() => {
        byCost = !byCost;
        qp.buttons = [sortButton()];
        render();
      }),
      qp.onDidTriggerItemButton(async (e) => {
        const id = e.item.id;
        if (!id) return;
        if (e.button === exp) {
          const conv = await load(id);
          if (conv) await this.export(conv);
          return;
        }
        if (e.button === ren) {
          // The input box takes the quick pick's place; History comes back with the new name.
          qp.hide();
          const conv = await load(id);
          if (conv) await this.rename(conv);
          await this.show();
          return;
        }
        await this.store.delete(id);
        entries = entries.filter((x) => x.id !== id);
        if (id === this.session.conversation.id) await this.session.newConversation();
        render();
      }),
      qp.onDidAccept(async () => {
        const id = qp.selectedItems[0]?.id;
        qp.hide();
        if (!id) return;
        // Read afresh, so that saves of it append to its file (see ConversationStore).
        const conv = await load(id);
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
    entries = await this.store.searchEntries();
    qp.busy = false;
    render();
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
    const markdown = loadMarkdown().toMarkdown(conv, { user: vscode.l10n.t('You'), assistant: vscode.l10n.t('Assistant'), cutOff: vscode.l10n.t('cut off'), error: vscode.l10n.t('Error'), costUnknown: vscode.l10n.t('cost unknown') });
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

export type HistoryItem = vscode.QuickPickItem & { id?: string };

/** History's rows for `query`: newest first (as given), or most expensive first; each with what it cost. */
export function historyItems(entries: readonly SearchEntry[], query: string, byCost: boolean): HistoryItem[] {
  const words = queryWords(query);
  const list = entries.filter((e) => entryMatches(e, words));
  if (byCost) list.sort((a, b) => b.totals.cost - a.totals.cost || b.updatedAt - a.updatedAt);
  return list.map((e) => ({
    // A title is the user's own words: `$(…)` in it is text, not an icon.
    label: e.title ? escapeIcons(e.title) : vscode.l10n.t('(untitled)'),
    description: `${new Date(e.updatedAt).toLocaleString(vscode.env.language)} · ${escapeIcons(e.model)}`,
    detail: [vscode.l10n.t('{0} messages', e.messageCount), conversationCost(e.totals)].filter(Boolean).join(' · '),
    id: e.id,
  }));
}

/**
 * What a conversation cost, as History lists it: `$0.42`, `≈ $0.42` with estimates, `$0.42+` when
 * some answers had no known price, `cost unknown` when none had one; nothing before any answer.
 */
export function conversationCost(t: ConversationTotals): string | undefined {
  if (!t.promptTokens && !t.completionTokens && !t.cost) return undefined;
  if (t.costIncomplete && t.cost === 0) return vscode.l10n.t('cost unknown');
  return `${t.estimated ? '≈ ' : ''}${formatCost(t.cost)}${t.costIncomplete ? '+' : ''}`;
}
