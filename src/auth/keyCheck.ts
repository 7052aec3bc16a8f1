import * as vscode from 'vscode';
import { isTokenHubError } from '../core/client/errors';
import type { ErrorKind } from '../core/client/errors';
import { endpointKind } from '../core/endpoint';
import type { Profile } from '../core/profiles/profiles';
import { gatewayOfProfile } from '../core/profiles/profiles';
import { linkedSignal } from '../platform/cancellation';
import { describeError } from '../platform/errorMessages';
import type { Services } from '../platform/services';
import type { SetApiKeyOutcome } from './authFeature';

/*
 * Asking the gateway whether a key works, and what to tell the user when it does not. AuthFeature
 * owns the flow (which profile, the input box, storing, the context key); this part holds no
 * state: one check, one notice. The key stays in local variables here too: never logged.
 */

/** Kinds that mean "the gateway was not reached": the key itself may be fine. */
const UNREACHABLE: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['connection', 'dns', 'tls', 'connectTimeout', 'headersTimeout', 'proxy', 'notJson', 'server', 'rateLimit']);

export type FailedCheck = { outcome: 'error'; kind?: ErrorKind; detail?: string };
export type KeyCheck = { outcome: 'ok'; modelCount: number } | { outcome: 'cancelled' } | FailedCheck;

/** `GET /models` with the key, under a cancellable notification. */
export async function checkKey(services: Services, key: string, profile: string): Promise<KeyCheck> {
  const host = safeHost(services.profiles.get(profile)?.baseUrl ?? '');
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the key with {0}…', host), cancellable: true },
    async (_progress, token) => {
      const abort = linkedSignal(token, undefined);
      try {
        const models = await services.client.validateKey(key, { signal: abort.signal }, profile);
        return { outcome: 'ok' as const, modelCount: models.length };
      } catch (e) {
        if (token.isCancellationRequested || (isTokenHubError(e) && e.kind === 'cancelled')) return { outcome: 'cancelled' as const };
        // A 402 on /models still proves the key was accepted; credit is a separate message.
        if (isTokenHubError(e) && e.kind === 'credit') return { outcome: 'ok' as const, modelCount: 0 };
        // The shared wording (in the user's language, with the next step), never the raw error.
        return { outcome: 'error' as const, kind: isTokenHubError(e) ? e.kind : undefined, detail: describeError(e, services.profiles.errorGateway(profile)).message };
      } finally {
        abort.dispose();
      }
    },
  );
}

export interface FailedCheckNotice {
  outcome: SetApiKeyOutcome;
  message: string;
  /** The buttons to offer, among the three labels below. */
  choices: string[];
  storeAnyway: string;
  tryAgain: string;
  /** Only when the user typed the key: a key passed by a caller cannot be typed again. */
  retry?: string;
}

/** What a failed check means for this profile's gateway, and what the user can do next. */
export function failedCheckNotice(p: Profile, check: FailedCheck, interactive: boolean): FailedCheckNotice {
  const tokenhub = gatewayOfProfile(p) === 'tokenhub';
  const host = safeHost(p.baseUrl);
  // The simulator and other gateways on this machine: tokenhub.store's keys and "you may be
  // offline" would send the user the wrong way.
  const endpoint = endpointKind(p.baseUrl, process.env);
  const storeAnyway = vscode.l10n.t('Store Anyway');
  const retry = interactive ? vscode.l10n.t('Enter Another Key') : undefined;
  const tryAgain = vscode.l10n.t('Try Again');
  if (check.kind === 'auth') {
    const message =
      endpoint === 'simulator'
        ? vscode.l10n.t('{0} is the TokenHub simulator and refused this key (401). It takes any key that starts with th-sim-, for example th-sim-try-me.', host)
        : endpoint === 'local' && tokenhub
          ? vscode.l10n.t('The gateway at {0} refused this key (401). Enter the key that this gateway expects.', host)
          : tokenhub
            ? vscode.l10n.t('{0} refused this key (401). Check that you copied the whole key from Dashboard → API Keys on tokenhub.store, or create a new one there.', host)
            : vscode.l10n.t('{0} refused this key (401). Check that you copied the whole key, or create a new one where {1} gives out keys.', host, p.name);
    return { outcome: 'refused', message, choices: retry ? [retry, storeAnyway] : [storeAnyway], storeAnyway, tryAgain, retry };
  }
  if (check.kind && UNREACHABLE.has(check.kind)) {
    const message =
      endpoint && (check.kind === 'connection' || check.kind === 'connectTimeout')
        ? vscode.l10n.t(
            'Nothing answers at {0} (the local address in "tokenhub.baseUrl") to check the key. Start the server there (the TokenHub simulator runs only while npm start does), or change the setting. Store the key anyway?',
            host,
          )
        : vscode.l10n.t(
            'Could not reach {0} to check the key. You may be offline, or a proxy may be in the way: check the network and the "tokenhub.network.proxy" setting. Store the key anyway?',
            host,
          );
    return { outcome: 'unreachable', message, choices: [storeAnyway, tryAgain], storeAnyway, tryAgain, retry };
  }
  const message = vscode.l10n.t('The key could not be checked: {0} Store it anyway?', check.detail ?? '');
  return { outcome: 'failed', message, choices: [storeAnyway, tryAgain], storeAnyway, tryAgain, retry };
}

/** The host of a profile's base URL, for messages (the whole value when it is no URL). */
export function safeHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}
