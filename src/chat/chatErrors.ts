import * as vscode from 'vscode';
import { Commands } from '../common/ids';
import { isTokenHubError } from '../core/client/errors';
import type { ErrorInfo } from '../core/conversation/conversation';

// TEMPORARY until src/common/errorMessages.ts (`describeError`, by the client engineer) lands:
// then this file only adapts its result. Same signature and meaning: the user's language, what to
// do next, never the key.
export function describeChatError(err: unknown): ErrorInfo {
  if (!isTokenHubError(err)) {
    return { message: vscode.l10n.t('The request failed: {0}', err instanceof Error ? err.message : String(err)), actions: [] };
  }
  const gw = err.gatewayMessage ? ` (${err.gatewayMessage})` : '';
  switch (err.kind) {
    case 'auth':
      return { message: vscode.l10n.t('TokenHub did not accept the API key.{0}', gw), actions: [{ title: vscode.l10n.t('Set API Key'), command: Commands.setApiKey }] };
    case 'credit':
      return { message: vscode.l10n.t('Your TokenHub balance is used up.{0}', gw), actions: [] };
    case 'model':
      return { message: vscode.l10n.t('TokenHub does not know this model.{0}', gw), actions: [{ title: vscode.l10n.t('Choose a Model'), command: Commands.selectModel }] };
    case 'rateLimit':
      return { message: vscode.l10n.t('Too many requests: TokenHub asked to wait.{0}', gw), actions: [] };
    case 'server':
      return { message: vscode.l10n.t('TokenHub had a server error ({0}).{1}', String(err.status ?? ''), gw), actions: [] };
    case 'streamCut':
    case 'idleTimeout':
      return { message: vscode.l10n.t('The answer stopped arriving before it was complete.'), actions: [] };
    case 'connection':
    case 'dns':
    case 'tls':
    case 'proxy':
    case 'connectTimeout':
    case 'headersTimeout':
      return { message: vscode.l10n.t('Could not reach TokenHub ({0}). Check the network or proxy settings.', err.kind), actions: [{ title: vscode.l10n.t('Show Log'), command: Commands.showLog }] };
    default:
      return { message: vscode.l10n.t('The request failed: {0}', err.gatewayMessage ?? err.message), actions: [] };
  }
}
