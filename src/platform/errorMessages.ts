import * as vscode from 'vscode';
import type { AdviceAction, AdviceContext, AdviceKey } from '../core/client/errorAdvice';
import { endpointKind } from '../core/endpoint';
import { Commands, Settings } from './ids';
import type * as AdviceCodeModule from '../core/client/errorAdvice';

type AdviceCode = typeof AdviceCodeModule;
let adviceCodeModule: AdviceCode | undefined;

/** Loaded with the first error, not at activation (a bundle of its own: esbuild.mjs). */
function adviceCode(): AdviceCode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (adviceCodeModule ??= require('../core/client/errorAdvice') as AdviceCode);
}

/**
 * Every failed request, in the user's language, with the next step as buttons. The kind → advice
 * table is pure data in src/core/client/errorAdvice.ts (unit-tested); this file only localises it.
 * Each template is repeated here literally so the l10n extractor finds it (a unit test checks the
 * two stay identical).
 */

// Literal calls, one per advice key: vscode.l10n.t must see string literals.
const MESSAGES: Record<AdviceKey, (a: readonly string[]) => string> = {
  authMissing: () => vscode.l10n.t('No TokenHub API key is set. Set your key to start using TokenHub.'),
  auth: () => vscode.l10n.t('TokenHub did not accept your API key. Set a valid key (TokenHub Dashboard → API Keys).'),
  authSimulator: () => vscode.l10n.t('The TokenHub simulator did not accept this key. It takes any key that starts with th-sim- (for example th-sim-try-me): set one.'),
  authLocal: (a) => vscode.l10n.t('The gateway at {0} did not accept your API key. Set the key that this gateway expects.', a[0]),
  credit: () => vscode.l10n.t('Your TokenHub account is out of credit. Add credit on the billing page, then try again.'),
  model: () => vscode.l10n.t('This model is not available on TokenHub. Pick another model.'),
  badRequest: () => vscode.l10n.t('TokenHub rejected the request. The model may not support one of its options; try another model.'),
  rateLimitWait: (a) => vscode.l10n.t('TokenHub is rate limiting your requests. Wait {0} s, then try again.', a[0]),
  rateLimit: () => vscode.l10n.t('TokenHub is rate limiting your requests. Wait a moment, then try again.'),
  server: () => vscode.l10n.t('TokenHub or the model provider had a server error. Try again in a moment, or pick another model.'),
  notJson: () => vscode.l10n.t('Something other than TokenHub answered (a web page instead of data). A proxy, firewall or captive portal may be in the way: check the proxy settings and the TokenHub base URL.'),
  connection: () => vscode.l10n.t('Could not connect to TokenHub. Check your internet connection and the proxy settings.'),
  connectionLocal: (a) => vscode.l10n.t('Nothing answers at {0}, the local address in the tokenhub.baseUrl setting. Start the server there (the TokenHub simulator runs only while npm start does), or change the setting.', a[0]),
  dns: () => vscode.l10n.t('The TokenHub server name could not be found. Check your internet connection and the TokenHub base URL.'),
  tls: () => vscode.l10n.t('The secure connection to TokenHub failed (certificate problem). If your network inspects HTTPS, check the proxy settings (http.proxyStrictSSL).'),
  connectTimeout: () => vscode.l10n.t('Connecting to TokenHub timed out. Check your internet connection and the proxy settings.'),
  headersTimeout: () => vscode.l10n.t('TokenHub did not answer in time. Try again, or raise the response timeout in the settings.'),
  idleTimeoutKept: () => vscode.l10n.t('The answer stopped arriving for too long, so it was stopped; the partial answer was kept. Try again, or raise the idle timeout in the settings.'),
  idleTimeout: () => vscode.l10n.t('The answer stopped arriving for too long, so it was stopped. Try again, or raise the idle timeout in the settings.'),
  streamCutKept: () => vscode.l10n.t('The connection closed in the middle of the answer; the partial answer was kept. Try again to get a complete answer.'),
  streamCut: () => vscode.l10n.t('The connection closed before the answer arrived. Try again.'),
  streamErrorKept: () => vscode.l10n.t('The model reported an error in the middle of the answer; the partial answer was kept. Try again, or pick another model.'),
  streamError: () => vscode.l10n.t('The model reported an error instead of an answer. Try again, or pick another model.'),
  proxy: () => vscode.l10n.t('The proxy refused or failed the connection. Check the proxy settings (TokenHub › Network: Proxy, or http.proxy).'),
  cancelled: () => vscode.l10n.t('The request was cancelled.'),
  protocol: () => vscode.l10n.t('TokenHub sent an answer that could not be read. Try again; if it keeps happening, see the log.'),
  unknown: () => vscode.l10n.t('Something went wrong. See the log for details.'),
};

