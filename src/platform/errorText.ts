import * as vscode from 'vscode';
import type { AdviceAction, AdviceContext, AdviceKey } from '../core/client/errorAdvice';
import { ADVICE, adviseError, BILLING_URL } from '../core/client/errorAdvice';
import { DEFAULT_PROFILE_ID } from '../core/profiles/modelRef';
import type { ErrorAction, ErrorGateway } from './errorMessages';
import { Commands, Settings } from './ids';

// What errorMessages.ts loads with the first error (a bundle of its own: esbuild.mjs).
export { adviseError };

/**
 * Every failed request, in the user's language, with the next step as buttons. The kind → advice
 * table is pure data in src/core/client/errorAdvice.ts (unit-tested); this file localises it.
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
  profileMissing: () => vscode.l10n.t('The gateway profile of this model no longer exists, or waits for your approval. Pick another model, or manage the profiles.'),
  badRequest: () => vscode.l10n.t('TokenHub rejected the request. The model may not support one of its options; try another model.'),
  rateLimitWait: (a) => vscode.l10n.t('TokenHub is rate limiting your requests. Wait {0} s, then try again.', a[0]),
  rateLimit: () => vscode.l10n.t('TokenHub is rate limiting your requests. Wait a moment, then try again.'),
  server: () => vscode.l10n.t('TokenHub or the model provider had a server error. Try again in a moment, or pick another model.'),
  notJson: () => vscode.l10n.t('Something other than TokenHub answered (a web page instead of data). A proxy, firewall or captive portal may be in the way: check the proxy settings and the TokenHub base URL.'),
  connection: () => vscode.l10n.t('Could not connect to TokenHub. Check your internet connection and the proxy settings.'),
  connectionLocal: (a) => vscode.l10n.t('Nothing answers at {0}, the local address in the tokenhub.baseUrl setting. Start the server there (the TokenHub simulator runs only while npm start does), or change the setting.', a[0]),
  dns: () => vscode.l10n.t('The TokenHub server name could not be found. Check your internet connection and the TokenHub base URL.'),
  tls: () => vscode.l10n.t('The secure connection to TokenHub failed (certificate problem). If your network inspects HTTPS, check the proxy settings (http.proxyStrictSSL).'),
  tlsUntrusted: () => vscode.l10n.t('The secure connection failed: the server\'s certificate is signed by an authority this computer does not trust, as on a company network that inspects HTTPS. Trust your company\'s root certificate in the operating system, or list its PEM file in the setting TokenHub › Network: CA Certificates (or in NODE_EXTRA_CA_CERTS).'),
  connectTimeout: () => vscode.l10n.t('Connecting to TokenHub timed out. Check your internet connection and the proxy settings.'),
  headersTimeout: () => vscode.l10n.t('TokenHub did not answer in time. Try again, or raise the response timeout in the settings.'),
  idleTimeoutKept: () => vscode.l10n.t('The answer stopped arriving for too long, so it was stopped; the partial answer was kept. Try again, or raise the idle timeout in the settings.'),
  idleTimeout: () => vscode.l10n.t('The answer stopped arriving for too long, so it was stopped. Try again, or raise the idle timeout in the settings.'),
  streamCutKept: () => vscode.l10n.t('The connection closed in the middle of the answer; the partial answer was kept. Try again to get a complete answer.'),
  streamCut: () => vscode.l10n.t('The connection closed before the answer arrived. Try again.'),
  streamErrorKept: () => vscode.l10n.t('The model reported an error in the middle of the answer; the partial answer was kept. Try again, or pick another model.'),
  streamError: () => vscode.l10n.t('The model reported an error instead of an answer. Try again, or pick another model.'),
  proxy: () => vscode.l10n.t('The proxy refused or failed the connection. Check the proxy settings (TokenHub › Network: Proxy, or http.proxy).'),
  proxyPac: () => vscode.l10n.t('The proxy setting names a proxy auto-configuration (PAC) script, which TokenHub cannot run. Set the proxy\'s own address (http://host:port, from the script or your IT department) in TokenHub › Network: Proxy.'),
  cancelled: () => vscode.l10n.t('The request was cancelled.'),
  budgetDay: () => vscode.l10n.t('Not sent: today\'s spending has reached your daily TokenHub budget. Raise the budget to send more today.'),
  budgetMonth: () => vscode.l10n.t('Not sent: this month\'s spending has reached your monthly TokenHub budget. Raise the budget to send more this month.'),
  budgetProfileDay: () => vscode.l10n.t('Not sent: today\'s spending through TokenHub has reached this profile\'s daily budget. Raise the budget to send more today.'),
  budgetProfileMonth: () => vscode.l10n.t('Not sent: this month\'s spending through TokenHub has reached this profile\'s monthly budget. Raise the budget to send more this month.'),
  protocol: () => vscode.l10n.t('TokenHub sent an answer that could not be read. Try again; if it keeps happening, see the log.'),
  unknown: () => vscode.l10n.t('Something went wrong. See the log for details.'),
};

/** The same for another profile than TokenHub, naming it ({0}); see NAMED_ADVICE. */
const NAMED: Partial<Record<AdviceKey, (name: string) => string>> = {
  authMissing: (n) => vscode.l10n.t('No API key is set for {0}. Set its key to use it.', n),
  auth: (n) => vscode.l10n.t('{0} did not accept the API key. Set a valid key for it.', n),
  credit: (n) => vscode.l10n.t('Your {0} account is out of credit. Add credit, then try again.', n),
  model: (n) => vscode.l10n.t('This model is not available on {0}. Pick another model.', n),
  connection: (n) => vscode.l10n.t('Could not connect to {0}. Check that it is running and reachable, and the proxy settings.', n),
  dns: (n) => vscode.l10n.t('The server name of {0} could not be found. Check its base URL and your internet connection.', n),
  budgetProfileDay: (n) => vscode.l10n.t('Not sent: today\'s spending through {0} has reached its daily budget. Raise the budget to send more today.', n),
  budgetProfileMonth: (n) => vscode.l10n.t('Not sent: this month\'s spending through {0} has reached its monthly budget. Raise the budget to send more this month.', n),
};

