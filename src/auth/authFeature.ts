import * as vscode from 'vscode';
import { endpointKind } from '../core/endpoint';
import type { ErrorKind } from '../core/client/errors';
import { API_KEY_ENV, Commands, ContextKeys, StorageKeys } from '../platform/ids';
import { Disposable } from '../platform/lifecycle';
import type { Services } from '../platform/services';
import { DEFAULT_PROFILE_ID } from '../core/profiles/modelRef';
import type { Profile } from '../core/profiles/profiles';
import { GATEWAYS, gatewayOfProfile } from '../core/profiles/profiles';
import { profileKindLabel } from '../platform/profileFormat';
import type { AddProfileArgs, ProfileArg, ProfileCommands } from './profileCommands';
import { checkKey, failedCheckNotice, safeHost } from './keyCheck';
import type * as ProfileCodeModule from './profileCode';

type ProfileCode = typeof ProfileCodeModule;
let profileCode: ProfileCode | undefined;

/** Loaded on the first profile command, not at activation (./profileCode.ts). */
function loadProfileCode(): ProfileCode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (profileCode ??= require('./profileCode') as ProfileCode);
}

/** Optional argument of `tokenhub.setApiKey` (tests, or callers that already hold a key). */
export interface SetApiKeyArgs {
  key?: string;
  /** The gateway profile whose key this is (default: asked when there are several, else the default profile). */
  profile?: string;
  /** Store without asking the gateway first. */
  skipValidation?: boolean;
  /** When the check fails (refused or unreachable), store it all the same instead of asking. */
  storeAnyway?: boolean;
}

/** Optional argument of `tokenhub.clearApiKey`. */
export interface ClearApiKeyArgs {
  /** Skip the confirmation dialog. */
  skipConfirmation?: boolean;
  /** The gateway profile (default: asked when several have keys, else the default profile). */
  profile?: string;
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

/** package.json's `contributes.walkthroughs` id and the id of its set-key step. */
const WALKTHROUGH_ID = 'tokenhub.gettingStarted';
const WALKTHROUGH_SET_KEY_STEP = 'setKey';

/**
 * The keys (Set / Clear API Key, one per gateway profile) and the profiles themselves
 * (ProfileCommands), the `tokenhub.hasApiKey` context key that drives the welcome
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
  /** Add, edit, test, remove, export, import and approve gateway profiles. */
  get profileCommands(): ProfileCommands {
    return (this.loadedProfileCommands ??= this._register(new (loadProfileCode().ProfileCommands)(this.services)));
  }
  private loadedProfileCommands: ProfileCommands | undefined;

  constructor(protected readonly services: Services) {
    super();
    this.registerProfileCommands();
    this._register(vscode.commands.registerCommand(Commands.setApiKey, (args?: unknown) => this.setApiKey(asSetArgs(args))));
    this._register(vscode.commands.registerCommand(Commands.clearApiKey, (args?: unknown) => this.clearApiKey(asClearArgs(args))));
    // ApiKeyStore fires for our own writes and for SecretStorage changes made by other windows.
    this._register(services.keys.onDidChange(() => void this.syncContext()));
    this._register(services.profiles.onDidChange(() => void this.syncContext()));
    // Inline completions are not answers in the chat: the note would point at nothing.
    this._register(services.usage.onDidRecord((rec) => rec.source !== 'completion' && void this.showFirstAnswerNote()));
    this.ready = this.syncContext();
  }

  /** The profile commands; what they do is loaded on the first of them. */
  private registerProfileCommands(): void {
    const reg = (id: string, fn: (...args: never[]) => unknown) => this._register(vscode.commands.registerCommand(id, fn));
    reg(Commands.manageProfiles, () => this.profileCommands.manage());
    reg(Commands.addProfile, (args?: AddProfileArgs) => this.profileCommands.add(args));
    reg(Commands.editProfile, (arg?: ProfileArg) => this.profileCommands.edit(arg));
    reg(Commands.testProfile, (arg?: ProfileArg) => this.profileCommands.test(arg));
    reg(Commands.removeProfile, (arg?: ProfileArg, options?: { skipConfirmation?: boolean }) => this.profileCommands.remove(arg, options));
    reg(Commands.exportProfiles, (target?: vscode.Uri) => this.profileCommands.export(target));
    reg(Commands.importProfiles, (source?: vscode.Uri) => this.profileCommands.import(source));
    reg(Commands.approveProfile, (arg?: ProfileArg, options?: { skipConfirmation?: boolean }) => this.profileCommands.approve(arg, options));
  }

