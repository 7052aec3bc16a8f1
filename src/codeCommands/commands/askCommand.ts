import * as vscode from 'vscode';
import { Commands } from '../../platform/ids';
import type { CodeSelection } from '../../core/prompts/codePrompts';
import type { CodeTask } from '../../core/prompts/codeTasks';
import type { CodeCommandArgs } from '../../platform/codeTarget';
import { ChatCommand, lines } from './chatCommand';

/** Ask: a free question about the selection, answered in the chat view. */
export class AskCommand extends ChatCommand {
  readonly id = Commands.askSelection;

  protected async question(args: CodeCommandArgs): Promise<string | undefined> {
    if (args.instruction?.trim()) return args.instruction.trim();
    const q = await vscode.window.showInputBox({
      title: vscode.l10n.t('TokenHub: Ask About Selection'),
      prompt: vscode.l10n.t('Ask anything about the selected code'),
      placeHolder: vscode.l10n.t('e.g. Why can this return undefined? Is this thread-safe?'),
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Type a question')),
    });
    return q?.trim() || undefined;
  }

  protected task(question: string): CodeTask {
    return { kind: 'ask', question };
  }

  protected shownText(selection: CodeSelection, question: string): string {
    return vscode.l10n.t('{0} ({1}:{2})', question, selection.path, lines(selection));
  }
}
