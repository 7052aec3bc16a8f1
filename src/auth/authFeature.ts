import * as vscode from 'vscode';
import { isTokenHubError } from '../core/client/errors';
import type { ErrorKind } from '../core/client/errors';
import { linkedSignal } from '../platform/cancellation';
import { describeError } from '../platform/errorMessages';
import { API_KEY_ENV, Commands, ContextKeys, StorageKeys } from '../platform/ids';
import { Disposable } from '../platform/lifecycle';
import type { Services } from '../platform/services';

/** Optional argument of `tokenhub.setApiKey` (tests, or callers that already hold a key). */
export interface SetApiKeyArgs {
  key?: string;
  /** Store without asking the gateway first. */
  skipValidation?: boolean;
  /** When the check fails (refused or unreachable), store it all the same instead of asking. */
  storeAnyway?: boolean;
}

/** Optional argument of `tokenhub.clearApiKey`. */
export interface ClearApiKeyArgs {
  /** Skip the confirmation dialog. */
  skipConfirmation?: boolean;
}

export type SetApiKeyOutcome =
  /** Checked with `GET /models` and stored. */
  | 'stored'
  /** Stored without a check (skipValidation) or after a failed check ("Store Anyway"). */
  | 'storedUnchecked'
  | 'cancelled'
  | 'empty'
  /** The gateway answered 401/403 and the key was not stored. */
  | 'refused'
  /** The gateway could not be reached and the key was not stored. */
  | 'unreachable'
  /** Another failure of the check; the key was not stored. */
  | 'failed';

export interface SetApiKeyResult {
  outcome: SetApiKeyOutcome;
  /** Models the gateway listed for the key, when it was checked. */
  modelCount?: number;
  /** The client's error kind when the check failed. */
  errorKind?: ErrorKind;
}

export type ClearApiKeyOutcome = 'cleared' | 'cancelled' | 'nothingStored';

/** Kinds that mean "the gateway was not reached": the key itself may be fine. */
const UNREACHABLE: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['connection', 'dns', 'tls', 'connectTimeout', 'headersTimeout', 'proxy', 'notJson', 'server', 'rateLimit']);

/**
 * The key (Set / Clear API Key), the `tokenhub.hasApiKey` context key that drives the welcome
 * views, and the first minutes of a new user (the one-time "where cost and model are shown" note).
 * The key is only ever held in local variables on its way to SecretStorage: never logged, never
 * put in a message.
 */
export class AuthFeature extends Disposable {
  private _hasApiKey = false;
  private syncSeq = 0;
  private notingFirstAnswer = false;
  private readonly _onDidChangeHasApiKey = this._register(new vscode.EventEmitter<boolean>());
  /** Fires after the context key was updated. */
  readonly onDidChangeHasApiKey = this._onDidChangeHasApiKey.event;
  /** Resolves once the context key reflects the key present at start-up. */
  readonly ready: Promise<void>;

  constructor(protected readonly services: Services) {
    super();
    this._register(vscode.commands.registerCommand(Commands.setApiKey, (args?: unknown) => this.setApiKey(asSetArgs(args))));
    this._register(vscode.commands.registerCommand(Commands.clearApiKey, (args?: unknown) => this.clearApiKey(asClearArgs(args))));
    // ApiKeyStore fires for our own writes and for SecretStorage changes made by other windows.
    this._register(services.keys.onDidChange(() => void this.syncContext()));
    // Inline completions are not answers in the chat: the note would point at nothing.
    this._register(services.usage.onDidRecord((rec) => rec.source !== 'completion' && void this.showFirstAnswerNote()));
    this.ready = this.syncContext();
  }

  /** Whether a key is available (stored, or from `TOKENHUB_API_KEY`), as last synced to the context key. */
  get hasApiKey(): boolean {
    return this._hasApiKey;
  }

