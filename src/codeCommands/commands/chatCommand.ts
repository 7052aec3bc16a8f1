import * as vscode from 'vscode';
import type { CommandId } from '../../common/ids';
import type { CodeSelection } from '../../core/prompts/codePrompts';
import type { CodeCommandArgs, CodeCommandResult } from '../codeTarget';
import { CONTEXT_LINES, parseArgs, resolveTarget, toCodeSelection } from '../codeTarget';
import type { CodeCommandContext } from './commandContext';

/** Room kept for the chat's answer when checking that an Explain or Ask prompt fits. */
const CHAT_ANSWER_TOKENS = 2048;

/**
 * A command that sends the selection into the chat view (Explain, Ask): the answer streams there
 * and the conversation can go on.
 */
export abstract class ChatCommand {
  abstract readonly id: CommandId;

  constructor(protected readonly ctx: CodeCommandContext) {}

  register(): vscode.Disposable {
    return vscode.commands.registerCommand(this.id, (arg?: unknown) => this.run(parseArgs(arg)));
  }

  /** The user's question; undefined when they back out. Explain needs none. */
  protected abstract question(args: CodeCommandArgs): Promise<string | undefined>;
  protected abstract prompt(selection: CodeSelection, question: string): string;
  /** What the user sees as their message in the chat. */
  protected abstract shownText(selection: CodeSelection, question: string): string;

  async run(args: CodeCommandArgs): Promise<CodeCommandResult> {
    const target = await resolveTarget(args, false);
    if (!target) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select the code for TokenHub to work on first.'));
      return { status: 'noTarget' };
    }
    const question = await this.question(args);
    if (question === undefined) return { status: 'cancelled' };
    const model = this.ctx.runner.modelId(args.model);
    const fitted = this.ctx.runner.fit(model, CONTEXT_LINES, (n) => {
      const selection = toCodeSelection(target, n);
      const prompt = this.prompt(selection, question);
      return { value: { selection, prompt }, messages: [{ role: 'user', content: prompt }], expectedOutputTokens: CHAT_ANSWER_TOKENS };
    });
    if (!fitted) return { status: 'tooLarge' };
    const { selection, prompt } = fitted.value;
    // No attachment: the prompt already carries the code (the chat would inline it a second time).
    await this.ctx.chat.send({ text: this.shownText(selection, question), prompt, model, newConversation: args.newConversation ?? true });
    return { status: 'sent' };
  }
}

export function lines(selection: CodeSelection): string {
  return selection.startLine === selection.endLine ? `${selection.startLine}` : `${selection.startLine}-${selection.endLine}`;
}
