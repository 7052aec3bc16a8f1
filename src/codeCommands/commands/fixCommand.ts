import * as vscode from 'vscode';
import { Commands } from '../../common/ids';
import type { ChatMessage } from '../../core/api/types';
import { expectedEditTokens } from '../../core/edits/budget';
import type { CodeSelection, DiagnosticInfo } from '../../core/prompts/codePrompts';
import { buildEditMessages } from '../../core/prompts/codePrompts';
import type { CodeCommandArgs, CodeTarget } from '../codeTarget';
import { toDiagnosticInfo } from '../codeTarget';
import { EditCommand } from './editCommand';

/** Fix: repairs the selection, told about the problems VS Code reports in it. */
export class FixCommand extends EditCommand<readonly DiagnosticInfo[]> {
  readonly id = Commands.fixSelection;

  protected progressTitle(target: CodeTarget): string {
    return vscode.l10n.t('TokenHub: fixing {0}…', target.displayPath);
  }

  protected diffTitle(target: CodeTarget): string {
    return vscode.l10n.t('{0} ↔ Fix', target.displayPath.slice(target.displayPath.lastIndexOf('/') + 1));
  }

  protected async prepare(target: CodeTarget, args: CodeCommandArgs): Promise<readonly DiagnosticInfo[]> {
    const diagnostics = args.diagnostics ?? vscode.languages.getDiagnostics(target.document.uri).filter((d) => d.range.intersection(target.range) !== undefined);
    // Errors first: they are what the user most likely wants gone.
    return [...diagnostics].sort((a, b) => a.severity - b.severity || a.range.start.line - b.range.start.line).slice(0, 30).map(toDiagnosticInfo);
  }

  protected buildMessages(selection: CodeSelection, diagnostics: readonly DiagnosticInfo[]): ChatMessage[] {
    return buildEditMessages('fix', selection, { diagnostics });
  }

  protected expectedOutputTokens(selection: CodeSelection): number {
    return expectedEditTokens(selection.code, 1.2);
  }
}
