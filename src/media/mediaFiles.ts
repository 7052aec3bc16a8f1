import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Settings } from '../platform/ids';
import type { SettingsService } from '../platform/settings';
import { safeRelativeFolder, tempName, uniqueName } from '../core/media/fileNames';
import { exists } from '../platform/workspaceFs';

const DEFAULT_FOLDER = 'tokenhub-media';
const TEMP_RE = /^\..+\.[0-9a-f]{8}\.part$/;
// A temporary file this old was left by a window that died in the middle of a write.
const STALE_TEMP_MS = 60 * 60 * 1000;

/**
 * Where generated files go and how they get there: always through a hidden temporary file that
 * is renamed into place without overwriting, so the final name only ever holds a complete file.
 */
export class MediaFiles {
  constructor(private readonly settings: SettingsService, private readonly fallbackRoot: vscode.Uri) {}

  /** The media folder of the first workspace folder (or the extension's storage without one). */
  folder(): vscode.Uri {
    const ws = vscode.workspace.workspaceFolders?.[0];
    const root = ws?.uri ?? this.fallbackRoot;
    const setting = vscode.workspace.getConfiguration(Settings.section, ws?.uri).get<string>(Settings.mediaFolder) ?? this.settings.get<string>(Settings.mediaFolder, DEFAULT_FOLDER);
    return vscode.Uri.joinPath(root, ...safeRelativeFolder(setting, DEFAULT_FOLDER));
  }

  /** Writes `bytes` as `<base>.<ext>` (or `<base>-2.<ext>`...) in `folder`; never replaces a file. */
  async save(folder: vscode.Uri, base: string, ext: string, bytes: Uint8Array, signal?: AbortSignal): Promise<vscode.Uri> {
    await vscode.workspace.fs.createDirectory(folder);
    const temp = vscode.Uri.joinPath(folder, tempName(`${base}.${ext}`, randomBytes(4).toString('hex')));
    try {
      await vscode.workspace.fs.writeFile(temp, bytes);
      return await this.place(folder, temp, base, ext, signal);
    } catch (e) {
      await deleteQuietly(temp);
      throw e;
    }
  }

  /**
   * Like `save`, for a file too big to hold in memory: `write` streams it into a new file at the
   * local path it is given (and deletes it if it fails), then returns the extension it turned out
   * to have. In a local folder that temporary file sits beside the final name; in a folder of
   * another file system (a virtual workspace) it is written to the OS temp folder and copied.
   */
  async saveStream(folder: vscode.Uri, base: string, write: (path: string) => Promise<string>, signal?: AbortSignal): Promise<vscode.Uri> {
    await vscode.workspace.fs.createDirectory(folder);
    const name = tempName(base, randomBytes(4).toString('hex'));
    const temp = vscode.Uri.joinPath(folder, name);
    const local = folder.scheme === 'file' ? undefined : join(tmpdir(), name);
    try {
      const ext = await write(local ?? temp.fsPath);
      if (local) {
        if (signal?.aborted) throw new vscode.CancellationError();
        await vscode.workspace.fs.copy(vscode.Uri.file(local), temp, { overwrite: false });
      }
      return await this.place(folder, temp, base, ext, signal);
    } catch (e) {
      await deleteQuietly(temp);
      throw e;
    } finally {
      if (local) await rm(local, { force: true }).catch(() => undefined);
    }
  }

  /** Renames a complete temporary file to the first free `<base>.<ext>` name in `folder`. */
  private async place(folder: vscode.Uri, temp: vscode.Uri, base: string, ext: string, signal?: AbortSignal): Promise<vscode.Uri> {
    if (signal?.aborted) throw new vscode.CancellationError();
    const has = (name: string) => exists(vscode.Uri.joinPath(folder, name));
    // Another writer can take a name between the check and the rename: then the rename fails
    // (overwrite: false) and the next free name is tried.
    for (let attempt = 0; ; attempt++) {
      const target = vscode.Uri.joinPath(folder, await uniqueName(base, ext, has));
      try {
        await vscode.workspace.fs.rename(temp, target, { overwrite: false });
        return target;
      } catch (e) {
        if (attempt >= 5 || !(await has(target.path.split('/').pop()!))) throw e;
      }
    }
  }

  /** Deletes temporary files a crashed window left behind (old ones only: another window may be writing). */
  async removeStaleTemps(folder: vscode.Uri, now = Date.now()): Promise<void> {
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(folder);
    } catch {
      return;
    }
    for (const [name, type] of entries) {
      if (type !== vscode.FileType.File || !TEMP_RE.test(name)) continue;
      const uri = vscode.Uri.joinPath(folder, name);
      try {
        const st = await vscode.workspace.fs.stat(uri);
        if (now - st.mtime > STALE_TEMP_MS) await vscode.workspace.fs.delete(uri, { useTrash: false });
      } catch {
        // Gone already, or not ours to delete.
      }
    }
  }
}

async function deleteQuietly(uri: vscode.Uri): Promise<void> {
  await vscode.workspace.fs.delete(uri, { useTrash: false }).then(undefined, () => undefined);
}
