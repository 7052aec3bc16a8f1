import * as vscode from 'vscode';
import type { FuzzyResult } from '../core/mentions/fuzzy';
import { Disposable } from './lifecycle';
import { loadMentionCode } from './mentionLoader';
import type { WorkspaceLists } from './workspaceListing';

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

/**
 * Every file of the workspace folders, listed once with ripgrep (which honours `.gitignore`, and
 * the `files.exclude` and `search.exclude` settings passed as globs) and kept in a fuzzy index;
 * the folders are those the files are in. A file created, deleted or renamed, or a change of
 * the exclude settings or of the folders, makes the next search list them again (meanwhile the
 * old list answers, so typing never waits on a rebuild).
 */
export class WorkspaceFileIndex extends Disposable {
  private built: WorkspaceLists | undefined;
  private building: Promise<WorkspaceLists> | undefined;
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
  filesUnder(folder: vscode.Uri, max = MAX_FOLDER_FILES): Promise<{ entries: WorkspaceEntry[]; capped: boolean }> {
    return loadMentionCode().listFolder(folder, max);
  }

  private index(): Promise<WorkspaceLists> {
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

  private rebuild(): Promise<WorkspaceLists> {
    return loadMentionCode()
      .listWorkspace()
      .then((b) => (this.built = b))
      .finally(() => {
        this.building = undefined;
      });
  }
}