const TITLES: Record<AdviceAction, () => string> = {
  setApiKey: () => vscode.l10n.t('Set API Key'),
  openBilling: () => vscode.l10n.t('Add Credit'),
  selectModel: () => vscode.l10n.t('Pick Another Model'),
  openProxySettings: () => vscode.l10n.t('Open Proxy Settings'),
  openNetworkSettings: () => vscode.l10n.t('Open Network Settings'),
  openBaseUrlSetting: () => vscode.l10n.t('Open Base URL Setting'),
  showLog: () => vscode.l10n.t('Show Log'),
};

function actionCommand(action: AdviceAction): { command: string; args?: unknown[] } {
  switch (action) {
    case 'setApiKey':
      return { command: Commands.setApiKey };
    case 'openBilling':
      return { command: 'vscode.open', args: [vscode.Uri.parse(adviceCode().BILLING_URL)] };
    case 'selectModel':
      return { command: Commands.selectModel };
    case 'openProxySettings':
      return { command: 'workbench.action.openSettings', args: [`${Settings.section}.${Settings.proxy}`] };
    case 'openNetworkSettings':
      return { command: 'workbench.action.openSettings', args: [`${Settings.section}.network`] };
    case 'openBaseUrlSetting':
      return { command: 'workbench.action.openSettings', args: [`${Settings.section}.${Settings.baseUrl}`] };
    case 'showLog':
      return { command: Commands.showLog };
  }
}

export interface ErrorAction {
  title: string;
  command?: string;
  /** Arguments for `vscode.commands.executeCommand(command, ...args)`. */
  args?: unknown[];
}

/** Where requests go now: the simulator and local gateways get their own advice. */
export function adviceContext(): AdviceContext {
  const baseUrl = vscode.workspace.getConfiguration(Settings.section).get<string>(Settings.baseUrl, '').trim();
  let host = baseUrl;
  try {
    host = new URL(baseUrl).host;
  } catch {
    /* shown as written */
  }
  return { endpoint: endpointKind(baseUrl, process.env), host };
}

/** A message in the user's language saying what happened and what to do next, with buttons for it. */
export function describeError(err: unknown): { message: string; actions: ErrorAction[] } {
  const { ADVICE, adviseError } = adviceCode();
  const advice = adviseError(err, adviceContext());
  // l10n-ignore: a fallback only; every template is written out literally in MESSAGES above.
  let message = (MESSAGES[advice.key] ?? ((a: readonly string[]) => vscode.l10n.t(ADVICE[advice.key].template, ...a)))(advice.args);
  if (advice.detail) message = vscode.l10n.t('{0} (TokenHub said: {1})', message, advice.detail);
  const actions = advice.actions.map((a) => ({ title: TITLES[a](), ...actionCommand(a) }));
  return { message, actions };
}

/** Shows `err` as an error notification and runs the button the user picks. Cancellations stay silent. */
export async function showError(err: unknown): Promise<void> {
  const advice = adviceCode().adviseError(err);
  if (advice.kind === 'cancelled') return;
  const { message, actions } = describeError(err);
  const picked = await vscode.window.showErrorMessage(message, ...actions.map((a) => a.title));
  const action = actions.find((a) => a.title === picked);
  if (action?.command) await vscode.commands.executeCommand(action.command, ...(action.args ?? []));
}
