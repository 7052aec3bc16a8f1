import * as vscode from 'vscode';
import { Commands, ContextKeys } from './ids';
import { Disposable } from './lifecycle';
import type { Proposal } from './proposals';

/**
 * What a ready proposal deserves a second look for before Apply: it changes nothing, or the
 * language reports errors in it that the code it replaces does not have.
 */
export interface ProposalConcerns {
  unchanged: boolean;
  errors: vscode.Diagnostic[];
}

export function proposalConcerns(p: Proposal): ProposalConcerns {
  const unchanged = p.kind === 'edit' && p.code !== undefined && p.code === p.anchor.snapshot.slice(p.anchor.start, p.anchor.end);
  // The language's diagnostics of the proposal document (servers that check any document, such
  // as JSON's and CSS's, report them; ones that check only files on disk do not). An error the
  // original already has is not the proposal's doing.
  const errorsOf = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
  const before = errorsOf(p.originalUri).map((d) => d.message);
  const errors = errorsOf(p.proposalUri).filter((d) => {
    const i = before.indexOf(d.message);
    if (i < 0) return true;
    before.splice(i, 1);
    return false;
  });
  return { unchanged, errors };
}

/** "line 4: ';' expected." for the first error, as the warnings and tooltips say it. */
export function firstError(errors: readonly vscode.Diagnostic[]): string {
  const d = errors[0];
  return d ? vscode.l10n.t('line {0}: {1}', d.range.start.line + 1, d.message.replace(/[.\s]+$/, '')) : '';
}

/**
 * Why Apply should wait, told to the user: the proposal changes nothing, or the language reports
 * errors in it (then "Apply Anyway" runs `applyAnyway`). Undefined when nothing holds it back.
 */
export function holdBeforeApply(p: Proposal, applyAnyway: () => void): 'unchanged' | 'hasErrors' | undefined {
  const concerns = proposalConcerns(p);
  const name = basename(p.target);
  if (concerns.unchanged) {
    void vscode.window.showInformationMessage(vscode.l10n.t('TokenHub\'s proposal for {0} is the same as its code: there is nothing to apply.', name));
    return 'unchanged';
  }
  if (!concerns.errors.length) return undefined;
  const anyway = vscode.l10n.t('Apply Anyway');
  const problems = vscode.l10n.t('Show Problems');
  void vscode.window
    .showWarningMessage(vscode.l10n.t('The language reports errors in the proposal for {0} (the first at {1}). Apply it anyway?', name, firstError(concerns.errors)), anyway, problems)
    .then((choice) => {
      if (choice === anyway) applyAnyway();
      else if (choice === problems) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
  return 'hasErrors';
}

/**
 * Apply and Discard where the user looks while a proposal's diff is open: the status bar holds
 * them as labelled buttons (a notification goes away on its own; the title bar's may be icons
 * on some hosts), with what the proposal needs a second look for. Also the context keys the
 * title bar, the palette and the keybindings follow.
 */
export class ProposalStatusBar extends Disposable {
  private readonly apply = this._register(vscode.window.createStatusBarItem('tokenhub.proposal.apply', vscode.StatusBarAlignment.Left, 1000));
  private readonly discard = this._register(vscode.window.createStatusBarItem('tokenhub.proposal.discard', vscode.StatusBarAlignment.Left, 999));
  private readonly concern = this._register(vscode.window.createStatusBarItem('tokenhub.proposal.concern', vscode.StatusBarAlignment.Left, 998));
  private keys: { active?: boolean; any?: boolean } = {};

  constructor(
    private readonly active: () => Proposal | undefined,
    private readonly all: () => readonly Proposal[],
  ) {
    super();
    this.apply.name = vscode.l10n.t('TokenHub: Apply Proposed Change');
    this.discard.name = vscode.l10n.t('TokenHub: Discard Proposed Change');
    this.concern.name = vscode.l10n.t('TokenHub: Proposal Check');
    this.apply.command = Commands.applyProposal;
    this.discard.command = Commands.discardProposal;
    this.discard.text = `$(close) ${vscode.l10n.t('Discard')}`;
    this.discard.tooltip = vscode.l10n.t('Discard the proposed change: the file stays as it is.');
    this._register(vscode.languages.onDidChangeDiagnostics(() => this.render()));
  }

  /** Shows what the active diff's proposal stands at (call on any change of tabs or proposals). */
  render(): void {
    const p = this.active();
    this.setKeys(!!p, this.all().length > 0);
    if (!p) {
      this.apply.hide();
      this.discard.hide();
      this.concern.hide();
      return;
    }
    if (p.state !== 'ready') {
      this.apply.text = `$(loading~spin) ${vscode.l10n.t('Proposal arriving…')}`;
      this.apply.tooltip = vscode.l10n.t('Apply is possible once the whole proposal has arrived.');
      this.concern.hide();
    } else {
      this.apply.text = `$(check) ${vscode.l10n.t('Apply')}`;
      this.apply.tooltip = vscode.l10n.t('Apply the proposed change to {0} (one undo takes it back).', basename(p.target));
      const c = proposalConcerns(p);
      if (c.unchanged) {
        this.concern.text = `$(info) ${vscode.l10n.t('No change')}`;
        this.concern.tooltip = vscode.l10n.t('The proposal is the same as the code it would replace.');
        this.concern.backgroundColor = undefined;
        this.concern.show();
      } else if (c.errors.length) {
        this.concern.text = `$(error) ${vscode.l10n.t('Errors: {0}', c.errors.length)}`;
        this.concern.tooltip = `${vscode.l10n.t('The language reports errors in the proposal:')} ${firstError(c.errors)}`;
        this.concern.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        this.concern.command = 'workbench.actions.view.problems';
        this.concern.show();
      } else {
        this.concern.hide();
      }
    }
    this.apply.show();
    this.discard.show();
  }

  private setKeys(active: boolean, any: boolean): void {
    if (this.keys.active !== active) void vscode.commands.executeCommand('setContext', ContextKeys.proposalActive, active);
    if (this.keys.any !== any) void vscode.commands.executeCommand('setContext', ContextKeys.hasProposals, any);
    this.keys = { active, any };
  }
}

function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1) || uri.path;
}
