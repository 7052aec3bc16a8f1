import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IMAGE_MIME_TYPES } from '../core/conversation/validate';
import { MAX_IMAGE_DATA_URI, MAX_TEXT_ATTACHMENT } from '../core/conversation/validate';
import type { ChatSession } from './chatSession';
import type { ChatView } from './chatView';
import type { CodeBlockActions } from './codeBlockActions';

const IMAGE_EXTENSIONS: Record<string, (typeof IMAGE_MIME_TYPES)[number]> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

/** Attach Selection and Attach File: what the editor or the disk gives becomes a pending attachment of the open conversation. */
export class ChatAttachments {
  constructor(
    private readonly session: ChatSession,
    private readonly view: ChatView,
    private readonly codeActions: CodeBlockActions,
  ) {}

  async attachSelection(): Promise<boolean> {
    const editor = this.codeActions.targetEditor();
    const sel = editor?.selection;
    if (!editor || !sel || sel.isEmpty) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select some code in an editor first.'));
      return false;
    }
    const text = editor.document.getText(sel);
    if (text.length > MAX_TEXT_ATTACHMENT) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The selection is too large to attach.'));
      return false;
    }
    this.session.addAttachment({
      kind: 'selection',
      uri: editor.document.uri.toString(),
      languageId: editor.document.languageId,
      range: { startLine: sel.start.line, endLine: sel.end.line },
      text,
    });
    await this.view.reveal(true);
    return true;
  }

  async attachFile(uri?: vscode.Uri): Promise<boolean> {
    const picked = uri ? [uri] : await vscode.window.showOpenDialog({ canSelectMany: true, openLabel: vscode.l10n.t('Attach') });
    if (!picked?.length) return false;
    for (const file of picked) {
      const bytes = await vscode.workspace.fs.readFile(file);
      const mime = IMAGE_EXTENSIONS[path.extname(file.path).toLowerCase()];
      const name = path.basename(file.path);
      if (mime) {
        const dataUri = `data:${mime};base64,${Buffer.from(bytes).toString('base64')}`;
        if (dataUri.length > MAX_IMAGE_DATA_URI) {
          void vscode.window.showWarningMessage(vscode.l10n.t('{0} is too large to attach.', name));
          continue;
        }
        this.session.addAttachment({ kind: 'image', name, mimeType: mime, dataUri });
        continue;
      }
      if (bytes.length > MAX_TEXT_ATTACHMENT || bytes.includes(0)) {
        void vscode.window.showWarningMessage(vscode.l10n.t('{0} is too large or not a text file.', name));
        continue;
      }
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
      this.session.addAttachment({ kind: 'file', uri: file.toString(), languageId: doc?.languageId ?? (path.extname(name).slice(1) || 'plaintext'), text: new TextDecoder().decode(bytes) });
    }
    await this.view.reveal(true);
    return true;
  }
}
