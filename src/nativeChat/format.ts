import * as vscode from 'vscode';
import type { ModelInfo } from '../core/catalogue/types';
import { isTokenHubError } from '../core/client/errors';
import { formatContextWindow, formatPrice } from '../core/pricing';

// The user-visible text of VS Code's model picker (tooltip, detail) and of failed answers.

/** The short line shown beside the model in the picker: its prices, where the catalogue knows them. */
export function formatModelDetail(model: ModelInfo): string | undefined {
  if (model.inputPrice === undefined || model.outputPrice === undefined) return undefined;
  return vscode.l10n.t('{0} in / {1} out per 1M tokens', formatPrice(model.inputPrice), formatPrice(model.outputPrice));
}

export function formatModelTooltip(model: ModelInfo): string {
  const lines = [vscode.l10n.t('{0} by {1}, through TokenHub', model.name || model.id, model.providerName || model.provider)];
  if (model.contextWindow) lines.push(vscode.l10n.t('Context window: {0} tokens', formatContextWindow(model.contextWindow)));
  if (model.maxOutputTokens) lines.push(vscode.l10n.t('Max output: {0} tokens', formatContextWindow(model.maxOutputTokens)));
  if (model.inputPrice !== undefined) lines.push(vscode.l10n.t('Input: {0} per 1M tokens', formatPrice(model.inputPrice)));
  if (model.outputPrice !== undefined) lines.push(vscode.l10n.t('Output: {0} per 1M tokens', formatPrice(model.outputPrice)));
  if (model.inputPrice === undefined && model.outputPrice === undefined) lines.push(vscode.l10n.t('Price: not listed'));
  return lines.join('\n');
}

/** A failed answer, as one sentence with the next step (never the key, never a stack). */
export function describeNativeChatError(error: unknown): string {
  if (!isTokenHubError(error)) return vscode.l10n.t('TokenHub could not answer: {0}', error instanceof Error ? error.message : String(error));
  switch (error.kind) {
    case 'auth':
      return vscode.l10n.t('TokenHub did not accept the API key. Run "TokenHub: Set API Key".');
    case 'credit':
      return vscode.l10n.t('Your TokenHub balance is used up. Top it up, then try again.');
    case 'model':
      return vscode.l10n.t('TokenHub does not know this model. Refresh the models and pick another one.');
    case 'rateLimit':
      return vscode.l10n.t('TokenHub is rate-limiting requests. Wait a moment, then try again.');
    case 'badRequest':
      return vscode.l10n.t('TokenHub refused the request: {0}', error.gatewayMessage ?? error.message);
    default:
      return vscode.l10n.t('TokenHub could not answer: {0}', error.gatewayMessage ?? error.message);
  }
}
