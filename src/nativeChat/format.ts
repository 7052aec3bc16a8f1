import * as vscode from 'vscode';
import type { ModelInfo } from '../core/catalogue/types';
import { formatContextWindow, formatPrice } from '../core/pricing';

// The user-visible text of VS Code's model picker: each model's tooltip and detail line.

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
