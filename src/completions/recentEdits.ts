import * as vscode from 'vscode';
import type { Snippet } from '../core/completions/prompt';
import { isSensitiveFile } from '../core/safety/sensitiveFiles';
import { COMPLETION_SCHEMES } from '../core/completions/eligibility';
import { Disposable } from '../platform/lifecycle';

/** Other files' context in a prompt: a few of them, a few lines each. */
const MAX_SNIPPETS = 3;
const LINES_AROUND = 8;
const MAX_SNIPPET_CHARS = 700;
const MAX_TOTAL_CHARS = 1800;

interface Edit {
  uri: string;
  line: number;
  at: number;
}

/**
 * Where the user last edited each open document, so a completion can show the model the lines
 * around the latest edits in the other open files (what they are working on now). Files with
 * secrets are never taken; closed documents are forgotten.
 */
export class RecentEdits extends Disposable {
  private readonly edits = new Map<string, Edit>();

  constructor() {
    super();
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        const doc = e.document;
        const change = e.contentChanges[0];
        if (!change || !COMPLETION_SCHEMES.includes(doc.uri.scheme) || isSensitiveFile(doc.uri.fsPath || doc.uri.path)) return;
        const uri = doc.uri.toString();
        // Moved to the end: the map's order is the order of the latest edits.
        this.edits.delete(uri);
        this.edits.set(uri, { uri, line: change.range.start.line, at: Date.now() });
      }),
    );
    this._register(vscode.workspace.onDidCloseTextDocument((doc) => this.edits.delete(doc.uri.toString())));
  }

  /** Pieces of the other open documents around their latest edits, newest first, bounded. */
  snippetsFor(current: vscode.TextDocument): Snippet[] {
    const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
    const out: Snippet[] = [];
    let total = 0;
    for (const edit of [...this.edits.values()].reverse()) {
      if (out.length >= MAX_SNIPPETS) break;
      const doc = open.get(edit.uri);
      if (!doc || doc === current || doc.uri.toString() === current.uri.toString()) continue;
      const from = Math.max(0, edit.line - LINES_AROUND);
      const to = Math.min(doc.lineCount - 1, edit.line + LINES_AROUND);
      let text = doc.getText(new vscode.Range(from, 0, to, doc.lineAt(to).text.length));
      if (text.length > MAX_SNIPPET_CHARS) text = text.slice(0, MAX_SNIPPET_CHARS);
      if (!text.trim() || total + text.length > MAX_TOTAL_CHARS) continue;
      out.push({ path: vscode.workspace.asRelativePath(doc.uri), text: text.replace(/\r\n/g, '\n') });
      total += text.length;
    }
    return out;
  }
}
