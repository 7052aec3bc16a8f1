import { redact } from '../log';
import { isUntrustedChain } from './tlsCodes';
import { isTokenHubError, PAC_UNSUPPORTED, PROFILE_MISSING } from './errors';
import type { ErrorKind } from './errors';

/**
 * What to tell the user about a failed request, and what they can do next, as data: the VS Code
 * layer (src/platform/errorMessages.ts) localises the templates and turns action ids into buttons.
 * Pure, so every kind's advice is unit-tested without VS Code.
 */

export const BILLING_URL = 'https://tokenhub.store/dashboard/billing';


export type AdviceAction =
  | 'setApiKey'
  | 'openBilling'
  | 'selectModel'
  | 'openProxySettings'
  | 'openNetworkSettings'
  | 'openBaseUrlSetting'
  | 'openCertificateSettings'
  | 'manageProfiles'
  | 'showLog'
  | 'openBudgetSettings';

/** One message per situation; a kind can have variants (no key vs a rejected key...). */
export type AdviceKey =
  | 'authMissing'
  | 'auth'
  | 'authSimulator'
  | 'authLocal'
  | 'credit'
  | 'model'
  | 'profileMissing'
  | 'badRequest'
  | 'rateLimitWait'
  | 'rateLimit'
  | 'server'
  | 'notJson'
  | 'connection'
  | 'connectionLocal'
  | 'dns'
  | 'tls'
  | 'tlsUntrusted'
  | 'connectTimeout'
  | 'headersTimeout'
  | 'idleTimeoutKept'
  | 'idleTimeout'
  | 'streamCutKept'
  | 'streamCut'
  | 'streamErrorKept'
  | 'streamError'
  | 'proxy'
  | 'proxyPac'
  | 'cancelled'
  | 'budgetDay'
  | 'budgetMonth'
  | 'budgetProfileDay'
  | 'budgetProfileMonth'
  | 'protocol'
  | 'unknown';

