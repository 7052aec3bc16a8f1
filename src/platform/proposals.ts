import * as vscode from 'vscode';
import { Commands } from './ids';
import { Disposable } from './lifecycle';
import type { ExtensionLog } from './log';
import type { EditAnchor } from '../core/edits/placement';
import { fitReplacement } from '../core/edits/placement';
import { applyEdit, applyNewFile, basename } from './proposalApply';
import { holdBeforeApply, proposalConcerns, ProposalStatusBar } from './proposalReview';
import type * as FencesCodeModule from '../core/edits/fences';

type FencesCode = typeof FencesCodeModule;
let fencesModule: FencesCode | undefined;

/** Loaded with the first proposal, not at activation (a bundle of its own: esbuild.mjs). */
function fences(): FencesCode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (fencesModule ??= require('../core/edits/fences') as FencesCode);
}

/** The scheme of the read-only documents a proposal's diff shows (original and proposal). */
export const PROPOSAL_SCHEME = 'tokenhub-proposal';

/** How often the proposal document is refreshed while the answer streams in. */
const REFRESH_MS = 80;

export type ProposalState = 'streaming' | 'ready' | 'closed';

interface ProposalBase {
  readonly id: string;
  /** The document to edit, or the file to create. */
  readonly target: vscode.Uri;
  readonly languageId: string;
  readonly title: string;
  readonly originalUri: vscode.Uri;
  readonly proposalUri: vscode.Uri;
  /** Cancels the request while the answer streams in (Discard, the notification's Cancel). */
  readonly cts: vscode.CancellationTokenSource;
  state: ProposalState;
  /** The model's whole answer so far. */
  answer: string;
  /** The code taken from the answer (fenced block), shaped for the document. */
  code?: string;
}

/** Replaces a range of an existing document. */
export interface EditProposal extends ProposalBase {
  readonly kind: 'edit';
  readonly anchor: EditAnchor;
  readonly eol: '\n' | '\r\n';
}

/** Creates a new file (Write tests). */
export interface NewFileProposal extends ProposalBase {
  readonly kind: 'newFile';
}

export type Proposal = EditProposal | NewFileProposal;

/** `unchanged` and `hasErrors`: the user was warned and nothing was applied (they may apply anyway). */
export type ApplyResult = 'applied' | 'notReady' | 'unchanged' | 'hasErrors' | 'cannotPlace' | 'exists' | 'failed' | 'none';

/**
 * Proposed edits under review. Each is a diff (original ↔ proposal, both read-only virtual
 * documents of our scheme) that fills in as the answer streams, with Apply and Discard in the
 * editor title and in a notification. Nothing touches the user's file until Apply, and Apply is
 * one WorkspaceEdit, so one undo takes it back.
 */
