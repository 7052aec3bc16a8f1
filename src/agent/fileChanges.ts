import * as vscode from 'vscode';
import { applyEdits } from '../core/agent/edits';
import { Disposable } from '../platform/lifecycle';
import { readText } from './readTools';
import type { ToolPath } from './workspacePaths';
import { resolveToolPath } from './workspacePaths';

// The write tools: a change is planned first (nothing touches the disk), shown as a diff the user
// reviews, and applied only when accepted (or auto-applied for ordinary files, when the user chose
// that), through a WorkspaceEdit, so VS Code's own undo takes it back too.

export const PROPOSED_SCHEME = 'tokenhub-agent';

export interface PlannedChange {
  action: 'edit' | 'create' | 'rename' | 'delete';
  path: ToolPath;
  /** For a rename. */
  to?: ToolPath;
  /** The file's text now ('' when it does not exist) and after the change ('' when deleted). */
  before: string;
  after: string;
  added: number;
  removed: number;
}

function lineCount(text: string): number {
  if (!text) return 0;
  const n = text.split('\n').length;
  return text.endsWith('\n') ? n - 1 : n;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** What a write tool call would change; an error (English, for the model) when it cannot. */
export async function planChange(name: string, args: Record<string, unknown>): Promise<PlannedChange | { error: string; refused?: true }> {
  const at = async (key: string) => {
    const p = await resolveToolPath(String(args[key] ?? ''));
    // A path the rules refuse is a refusal, not a failure of the tool.
    return 'error' in p ? { ...p, refused: true as const } : p;
  };
  switch (name) {
    case 'edit_file': {
      const p = await at('path');
      if ('error' in p) return p;
      const read = await readText(p.uri);
      if ('error' in read) return { error: `${p.relative}: ${read.error}` };
      const edits = (args.edits as { search: string; replace: string }[]) ?? [];
      const r = applyEdits(read.text, edits);
      if (!r.ok) return { error: `${p.relative}: nothing was changed. ${r.error}` };
      if (r.text === read.text) return { error: `${p.relative}: the edits change nothing.` };
      const removed = edits.reduce((n, e) => n + lineCount(e.search), 0);
      const added = edits.reduce((n, e) => n + lineCount(e.replace), 0);
      return { action: 'edit', path: p, before: read.text, after: r.text, added, removed };
    }
    case 'create_file': {
      const p = await at('path');
      if ('error' in p) return p;
      if (await exists(p.uri)) return { error: `${p.relative} exists already: use edit_file to change it.` };
      const content = String(args.content ?? '');
      return { action: 'create', path: p, before: '', after: content, added: lineCount(content), removed: 0 };
    }
    case 'rename_file': {
      const from = await at('from');
      if ('error' in from) return from;
      const to = await at('to');
      if ('error' in to) return to;
      if (!(await exists(from.uri))) return { error: `${from.relative} does not exist.` };
      if (await exists(to.uri)) return { error: `${to.relative} exists already; nothing was renamed.` };
      const read = await readText(from.uri);
      const text = 'text' in read ? read.text : '';
      return { action: 'rename', path: from, to, before: text, after: text, added: 0, removed: 0 };
    }
    case 'delete_file': {
      const p = await at('path');
      if ('error' in p) return p;
      if (!(await exists(p.uri))) return { error: `${p.relative} does not exist.` };
      const read = await readText(p.uri);
      const text = 'text' in read ? read.text : '';
      return { action: 'delete', path: p, before: text, after: '', added: 0, removed: lineCount(text) };
    }
  }
  return { error: `${name} is not a write tool.` };
}

/** Applies a planned change through one WorkspaceEdit, and saves what it changed. */
export async function applyChange(c: PlannedChange): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  switch (c.action) {
    case 'edit': {
      const doc = await vscode.workspace.openTextDocument(c.path.uri);
      if (doc.getText() !== c.before) throw new Error(`${c.path.relative} changed since the change was planned; nothing was written.`);
      edit.replace(c.path.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), c.after);
      break;
    }
    case 'create':
      edit.createFile(c.path.uri, { overwrite: false, contents: new TextEncoder().encode(c.after) });
      break;
    case 'rename':
      edit.renameFile(c.path.uri, c.to!.uri, { overwrite: false });
      break;
    case 'delete':
      edit.deleteFile(c.path.uri, { recursive: false, ignoreIfNotExists: false });
      break;
  }
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code did not apply the change to ${c.path.relative}.`);
  // Saved at once: commands the task runs next (a build, the tests) read the disk.
  const target = c.action === 'rename' ? c.to!.uri : c.path.uri;
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
  if (doc?.isDirty) await doc.save();
}

/**
 * The proposed side of a change's diff, served as read-only virtual documents
 * (`tokenhub-agent:/<id>/<name>`), and the original side for files that do not exist yet.
 */
export class ProposedContent extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private seq = 0;

  constructor() {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, this));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** A read-only document holding `text`, named like `name` (so it is highlighted as that language). */
  hold(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: `/${++this.seq}/${name}` });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  /** Opens VS Code's diff editor: before ↔ after. */
  async showDiff(c: { path: string; before: string; after: string; beforeUri?: vscode.Uri }, title: string): Promise<void> {
    const base = c.path.split('/').pop() ?? 'file';
    const left = c.beforeUri ?? this.hold(base, c.before);
    const right = this.hold(base, c.after);
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true, preserveFocus: false });
  }
}
