import * as vscode from 'vscode';
import type { Profile } from '../core/profiles/profiles';
import { gatewayOfProfile, isCleartextRemote } from '../core/profiles/profiles';
import { escape } from './modelFormat';

// How a gateway profile reads in the Models view, the status bar and the profile commands: one
// place, so all of them agree.

/** `TokenHub`, `Tokenhot`, `OpenAI-compatible server`, `Local server`. */
export function profileKindLabel(p: Profile): string {
  const gateway = gatewayOfProfile(p);
  if (gateway === 'tokenhub') return 'TokenHub';
  if (gateway === 'tokenhot') return 'Tokenhot';
  return p.keyless ? vscode.l10n.t('Local server') : vscode.l10n.t('OpenAI-compatible server');
}

/** The profile's tooltip: name, URL, kind, key, cost, and where it was defined. */
export function profileTooltip(p: Profile, facts: { pending?: boolean; models?: number; offline?: boolean } = {}): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escape(p.name)}** · ${escape(profileKindLabel(p))}\n\n`);
  md.appendMarkdown(`\`${p.baseUrl.replace(/`/g, '')}\`\n\n`);
  const rows: string[] = [];
  if (facts.models !== undefined && !facts.pending) rows.push(vscode.l10n.t('{0} models', facts.models));
  if (p.keyless) rows.push(vscode.l10n.t('No key needed'));
  if (p.free) rows.push(vscode.l10n.t('Free: answers cost nothing'));
  if (p.source === 'default') rows.push(vscode.l10n.t('The default profile (tokenhub.baseUrl)'));
  if (p.source === 'workspace') rows.push(vscode.l10n.t('Defined by this workspace\'s settings'));
  if (isCleartextRemote(p.baseUrl)) rows.push(vscode.l10n.t('Not encrypted (http): the key is sent as plain text'));
  if (facts.offline) rows.push(vscode.l10n.t('Offline: its model list could not be fetched'));
  md.appendMarkdown(rows.map(escape).join('  \n'));
  if (facts.pending) {
    md.appendMarkdown(`\n\n$(shield) ${escape(vscode.l10n.t('A workspace can name a gateway, but not send your keys to it: approve this profile only if you trust this workspace and this URL. Click to review.'))}`);
  }
  return md;
}
