import * as vscode from 'vscode';
import { Commands } from '../../platform/ids';
import type { TestFilePlan } from '../../core/prompts/codePrompts';
import type { CodeTask } from '../../core/prompts/codeTasks';
import type { CodeCommandArgs, CodeTarget } from '../../platform/codeTarget';
import type { Proposal } from '../../platform/proposals';
import { EditCommand } from './editCommand';

interface TestsPrepared {
  plan: TestFilePlan;
  target: vscode.Uri;
}

/**
 * Write tests: proposes a NEW test file for the selection, named, placed and written like the
 * tests already in the workspace (or the language's usual way when there are none). Reviewed as a
 * diff against an empty file; Apply creates it.
 */
export class WriteTestsCommand extends EditCommand<TestsPrepared> {
  readonly id = Commands.writeTests;

  protected progressTitle(target: CodeTarget): string {
    return vscode.l10n.t('TokenHub: writing tests for {0}…', target.displayPath);
  }

  protected diffTitle(_target: CodeTarget, prepared: TestsPrepared): string {
    return vscode.l10n.t('{0} (new test file)', prepared.plan.testPath);
  }

  protected async prepare(target: CodeTarget, _args: CodeCommandArgs): Promise<TestsPrepared | undefined> {
    const choice = await this.ctx.preparation.testFile(target);
    switch (choice.kind) {
      case 'untitled':
        void vscode.window.showInformationMessage(vscode.l10n.t('Save the file first, so TokenHub knows where its tests go.'));
        return undefined;
      case 'taken':
        void vscode.window.showWarningMessage(vscode.l10n.t('Test files named like {0} already exist; nothing was proposed.', choice.testPath));
        return undefined;
      case 'ready':
        return { plan: choice.plan, target: choice.uri };
    }
  }

  protected task(prepared: TestsPrepared): CodeTask {
    return { kind: 'tests', plan: prepared.plan };
  }

  protected override createProposal(target: CodeTarget, prepared: TestsPrepared): Promise<Proposal> {
    return this.ctx.proposals.createNewFile(prepared.target, target.document.languageId, this.diffTitle(target, prepared));
  }
}
