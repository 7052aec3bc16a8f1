import * as vscode from 'vscode';
import { Commands } from '../platform/ids';
import type { CodeCommandArgs } from '../platform/codeTarget';
import { PROPOSAL_SCHEME } from '../platform/proposals';

const EXPLAIN = vscode.CodeActionKind.Refactor.append('tokenhub.explain');
const TESTS = vscode.CodeActionKind.Refactor.append('tokenhub.tests');

/**
 * The light bulb: on a selection, Explain / Refactor / Document / Write tests with TokenHub; on
 * problems, the quick fix "Fix with TokenHub". The actions only run our commands with the range
 * (and the problems) as arguments; nothing is computed until the user picks one.
 */
export class TokenHubCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite, EXPLAIN, TESTS],
  };

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (document.uri.scheme === PROPOSAL_SCHEME) return [];
    const actions: vscode.CodeAction[] = [];
    const problems = context.diagnostics.filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning);
    if (problems.length > 0 && wants(context, vscode.CodeActionKind.QuickFix)) {
      // The selection when there is one, else the lines of the problems.
      const fixRange = range.isEmpty ? problems.map((d) => d.range).reduce((a, b) => a.union(b)) : range;
      const action = new vscode.CodeAction(vscode.l10n.t('Fix with TokenHub'), vscode.CodeActionKind.QuickFix);
      action.diagnostics = problems;
      action.command = command(Commands.fixSelection, vscode.l10n.t('Fix with TokenHub'), { uri: document.uri, range: fixRange, diagnostics: problems });
      actions.push(action);
    }
    if (!range.isEmpty && document.getText(range).trim()) {
      const args: CodeCommandArgs = { uri: document.uri, range };
      const add = (title: string, kind: vscode.CodeActionKind, id: string) => {
        if (!wants(context, kind)) return;
        const action = new vscode.CodeAction(title, kind);
        action.command = command(id, title, args);
        actions.push(action);
      };
      add(vscode.l10n.t('Explain with TokenHub'), EXPLAIN, Commands.explainSelection);
      add(vscode.l10n.t('Refactor with TokenHub…'), vscode.CodeActionKind.RefactorRewrite, Commands.refactorSelection);
      add(vscode.l10n.t('Document with TokenHub'), vscode.CodeActionKind.RefactorRewrite, Commands.documentSelection);
      add(vscode.l10n.t('Write tests with TokenHub'), TESTS, Commands.writeTests);
    }
    return actions;
  }
}

function wants(context: vscode.CodeActionContext, kind: vscode.CodeActionKind): boolean {
  return !context.only || context.only.contains(kind) || kind.contains(context.only);
}

function command(id: string, title: string, args: CodeCommandArgs): vscode.Command {
  return { command: id, title, arguments: [args] };
}
