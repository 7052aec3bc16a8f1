import * as vscode from 'vscode';
import { Commands } from '../../common/ids';
import type { CodeSelection } from '../../core/prompts/codePrompts';
import { buildExplainPrompt } from '../../core/prompts/codePrompts';
import { ChatCommand, lines } from './chatCommand';

/** Explain: the selection, its file, language and context, explained in the chat view. */
export class ExplainCommand extends ChatCommand {
  readonly id = Commands.explainSelection;

  protected async question(): Promise<string> {
    return '';
  }

  protected prompt(selection: CodeSelection): string {
    return buildExplainPrompt(selection);
  }

  protected shownText(selection: CodeSelection): string {
    return vscode.l10n.t('Explain {0}:{1}', selection.path, lines(selection));
  }
}
