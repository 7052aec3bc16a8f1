import * as vscode from 'vscode';
import { isOpenableUrl } from '../core/protocol/chatProtocol';

/** Links from model output: shown to the user first, opened only for http(s)/mailto. */
export async function openLink(url: string): Promise<boolean> {
  if (!isOpenableUrl(url)) {
    void vscode.window.showWarningMessage(vscode.l10n.t('This link was not opened: only web and mail links can be opened from the chat.'));
    return false;
  }
  const open = vscode.l10n.t('Open');
  const copy = vscode.l10n.t('Copy Link');
  const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Open this link from the answer?'), { modal: true, detail: url }, open, copy);
  if (choice === copy) await vscode.env.clipboard.writeText(url);
  if (choice !== open) return false;
  return vscode.env.openExternal(vscode.Uri.parse(url, true));
}
