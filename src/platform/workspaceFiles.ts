import * as vscode from 'vscode';
import type { FuzzyResult } from '../core/mentions/fuzzy';
import { FuzzyIndex } from '../core/mentions/fuzzy';
import { Disposable } from './lifecycle';
import { excludeGlobs, ripgrepPath } from './ripgrep';
import { runRipgrep } from '../core/agent/ripgrepRun';

/** A file or folder of the workspace as the picker lists it. */
export interface WorkspaceEntry {
  uri: vscode.Uri;
  /** Workspace-relative with `/`; with the folder's name first when several folders are open. */
  path: string;
}

/** Beyond this many files the rest are not listed (a monorepo with vendored trees). */
export const MAX_INDEXED_FILES = 200_000;
/** A folder mention counts at most this many files (and lists fewer). */
export const MAX_FOLDER_FILES = 5_000;

/** The workspace-relative name of a URI (with the folder's name in a multi-root workspace); its path when outside. */
export function workspaceRelative(uri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return uri.scheme === 'file' ? uri.fsPath : uri.path;
  const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
  const rel = uri.path === folder.uri.path ? '' : uri.path.startsWith(base) ? uri.path.slice(base.length) : uri.path;
  return (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? `${folder.name}/${rel}`.replace(/\/$/, '') : rel;
}

interface Built {
  files: FuzzyIndex<WorkspaceEntry>;
  folders: FuzzyIndex<WorkspaceEntry>;
}

/**
 * Every file of the workspace folders, listed once with ripgrep (which honours `.gitignore`, and
 * the `files.exclude` and `search.exclude` settings passed as globs) and kept in a fuzzy index;
 * the folders are those the files are in. A file created, deleted or renamed, or a change of
 * the exclude settings or of the folders, makes the next search list them again (meanwhile the
 * old list answers, so typing never waits on a rebuild).
 */
export class WorkspaceFileIndex extends Disposable {
  private built: Built | undefined;
  private building: Promise<Built> | undefined;
  private stale = false;

  constructor() {
    super();
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/*', false, true, false));
    const invalidate = () => {
      this.stale = true;
    };
    this._register(watcher.onDidCreate(invalidate));
    this._register(watcher.onDidDelete(invalidate));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(invalidate));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('files.exclude') || e.affectsConfiguration('search.exclude')) invalidate();
      }),
    );
  }

  /** Starts listing the files now (when the picker opens), so the first keystroke finds them ready. */
  warm(): void {
    void this.index().catch(() => undefined);
  }

  async searchFiles(query: string, limit: number): Promise<FuzzyResult<WorkspaceEntry>[]> {
    return (await this.index()).files.search(query, limit);
  }

  async searchFolders(query: string, limit: number): Promise<FuzzyResult<WorkspaceEntry>[]> {
    return (await this.index()).folders.search(query, limit);
  }

  /**
   * The files under `folder` (for a folder mention), shallow ones first, listed now (not from the
   * index, which may lag behind the disk by a file event), with the same ignores.
   */
  async filesUnder(folder: vscode.Uri, max = MAX_FOLDER_FILES): Promise<{ entries: WorkspaceEntry[]; capped: boolean }> {
    const ws = vscode.workspace.getWorkspaceFolder(folder);
    const rg = ripgrepPath();
    let uris: vscode.Uri[] | undefined;
    if (rg && folder.scheme === 'file' && ws) {
      const args = ['--files', '--hidden', '--no-require-git', '--glob', '!.git', ...excludeGlobs(ws.uri).flatMap((g) => ['--glob', g])];
      const run = await runRipgrep(rg, args, folder.fsPath, max + 1, new AbortController().signal);
      if (!run.error) uris = run.lines.filter(Boolean).map((l) => vscode.Uri.joinPath(folder, l.replace(/\\/g, '/').replace(/^\.\//, '')));
    }
    uris ??= await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), undefined, max + 1);
    const capped = uris.length > max;
    const depth = (u: vscode.Uri) => u.path.split('/').length;
    const entries = uris
      .slice(0, max)
      .map((uri) => ({ uri, path: workspaceRelative(uri) }))
      .sort((a, b) => depth(a.uri) - depth(b.uri) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { entries, capped };
  }

  private index(): Promise<Built> {
    if (this.stale && !this.building) {
      this.stale = false;
      this.building = this.rebuild();
      this.building.catch(() => undefined); // the old list keeps answering
    }
    // A stale list answers while the new one is made: typing never waits on a rebuild.
    if (this.built) return Promise.resolve(this.built);
    this.building ??= this.rebuild();
    return this.building;
  }

  private rebuild(): Promise<Built> {
    return this.build()
      .then((b) => (this.built = b))
      .finally(() => {
        this.building = undefined;
      });
  }

  private async build(): Promise<Built> {
    const files: WorkspaceEntry[] = [];
    const rg = ripgrepPath();
    const folders = vscode.workspace.workspaceFolders ?? [];
    const controller = new AbortController();
    for (const folder of folders) {
      if (files.length >= MAX_INDEXED_FILES) break;
      if (rg && folder.uri.scheme === 'file') {
        const args = ['--files', '--hidden', '--no-require-git', '--glob', '!.git', ...excludeGlobs(folder.uri).flatMap((g) => ['--glob', g])];
        const run = await runRipgrep(rg, args, folder.uri.fsPath, MAX_INDEXED_FILES - files.length, controller.signal);
        if (!run.error) {
          for (const line of run.lines) {
            if (!line) continue;
            const uri = vscode.Uri.joinPath(folder.uri, line.replace(/\\/g, '/').replace(/^\.\//, ''));
            files.push({ uri, path: workspaceRelative(uri) });
          }
          continue;
        }
      }
      // No ripgrep (a virtual or remote file system): VS Code's own search, with its excludes.
      const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), undefined, MAX_INDEXED_FILES - files.length);
      for (const uri of uris) files.push({ uri, path: workspaceRelative(uri) });
    }
    files.sort((a, b) => a.path.length - b.path.length || (a.path < b.path ? -1 : 1));
    return { files: new FuzzyIndex(files, (e) => e.path), folders: new FuzzyIndex(foldersOf(files), (e) => `${e.path}/`) };
  }
}

/** The folders the files are in (every level), each once. */
function foldersOf(files: readonly WorkspaceEntry[]): WorkspaceEntry[] {
  const seen = new Map<string, WorkspaceEntry>();
  for (const f of files) {
    let uri = f.uri;
    for (;;) {
      const parent = vscode.Uri.joinPath(uri, '..');
      if (parent.path === uri.path || !vscode.workspace.getWorkspaceFolder(parent)) break;
      const path = workspaceRelative(parent);
      if (!path || seen.has(path)) break;
      seen.set(path, { uri: parent, path });
      uri = parent;
    }
  }
  return [...seen.values()].sort((a, b) => a.path.length - b.path.length || (a.path < b.path ? -1 : 1));
}
