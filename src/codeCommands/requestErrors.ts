import * as vscode from 'vscode';
import { describeError } from '../platform/errorMessages';
import type { ErrorGateway } from '../platform/errorMessages';
import { Commands } from '../platform/ids';
import { TokenHubError, isTokenHubError } from '../core/client/errors';

/**
 * Shows a failed code-command request with the next step as buttons. A code command never keeps
 * a partial answer (half an edit is worse than none), so the error is described as if nothing had
 * arrived; and "pick another model" means the code model here.
 */
export function showRequestError(err: unknown, gateway?: ErrorGateway): void {
  const forCode = isTokenHubError(err)
    ? new TokenHubError(err.kind, err.message, { status: err.status, code: err.code, gatewayMessage: err.gatewayMessage, retryAfterMs: err.retryAfterMs, cause: err.cause })
    : err;
  const { message, actions } = describeError(forCode, gateway);
  const buttons = actions.map((a) => (a.command === Commands.selectModel ? { ...a, command: Commands.selectCodeModel } : a));
  void vscode.window.showErrorMessage(vscode.l10n.t('{0} Nothing was changed.', message), ...buttons.map((b) => b.title)).then((picked) => {
    const action = buttons.find((b) => b.title === picked);
    if (action?.command) void vscode.commands.executeCommand(action.command, ...(action.args ?? []));
  });
}
