import * as vscode from 'vscode';
import { Disposable } from '../platform/lifecycle';
import type { ProposalService } from '../platform/proposals';
import type { CodeActionKind } from '../core/protocol/chatProtocol';

const EXTENSIONS: Record<string, string> = {
  typescript: 'ts', ts: 'ts', javascript: 'js', js: 'js', python: 'py', py: 'py', json: 'json', bash: 'sh', sh: 'sh', shell: 'sh',
  css: 'css', html: 'html', xml: 'xml', java: 'java', c: 'c', cpp: 'cpp', csharp: 'cs', cs: 'cs', go: 'go', rust: 'rs', rs: 'rs',
  sql: 'sql', yaml: 'yaml', yml: 'yaml', markdown: 'md', md: 'md', php: 'php', ruby: 'rb', rb: 'rb', kotlin: 'kt', swift: 'swift',
  tsx: 'tsx', jsx: 'jsx', diff: 'diff',
};

/**
 * What a code block in an answer can do: copy, insert at the cursor, apply to the editor as a diff
 * the user accepts, save as a new file. The target is the last text editor the user was in (the
 * chat view has focus when its buttons are pressed, so `activeTextEditor` may be undefined).
 */
export class CodeBlockActions extends Disposable {
  private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;

  /** A code block's Apply is reviewed and applied exactly like a refactor: the shared proposals. */
  constructor(private readonly proposals: ProposalService) {
    super();
    this._register(
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e && !isOurVirtualDocument(e.document)) this.lastEditor = e;
      }),
    );
  }

  /** The editor the actions apply to: the active one, else the last one that is still open. */
  targetEditor(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active && !isOurVirtualDocument(active.document)) return active;
    const last = this.lastEditor;
    if (last && !last.document.isClosed) {
      return vscode.window.visibleTextEditors.find((e) => e.document === last.document) ?? last;
    }
    return undefined;
  }

  async run(action: CodeActionKind, code: string, language: string): Promise<boolean> {
    switch (action) {
      case 'copy':
        await vscode.env.clipboard.writeText(code);
        return true;
      case 'insert':
        return this.insert(code);
      case 'apply':
        return this.apply(code);
      case 'saveAs':
        return this.saveAs(code, language);
    }
  }

  private noEditor(): false {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a file in an editor first.'));
    return false;
  }

  async insert(code: string): Promise<boolean> {
    const editor = this.targetEditor();
    if (!editor) return this.noEditor();
    const ok = await editor.edit((b) => {
      for (const s of editor.selections) b.replace(s, code);
    });
    if (ok) await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
    return ok;
  }

  /** Proposes the code for the selection (or the whole file when nothing is selected) as a diff to review; nothing changes until the user applies it. */
  async apply(code: string): Promise<boolean> {
    const editor = this.targetEditor();
    if (!editor) return this.noEditor();
    const doc = editor.document;
    const selection = editor.selection;
    const range = selection.isEmpty ? new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)) : new vscode.Range(selection.start, selection.end);
    await this.proposals.proposeCode(doc, range, code, vscode.l10n.t('{0} ↔ Proposed change', doc.uri.path.slice(doc.uri.path.lastIndexOf('/') + 1)));
    return true;
  }

  async saveAs(code: string, language: string): Promise<boolean> {
    const ext = (Object.hasOwn(EXTENSIONS, language) ? EXTENSIONS[language] : undefined) ?? (/^[a-z0-9]{1,8}$/.test(language) ? language : 'txt');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const defaultUri = folder ? vscode.Uri.joinPath(folder, `untitled.${ext}`) : undefined;
    const target = await vscode.window.showSaveDialog({ defaultUri, saveLabel: vscode.l10n.t('Save Code Block') });
    if (!target) return false;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(code));
    await vscode.window.showTextDocument(target);
    return true;
  }
}

/** The extension's own virtual documents (proposal diffs) are never a target for chat code. */
function isOurVirtualDocument(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme.startsWith('tokenhub-');
}
