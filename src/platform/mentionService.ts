import * as vscode from 'vscode';
import type { MentionKind, MentionPart } from '../core/conversation/parts';
import { afterReread, canReread, KEY_REMOVED, withoutSecret } from '../core/mentions/mentionText';
import type { MentionCandidate } from '../core/protocol/chatProtocol';
import type { ApiKeyStore } from './apiKeyStore';
import { Disposable } from './lifecycle';
import type { MentionCandidates } from './mentionCandidates';
import { loadMentionCode } from './mentionLoader';
import type { MentionRead, MentionReaders } from './mentionReaders';
import { TerminalContext } from './terminalContext';
import { WorkspaceFileIndex } from './workspaceFiles';

/** The scheme of the read-only documents that show what a mention sent (terminal output, a diff, problems). */
export const CONTEXT_SCHEME = 'tokenhub-context';

/**
 * @-mentions as every feature sees them: what the picker lists for a query, reading a mention
 * (from the picker, a drop, or a reference in VS Code's chat) into the text the model gets,
 * reading it again when it changed since, and opening what it refers to.
 */
export class MentionService extends Disposable {
  readonly files: WorkspaceFileIndex;
  readonly terminals: TerminalContext;
  private loadedReaders: MentionReaders | undefined;
  private loadedCandidates: MentionCandidates | undefined;
  /** What the read-only context documents show, by their URI's query. */
  private readonly shown = new Map<string, string>();
  private shownCount = 0;

  constructor(private readonly keys: ApiKeyStore) {
    super();
    this.files = this._register(new WorkspaceFileIndex());
    this.terminals = this._register(new TerminalContext());
    this._register(
      vscode.workspace.registerTextDocumentContentProvider(CONTEXT_SCHEME, {
        provideTextDocumentContent: (uri) => this.shown.get(uri.query) ?? '',
      }),
    );
    this._register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme === CONTEXT_SCHEME) this.shown.delete(d.uri.query);
      }),
    );
  }

  private get readers(): MentionReaders {
    return (this.loadedReaders ??= new (loadMentionCode().MentionReaders)(this.files, this.terminals));
  }

  private get candidates(): MentionCandidates {
    return (this.loadedCandidates ??= new (loadMentionCode().MentionCandidates)(this.files, this.terminals));
  }

  /** The picker's entries for what is typed after `@`. */
  list(query: string): Promise<MentionCandidate[]> {
    return this.candidates.list(query);
  }

  /** Reads a mention; the API key never stays in what it read. */
  async read(kind: MentionKind, ref: string): Promise<MentionRead> {
    return this.scrub(await this.readers.read(kind, ref));
  }

  /** A file or folder (dropped, or referenced in VS Code's chat), whichever it is. */
  async fromUri(uri: vscode.Uri): Promise<MentionRead> {
    return this.scrub(await this.readers.fromUri(uri));
  }

  /** Lines of a file (a location referenced in VS Code's chat). */
  async fromLocation(uri: vscode.Uri, range: vscode.Range): Promise<MentionRead> {
    return this.scrub(await this.readers.fromLocation(uri, range));
  }

  /** Text with the API key removed (a reference VS Code's chat passes as text). */
  async scrubText(text: string): Promise<string> {
    const key = await this.keys.get();
    return key && key.length >= 8 ? text.split(key).join(KEY_REMOVED) : text;
  }

  private async scrub(read: MentionRead): Promise<MentionRead> {
    if (!read.ok) return read;
    return { ...read, part: withoutSecret(read.part, await this.keys.get()) };
  }

  /**
   * The mention to send again (regenerate, retry, edit and resend): files and what lives in them
   * are read again, and replaced (marked re-read) when they changed; the rest is sent as it was.
   * One that can no longer be read is sent as it was.
   */
  async reread(part: MentionPart): Promise<MentionPart> {
    // Lines of a file (from VS Code's chat) are not a whole file: they are sent as they were.
    if (!canReread(part.kind) || (part.kind !== 'symbol' && part.range)) return part;
    const fresh = await this.read(part.kind, part.ref).catch(() => undefined);
    if (!fresh?.ok) return part;
    return afterReread(part, { ...fresh.part, label: part.label }, Date.now());
  }

  /** Opens what a mention refers to: the file (at the symbol), the folder in the Explorer, or the text it sent. */
  async open(part: MentionPart): Promise<void> {
    const uri = part.kind === 'symbol' ? vscode.Uri.parse(part.ref.replace(/^symbol:\d+:[^:]+:/, '')) : part.kind === 'file' || part.kind === 'editor' || part.kind === 'folder' ? vscode.Uri.parse(part.ref) : undefined;
    try {
      if (uri && part.kind === 'folder') {
        await vscode.commands.executeCommand('revealInExplorer', uri);
        return;
      }
      if (uri) {
        const selection = part.range ? new vscode.Range(part.range.startLine, 0, part.range.endLine, 0) : undefined;
        await vscode.window.showTextDocument(uri, { preview: true, ...(selection ? { selection } : {}) });
        return;
      }
    } catch {
      // Gone since: show what was sent instead.
    }
    await this.showText(part.label, part.text);
  }

  /** Shows `text` in a read-only editor titled `label`. */
  async showText(label: string, text: string): Promise<void> {
    const key = String(++this.shownCount);
    this.shown.set(key, text);
    const name = label.replace(/[\\/:*?"<>|]+/g, ' ').trim() || 'context';
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: CONTEXT_SCHEME, path: `/${name}.md`, query: key }));
    await vscode.window.showTextDocument(doc, { preview: true });
  }
}
