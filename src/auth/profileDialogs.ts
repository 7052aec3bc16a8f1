import * as vscode from 'vscode';
import { GATEWAYS, LOCAL_SERVERS, isCleartextRemote, normalizeBaseUrl } from '../core/profiles/profiles';
import type { BaseUrlProblem } from '../core/profiles/profiles';

// The questions "Add Gateway Profile" asks, one input each.

/** What kind of gateway a new profile is: a known one, a server of one's own, or any other. */
export type ProfileKind = { type: 'tokenhub' } | { type: 'tokenhot' } | { type: 'local'; name: string; baseUrl: string } | { type: 'custom' };

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export async function askKind(): Promise<ProfileKind | undefined> {
  type Item = vscode.QuickPickItem & { pick?: ProfileKind };
  const separator = (label: string): Item => ({ label, kind: vscode.QuickPickItemKind.Separator });
  const items: Item[] = [
    separator(vscode.l10n.t('Gateways')),
    { label: '$(cloud) Tokenhot', description: hostOf(GATEWAYS.tokenhot.baseUrl), detail: vscode.l10n.t('Keys start with {0}', GATEWAYS.tokenhot.keyPlaceholder), pick: { type: 'tokenhot' } },
    { label: vscode.l10n.t('$(cloud) TokenHub (another account)'), description: hostOf(GATEWAYS.tokenhub.baseUrl), detail: vscode.l10n.t('Keys start with {0}', GATEWAYS.tokenhub.keyPlaceholder), pick: { type: 'tokenhub' } },
    { label: vscode.l10n.t('$(globe) Other OpenAI-compatible gateway…'), detail: vscode.l10n.t('Any base URL that answers /models and /chat/completions, with a key'), pick: { type: 'custom' } },
    separator(vscode.l10n.t('Servers on your own computer: no key, no cost')),
    ...LOCAL_SERVERS.map((s): Item => ({ label: `$(vm) ${s.name}`, description: s.baseUrl, pick: { type: 'local', name: s.name, baseUrl: s.baseUrl } })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('TokenHub: Add Gateway Profile'),
    placeHolder: vscode.l10n.t('Which gateway or server?'),
    ignoreFocusOut: true,
  });
  return picked?.pick;
}

/** The base URL, checked as typed; undefined when the user backs out. */
export async function askBaseUrl(initial: string, keyless: boolean): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    title: vscode.l10n.t('TokenHub: Base URL'),
    prompt: vscode.l10n.t('The OpenAI-compatible base URL: requests go to its /models and /chat/completions.'),
    placeHolder: 'https://api.example.com/v1',
    value: initial,
    ignoreFocusOut: true,
    validateInput: (v) => {
      const r = normalizeBaseUrl(v);
      if (!('url' in r)) return baseUrlProblem(r.problem);
      if (!keyless && isCleartextRemote(r.url)) {
        return { message: vscode.l10n.t('Not encrypted (http): the key is sent as plain text'), severity: vscode.InputBoxValidationSeverity.Warning };
      }
      return undefined;
    },
  });
  if (value === undefined) return undefined;
  const r = normalizeBaseUrl(value);
  return 'url' in r ? r.url : undefined;
}

export async function askName(initial: string): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    title: vscode.l10n.t('TokenHub: Profile Name'),
    prompt: vscode.l10n.t('A name to tell this gateway profile apart in the model pickers and the status bar.'),
    value: initial,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a name, or press Escape to cancel.')),
  });
  return value?.trim() || undefined;
}

/** Why a typed base URL cannot be used, and what to type instead. */
export function baseUrlProblem(problem: BaseUrlProblem): string {
  switch (problem) {
    case 'empty':
      return vscode.l10n.t('Enter the base URL, for example https://api.example.com/v1.');
    case 'invalid':
      return vscode.l10n.t('This is not a URL. Enter one like https://api.example.com/v1.');
    case 'scheme':
      return vscode.l10n.t('The base URL must start with https:// (or http:// for a server on your own network).');
    case 'credentials':
      return vscode.l10n.t('Leave the user name and password out of the URL: the key is asked for separately and kept in secret storage.');
    case 'queryOrFragment':
      return vscode.l10n.t('The base URL ends before any ? or #: an OpenAI-compatible base URL is usually like https://host/v1.');
  }
}
