import * as vscode from 'vscode';
import type { CommandId } from '../../platform/ids';
import type { CodeTask } from '../../core/prompts/codeTasks';
import type { CodeCommandArgs, CodeCommandResult, CodeTarget } from '../../platform/codeTarget';
import { parseArgs } from '../../platform/codeTarget';
import type { Proposal } from '../../platform/proposals';
import type { CodeCommandContext } from './commandContext';

/**
 * A command whose answer becomes a proposal reviewed in a diff (Refactor, Fix, Document, Write
 * tests). Subclasses say what to ask and where the result goes; this class does the rest: the
 * target, the budget, the streamed request into the diff, cancellation and the outcome.
 */
export abstract class EditCommand<P> {
  abstract readonly id: CommandId;

  constructor(protected readonly ctx: CodeCommandContext) {}

  /** Runs the command with the arguments it was invoked with (from a menu, a code action or a test). */
  handle(arg?: unknown): Promise<CodeCommandResult> {
    return this.run(parseArgs(arg));
  }

  /** The progress notification's title ("Refactoring…"). */
  protected abstract progressTitle(target: CodeTarget): string;
  /** The diff editor's title. */
  protected abstract diffTitle(target: CodeTarget, prepared: P): string;
  /** Asks for what the task needs (an instruction...); undefined when the user backs out. */
  protected abstract prepare(target: CodeTarget, args: CodeCommandArgs): Promise<P | undefined>;
  /** What to ask the model (the prompt and the room its answer needs follow from it). */
  protected abstract task(prepared: P): CodeTask;

  /** Where the result goes: by default, replacing the target range. */
  protected createProposal(target: CodeTarget, prepared: P): Promise<Proposal> {
    return this.ctx.proposals.createEdit(target.document, target.range, this.diffTitle(target, prepared));
  }

  async run(args: CodeCommandArgs): Promise<CodeCommandResult> {
    const target = await this.ctx.preparation.target(args, true);
    if (!target) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select the code for TokenHub to work on first.'));
      return { status: 'noTarget' };
    }
    const prepared = await this.prepare(target, args);
    if (prepared === undefined || args.token?.isCancellationRequested) return { status: 'cancelled' };

    const ref = this.ctx.runner.modelRef(args.model);
    const model = ref.model;
    const fitted = this.ctx.preparation.fit(ref, target, this.task(prepared));
    if (!fitted.fits) {
      this.ctx.runner.tellTooLarge(model, fitted.budget);
      return { status: 'tooLarge' };
    }

    const proposal = await this.createProposal(target, prepared);
    const external = args.token?.onCancellationRequested(() => proposal.cts.cancel());
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: this.progressTitle(target), cancellable: true },
        async (progress, token) => {
          const sub = token.onCancellationRequested(() => proposal.cts.cancel());
          try {
            let reported = 0;
            return await this.ctx.runner.stream({ model, profile: ref.profile, messages: fitted.value.messages, maxTokens: fitted.budget.maxTokens }, proposal.cts.token, (text) => {
              this.ctx.proposals.update(proposal, text);
              // A rough running count, so a long answer visibly moves.
              if (text.length - reported >= 200) {
                reported = text.length;
                progress.report({ message: vscode.l10n.t('{0} characters received', text.length) });
              }
            });
          } finally {
            sub.dispose();
          }
        },
      );
      if ('error' in result) {
        await this.ctx.proposals.close(proposal);
        return { status: 'failed', error: result.error };
      }
      if (result.cancelled || proposal.state === 'closed') {
        await this.ctx.proposals.close(proposal);
        return { status: 'cancelled' };
      }
      if (result.finishReason === 'length') {
        // An edit cut off halfway would delete the rest of the selection: never offer it.
        await this.ctx.proposals.close(proposal);
        void vscode.window.showWarningMessage(
          vscode.l10n.t('The answer was cut off at the model\'s output limit, so nothing was proposed. Select less code, or choose a code model that can write longer answers.'),
        );
        return { status: 'tooLarge' };
      }
      if (!(await this.ctx.proposals.finish(proposal, result.text))) {
        this.tellNoCode(result.text);
        return { status: 'noCode' };
      }
      this.ctx.proposals.notifyReady(proposal);
      return { status: 'proposed', proposalId: proposal.id, proposalUri: proposal.proposalUri };
    } catch (error) {
      await this.ctx.proposals.close(proposal);
      throw error;
    } finally {
      external?.dispose();
    }
  }

  private tellNoCode(answer: string): void {
    const show = vscode.l10n.t('Show Answer');
    void vscode.window.showWarningMessage(vscode.l10n.t('The model\'s answer contains no code to apply, so nothing was proposed.'), show).then(async (c) => {
      if (c !== show) return;
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: answer });
      await vscode.window.showTextDocument(doc, { preview: true });
    });
  }
}
