import * as vscode from 'vscode';
import type { ModelCapabilities, ModelInfo } from '../core/catalogue/types';
import { formatContextWindow, formatPrice, formatPricePair, formatUnitPrice } from '../core/pricing';

// How a model reads in the tree, the status bar and the quick pick: one place, so all three agree.

/** Codicon per capability (tooltips and quick-pick details render `$(name)`). */
export const CAPABILITY_ICONS: Readonly<Record<keyof ModelCapabilities, string>> = {
  vision: 'eye',
  tools: 'tools',
  json: 'json',
  reasoning: 'lightbulb',
};

export function capabilityLabel(cap: keyof ModelCapabilities): string {
  switch (cap) {
    case 'vision':
      return vscode.l10n.t('Vision');
    case 'tools':
      return vscode.l10n.t('Tools');
    case 'json':
      return vscode.l10n.t('JSON mode');
    case 'reasoning':
      return vscode.l10n.t('Reasoning');
  }
}

export function capabilitiesOf(model: ModelInfo): (keyof ModelCapabilities)[] {
  return (Object.keys(CAPABILITY_ICONS) as (keyof ModelCapabilities)[]).filter((c) => model.capabilities[c]);
}

/** `$(eye) $(tools) $(lightbulb)`. */
export function capabilityIcons(model: ModelInfo): string {
  return capabilitiesOf(model)
    .map((c) => `$(${CAPABILITY_ICONS[c]})`)
    .join(' ');
}

/** `200K · $3 / $15 per M` (what is known of it). */
export function modelSummary(model: ModelInfo): string {
  const parts: string[] = [];
  if (model.contextWindow) parts.push(vscode.l10n.t('{0} context', formatContextWindow(model.contextWindow)));
  const price = formatPricePair(model);
  if (price) parts.push(price);
  else if (model.kind === 'chat') parts.push(vscode.l10n.t('price unknown'));
  return parts.join(' · ');
}

/** Short name for the status bar: the display name, else the id without prefix. */
export function shortName(model: ModelInfo | undefined, id: string): string {
  if (model) return model.name;
  const i = id.lastIndexOf('/');
  return i >= 0 ? id.slice(i + 1) : id || vscode.l10n.t('No model');
}

export interface TooltipMarks {
  chat?: boolean;
  code?: boolean;
  favorite?: boolean;
  /** The gateway profile's name, when there are several. */
  profile?: string;
}

/** The rich tooltip: name, id, provider, context, prices, capabilities, and where the data came from. */
export function modelTooltip(model: ModelInfo, marks: TooltipMarks = {}): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escape(model.name)}**${marks.favorite ? ' $(star-full)' : ''}\n\n`);
  md.appendMarkdown(`\`${model.id}\`\n\n`);
  const rows: [string, string][] = [];
  if (marks.profile) rows.push([vscode.l10n.t('Gateway profile'), marks.profile]);
  rows.push([vscode.l10n.t('Provider'), model.providerName]);
  rows.push([vscode.l10n.t('Kind'), kindLabel(model.kind)]);
  if (model.contextWindow) rows.push([vscode.l10n.t('Context window'), vscode.l10n.t('{0} tokens', formatContextWindow(model.contextWindow))]);
  if (model.maxOutputTokens) rows.push([vscode.l10n.t('Max output'), vscode.l10n.t('{0} tokens', formatContextWindow(model.maxOutputTokens))]);
  if (model.unitPrice) rows.push([vscode.l10n.t('Price'), formatUnitPrice(model.unitPrice)]);
  if (model.inputPrice !== undefined) rows.push([vscode.l10n.t('Input'), vscode.l10n.t('{0} per million tokens', formatPrice(model.inputPrice))]);
  if (model.outputPrice !== undefined) rows.push([vscode.l10n.t('Output'), vscode.l10n.t('{0} per million tokens', formatPrice(model.outputPrice))]);
  if (!model.unitPrice && model.inputPrice === undefined && model.outputPrice === undefined) rows.push([vscode.l10n.t('Price'), vscode.l10n.t('not listed')]);
  for (const [k, v] of rows) md.appendMarkdown(`${escape(k)}: ${escape(v)}  \n`);
  const caps = capabilitiesOf(model);
  if (caps.length) md.appendMarkdown(`\n${caps.map((c) => `$(${CAPABILITY_ICONS[c]}) ${escape(capabilityLabel(c))}`).join(' · ')}\n`);
  const current: string[] = [];
  if (marks.chat) current.push(vscode.l10n.t('current chat model'));
  if (marks.code) current.push(vscode.l10n.t('current code-command model'));
  if (current.length) md.appendMarkdown(`\n$(check) ${escape(current.join(', '))}\n`);
  if (model.description) md.appendMarkdown(`\n${escape(model.description.slice(0, 400))}\n`);
  md.appendMarkdown(`\n_${escape(sourceLabel(model.source))}_`);
  return md;
}

export function kindLabel(kind: ModelInfo['kind']): string {
  switch (kind) {
    case 'chat':
      return vscode.l10n.t('Chat');
    case 'image':
      return vscode.l10n.t('Image generation');
    case 'video':
      return vscode.l10n.t('Video generation');
  }
}

function sourceLabel(source: ModelInfo['source']): string {
  switch (source) {
    case 'live':
      return vscode.l10n.t('From the gateway\'s model list');
    case 'merged':
      return vscode.l10n.t('From the gateway\'s model list and the built-in catalogue');
    case 'builtin':
      return vscode.l10n.t('From the built-in catalogue');
  }
}

/** Markdown-escapes text that comes from the gateway (names, descriptions). */
export function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>$]/g, '\\$&');
}
