import * as vscode from 'vscode';
import type { CommandId } from '../../platform/ids';
import { Settings } from '../../platform/ids';
import type { CodeSelection } from '../../core/prompts/codePrompts';
import type { CodeTask } from '../../core/prompts/codeTasks';
import type { CodeCommandArgs, CodeCommandResult } from '../../platform/codeTarget';
import { parseArgs } from '../../platform/codeTarget';
import type { CodeCommandContext } from './commandContext';
import { formatModelRef } from '../../core/profiles/modelRef';

/**
 * A command that sends the selection into the chat view (Explain, Ask): the answer streams there
 * and the conversation can go on.
 */
export abstract class ChatCommand {
  abstract readonly id: CommandId;

  constructor(protected readonly ctx: CodeCommandContext) {}

  /** Runs the command with the arguments it was invoked with (from a menu, a code action or a test). */
  handle(arg?: unknown): Promise<CodeCommandResult> {
    return this.run(parseArgs(arg));
  }

  /** The user's question; undefined when they back out. Explain needs none. */
  protected abstract question(args: CodeCommandArgs): Promise<string | undefined>;
  protected abstract task(question: string): CodeTask;
  /** What the user sees as their message in the chat. */
  protected abstract shownText(selection: CodeSelection, question: string): string;

  private conversationSetting(): boolean | 'unlessSameFile' {
    return conversationFor(this.ctx.services.settings.get<string>(Settings.codeQuestionConversation, 'sameFile'));
  }

  async run(args: CodeCommandArgs): Promise<CodeCommandResult> {
    const target = await this.ctx.preparation.target(args, false);
    if (!target) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select the code for TokenHub to work on first.'));
      return { status: 'noTarget' };
    }
    const question = await this.question(args);
    if (question === undefined) return { status: 'cancelled' };
    const ref = this.ctx.runner.modelRef(args.model);
    const model = ref.model;
    const fitted = this.ctx.preparation.fit(ref, target, this.task(question));
    if (!fitted.fits) {
      this.ctx.runner.tellTooLarge(model, fitted.budget);
      return { status: 'tooLarge' };
    }
    const { selection, messages } = fitted.value;
    // Explain and Ask are a single user message: the chat brings its own system prompt and history.
    const prompt = String(messages[messages.length - 1].content);
    // No attachment: the prompt already carries the code (the chat would inline it a second time).
    const file = target.document.uri.toString();
    await this.ctx.chat.send({ text: this.shownText(selection, question), prompt, model: formatModelRef(ref), file, newConversation: args.newConversation ?? this.conversationSetting() });
    return { status: 'sent' };
  }
}

/** `tokenhub.chat.codeQuestions`: where an Explain or Ask goes when the caller does not say. */
function conversationFor(value: string): boolean | 'unlessSameFile' {
  return value === 'new' ? true : value === 'current' ? false : 'unlessSameFile';
}

export function lines(selection: CodeSelection): string {
  return selection.startLine === selection.endLine ? `${selection.startLine}` : `${selection.startLine}-${selection.endLine}`;
}
