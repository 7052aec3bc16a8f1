import * as vscode from 'vscode';
import { Commands } from '../platform/ids';
import type { CommandId } from '../platform/ids';
import { Disposable } from '../platform/lifecycle';
import type { Services } from '../platform/services';
import type { CodePreparation } from '../platform/codePreparation';
import type { CodeCommandResult } from '../platform/codeTarget';
import type { ProposalService } from '../platform/proposals';
import { TokenHubCodeActions } from './codeActions';
import type * as CodeCommandsCodeModule from './codeCommandsCode';

type CodeCommandsCode = typeof CodeCommandsCodeModule;
let codeCommandsCode: CodeCommandsCode | undefined;

/** Loaded on the first code command, not at activation (./codeCommandsCode.ts). */
function loadCodeCommandsCode(): CodeCommandsCode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (codeCommandsCode ??= require('./codeCommandsCode') as CodeCommandsCode);
}

/** The code commands' ids; each command class in ./commands names its own (an id missing there throws). */
export const CODE_COMMANDS: readonly CommandId[] = [Commands.explainSelection, Commands.askSelection, Commands.refactorSelection, Commands.fixSelection, Commands.documentSelection, Commands.writeTests];

/**
 * Commands on selected code: Explain and Ask answer in the chat view; Refactor, Fix, Document and
 * Write tests stream a proposal into a diff that the user applies (one undo step) or discards.
 * Also offered as code actions on a selection and on problems.
 */
export class CodeCommandsFeature extends Disposable {
  private loadedPreparation: CodePreparation | undefined;
  private handlers: Map<CommandId, (arg?: unknown) => Promise<CodeCommandResult>> | undefined;

  /** What a code task does before it asks a model; the @tokenhub participant's slash commands use it too. */
  get preparation(): CodePreparation {
    return (this.loadedPreparation ??= new (loadCodeCommandsCode().CodePreparation)(this.services));
  }

  /** Proposals under review (the shared service; read by the integration tests). */
  get proposals(): ProposalService {
    return this.services.proposals;
  }

  constructor(protected readonly services: Services) {
    super();
    for (const id of CODE_COMMANDS) {
      this._register(vscode.commands.registerCommand(id, (arg?: unknown) => this.handler(id)(arg)));
    }
    this._register(
      vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }], new TokenHubCodeActions(), TokenHubCodeActions.metadata),
    );
  }

  private handler(id: CommandId): (arg?: unknown) => Promise<CodeCommandResult> {
    this.handlers ??= loadCodeCommandsCode().codeCommandHandlers(this.services, this.preparation);
    const handler = this.handlers.get(id);
    if (!handler) throw new Error(`no code command ${id}`);
    return handler;
  }
}
