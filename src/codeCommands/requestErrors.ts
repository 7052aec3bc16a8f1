import * as vscode from 'vscode';
import { isTokenHubError } from '../core/client/errors';

/** Shows a failed request to the user in plain words. */
export function showRequestError(err: unknown): void {
  const detail = isTokenHubError(err) ? (err.gatewayMessage ?? err.message) : err instanceof Error ? err.message : String(err);
  void vscode.window.showErrorMessage(vscode.l10n.t('TokenHub request failed: {0}', detail));
}