export class ProposalService extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this._onDidChange.event;
  private readonly _onDidChangeProposals = this._register(new vscode.EventEmitter<void>());
  /** Fires when a proposal is added, updated, becomes ready, or is closed. */
  readonly onDidChangeProposals = this._onDidChangeProposals.event;
  private readonly proposals = new Map<string, Proposal>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private nextId = 1;
  private readonly statusBar = this._register(new ProposalStatusBar(() => this.active, () => this.all));

  constructor(private readonly log: ExtensionLog) {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, this));
    // `{ id, force: true }` applies without the second look (the warning's "Apply Anyway").
    const force = (arg: unknown) => !!arg && typeof arg === 'object' && (arg as { force?: unknown }).force === true;
    this._register(vscode.commands.registerCommand(Commands.applyProposal, (arg?: unknown) => this.apply(this.pick(arg), { force: force(arg) })));
    this._register(vscode.commands.registerCommand(Commands.discardProposal, (arg?: unknown) => this.discard(this.pick(arg))));
    this._register(vscode.window.tabGroups.onDidChangeTabs(() => this.updateContextKey()));
    this._register(vscode.window.tabGroups.onDidChangeTabGroups(() => this.updateContextKey()));
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.updateContextKey()));
    this._register(this.onDidChangeProposals(() => this.updateContextKey()));
    this._register({
      dispose: () => {
        for (const t of this.timers.values()) clearTimeout(t);
        for (const p of this.proposals.values()) {
          p.cts.cancel();
          p.cts.dispose();
        }
        this.proposals.clear();
      },
    });
  }

  /** Proposals under review, oldest first. */
  get all(): readonly Proposal[] {
    return [...this.proposals.values()];
  }

  get(id: string): Proposal | undefined {
    return this.proposals.get(id);
  }

  /** The proposal whose diff is the active editor tab, if any. */
  get active(): Proposal | undefined {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (input instanceof vscode.TabInputTextDiff && input.modified.scheme === PROPOSAL_SCHEME) {
      return this.byUri(input.modified);
    }
    const doc = vscode.window.activeTextEditor?.document;
    return doc && doc.uri.scheme === PROPOSAL_SCHEME ? this.byUri(doc.uri) : undefined;
  }

  private byUri(uri: vscode.Uri): Proposal | undefined {
    return this.proposals.get(uri.path.split('/')[1] ?? '');
  }

  /** From a command argument (`{ id }`, an id, a proposal Uri), else the active diff's, else the latest. */
  private pick(arg: unknown): Proposal | undefined {
    if (typeof arg === 'string') return this.proposals.get(arg);
    if (arg instanceof vscode.Uri) return arg.scheme === PROPOSAL_SCHEME ? this.byUri(arg) : undefined;
    if (arg && typeof arg === 'object' && typeof (arg as { id?: unknown }).id === 'string') return this.proposals.get((arg as { id: string }).id);
    return this.active ?? this.all[this.all.length - 1];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const p = this.byUri(uri);
    if (!p) return '';
    const side = uri.path.split('/')[2];
    if (p.kind === 'newFile') return side === 'original' ? '' : (p.code ?? '');
    if (side === 'original') return p.anchor.snapshot;
    return this.proposedText(p);
  }

  /** The whole document as it would be with the proposal (the original while nothing arrived). */
  private proposedText(p: EditProposal): string {
    const { snapshot, start, end } = p.anchor;
    if (p.code === undefined) return snapshot;
    return snapshot.slice(0, start) + p.code + snapshot.slice(end);
  }

  /** Registers an edit of `range` in `document` and opens its diff. */
  async createEdit(document: vscode.TextDocument, range: vscode.Range, title: string): Promise<EditProposal> {
    const p: EditProposal = {
      kind: 'edit',
      ...this.fresh(basename(document.uri)),
      target: document.uri,
      languageId: document.languageId,
      title,
      anchor: { snapshot: document.getText(), start: document.offsetAt(range.start), end: document.offsetAt(range.end) },
      eol: document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
    };
    await this.open(p);
    return p;
  }

  /** Registers a new file at `target` and opens its diff against an empty document. */
  async createNewFile(target: vscode.Uri, languageId: string, title: string): Promise<NewFileProposal> {
    const p: NewFileProposal = { kind: 'newFile', ...this.fresh(basename(target)), target, languageId, title };
    await this.open(p);
    return p;
  }

  /** What every new proposal starts with: its id, the two documents of its diff, streaming. */
  private fresh(name: string) {
    const id = String(this.nextId++);
    return {
      id,
      originalUri: vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${id}/original/${name}` }),
      proposalUri: vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${id}/proposal/${name}` }),
      cts: new vscode.CancellationTokenSource(),
      state: 'streaming' as const,
      answer: '',
    };
  }

  private async open(p: Proposal): Promise<void> {
    this.proposals.set(p.id, p);
    this._onDidChangeProposals.fire();
    try {
      // The virtual documents get the target's language (their names usually give it already),
      // so the diff is highlighted.
      await Promise.all(
        [p.originalUri, p.proposalUri].map(async (uri) => {
          const doc = await vscode.workspace.openTextDocument(uri);
          if (p.languageId && doc.languageId !== p.languageId) await vscode.languages.setTextDocumentLanguage(doc, p.languageId).then(undefined, () => undefined);
        }),
      );
      await vscode.commands.executeCommand('vscode.diff', p.originalUri, p.proposalUri, p.title, { preview: false });
    } catch (e) {
      this.log.warn(`code commands: could not open the proposal diff: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.updateContextKey();
  }

  /** The answer so far; the proposal document follows (throttled). */
  update(p: Proposal, answer: string): void {
    if (p.state !== 'streaming') return;
    p.answer = answer;
    if (this.timers.has(p.id)) return;
    this.timers.set(
      p.id,
      setTimeout(() => {
        this.timers.delete(p.id);
        if (p.state !== 'streaming') return;
        const code = fences().extractCode(p.answer, p.languageId);
        if (code) this.setCode(p, code.code);
      }, REFRESH_MS),
    );
  }

  private setCode(p: Proposal, code: string): void {
    p.code = p.kind === 'edit' ? fitReplacement(code, p.anchor.snapshot.slice(p.anchor.start, p.anchor.end), p.eol) : ensureFinalNewline(code);
    this._onDidChange.fire(p.proposalUri);
    this._onDidChangeProposals.fire();
  }

  /**
   * The answer is complete: takes the code from it (only the fenced code; never the prose around
   * it). Returns false, and closes the proposal, when the answer holds no code.
   */
  async finish(p: Proposal, answer: string): Promise<boolean> {
    const timer = this.timers.get(p.id);
    if (timer) clearTimeout(timer);
    this.timers.delete(p.id);
    p.answer = answer;
    const code = fences().extractCode(answer, p.languageId);
    if (!code || !code.code.trim()) {
      void this.close(p);
      return false;
    }
    await this.markReady(p, code.code);
    return true;
  }

  /**
   * Code that is already complete (a code block from the chat) proposed for `range` of `document`:
   * the same diff, Apply/Discard and placement by content as the commands' proposals.
   */
  async proposeCode(document: vscode.TextDocument, range: vscode.Range, code: string, title: string): Promise<EditProposal> {
    const p = await this.createEdit(document, range, title);
    await this.markReady(p, code);
    this.notifyReady(p);
    return p;
  }

  private async markReady(p: Proposal, code: string): Promise<void> {
    this.setCode(p, code);
    p.state = 'ready';
    // "Ready" means the diff shows the final proposal: the editor re-reads the document after our
    // change event, so wait (briefly) until it has.
    await this.settled(p.proposalUri);
    this._onDidChangeProposals.fire();
    this.updateContextKey();
  }

  private async settled(uri: vscode.Uri, timeoutMs = 2000): Promise<void> {
    const key = uri.toString();
    const expected = this.provideTextDocumentContent(uri);
    const current = () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (!current() || current()!.getText() === expected) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      const sub = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === key && e.document.getText() === expected) done();
      });
      if (current()?.getText() === expected) done();
    });
  }

  /** Offers Apply/Discard in a notification (the diff's title bar and the status bar have them too, and stay). */
  notifyReady(p: Proposal): void {
    const apply = vscode.l10n.t('Apply');
    const discard = vscode.l10n.t('Discard');
    const message = proposalConcerns(p).unchanged
      ? vscode.l10n.t('TokenHub\'s proposal for {0} is the same as its code: there is nothing to apply.', basename(p.target))
      : p.kind === 'edit'
        ? vscode.l10n.t('TokenHub proposes a change to {0}. Review the diff, then apply or discard it.', basename(p.target))
        : vscode.l10n.t('TokenHub proposes a new file {0}. Review it, then apply or discard it.', basename(p.target));
    void vscode.window.showInformationMessage(message, apply, discard).then((choice) => {
      if (!this.proposals.has(p.id)) return;
      if (choice === apply) void this.apply(p);
      else if (choice === discard) void this.discard(p);
    });
  }

  /**
   * Writes the proposal into the document (or creates the file), as one WorkspaceEdit. Unless
   * forced, a proposal that changes nothing, or that the language reports errors in, is not
   * applied: the user is told, and may apply anyway.
   */
  async apply(p: Proposal | undefined, options: { force?: boolean } = {}): Promise<ApplyResult> {
    if (!p || !this.proposals.has(p.id)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('There is no TokenHub proposal to apply.'));
      return 'none';
    }
    if (p.state !== 'ready' || p.code === undefined) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The proposal is still arriving; apply it when it is complete.'));
      return 'notReady';
    }
    if (!options.force) {
      const held = holdBeforeApply(p, () => void this.apply(p, { force: true }));
      if (held) return held;
    }
    const close = () => this.close(p);
    return p.kind === 'edit' ? applyEdit(p, close) : applyNewFile(p, close);
  }

  /** Drops the proposal (cancelling its request if it is still arriving); the file stays as it is. */
  async discard(p: Proposal | undefined): Promise<boolean> {
    if (!p || !this.proposals.has(p.id)) return false;
    await this.close(p);
    return true;
  }

  /** Cancels, closes the diff tab and forgets the proposal. */
  async close(p: Proposal): Promise<void> {
    if (p.state === 'closed') return;
    p.state = 'closed';
    p.cts.cancel();
    const timer = this.timers.get(p.id);
    if (timer) clearTimeout(timer);
    this.timers.delete(p.id);
    this.proposals.delete(p.id);
    this._onDidChangeProposals.fire();
    const tabs = vscode.window.tabGroups.all.flatMap((g) =>
      g.tabs.filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === p.proposalUri.toString()),
    );
    if (tabs.length) await Promise.resolve(vscode.window.tabGroups.close(tabs, true)).then(undefined, () => undefined);
    p.cts.dispose();
    this.updateContextKey();
  }

  /** The status bar and the context keys follow the active tab and the proposals' states. */
  private updateContextKey(): void {
    this.statusBar.render();
  }
}

function ensureFinalNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
