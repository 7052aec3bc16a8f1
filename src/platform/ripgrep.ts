import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

// VS Code ships ripgrep (its own search uses it): we run the same binary, which honours
// .gitignore, is fast on large trees and streams its results, so a capped search stops early.
// Where it is and which globs the user excludes need VS Code; running it is ./ripgrepRun.

let found: string | null | undefined;

/** The ripgrep VS Code ships (or one on PATH); undefined when there is none. */
export function ripgrepPath(): string | undefined {
  if (found !== undefined) return found ?? undefined;
  const exe = process.platform === 'win32' ? 'rg.exe' : 'rg';
  const root = vscode.env.appRoot;
  const candidates = [
    path.join(root, 'node_modules', '@vscode', 'ripgrep', 'bin', exe),
    path.join(root, 'node_modules.asar.unpacked', '@vscode', 'ripgrep', 'bin', exe),
    path.join(root, 'node_modules', 'vscode-ripgrep', 'bin', exe),
    path.join(root, 'node_modules.asar.unpacked', 'vscode-ripgrep', 'bin', exe),
    ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((d) => path.join(d, exe)),
  ];
  found = candidates.find((c) => {
    try {
      fs.accessSync(c, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }) ?? null;
  return found ?? undefined;
}

/** The exclude globs the user set for files and for search (`true` entries only), as ripgrep globs. */
export function excludeGlobs(folder: vscode.Uri): string[] {
  const out: string[] = [];
  for (const section of ['files.exclude', 'search.exclude']) {
    const map = vscode.workspace.getConfiguration(undefined, folder).get<Record<string, unknown>>(section) ?? {};
    for (const [glob, on] of Object.entries(map)) if (on === true) out.push(`!${glob}`);
  }
  return out;
}
