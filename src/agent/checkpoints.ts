import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isSafeConversationId } from '../core/conversation/validate';

// Before a task's first change to a file, the file's state is kept: its bytes (content-addressed)
// or the fact that it did not exist. "Undo task" puts every touched file back byte for byte:
// created files removed, deleted files back, renamed files where they were, also after saves and
// a reload (the manifest is on disk beside the bytes).

interface Entry {
  /** The file's URI (file scheme). */
  uri: string;
  /** Its SHA-256 before the task touched it; absent when the file did not exist. */
  sha256?: string;
}

interface Manifest {
  version: 1;
  entries: Entry[];
}

export class Checkpoints {
  constructor(private readonly dir: string) {}

  private taskDir(taskId: string): string {
    if (!isSafeConversationId(taskId)) throw new Error('invalid task id');
    return path.join(this.dir, taskId);
  }

  private async manifest(taskId: string): Promise<Manifest> {
    try {
      const m = JSON.parse(await fs.promises.readFile(path.join(this.taskDir(taskId), 'manifest.json'), 'utf8')) as Manifest;
      if (m.version === 1 && Array.isArray(m.entries)) return m;
    } catch {
      // no checkpoint yet
    }
    return { version: 1, entries: [] };
  }

  private async writeManifest(taskId: string, m: Manifest): Promise<void> {
    const dir = this.taskDir(taskId);
    await fs.promises.mkdir(dir, { recursive: true });
    const tmp = path.join(dir, `.manifest.${process.pid}.${Date.now()}.tmp`);
    await fs.promises.writeFile(tmp, JSON.stringify(m), 'utf8');
    await fs.promises.rename(tmp, path.join(dir, 'manifest.json'));
  }

  /** Keeps `uri` as it is now, unless the task has kept it already (its first state is what Undo restores). */
  async keep(taskId: string, uri: vscode.Uri): Promise<void> {
    const m = await this.manifest(taskId);
    if (m.entries.some((e) => e.uri === uri.toString())) return;
    let bytes: Uint8Array | undefined;
    try {
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch {
      bytes = undefined;
    }
    const entry: Entry = { uri: uri.toString() };
    if (bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const blob = path.join(this.taskDir(taskId), sha256);
      await fs.promises.mkdir(this.taskDir(taskId), { recursive: true });
      if (!fs.existsSync(blob)) await fs.promises.writeFile(blob, bytes);
      entry.sha256 = sha256;
    }
    m.entries.push(entry);
    await this.writeManifest(taskId, m);
  }

  /** Whether the task kept any file (so Undo task has something to do). */
  async has(taskId: string): Promise<boolean> {
    return (await this.manifest(taskId)).entries.length > 0;
  }

  /** The bytes of a file as the task found it; undefined when it did not exist (or is not kept). */
  async original(taskId: string, uri: vscode.Uri): Promise<Uint8Array | undefined> {
    const e = (await this.manifest(taskId)).entries.find((x) => x.uri === uri.toString());
    if (!e?.sha256) return undefined;
    return fs.promises.readFile(path.join(this.taskDir(taskId), e.sha256));
  }

  /**
   * Puts every kept file back as the task found it, last kept first. Returns the files it
   * restored; a file it could not restore is reported, and the others still are.
   */
  async restore(taskId: string): Promise<{ restored: vscode.Uri[]; failed: { uri: vscode.Uri; error: string }[] }> {
    const m = await this.manifest(taskId);
    const restored: vscode.Uri[] = [];
    const failed: { uri: vscode.Uri; error: string }[] = [];
    for (const e of [...m.entries].reverse()) {
      const uri = vscode.Uri.parse(e.uri);
      try {
        if (e.sha256) {
          const bytes = await fs.promises.readFile(path.join(this.taskDir(taskId), e.sha256));
          await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
          await vscode.workspace.fs.writeFile(uri, bytes);
        } else {
          await vscode.workspace.fs.delete(uri, { useTrash: false }).then(undefined, (err: unknown) => {
            if (!(err instanceof vscode.FileSystemError && err.code === 'FileNotFound')) throw err;
          });
        }
        restored.push(uri);
      } catch (err) {
        failed.push({ uri, error: err instanceof Error ? err.message : String(err) });
      }
    }
    // An open editor of a restored file shows the disk again (it has no unsaved changes of ours).
    for (const doc of vscode.workspace.textDocuments) {
      if (restored.some((u) => u.toString() === doc.uri.toString()) && !doc.isDirty) await vscode.commands.executeCommand('workbench.action.files.revert', doc.uri).then(undefined, () => undefined);
    }
    return { restored, failed };
  }
}
