import * as vscode from 'vscode';
import { Commands } from '../../platform/ids';
import type { CodeSelection } from '../../core/prompts/codePrompts';
import type { CodeTask } from '../../core/prompts/codeTasks';
import { ChatCommand, lines } from './chatCommand';

/** Explain: the selection, its file, language and context, explained in the chat view. */
export class ExplainCommand extends ChatCommand {
  readonly id = Commands.explainSelection;

  protected async question(): Promise<string> {
    return '';
  }

  protected task(): CodeTask {
    return { kind: 'explain' };
  }

  protected shownText(selection: CodeSelection): string {
    return vscode.l10n.t('Explain {0}:{1}', selection.path, lines(selection));
  }
}