  /** Re-reads the key and sets the context key; the last call wins when several overlap. */
  async syncContext(): Promise<void> {
    const seq = ++this.syncSeq;
    let has = false;
    try {
      has = !!(await this.services.keys.get());
    } catch (e) {
      this.services.log.warn(`Could not read the API key from secret storage: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (seq !== this.syncSeq || this.isDisposed) return;
    await vscode.commands.executeCommand('setContext', ContextKeys.hasApiKey, has);
    if (seq !== this.syncSeq) return;
    const changed = has !== this._hasApiKey;
    this._hasApiKey = has;
    if (changed) this.services.log.info(has ? 'An API key is available.' : 'No API key is set.');
    this._onDidChangeHasApiKey.fire(has);
  }

  async setApiKey(args: SetApiKeyArgs = {}): Promise<SetApiKeyResult> {
    const interactive = args.key === undefined;
    // "Try Again" checks the same key once more without asking for it again.
    let again: string | undefined;
    for (;;) {
      const key = again ?? (interactive ? (await this.askForKey())?.trim() : args.key?.trim());
      again = undefined;
      if (key === undefined) return { outcome: 'cancelled' };
      if (!key) return { outcome: 'empty' };
      if (args.skipValidation) return this.store(key, 'storedUnchecked');

      const check = await this.check(key);
      if (check.outcome === 'ok') {
        const result = await this.store(key, 'stored', check.modelCount);
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Your TokenHub API key is saved. {0} models are available: pick one in the Models view or with "Select Chat Model".', check.modelCount),
        );
        return result;
      }
      if (check.outcome === 'cancelled') return { outcome: 'cancelled' };

      const host = safeHost(this.services.client.baseUrl);
      const storeAnyway = vscode.l10n.t('Store Anyway');
      const retry = interactive ? vscode.l10n.t('Enter Another Key') : undefined;
      const tryAgain = vscode.l10n.t('Try Again');
      let message: string;
      let outcome: SetApiKeyOutcome;
      let choices: string[];
      if (check.kind === 'auth') {
        outcome = 'refused';
        message = vscode.l10n.t(
          '{0} refused this key (401). Check that you copied the whole key from Dashboard → API Keys on tokenhub.store, or create a new one there.',
          host,
        );
        choices = retry ? [retry, storeAnyway] : [storeAnyway];
      } else if (check.kind && UNREACHABLE.has(check.kind)) {
        outcome = 'unreachable';
        message = vscode.l10n.t(
          'Could not reach {0} to check the key. You may be offline, or a proxy may be in the way: check the network and the "tokenhub.network.proxy" setting. Store the key anyway?',
          host,
        );
        choices = [storeAnyway, tryAgain];
      } else {
        outcome = 'failed';
        message = vscode.l10n.t('The key could not be checked: {0} Store it anyway?', check.detail ?? '');
        choices = [storeAnyway, tryAgain];
      }
      this.services.log.warn(`The API key check failed (${check.kind ?? 'unknown'}).`);

      if (!interactive) {
        // Commands called with a key (tests, scripts) must not wait on a notification.
        if (args.storeAnyway) return this.store(key, 'storedUnchecked', undefined, check.kind);
        void vscode.window.showWarningMessage(message);
        return { outcome, errorKind: check.kind };
      }
      const choice = await vscode.window.showWarningMessage(message, ...choices);
      if (choice === storeAnyway) return this.store(key, 'storedUnchecked', undefined, check.kind);
      if (choice === tryAgain) {
        again = key;
        continue;
      }
      if (choice === retry) continue;
      return { outcome, errorKind: check.kind };
    }
  }

  async clearApiKey(args: ClearApiKeyArgs = {}): Promise<ClearApiKeyOutcome> {
    const source = await this.services.keys.source();
    if (source !== 'secretStorage') {
      const message =
        source === 'environment'
          ? vscode.l10n.t('No key is stored. The key in use comes from the {0} environment variable: remove it there and restart VS Code.', API_KEY_ENV)
          : vscode.l10n.t('No TokenHub API key is stored.');
      void vscode.window.showInformationMessage(message);
      return 'nothingStored';
    }
    if (!args.skipConfirmation) {
      const clear = vscode.l10n.t('Clear Key');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Remove the TokenHub API key from this machine? Chats and code commands stop working until you set a key again.'),
        { modal: true },
        clear,
      );
      if (choice !== clear) return 'cancelled';
    }
    await this.services.keys.clear();
    await this.syncContext();
    this.services.log.info('The API key was removed from secret storage.');
    if (await this.services.keys.source()) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('The stored key was removed. The {0} environment variable still provides a key.', API_KEY_ENV),
      );
    }
    return 'cleared';
  }

  private askForKey(): Thenable<string | undefined> {
    return vscode.window.showInputBox({
      title: vscode.l10n.t('TokenHub: Set API Key'),
      prompt: vscode.l10n.t('Paste your TokenHub API key (tokenhub.store → Dashboard → API Keys). It is stored only in VS Code\'s secret storage.'),
      placeHolder: 'th-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => validateKeyInput(value),
    });
  }

  private async check(key: string): Promise<{ outcome: 'ok'; modelCount: number } | { outcome: 'cancelled' } | { outcome: 'error'; kind?: ErrorKind; detail?: string }> {
    const host = safeHost(this.services.client.baseUrl);
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the key with {0}…', host), cancellable: true },
      async (_progress, token) => {
        const abort = linkedSignal(token, undefined);
        try {
          const models = await this.services.client.validateKey(key, { signal: abort.signal });
          return { outcome: 'ok' as const, modelCount: models.length };
        } catch (e) {
          if (token.isCancellationRequested || (isTokenHubError(e) && e.kind === 'cancelled')) return { outcome: 'cancelled' as const };
          // A 402 on /models still proves the key was accepted; credit is a separate message.
          if (isTokenHubError(e) && e.kind === 'credit') return { outcome: 'ok' as const, modelCount: 0 };
          // The shared wording (in the user's language, with the next step), never the raw error.
          return { outcome: 'error' as const, kind: isTokenHubError(e) ? e.kind : undefined, detail: describeError(e).message };
        } finally {
          abort.dispose();
        }
      },
    );
  }

  private async store(key: string, outcome: 'stored' | 'storedUnchecked', modelCount?: number, errorKind?: ErrorKind): Promise<SetApiKeyResult> {
    this.services.log.addSecret(key);
    await this.services.keys.set(key);
    await this.syncContext();
    this.services.log.info(outcome === 'stored' ? 'The API key was checked and stored in secret storage.' : 'The API key was stored in secret storage without a successful check.');
    return { outcome, modelCount, errorKind };
  }

  /** Once per installation: after the first answer, say where the model and its cost are shown. */
  private async showFirstAnswerNote(): Promise<void> {
    const state = this.services.context.globalState;
    // The flag covers answers recorded while the state update is still on its way.
    if (this.notingFirstAnswer || state.get<boolean>(StorageKeys.firstAnswerShown)) return;
    this.notingFirstAnswer = true;
    try {
      await state.update(StorageKeys.firstAnswerShown, true);
    } finally {
      this.notingFirstAnswer = false;
    }
    const pick = vscode.l10n.t('Select Chat Model');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Your first TokenHub answer is in. The model that answered and the tokens and cost of each answer are shown under the answer in the chat; the status bar shows the current model (click it to switch).',
      ),
      pick,
    );
    if (choice === pick) await vscode.commands.executeCommand(Commands.selectModel);
  }
}

/** The InputBox's check: undefined means acceptable. */
export function validateKeyInput(value: string): string | undefined {
  const trimmed = value.trim();
  if (!trimmed) return vscode.l10n.t('Enter your API key, or press Escape to cancel.');
  if (/\s/.test(trimmed)) return vscode.l10n.t('An API key has no spaces: copy only the key itself.');
  return undefined;
}

function safeHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

function asSetArgs(value: unknown): SetApiKeyArgs {
  if (!value || typeof value !== 'object') return {};
  const v = value as Record<string, unknown>;
  return {
    key: typeof v.key === 'string' ? v.key : undefined,
    skipValidation: v.skipValidation === true,
    storeAnyway: v.storeAnyway === true,
  };
}

function asClearArgs(value: unknown): ClearApiKeyArgs {
  if (!value || typeof value !== 'object') return {};
  return { skipConfirmation: (value as Record<string, unknown>).skipConfirmation === true };
}
