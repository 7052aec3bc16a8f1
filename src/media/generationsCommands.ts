import * as vscode from 'vscode';
import type { MediaContext } from './mediaContext';
import type { VideoTasks } from './videoTasks';

/** The id a Generations command was given: a record id, or the tree element (a record) it was run on. */
export function idArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && typeof (arg as { id?: unknown }).id === 'string') return (arg as { id: string }).id;
  return undefined;
}

/** What the Generations view's items do: open the saved files, cancel a pending task, remove an entry. */
export class GenerationsCommands {
  constructor(
    private readonly ctx: MediaContext,
    /** The video tasks, loaded when first needed. */
    private readonly tasks: () => VideoTasks,
  ) {}

  async open(id: string | undefined): Promise<void> {
    const record = id ? this.ctx.store.get(id) : undefined;
    if (!record?.files.length) return;
    for (const f of record.files) {
      const uri = vscode.Uri.parse(f);
      try {
        await vscode.workspace.fs.stat(uri);
      } catch {
        void vscode.window.showWarningMessage(vscode.l10n.t('The file {0} no longer exists.', vscode.workspace.asRelativePath(uri)));
        continue;
      }
      await this.ctx.openFile(uri);
    }
  }

  /** Stops polling a pending task. There is no documented cancel endpoint: the gateway may still finish it. */
  async cancel(id: string | undefined): Promise<void> {
    if (id) await this.tasks().cancel(id);
  }

  /** Removes the entry from the list (the saved files stay where they are). */
  async remove(id: string | undefined): Promise<void> {
    if (!id) return;
    if (this.tasks().isRunning(id)) await this.tasks().cancel(id);
    await this.ctx.store.remove(id);
  }
}
