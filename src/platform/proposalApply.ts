import * as vscode from 'vscode';
import { placeEdit } from '../core/edits/placement';
import { exists } from './workspaceFs';
import type { ApplyResult, EditProposal, NewFileProposal } from './proposals';

/*
 * Writing a reviewed proposal into the workspace. ProposalService owns the proposals and their
 * diff documents; this part owns nothing: it takes one proposal, makes it one WorkspaceEdit (so one
 * undo takes it back), and asks the service to close it once VS Code accepted the edit.
 */

/** Replaces the proposal's code in the document, found again by content (the file may have changed). */
export async function applyEdit(p: EditProposal, close: () => Promise<void>): Promise<ApplyResult> {
  const name = basename(p.target);
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(p.target);
  } catch {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} is no longer available, so the proposal cannot be applied. Nothing was changed.', name));
    return 'cannotPlace';
  }
  const place = placeEdit(document.getText(), p.anchor);
  if (!place.ok) {
    const why =
      place.reason === 'ambiguous'
        ? vscode.l10n.t('{0} changed since the proposal was made, and the code it replaces now appears more than once. Nothing was changed.', name)
        : vscode.l10n.t('{0} changed since the proposal was made, and the code it replaces is no longer there. Nothing was changed.', name);
    void vscode.window.showWarningMessage(why);
    return 'cannotPlace';
  }
  const range = new vscode.Range(document.positionAt(place.start), document.positionAt(place.end));
  const edit = new vscode.WorkspaceEdit();
  edit.replace(p.target, range, p.code!, { label: p.title, needsConfirmation: false });
  const ok = await vscode.workspace.applyEdit(edit);
  if (!ok) {
    void vscode.window.showErrorMessage(vscode.l10n.t('VS Code did not accept the edit to {0}. Nothing was changed.', name));
    return 'failed';
  }
  await close();
  const end = document.positionAt(place.start + p.code!.length);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(range.start, end), preview: false }).then(undefined, () => undefined);
  return 'applied';
}

/** Creates the proposed file; never overwrites one that appeared in the meantime. */
export async function applyNewFile(p: NewFileProposal, close: () => Promise<void>): Promise<ApplyResult> {
  const name = basename(p.target);
  if (await exists(p.target)) {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} already exists, so the proposed file was not created. Nothing was changed.', name));
    return 'exists';
  }
  const edit = new vscode.WorkspaceEdit();
  // One file operation with its content: one undo removes the file again.
  edit.createFile(p.target, { overwrite: false, ignoreIfExists: false, contents: new TextEncoder().encode(p.code!) }, { label: p.title, needsConfirmation: false });
  const ok = await vscode.workspace.applyEdit(edit);
  if (!ok) {
    void vscode.window.showErrorMessage(vscode.l10n.t('VS Code could not create {0}. Nothing was changed.', name));
    return 'failed';
  }
  await close();
  await vscode.window.showTextDocument(p.target, { preview: false }).then(undefined, () => undefined);
  return 'applied';
}

/** The file name the user sees in messages and in the diff's documents. */
export function basename(uri: vscode.Uri): string {
  const path = uri.path;
  return path.slice(path.lastIndexOf('/') + 1) || path;
}
