// Listing the workspace's files for @-mentions (ripgrep, or VS Code's search where there is no
// ripgrep) and indexing them for fuzzy search. Activation only sets up the watchers that mark the
// list stale (./workspaceFiles); this runs on the first `@`, so it ships in the mentions bundle
// (./mentionCode.ts).
import * as vscode from 'vscode';
import { runRipgrep } from '../core/agent/ripgrepRun';
import { FuzzyIndex } from '../core/mentions/fuzzy';
import { excludeGlobs, ripgrepPath } from './ripgrep';
import type { WorkspaceEntry } from './workspaceFiles';
import { MAX_INDEXED_FILES, workspaceRelative } from './workspaceFiles';

export interface WorkspaceLists {
  files: FuzzyIndex<WorkspaceEntry>;
  folders: FuzzyIndex<WorkspaceEntry>;
}

/** Every file of the workspace folders (up to MAX_INDEXED_FILES) and the folders they are in, indexed. */
export async function listWorkspace(): Promise<WorkspaceLists> {
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

/**
 * The files under `folder` (for a folder mention), shallow ones first, listed now (not from the
 * index, which may lag behind the disk by a file event), with the same ignores.
 */
export async function listFolder(folder: vscode.Uri, max: number): Promise<{ entries: WorkspaceEntry[]; capped: boolean }> {
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
