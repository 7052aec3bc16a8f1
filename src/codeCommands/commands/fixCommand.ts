import * as vscode from 'vscode';
import { Commands } from '../../platform/ids';
import type { DiagnosticInfo } from '../../core/prompts/codePrompts';
import type { CodeTask } from '../../core/prompts/codeTasks';
import type { CodeCommandArgs, CodeTarget } from '../../platform/codeTarget';
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
    return this.ctx.preparation.diagnostics(target, args.diagnostics);
  }

  protected task(diagnostics: readonly DiagnosticInfo[]): CodeTask {
    return { kind: 'fix', diagnostics };
  }
}
