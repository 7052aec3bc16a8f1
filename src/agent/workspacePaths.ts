import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isInside, resolveWorkspacePath } from '../core/agent/paths';

export interface ToolPath {
  /** The workspace folder's name. */
  root: string;
  uri: vscode.Uri;
  /** Workspace-relative with `/`, as the model and the cards name it (multi-root: with the folder name). */
  relative: string;
}

const style = process.platform === 'win32' ? 'win32' : 'posix';

/** The workspace folders on disk (a virtual file system has no paths to confine). */
function roots(): { name: string; path: string; uri: vscode.Uri }[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => ({ name: f.name, path: f.uri.fsPath, uri: f.uri }));
}

export function workspaceFolderNames(): string[] {
  return roots().map((r) => r.name);
}

/** The nearest existing path at or above `p`, resolved through symlinks. */
async function realNearest(p: string): Promise<string | undefined> {
  let current = p;
  for (;;) {
    try {
      return await fs.promises.realpath(current);
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return undefined;
      current = parent;
    }
  }
}

/**
 * A tool's path, confined to the workspace folders: the rules of src/core/agent/paths.ts, then
 * symlinks, which only the disk can tell: the real path of the file (or of its nearest existing
 * folder, for a file to be created) must stay inside the real path of its workspace folder.
 * The error is for the model (English).
 */
export async function resolveToolPath(input: string): Promise<ToolPath | { error: string }> {
  const folders = roots();
  if (!folders.length) return { error: 'There is no workspace folder open: open a folder to work with files.' };
  const r = resolveWorkspacePath(input, folders, style);
  if (!r.ok) return { error: r.reason };
  const folder = folders.find((f) => f.name === r.root) ?? folders[0]!;
  const realRoot = (await realNearest(folder.path)) ?? folder.path;
  const realTarget = await realNearest(r.absolute);
  if (realTarget && !isInside(realRoot, realTarget, style)) {
    return { error: `Refused: ${input} leads outside the workspace (through a symbolic link). Only files inside the workspace folders can be used.` };
  }
  return { root: folder.name, uri: vscode.Uri.file(r.absolute), relative: r.relative };
}

/** The workspace-relative name of a URI (for cards and results); the URI's path when outside. */
export function relativeName(uri: vscode.Uri): string {
  const folders = roots();
  for (const f of folders) {
    const rel = path.relative(f.path, uri.fsPath);
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) {
      const p = rel.split(path.sep).join('/') || '.';
      return folders.length > 1 ? `${f.name}/${p}` : p;
    }
  }
  return uri.fsPath;
}
