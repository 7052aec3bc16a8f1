import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { CodeActionKind } from '../core/protocol/chatProtocol';

const PROPOSAL_SCHEME = 'tokenhub-chat-proposal';

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
  private readonly proposals = new Map<string, string>();
  private seq = 0;

  constructor() {
    super();
    this._register(
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e && e.document.uri.scheme !== PROPOSAL_SCHEME) this.lastEditor = e;
      }),
    );
    this._register(
      vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, {
        provideTextDocumentContent: (uri) => this.proposals.get(uri.query) ?? '',
      }),
    );
  }

  /** The editor the actions apply to: the active one, else the last one that is still open. */
  targetEditor(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active && active.document.uri.scheme !== PROPOSAL_SCHEME) return active;
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

  /** Shows the change as a diff (original vs proposal), then applies it as one WorkspaceEdit if the user accepts. */
  async apply(code: string): Promise<boolean> {
    const editor = this.targetEditor();
    if (!editor) return this.noEditor();
    const doc = editor.document;
    const selection = editor.selection;
    const range = selection.isEmpty ? new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)) : new vscode.Range(selection.start, selection.end);
    const original = doc.getText();
    const proposed = original.slice(0, doc.offsetAt(range.start)) + code + original.slice(doc.offsetAt(range.end));
    const key = String(++this.seq);
    this.proposals.set(key, proposed);
    const name = doc.uri.path.slice(doc.uri.path.lastIndexOf('/') + 1) || doc.uri.toString();
    const right = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: doc.uri.path || `/${name}`, query: key });
    try {
      await vscode.commands.executeCommand('vscode.diff', doc.uri, right, vscode.l10n.t('{0} ↔ Proposed change', name), { preview: true });
      const apply = vscode.l10n.t('Apply');
      const choice = await vscode.window.showInformationMessage(
        vscode.l10n.t('Apply the changes to {0}?', name),
        { modal: true, detail: selection.isEmpty ? vscode.l10n.t('The whole file is replaced by the code block.') : vscode.l10n.t('The selection is replaced by the code block.') },
        apply,
      );
      if (choice !== apply) return false;
      if (doc.getText() !== original) {
        void vscode.window.showWarningMessage(vscode.l10n.t('{0} changed while the diff was open; nothing was applied.', name));
        return false;
      }
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, range, code);
      const ok = await vscode.workspace.applyEdit(edit);
      if (ok) await vscode.window.showTextDocument(doc, { viewColumn: editor.viewColumn });
      return ok;
    } finally {
      this.proposals.delete(key);
      await this.closeProposalTabs(right);
    }
  }

  private async closeProposalTabs(uri: vscode.Uri): Promise<void> {
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === uri.toString());
    if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
  }

  async saveAs(code: string, language: string): Promise<boolean> {
    const ext = EXTENSIONS[language] ?? (/^[a-z0-9]{1,8}$/.test(language) ? language : 'txt');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const defaultUri = folder ? vscode.Uri.joinPath(folder, `untitled.${ext}`) : undefined;
    const target = await vscode.window.showSaveDialog({ defaultUri, saveLabel: vscode.l10n.t('Save Code Block') });
    if (!target) return false;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(code));
    await vscode.window.showTextDocument(target);
    return true;
  }
}