/** English templates ({0}: see `args` in ErrorAdvice). src/platform/errorMessages.ts repeats each literally inside vscode.l10n.t (a test checks). */
export const ADVICE: Record<AdviceKey, { template: string; actions: AdviceAction[] }> = {
  authMissing: { template: 'No TokenHub API key is set. Set your key to start using TokenHub.', actions: ['setApiKey'] },
  auth: { template: 'TokenHub did not accept your API key. Set a valid key (TokenHub Dashboard → API Keys).', actions: ['setApiKey'] },
  authSimulator: { template: 'The TokenHub simulator did not accept this key. It takes any key that starts with th-sim- (for example th-sim-try-me): set one.', actions: ['setApiKey'] },
  authLocal: { template: 'The gateway at {0} did not accept your API key. Set the key that this gateway expects.', actions: ['setApiKey'] },
  credit: { template: 'Your TokenHub account is out of credit. Add credit on the billing page, then try again.', actions: ['openBilling'] },
  model: { template: 'This model is not available on TokenHub. Pick another model.', actions: ['selectModel'] },
  profileMissing: { template: 'The gateway profile of this model no longer exists, or waits for your approval. Pick another model, or manage the profiles.', actions: ['selectModel', 'manageProfiles'] },
  badRequest: { template: 'TokenHub rejected the request. The model may not support one of its options; try another model.', actions: ['selectModel', 'showLog'] },
  rateLimitWait: { template: 'TokenHub is rate limiting your requests. Wait {0} s, then try again.', actions: [] },
  rateLimit: { template: 'TokenHub is rate limiting your requests. Wait a moment, then try again.', actions: [] },
  server: { template: 'TokenHub or the model provider had a server error. Try again in a moment, or pick another model.', actions: ['selectModel'] },
  notJson: {
    template: 'Something other than TokenHub answered (a web page instead of data). A proxy, firewall or captive portal may be in the way: check the proxy settings and the TokenHub base URL.',
    actions: ['openProxySettings'],
  },
  connection: { template: 'Could not connect to TokenHub. Check your internet connection and the proxy settings.', actions: ['openProxySettings'] },
  connectionLocal: {
    template: 'Nothing answers at {0}, the local address in the tokenhub.baseUrl setting. Start the server there (the TokenHub simulator runs only while npm start does), or change the setting.',
    actions: ['openBaseUrlSetting'],
  },
  dns: { template: 'The TokenHub server name could not be found. Check your internet connection and the TokenHub base URL.', actions: ['openNetworkSettings'] },
  tls: {
    template: 'The secure connection to TokenHub failed (certificate problem). If your network inspects HTTPS, check the proxy settings (http.proxyStrictSSL).',
    actions: ['openProxySettings'],
  },
  tlsUntrusted: {
    template:
      'The secure connection failed: the server\'s certificate is signed by an authority this computer does not trust, as on a company network that inspects HTTPS. Trust your company\'s root certificate in the operating system, or list its PEM file in the setting TokenHub › Network: CA Certificates (or in NODE_EXTRA_CA_CERTS).',
    actions: ['openCertificateSettings', 'showLog'],
  },
  connectTimeout: { template: 'Connecting to TokenHub timed out. Check your internet connection and the proxy settings.', actions: ['openProxySettings'] },
  headersTimeout: { template: 'TokenHub did not answer in time. Try again, or raise the response timeout in the settings.', actions: ['openNetworkSettings'] },
  idleTimeoutKept: {
    template: 'The answer stopped arriving for too long, so it was stopped; the partial answer was kept. Try again, or raise the idle timeout in the settings.',
    actions: ['openNetworkSettings'],
  },
  idleTimeout: { template: 'The answer stopped arriving for too long, so it was stopped. Try again, or raise the idle timeout in the settings.', actions: ['openNetworkSettings'] },
  streamCutKept: { template: 'The connection closed in the middle of the answer; the partial answer was kept. Try again to get a complete answer.', actions: [] },
  streamCut: { template: 'The connection closed before the answer arrived. Try again.', actions: [] },
  streamErrorKept: { template: 'The model reported an error in the middle of the answer; the partial answer was kept. Try again, or pick another model.', actions: ['selectModel'] },
  streamError: { template: 'The model reported an error instead of an answer. Try again, or pick another model.', actions: ['selectModel'] },
  proxy: { template: 'The proxy refused or failed the connection. Check the proxy settings (TokenHub › Network: Proxy, or http.proxy).', actions: ['openProxySettings'] },
  proxyPac: {
    template: 'The proxy setting names a proxy auto-configuration (PAC) script, which TokenHub cannot run. Set the proxy\'s own address (http://host:port, from the script or your IT department) in TokenHub › Network: Proxy.',
    actions: ['openProxySettings'],
  },
  cancelled: { template: 'The request was cancelled.', actions: [] },
  budgetDay: { template: "Not sent: today's spending has reached your daily TokenHub budget. Raise the budget to send more today.", actions: ['openBudgetSettings'] },
  budgetMonth: { template: "Not sent: this month's spending has reached your monthly TokenHub budget. Raise the budget to send more this month.", actions: ['openBudgetSettings'] },
  budgetProfileDay: { template: "Not sent: today's spending through TokenHub has reached this profile's daily budget. Raise the budget to send more today.", actions: ['openBudgetSettings'] },
  budgetProfileMonth: { template: "Not sent: this month's spending through TokenHub has reached this profile's monthly budget. Raise the budget to send more this month.", actions: ['openBudgetSettings'] },
  protocol: { template: 'TokenHub sent an answer that could not be read. Try again; if it keeps happening, see the log.', actions: ['showLog'] },
  unknown: { template: 'Something went wrong. See the log for details.', actions: ['showLog'] },
};

/**
 * The messages that name the gateway, for a profile other than TokenHub ({0}: its name); the
 * others hold for any gateway as they are. src/platform/errorMessages.ts repeats each literally.
 */
export const NAMED_ADVICE: Partial<Record<AdviceKey, string>> = {
  authMissing: 'No API key is set for {0}. Set its key to use it.',
  auth: '{0} did not accept the API key. Set a valid key for it.',
  credit: 'Your {0} account is out of credit. Add credit, then try again.',
  model: 'This model is not available on {0}. Pick another model.',
  connection: 'Could not connect to {0}. Check that it is running and reachable, and the proxy settings.',
  dns: 'The server name of {0} could not be found. Check its base URL and your internet connection.',
  budgetProfileDay: "Not sent: today's spending through {0} has reached its daily budget. Raise the budget to send more today.",
  budgetProfileMonth: "Not sent: this month's spending through {0} has reached its monthly budget. Raise the budget to send more this month.",
};

