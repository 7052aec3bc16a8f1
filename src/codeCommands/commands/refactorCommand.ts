import * as vscode from 'vscode';
import { Commands } from '../../platform/ids';
import type { CodeTask } from '../../core/prompts/codeTasks';
import type { CodeCommandArgs, CodeTarget } from '../../platform/codeTarget';
import { EditCommand } from './editCommand';

/** Refactor: rewrites the selection as the user instructs (recent instructions offered). */
export class RefactorCommand extends EditCommand<string> {
  readonly id = Commands.refactorSelection;

  protected progressTitle(target: CodeTarget): string {
    return vscode.l10n.t('TokenHub: refactoring {0}…', target.displayPath);
  }

  protected diffTitle(target: CodeTarget, instruction: string): string {
    return vscode.l10n.t('{0} ↔ Refactor: {1}', basename(target.displayPath), shorten(instruction));
  }

  protected async prepare(_target: CodeTarget, args: CodeCommandArgs): Promise<string | undefined> {
    const instruction = args.instruction?.trim() || (await this.askInstruction());
    if (!instruction) return undefined;
    void this.ctx.recent.remember(instruction);
    return instruction;
  }

  protected task(instruction: string): CodeTask {
    return { kind: 'refactor', instruction };
  }

  /** An input box that also lists recent instructions: type a new one or pick an earlier one. */
  private askInstruction(): Promise<string | undefined> {
    const recent = this.ctx.recent.all;
    const recentLabel = vscode.l10n.t('recent');
    const newLabel = vscode.l10n.t('new instruction');
    const pick = vscode.window.createQuickPick<vscode.QuickPickItem>();
    pick.title = vscode.l10n.t('TokenHub: Refactor Selection');
    pick.placeholder = vscode.l10n.t('Describe the change, e.g. "extract a helper function" or "use async/await"');
    pick.ignoreFocusOut = true;
    pick.matchOnDescription = false;
    const recentItems = recent.map((label) => ({ label, description: recentLabel }));
    pick.items = recentItems;
    return new Promise<string | undefined>((resolve) => {
      let done = false;
      const finish = (value: string | undefined) => {
        if (done) return;
        done = true;
        resolve(value?.trim() || undefined);
        pick.dispose();
      };
      pick.onDidChangeValue((value) => {
        const typed = value.trim();
        // What the user types is always the first choice; recent ones that match follow.
        pick.items = typed ? [{ label: typed, description: newLabel, alwaysShow: true }, ...recentItems.filter((i) => i.label !== typed)] : recentItems;
      });
      pick.onDidAccept(() => finish(pick.selectedItems[0]?.label ?? pick.value));
      pick.onDidHide(() => finish(undefined));
      pick.show();
    });
  }
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function shorten(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 40 ? `${one.slice(0, 39)}…` : one;
}