const TITLES: Record<AdviceAction, () => string> = {
  setApiKey: () => vscode.l10n.t('Set API Key'),
  openBilling: () => vscode.l10n.t('Add Credit'),
  selectModel: () => vscode.l10n.t('Pick Another Model'),
  openProxySettings: () => vscode.l10n.t('Open Proxy Settings'),
  openNetworkSettings: () => vscode.l10n.t('Open Network Settings'),
  openBaseUrlSetting: () => vscode.l10n.t('Open Base URL Setting'),
  openCertificateSettings: () => vscode.l10n.t('Open Certificate Settings'),
  manageProfiles: () => vscode.l10n.t('Manage Gateway Profiles'),
  showLog: () => vscode.l10n.t('Show Log'),
  openBudgetSettings: () => vscode.l10n.t('Open Budget Settings'),
};

/**
 * A message in the user's language saying what happened and what to do next, with buttons for it.
 * `gateway`: the profile the request went to; another than TokenHub is named in the message, and
 * its buttons act on it (Set API Key for that profile; no TokenHub billing page).
 */
export function describeError(err: unknown, gateway: ErrorGateway | undefined, context: AdviceContext): { message: string; actions: ErrorAction[] } {
  const advice = adviseError(err, context);
  const other = gateway && gateway.id !== DEFAULT_PROFILE_ID ? gateway : undefined;
  const named = other ? NAMED[advice.key] : undefined;
  // l10n-ignore: a fallback only; every template is written out literally in MESSAGES above.
  let message = named ? named(other!.name) : (MESSAGES[advice.key] ?? ((a: readonly string[]) => vscode.l10n.t(ADVICE[advice.key].template, ...a)))(advice.args);
  if (advice.detail) message = other ? vscode.l10n.t('{0} ({1} said: {2})', message, other.name, advice.detail) : vscode.l10n.t('{0} (TokenHub said: {1})', message, advice.detail);
  const actions = advice.actions
    .filter((a) => a !== 'openBilling' || !other || other.known === 'tokenhub')
    .map((a) => ({ title: TITLES[a](), ...actionCommand(a, gateway) }));
  return { message, actions };
}

function actionCommand(action: AdviceAction, gateway: ErrorGateway | undefined): { command: string; args?: unknown[] } {
  switch (action) {
    case 'setApiKey':
      return gateway && gateway.id !== DEFAULT_PROFILE_ID ? { command: Commands.setApiKey, args: [{ profile: gateway.id }] } : { command: Commands.setApiKey };
    case 'manageProfiles':
      return { command: Commands.manageProfiles };
    case 'openBilling':
      return { command: 'vscode.open', args: [vscode.Uri.parse(BILLING_URL)] };
    case 'selectModel':
      return { command: Commands.selectModel };
    case 'openProxySettings':
      return { command: 'workbench.action.openSettings', args: [`${Settings.section}.${Settings.proxy}`] };
    case 'openNetworkSettings':
      return { command: 'workbench.action.openSettings', args: [`${Settings.section}.network`] };
    case 'openBaseUrlSetting':
      return { command: 'workbench.action.openSettings', args: [`${Settings.section}.${Settings.baseUrl}`] };
    case 'openCertificateSettings':
      return { command: 'workbench.action.openSettings', args: [`${Settings.section}.${Settings.caCertificates}`] };
    case 'showLog':
      return { command: Commands.showLog };
    case 'openBudgetSettings':
      return { command: 'workbench.action.openSettings', args: [`${Settings.section}.budget`] };
  }
}