/** Action button titles (English; localised in the VS Code layer). */
export const ACTION_TITLES: Record<AdviceAction, string> = {
  setApiKey: 'Set API Key',
  openBilling: 'Add Credit',
  selectModel: 'Pick Another Model',
  openProxySettings: 'Open Proxy Settings',
  openNetworkSettings: 'Open Network Settings',
  openBaseUrlSetting: 'Open Base URL Setting',
  openCertificateSettings: 'Open Certificate Settings',
  manageProfiles: 'Manage Gateway Profiles',
  showLog: 'Show Log',
  openBudgetSettings: 'Open Budget Settings',
};

export interface ErrorAdvice {
  key: AdviceKey;
  kind: ErrorKind | undefined;
  template: string;
  args: string[];
  actions: AdviceAction[];
  /** The gateway's own words (key masked), shown after the message when there are any. */
  detail?: string;
}

/**
 * Where the failed request went, when that changes the advice: the simulator (`npm start`) takes
 * other keys than tokenhub.store gives, and a dead address on this machine is not a question of
 * the internet connection.
 */
export interface AdviceContext {
  /** As core/endpoint.ts's endpointKind() says. */
  endpoint: 'simulator' | 'local' | null;
  /** The base URL's host (and port), shown in the message. */
  host: string;
}

export function adviceKey(kind: ErrorKind, status: number | undefined, received: number, retryAfterMs: number | undefined, endpoint: AdviceContext['endpoint'] = null, code?: string): AdviceKey {
  switch (kind) {
    case 'tls':
      return isUntrustedChain(code) ? 'tlsUntrusted' : 'tls';
    case 'proxy':
      return code === PAC_UNSUPPORTED ? 'proxyPac' : 'proxy';
    case 'model':
      return code === PROFILE_MISSING ? 'profileMissing' : 'model';
    case 'budget':
      // `profileDay`, `profileMonth`: a profile's own budget (src/platform/budgetService.ts).
      if (code === 'profileMonth') return 'budgetProfileMonth';
      if (code === 'profileDay') return 'budgetProfileDay';
      return code === 'month' ? 'budgetMonth' : 'budgetDay';
    case 'auth':
      if (status === undefined) return 'authMissing';
      return endpoint === 'simulator' ? 'authSimulator' : endpoint === 'local' ? 'authLocal' : 'auth';
    case 'connection':
    case 'connectTimeout':
      return endpoint ? 'connectionLocal' : kind;
    case 'rateLimit':
      return retryAfterMs !== undefined ? 'rateLimitWait' : 'rateLimit';
    case 'idleTimeout':
      return received > 0 ? 'idleTimeoutKept' : 'idleTimeout';
    case 'streamCut':
      return received > 0 ? 'streamCutKept' : 'streamCut';
    case 'streamError':
      return received > 0 ? 'streamErrorKept' : 'streamError';
    default:
      return kind;
  }
}

/** Advice for any thrown value (a TokenHubError, or anything else); `context` says where the request went. */
export function adviseError(err: unknown, context?: AdviceContext): ErrorAdvice {
  if (!isTokenHubError(err)) {
    return { key: 'unknown', kind: undefined, template: ADVICE.unknown.template, args: [], actions: [...ADVICE.unknown.actions], detail: err instanceof Error ? redact(err.message) : undefined };
  }
  const key = adviceKey(err.kind, err.status, err.receivedChars ?? 0, err.retryAfterMs, context?.endpoint, err.code);
  const args = key === 'rateLimitWait' ? [String(Math.max(1, Math.ceil((err.retryAfterMs ?? 0) / 1000)))] : key === 'authLocal' || key === 'connectionLocal' ? [context?.host ?? ''] : [];
  const showDetail = err.kind !== 'cancelled' && err.kind !== 'notJson';
  return {
    key,
    kind: err.kind,
    template: ADVICE[key].template,
    args,
    actions: [...ADVICE[key].actions],
    detail: showDetail && err.gatewayMessage ? redact(err.gatewayMessage) : undefined,
  };
}

/** Fills `{0}`, `{1}`… (the same syntax as vscode.l10n.t), for tests and non-VS Code callers. */
export function formatTemplate(template: string, args: readonly string[]): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => args[Number(i)] ?? m);
}
