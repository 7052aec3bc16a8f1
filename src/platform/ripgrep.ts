import * as vscode from 'vscode';
import { firstExecutable, ripgrepCandidates } from '../core/agent/ripgrepRun';

// VS Code ships ripgrep (its own search uses it): the agent's search and the @-mention picker run
// the same binary, which honours .gitignore, is fast on large trees and streams its results, so a
// capped search stops early. Where it is and which globs the user excludes need VS Code; running
// it is src/core/agent/ripgrepRun.ts.


let found: string | null | undefined;

/** The ripgrep VS Code ships (or one on PATH); undefined when there is none. */
export function ripgrepPath(): string | undefined {
  if (found === undefined) found = firstExecutable(ripgrepCandidates(vscode.env.appRoot, process.env.PATH, process.platform)) ?? null;
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
