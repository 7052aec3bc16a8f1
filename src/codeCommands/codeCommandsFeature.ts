import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { Services } from '../common/services';
import type { ChatFeature } from '../chat/chatFeature';
import { TokenHubCodeActions } from './codeActions';
import { AskCommand } from './commands/askCommand';
import type { CodeCommandContext } from './commands/commandContext';
import { DocumentCommand } from './commands/documentCommand';
import { ExplainCommand } from './commands/explainCommand';
import { FixCommand } from './commands/fixCommand';
import { RefactorCommand } from './commands/refactorCommand';
import { WriteTestsCommand } from './commands/writeTestsCommand';
import { CodePreparation } from './codePreparation';
import { CodeModelRunner } from './modelRunner';
import { ProposalService } from './proposals';
import { RecentInstructions } from './recentInstructions';

/**
 * Commands on selected code: Explain and Ask answer in the chat view; Refactor, Fix, Document and
 * Write tests stream a proposal into a diff that the user applies (one undo step) or discards.
 * Also offered as code actions on a selection and on problems.
 */
export class CodeCommandsFeature extends Disposable {
  /** Proposals under review (read by the integration tests). */
  readonly proposals: ProposalService;
  /** What a code task does before it asks a model; the @tokenhub participant's slash commands use it too. */
  readonly preparation: CodePreparation;

  constructor(protected readonly services: Services, protected readonly chat: ChatFeature) {
    super();
    this.proposals = this._register(new ProposalService(services.log));
    this.preparation = new CodePreparation(services);
    const ctx: CodeCommandContext = {
      services,
      chat,
      runner: new CodeModelRunner(services),
      preparation: this.preparation,
      proposals: this.proposals,
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
    // A chat code block's "Apply" is reviewed and applied exactly like a refactor.
    this._register(
      chat.codeActions.setApplier((document, range, code) =>
        this.proposals.proposeCode(document, range, code, vscode.l10n.t('{0} ↔ Proposed change', document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1))),
      ),
    );
    this._register(
      vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }], new TokenHubCodeActions(), TokenHubCodeActions.metadata),
    );
  }
}
