import * as vscode from 'vscode';
import type { ModelInfo } from '../core/catalogue/types';
import { formatContextWindow, formatPrice } from '../core/pricing';

// The user-visible text of VS Code's model picker: each model's tooltip and detail line.

/** The short line shown beside the model in the picker: its profile (when there are several) and prices, where known. */
export function formatModelDetail(model: ModelInfo, profile?: string): string | undefined {
  const price = model.inputPrice === undefined || model.outputPrice === undefined ? undefined : vscode.l10n.t('{0} in / {1} out per 1M tokens', formatPrice(model.inputPrice), formatPrice(model.outputPrice));
  return [profile, price].filter(Boolean).join(' · ') || undefined;
}

/** `gateway`: the profile's name, for a model of another profile than TokenHub. */
export function formatModelTooltip(model: ModelInfo, gateway?: string): string {
  const by = model.providerName || model.provider;
  const lines = [gateway ? vscode.l10n.t('{0} by {1}, through {2}', model.name || model.id, by, gateway) : vscode.l10n.t('{0} by {1}, through TokenHub', model.name || model.id, by)];
  if (model.contextWindow) lines.push(vscode.l10n.t('Context window: {0} tokens', formatContextWindow(model.contextWindow)));
  if (model.maxOutputTokens) lines.push(vscode.l10n.t('Max output: {0} tokens', formatContextWindow(model.maxOutputTokens)));
  if (model.inputPrice !== undefined) lines.push(vscode.l10n.t('Input: {0} per 1M tokens', formatPrice(model.inputPrice)));
  if (model.outputPrice !== undefined) lines.push(vscode.l10n.t('Output: {0} per 1M tokens', formatPrice(model.outputPrice)));
  if (model.inputPrice === undefined && model.outputPrice === undefined) lines.push(vscode.l10n.t('Price: not listed'));
  return lines.join('\n');
}
