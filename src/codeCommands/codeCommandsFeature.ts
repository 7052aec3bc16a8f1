import * as vscode from 'vscode';
import { Disposable } from '../platform/lifecycle';
import type { Services } from '../platform/services';
import { TokenHubCodeActions } from './codeActions';
import { AskCommand } from './commands/askCommand';
import type { CodeCommandContext } from './commands/commandContext';
import { DocumentCommand } from './commands/documentCommand';
import { ExplainCommand } from './commands/explainCommand';
import { FixCommand } from './commands/fixCommand';
import { RefactorCommand } from './commands/refactorCommand';
import { WriteTestsCommand } from './commands/writeTestsCommand';
import { CodePreparation } from '../platform/codePreparation';
import { CodeModelRunner } from './modelRunner';
import type { ProposalService } from '../platform/proposals';
import { RecentInstructions } from './recentInstructions';

/**
 * Commands on selected code: Explain and Ask answer in the chat view; Refactor, Fix, Document and
 * Write tests stream a proposal into a diff that the user applies (one undo step) or discards.
 * Also offered as code actions on a selection and on problems.
 */
export class CodeCommandsFeature extends Disposable {
  /** What a code task does before it asks a model; the @tokenhub participant's slash commands use it too. */
  readonly preparation: CodePreparation;

  /** Proposals under review (the shared service; read by the integration tests). */
  get proposals(): ProposalService {
    return this.services.proposals;
  }

  constructor(protected readonly services: Services) {
    super();
    this.preparation = new CodePreparation(services);
    const ctx: CodeCommandContext = {
      services,
      chat: services.chat,
      runner: new CodeModelRunner(services),
      preparation: this.preparation,
      proposals: services.proposals,
      recent: new RecentInstructions(services.context.globalState),
    };
    for (const command of [
      new ExplainCommand(ctx),
      new AskCommand(ctx),
      new RefactorCommand(ctx),
      new FixCommand(ctx),
      new DocumentCommand(ctx),
      new WriteTestsCommand(ctx),
    ]) {
      this._register(command.register());
    }
    this._register(
      vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }], new TokenHubCodeActions(), TokenHubCodeActions.metadata),
    );
  }
}