  /** Whether a key is available (stored, or from `TOKENHUB_API_KEY`), as last synced to the context key. */
  get hasApiKey(): boolean {
    return this._hasApiKey;
  }

  /**
   * Re-reads the keys and sets the context key (some profile can answer: it has a key for its
   * host, or needs none); the last call wins when several overlap.
   */
  async syncContext(): Promise<void> {
    const seq = ++this.syncSeq;
    let has = false;
    try {
      for (const p of this.services.profiles.all) {
        if (p.keyless || (await this.services.keys.get(p.id))) {
          has = true;
          break;
        }
      }
    } catch (e) {
      this.services.log.warn(`Could not read the API key from secret storage: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (seq !== this.syncSeq || this.isDisposed) return;
    await vscode.commands.executeCommand('setContext', ContextKeys.hasApiKey, has);
    if (seq !== this.syncSeq) return;
    const changed = has !== this._hasApiKey;
    this._hasApiKey = has;
    if (changed) this.services.log.info(has ? 'An API key is available.' : 'No API key is set.');
    if (has && changed) this.tickWalkthroughStep();
    this._onDidChangeHasApiKey.fire(has);
  }

  async setApiKey(args: SetApiKeyArgs = {}): Promise<SetApiKeyResult> {
    const interactive = args.key === undefined;
    const profile = args.profile ?? (interactive ? await this.pickProfile(vscode.l10n.t('TokenHub: Set API Key'), false) : DEFAULT_PROFILE_ID);
    if (!profile) return { outcome: 'cancelled' };
    const p = this.services.profiles.get(profile);
    if (!p) {
      void vscode.window.showWarningMessage(vscode.l10n.t('There is no gateway profile "{0}".', profile));
      return { outcome: 'failed' };
    }
    const tokenhub = gatewayOfProfile(p) === 'tokenhub';
    // "Try Again" checks the same key once more without asking for it again.
    let again: string | undefined;
    for (;;) {
      const key = again ?? (interactive ? (await this.askForKey(p))?.trim() : args.key?.trim());
      again = undefined;
      if (key === undefined) return { outcome: 'cancelled' };
      if (!key) return { outcome: 'empty' };
      if (args.skipValidation) return this.store(key, 'storedUnchecked', profile);

      const check = await checkKey(this.services, key, profile);
      if (check.outcome === 'ok') {
        const result = await this.store(key, 'stored', profile, check.modelCount);
        void vscode.window.showInformationMessage(
          tokenhub
            ? vscode.l10n.t('Your TokenHub API key is saved. {0} models are available: pick one in the Models view or with "Select Chat Model".', check.modelCount)
            : vscode.l10n.t('Your API key for {0} is saved. {1} models are available: pick one in the Models view or with "Select Chat Model".', p.name, check.modelCount),
        );
        return result;
      }
      if (check.outcome === 'cancelled') return { outcome: 'cancelled' };

      const { outcome, message, choices, storeAnyway, tryAgain, retry } = failedCheckNotice(p, check, interactive);
      this.services.log.warn(`The API key check failed (${check.kind ?? 'unknown'}).`);

      if (!interactive) {
        // Commands called with a key (tests, scripts) must not wait on a notification.
        if (args.storeAnyway) return this.store(key, 'storedUnchecked', profile, undefined, check.kind);
        void vscode.window.showWarningMessage(message);
        return { outcome, errorKind: check.kind };
      }
      const choice = await vscode.window.showWarningMessage(message, ...choices);
      if (choice === storeAnyway) return this.store(key, 'storedUnchecked', profile, undefined, check.kind);
      if (choice === tryAgain) {
        again = key;
        continue;
      }
      if (choice === retry) continue;
      return { outcome, errorKind: check.kind };
    }
  }

  async clearApiKey(args: ClearApiKeyArgs = {}): Promise<ClearApiKeyOutcome> {
    const profile = args.profile ?? (args.skipConfirmation ? DEFAULT_PROFILE_ID : await this.pickProfile(vscode.l10n.t('TokenHub: Clear API Key'), true));
    if (!profile) return 'cancelled';
    const source = await this.services.keys.source(profile);
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
        profile === DEFAULT_PROFILE_ID
          ? vscode.l10n.t('Remove the TokenHub API key from this machine? Chats and code commands stop working until you set a key again.')
          : vscode.l10n.t('Remove the API key of {0} from this machine? Its models stop working until you set a key again.', this.services.profiles.nameOf(profile)),
        { modal: true },
        clear,
      );
      if (choice !== clear) return 'cancelled';
    }
    await this.services.keys.clear(profile);
    await this.syncContext();
    this.services.log.info(`The API key of profile ${profile} was removed from secret storage.`);
    if (await this.services.keys.source(profile)) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('The stored key was removed. The {0} environment variable still provides a key.', API_KEY_ENV),
      );
    }
    return 'cleared';
  }

  /**
   * Ticks "Set your API key" in the Get Started walkthrough. Its `onContext:tokenhub.hasApiKey`
   * completion event only fires on a change that VS Code's walkthrough service sees: the service
   * is created when first needed (opening the walkthrough, unless the Welcome page opens at
   * startup), and a context key that is already true when it registers the steps never ticks
   * them. `welcome.markStepComplete` creates the service and ticks the step in any case.
   */
  private tickWalkthroughStep(): void {
    const step = `${this.services.context.extension.id}#${WALKTHROUGH_ID}#${WALKTHROUGH_SET_KEY_STEP}`;
    void Promise.resolve(vscode.commands.executeCommand('welcome.markStepComplete', step)).catch((e: unknown) => {
      this.services.log.info(`Could not tick the walkthrough step (${e instanceof Error ? e.message : String(e)}).`);
    });
  }

  /**
   * Which profile a key command is for: the default one while it is the only one that takes a
   * key; else a quick pick. `withKeyOnly`: offer only profiles that have a key stored.
   */
  private async pickProfile(title: string, withKeyOnly: boolean): Promise<string | undefined> {
    const candidates = [];
    for (const p of this.services.profiles.all) {
      if (withKeyOnly ? (await this.services.keys.source(p.id)) === 'secretStorage' : !p.keyless || p.id === DEFAULT_PROFILE_ID) candidates.push(p);
    }
    if (candidates.length <= 1) return candidates[0]?.id ?? DEFAULT_PROFILE_ID;
    const picked = await vscode.window.showQuickPick(
      candidates.map((p) => ({ label: p.name, description: safeHost(p.baseUrl), detail: profileKindLabel(p), id: p.id })),
      { title, placeHolder: vscode.l10n.t('Which gateway profile?'), ignoreFocusOut: true },
    );
    return picked?.id;
  }

  private askForKey(p: Profile): Thenable<string | undefined> {
    const gateway = gatewayOfProfile(p);
    const simulator = endpointKind(p.baseUrl, process.env) === 'simulator';
    return vscode.window.showInputBox({
      title: gateway === 'tokenhub' ? vscode.l10n.t('TokenHub: Set API Key') : vscode.l10n.t('TokenHub: API Key for {0}', p.name),
      prompt: simulator
        ? vscode.l10n.t('This is the TokenHub simulator: any key that starts with th-sim- works, for example th-sim-try-me. It is stored only in VS Code\'s secret storage.')
        : gateway === 'tokenhub'
          ? vscode.l10n.t('Paste your TokenHub API key (tokenhub.store → Dashboard → API Keys). It is stored only in VS Code\'s secret storage.')
          : vscode.l10n.t('Paste your API key for {0} ({1}). It is stored only in VS Code\'s secret storage, and sent only to that host.', p.name, safeHost(p.baseUrl)),
      placeHolder: simulator ? 'th-sim-…' : gateway ? GATEWAYS[gateway].keyPlaceholder : '',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => validateKeyInput(value),
    });
  }

  private async store(key: string, outcome: 'stored' | 'storedUnchecked', profile: string, modelCount?: number, errorKind?: ErrorKind): Promise<SetApiKeyResult> {
    this.services.log.addSecret(key);
    await this.services.keys.set(key, profile);
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

function asSetArgs(value: unknown): SetApiKeyArgs {
  if (!value || typeof value !== 'object') return {};
  const v = value as Record<string, unknown>;
  return {
    key: typeof v.key === 'string' ? v.key : undefined,
    profile: profileIdOf(v.profile),
    skipValidation: v.skipValidation === true,
    storeAnyway: v.storeAnyway === true,
  };
}

function asClearArgs(value: unknown): ClearApiKeyArgs {
  if (!value || typeof value !== 'object') return {};
  const v = value as Record<string, unknown>;
  return { skipConfirmation: v.skipConfirmation === true, profile: profileIdOf(v.profile) };
}

/** A profile id, from a command's `profile` argument: an id, or a profile (a node of the Models view passes one). */
function profileIdOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string') return (v as { id: string }).id;
  return undefined;
}
