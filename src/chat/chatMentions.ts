import * as vscode from 'vscode';
import type { UserMessage } from '../core/conversation/conversation';
import type { ContextItem, MentionKind, MentionPart } from '../core/conversation/parts';
import type { HostNotification, MentionCandidate } from '../core/protocol/chatProtocol';
import type { AskParams, AskResult } from '../core/protocol/hostRequests';
import type { MentionRead } from '../platform/mentionReaders';
import type { Services } from '../platform/services';
import type { ChatAttachments } from './chatAttachments';
import type { ChatSession } from './chatSession';

const IMAGE_FILE = /\.(png|jpe?g|gif|webp)$/i;

/**
 * @-mentions in the sidebar chat: the picker's candidates, a choice or a drop read into a chip
 * (a secret file only after the user says yes on a card), and opening what a chip refers to, in
 * the composer or in a sent message.
 */
export class ChatMentions {
  constructor(
    private readonly services: Services,
    private readonly session: ChatSession,
    private readonly attachments: ChatAttachments,
    private readonly post: (n: HostNotification) => void,
    private readonly ask: (params: AskParams) => Promise<AskResult>,
  ) {}

  async candidates(query: string, seq: number): Promise<{ seq: number; items: MentionCandidate[] }> {
    try {
      return { seq, items: await this.services.mentions.list(query) };
    } catch (e) {
      this.services.log.warn(`chat: listing mentions failed: ${e instanceof Error ? e.message : String(e)}`);
      return { seq, items: [] };
    }
  }

  /** A choice of the picker. Resolves with whether a chip was added. */
  async add(kind: MentionKind, ref: string): Promise<boolean> {
    return this.accept(await this.services.mentions.read(kind, ref));
  }

  /** Files and folders dropped on the chat: images become image attachments, the rest mentions. */
  async drop(uris: readonly string[]): Promise<number> {
    let added = 0;
    for (const raw of uris) {
      const uri = workspaceUri(raw);
      if (!uri) {
        this.note(vscode.l10n.t('Only files and folders of the workspace can be dropped here.'));
        continue;
      }
      if (IMAGE_FILE.test(uri.path)) {
        if (await this.attachments.attachFile(uri)) added++;
        continue;
      }
      if (await this.accept(await this.services.mentions.fromUri(uri))) added++;
    }
    return added;
  }

  private async accept(read: MentionRead): Promise<boolean> {
    if (!read.ok) {
      this.note(read.reason);
      return false;
    }
    if (read.secret && !(await this.confirmSecret(read.secret))) return false;
    this.session.addMention(read.part);
    return true;
  }

  /** A file that may hold secrets goes to the model only when the user says so, each time. */
  private async confirmSecret(path: string): Promise<boolean> {
    const answer = await this.ask({
      title: vscode.l10n.t('Attach {0}?', path),
      body: vscode.l10n.t('{0} may hold secrets (keys, passwords, tokens). What you attach is sent to the model through the gateway. Your TokenHub API key is always removed from it.', path),
      buttons: [
        { id: 'attach', label: vscode.l10n.t('Attach') },
        { id: 'cancel', label: vscode.l10n.t('Cancel'), primary: true },
      ],
    }).catch(() => ({ choice: 'cancel' }));
    return answer.choice === 'attach';
  }

  /** Opens what a pending chip refers to. */
  async openPending(id: string): Promise<void> {
    const item = this.session.pendingItem(id);
    if (item) await this.open(item);
  }

  /** Opens what a chip of a sent message refers to (its part's place in the message). */
  async openContext(messageId: string, index: number): Promise<void> {
    const msg = this.session.conversation.messages.find((m) => m.id === messageId);
    const part = msg?.role === 'user' ? msg.parts[index] : undefined;
    if (!part) return;
    if (part.type === 'mention') await this.services.mentions.open(part);
    else if (part.type === 'attachment') {
      await this.open(part.kind === 'selection' ? { kind: 'selection', uri: part.uri, languageId: part.languageId, text: part.text, range: part.range ?? { startLine: 0, endLine: 0 } } : { kind: 'file', uri: part.uri, languageId: part.languageId, text: part.text });
    }
  }

  private async open(item: ContextItem): Promise<void> {
    if ('type' in item) return this.services.mentions.open(item as MentionPart);
    if (item.kind === 'image') return;
    try {
      const uri = vscode.Uri.parse(item.uri);
      const selection = item.kind === 'selection' ? new vscode.Range(item.range.startLine, 0, item.range.endLine, 0) : undefined;
      await vscode.window.showTextDocument(uri, { preview: true, ...(selection ? { selection } : {}) });
    } catch {
      await this.services.mentions.showText(item.uri.slice(item.uri.lastIndexOf('/') + 1), item.text);
    }
  }

  private note(text: string): void {
    if (text) this.post({ type: 'note', text });
  }
}

/**
 * A dropped URI as the workspace names it, or undefined when it is not in the workspace. The
 * workbench names files as its window sees them: in VS Code for the browser (and remote windows)
 * that is `vscode-remote://<host>/path`, where the extension host may see `file:///path`.
 */
export function workspaceUri(raw: string): vscode.Uri | undefined {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(raw.trim(), true);
  } catch {
    return undefined;
  }
  if (vscode.workspace.getWorkspaceFolder(uri)) return uri;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme === uri.scheme) continue;
    const same = uri.with({ scheme: folder.uri.scheme, authority: folder.uri.authority });
    if (vscode.workspace.getWorkspaceFolder(same)) return same;
  }
  return undefined;
}

/** Reads a question's mentions again (`reread` replaces those that changed): the question with them, or undefined when none changed. */
export async function rereadMentions(user: UserMessage, reread: (part: MentionPart) => Promise<MentionPart>): Promise<UserMessage | undefined> {
  let changed = false;
  const parts = await Promise.all(
    user.parts.map(async (p) => {
      if (p.type !== 'mention') return p;
      const fresh = await reread(p);
      if (fresh !== p) changed = true;
      return fresh;
    }),
  );
  // A new message object, not the old one changed: the conversation's file is written by what
  // changed, and a question is known by its object.
  return changed ? { ...user, parts } : undefined;
}
