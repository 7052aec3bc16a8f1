import * as vscode from 'vscode';
import { Commands } from '../../platform/ids';
import type { CodeTask } from '../../core/prompts/codeTasks';
import type { CodeTarget } from '../../platform/codeTarget';
import { EditCommand } from './editCommand';

/** Document: adds doc comments in the file's language convention (JSDoc, docstrings, `///`...). */
export class DocumentCommand extends EditCommand<true> {
  readonly id = Commands.documentSelection;

  protected progressTitle(target: CodeTarget): string {
    return vscode.l10n.t('TokenHub: documenting {0}…', target.displayPath);
  }

  protected diffTitle(target: CodeTarget): string {
    return vscode.l10n.t('{0} ↔ Document', target.displayPath.slice(target.displayPath.lastIndexOf('/') + 1));
  }

  protected async prepare(): Promise<true> {
    return true;
  }

  protected task(): CodeTask {
    return { kind: 'document' };
  }
}
