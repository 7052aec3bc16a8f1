import * as vscode from 'vscode';
import { isTokenHubError } from '../core/client/errors';
import { DEFAULT_PROFILE_ID } from '../core/profiles/modelRef';
import type { Profile } from '../core/profiles/profiles';
import { GATEWAYS, exportProfiles, importProfiles, isCleartextRemote, normalizeBaseUrl, originOf } from '../core/profiles/profiles';
import { linkedSignal } from '../platform/cancellation';
import { describeError } from '../platform/errorMessages';
import { Commands } from '../platform/ids';
import { Disposable } from '../platform/lifecycle';
import { profileKindLabel } from '../platform/profileFormat';
import type { Services } from '../platform/services';
import { askBaseUrl, askKind, askName, baseUrlProblem, hostOf } from './profileDialogs';
import type { ProfileKind } from './profileDialogs';
import { escapeIcons } from '../core/iconText';

/** `tokenhub.profiles.add` without dialogs (tests, scripts): everything it would ask for. */
export interface AddProfileArgs {
  name?: string;
  baseUrl?: string;
  key?: string;
  keyless?: boolean;
  free?: boolean;
  /** Save without asking the server first. */
  skipCheck?: boolean;
}

export interface AddProfileResult {
  outcome: 'added' | 'cancelled' | 'invalid' | 'failed';
  profile?: Profile;
  /** Models the server listed, when it was asked. */
  modelCount?: number;
  /** The check's message, when it failed. */
  problem?: string;
}

export interface TestProfileResult {
  ok: boolean;
  modelCount?: number;
  ms?: number;
  message: string;
}

/** A profile as a command argument: its id, `{ profile }`, or a node of the Models view. */
export type ProfileArg = string | { profile?: unknown } | undefined;

/**
 * Managing the gateway profiles: add (TokenHub, Tokenhot, a local server, any OpenAI-compatible
 * URL), edit, test (the catalogue's size and the time it took), remove (with its key), export and
 * import as JSON (never keys), and approve one a workspace defines. One quick pick ("Manage
 * Gateway Profiles") leads to all of it; each is also a command of its own (registered by
 * AuthFeature, which loads this on the first of them: ./profileCode.ts).
 */
export class ProfileCommands extends Disposable {
  constructor(private readonly services: Services) {
    super();
  }

  // -- manage ------------------------------------------------------------------------------------

  async manage(): Promise<void> {
    type Item = vscode.QuickPickItem & { run?: () => Promise<unknown> };
    const profiles = this.services.profiles;
    const items: Item[] = [];
    for (const p of profiles.all) {
      const status = await this.services.keys.status(p.id);
      const key = p.keyless ? vscode.l10n.t('no key needed') : status.state === 'none' ? vscode.l10n.t('no key') : status.state === 'otherHost' ? vscode.l10n.t('key set for another host') : vscode.l10n.t('key set');
      items.push({ label: `$(${p.keyless ? 'vm' : 'cloud'}) ${escapeIcons(p.name)}`, description: hostOf(p.baseUrl), detail: `${profileKindLabel(p)} · ${key}`, run: () => this.actions(p) });
    }
    for (const p of profiles.pending) {
      items.push({ label: `$(shield) ${escapeIcons(p.name)}`, description: hostOf(p.baseUrl), detail: vscode.l10n.t('Defined by this workspace: needs approval'), run: () => this.approve(p.id) });
    }
    items.push(
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      { label: `$(add) ${vscode.l10n.t('Add Gateway Profile…')}`, run: () => this.add() },
      { label: `$(cloud-download) ${vscode.l10n.t('Import Gateway Profiles…')}`, run: () => this.import() },
      { label: `$(cloud-upload) ${vscode.l10n.t('Export Gateway Profiles…')}`, run: () => this.export() },
    );
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('TokenHub: Gateway Profiles'), placeHolder: vscode.l10n.t('Pick a profile to test, edit or remove it, or add one') });
    await picked?.run?.();
  }

  private async actions(p: Profile): Promise<void> {
    type Item = vscode.QuickPickItem & { run: () => Promise<unknown> };
    const items: Item[] = [{ label: `$(pulse) ${vscode.l10n.t('Test')}`, run: () => this.test(p.id) }];
    if (!p.keyless || p.id === DEFAULT_PROFILE_ID) items.push({ label: `$(key) ${vscode.l10n.t('Set API Key')}`, run: async () => vscode.commands.executeCommand(Commands.setApiKey, { profile: p.id }) });
    items.push({ label: `$(edit) ${vscode.l10n.t('Edit')}`, run: () => this.edit(p.id) });
    if (p.source === 'user') items.push({ label: `$(trash) ${vscode.l10n.t('Remove')}`, run: () => this.remove(p.id) });
    const picked = await vscode.window.showQuickPick(items, { title: p.name, placeHolder: p.baseUrl });
    await picked?.run();
  }

  // -- add ---------------------------------------------------------------------------------------

  async add(args?: AddProfileArgs): Promise<AddProfileResult> {
    const interactive = !args || args.baseUrl === undefined;
    let kind: ProfileKind | undefined;
    let baseUrl = args?.baseUrl;
    let name = args?.name;
    let keyless = args?.keyless ?? false;
    let free = args?.free ?? false;
    if (interactive) {
      kind = await askKind();
      if (!kind) return { outcome: 'cancelled' };
      if (kind.type === 'tokenhot' || kind.type === 'tokenhub') {
        baseUrl = GATEWAYS[kind.type].baseUrl;
        name = GATEWAYS[kind.type].name;
      } else {
        keyless = kind.type === 'local';
        free = kind.type === 'local';
        baseUrl = await askBaseUrl(kind.type === 'local' ? kind.baseUrl : '', keyless);
        if (baseUrl === undefined) return { outcome: 'cancelled' };
        name = await askName(kind.type === 'local' ? kind.name : hostOf(baseUrl));
        if (name === undefined) return { outcome: 'cancelled' };
      }
    }
    const url = normalizeBaseUrl(baseUrl ?? '');
    if (!('url' in url)) {
      if (!interactive) void vscode.window.showWarningMessage(baseUrlProblem(url.problem));
      return { outcome: 'invalid', problem: baseUrlProblem(url.problem) };
    }
    const displayName = name?.trim() || hostOf(url.url);
    let key = args?.key?.trim() || undefined;
    if (interactive && !keyless) {
      key = (await this.askKey(displayName, url.url, kind?.type === 'tokenhot' ? GATEWAYS.tokenhot.keyPlaceholder : kind?.type === 'tokenhub' ? GATEWAYS.tokenhub.keyPlaceholder : ''))?.trim();
      if (key === undefined) return { outcome: 'cancelled' };
    }

    let modelCount: number | undefined;
    if (!args?.skipCheck) {
      const check = await this.probe(displayName, { baseUrl: url.url, keyless }, key);
      if (check.cancelled) return { outcome: 'cancelled' };
      if (check.error !== undefined) {
        if (!interactive) return { outcome: 'failed', problem: check.error };
        const save = vscode.l10n.t('Save Anyway');
        const choice = await vscode.window.showWarningMessage(vscode.l10n.t('{0} did not answer the check: {1}', displayName, check.error), save);
        if (choice !== save) return { outcome: 'failed', problem: check.error };
      } else {
        modelCount = check.modelCount;
      }
    }

    const profile = await this.services.profiles.add({ name: displayName, baseUrl: url.url, ...(keyless ? { keyless: true } : {}), ...(free ? { free: true } : {}) });
    if (key) {
      this.services.log.addSecret(key);
      await this.services.keys.set(key, profile.id, url.url);
    }
    this.services.log.info(`Gateway profile added: ${profile.id} (${hostOf(url.url)})${key ? ', with a key' : ''}.`);
    await this.services.models.refresh(true, profile.id);
    if (interactive) {
      const pick = vscode.l10n.t('Pick a Model');
      const choice = await vscode.window.showInformationMessage(
        modelCount === undefined ? vscode.l10n.t('The gateway profile {0} is saved.', displayName) : vscode.l10n.t('The gateway profile {0} is saved: {1} models.', displayName, modelCount),
        pick,
      );
      if (choice === pick) await vscode.commands.executeCommand(Commands.selectModel);
    }
    return { outcome: 'added', profile, modelCount };
  }

  // -- edit --------------------------------------------------------------------------------------

  async edit(arg?: ProfileArg): Promise<void> {
    const p = await this.resolve(arg, vscode.l10n.t('Edit Gateway Profile'));
    if (!p) return;
    type Item = vscode.QuickPickItem & { field: 'name' | 'baseUrl' | 'key' | 'free' };
    const items: Item[] = [];
    if (p.source === 'user') items.push({ label: vscode.l10n.t('Name'), description: p.name, field: 'name' });
    items.push({ label: vscode.l10n.t('Base URL'), description: p.baseUrl, field: 'baseUrl' });
    if (!p.keyless || p.id === DEFAULT_PROFILE_ID) items.push({ label: vscode.l10n.t('API key'), field: 'key' });
    if (p.source === 'user') items.push({ label: vscode.l10n.t('Free (answers cost nothing)'), description: p.free ? vscode.l10n.t('on') : vscode.l10n.t('off'), field: 'free' });
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Edit {0}', p.name) });
    if (!picked) return;
    switch (picked.field) {
      case 'name': {
        const name = await askName(p.name);
        if (name) await this.services.profiles.update(p.id, { name });
        return;
      }
      case 'free':
        await this.services.profiles.update(p.id, { free: !p.free });
        return;
      case 'key':
        await vscode.commands.executeCommand(Commands.setApiKey, { profile: p.id });
        return;
      case 'baseUrl': {
        const baseUrl = await askBaseUrl(p.baseUrl, !!p.keyless);
        if (baseUrl === undefined || baseUrl === p.baseUrl) return;
        await this.services.profiles.update(p.id, { baseUrl });
        // The key was set for the old host: it stays there. Another host needs its own.
        if (!p.keyless && originOf(baseUrl) !== originOf(p.baseUrl)) {
          const setKey = vscode.l10n.t('Set API Key');
          const choice = await vscode.window.showInformationMessage(
            vscode.l10n.t('{0} now points to {1}. Its key was set for {2} and is not sent to another host: set a key for {1}.', p.name, hostOf(baseUrl), hostOf(p.baseUrl)),
            setKey,
          );
          if (choice === setKey) await vscode.commands.executeCommand(Commands.setApiKey, { profile: p.id });
        }
        return;
      }
    }
  }

  // -- test --------------------------------------------------------------------------------------

  /** `GET /models` with the profile's own key, timed; says the catalogue's size and the time. */
  async test(arg?: ProfileArg): Promise<TestProfileResult | undefined> {
    const p = await this.resolve(arg, vscode.l10n.t('Test Gateway Profile'));
    if (!p) return undefined;
    const key = await this.services.keys.get(p.id);
    const check = await this.probe(p.name, p, key);
    if (check.cancelled) return undefined;
    let result: TestProfileResult;
    if (check.error !== undefined) {
      result = { ok: false, message: vscode.l10n.t('{0}: {1}', p.name, check.error) };
      void vscode.window.showWarningMessage(result.message);
    } else {
      result = { ok: true, modelCount: check.modelCount, ms: check.ms, message: vscode.l10n.t('{0} answered: {1} models in {2} ms.', p.name, check.modelCount ?? 0, check.ms ?? 0) };
      void vscode.window.showInformationMessage(result.message);
      // The list it just gave is the one to show.
      void this.services.models.refresh(true, p.id);
    }
    return result;
  }

  // -- remove ------------------------------------------------------------------------------------

  async remove(arg?: ProfileArg, options: { skipConfirmation?: boolean } = {}): Promise<boolean> {
    const p = await this.resolve(arg, vscode.l10n.t('Remove Gateway Profile'), (x) => x.source === 'user');
    if (!p) return false;
    if (p.source !== 'user') {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} cannot be removed here: it is the default profile, or defined by the workspace.', p.name));
      return false;
    }
    if (!options.skipConfirmation) {
      const remove = vscode.l10n.t('Remove');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Remove the gateway profile {0} and its API key from this machine?', p.name),
        { modal: true, detail: vscode.l10n.t('Conversations that use its models keep their history, but cannot go on until you pick another model.') },
        remove,
      );
      if (choice !== remove) return false;
    }
    // The key first: a profile that is gone must not leave a key behind.
    await this.services.keys.clear(p.id);
    await this.services.profiles.remove(p.id);
    this.services.log.info(`Gateway profile removed: ${p.id}.`);
    return true;
  }

  // -- export and import -------------------------------------------------------------------------

  async export(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const defs = this.services.profiles.userDefinitions();
    if (!defs.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('There are no gateway profiles to export yet: TokenHub itself needs none.'));
      return undefined;
    }
    const uri =
      target ??
      (await vscode.window.showSaveDialog({
        title: vscode.l10n.t('Export Gateway Profiles'),
        filters: { JSON: ['json'] },
        defaultUri: vscode.workspace.workspaceFolders?.[0] ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, 'tokenhub-profiles.json') : undefined,
      }));
    if (!uri) return undefined;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(exportProfiles(defs)));
    if (!target) void vscode.window.showInformationMessage(vscode.l10n.t('Exported {0} gateway profiles, without their keys.', defs.length));
    return uri;
  }

  async import(source?: vscode.Uri): Promise<{ added: number; skipped: number } | undefined> {
    const uri =
      source ??
      (await vscode.window.showOpenDialog({ title: vscode.l10n.t('Import Gateway Profiles'), filters: { JSON: ['json'] }, canSelectMany: false }))?.[0];
    if (!uri) return undefined;
    let result: ReturnType<typeof importProfiles>;
    try {
      result = importProfiles(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), this.services.profiles.userDefinitions());
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not import gateway profiles from {0}: the file is not a profile export.', uri.path.split('/').pop() ?? ''));
      this.services.log.warn(`Profile import: ${e instanceof Error ? e.message : String(e)}`);
      return { added: 0, skipped: 0 };
    }
    await this.services.profiles.addAll(result.added);
    const needKeys = result.added.filter((d) => !d.keyless).length;
    const message =
      needKeys > 0
        ? vscode.l10n.t('Imported {0} gateway profiles ({1} already there). Keys are never exported: set the key of each one that needs it.', result.added.length, result.skipped)
        : vscode.l10n.t('Imported {0} gateway profiles ({1} already there).', result.added.length, result.skipped);
    if (!source) {
      const setKeys = vscode.l10n.t('Set API Key');
      void vscode.window.showInformationMessage(message, ...(needKeys ? [setKeys] : [])).then((c) => {
        if (c === setKeys) void vscode.commands.executeCommand(Commands.setApiKey);
      });
    }
    return { added: result.added.length, skipped: result.skipped };
  }

  // -- approve -----------------------------------------------------------------------------------

  /** Approves a profile the workspace's settings define, after saying what that means. */
  async approve(arg?: ProfileArg, options: { skipConfirmation?: boolean } = {}): Promise<boolean> {
    const id = typeof arg === 'string' ? arg : arg && typeof arg.profile === 'string' ? arg.profile : arg && typeof arg.profile === 'object' && arg.profile ? (arg.profile as Profile).id : undefined;
    const pending = this.services.profiles.pending;
    if (!pending.length) {
      if (!options.skipConfirmation) void vscode.window.showInformationMessage(vscode.l10n.t('No gateway profile of this workspace waits for approval.'));
      return false;
    }
    const p = id ? pending.find((x) => x.id === id) : pending.length === 1 ? pending[0] : await pickFrom(pending, vscode.l10n.t('Approve Gateway Profile'));
    if (!p) return false;
    if (!options.skipConfirmation) {
      const approve = vscode.l10n.t('Approve');
      const detail = [
        vscode.l10n.t('Name: {0}', p.name),
        vscode.l10n.t('Base URL: {0}', p.baseUrl),
        isCleartextRemote(p.baseUrl) ? vscode.l10n.t('Not encrypted (http): the key is sent as plain text') : '',
        vscode.l10n.t('None of your keys is sent to it: it gets only a key you set for it. Approve it only if you trust this workspace.'),
      ]
        .filter(Boolean)
        .join('\n');
      const choice = await vscode.window.showWarningMessage(vscode.l10n.t('This workspace\'s settings define a gateway profile. Use it?'), { modal: true, detail }, approve);
      if (choice !== approve) return false;
    }
    await this.services.profiles.approve(p.id);
    this.services.log.info(`Workspace gateway profile approved: ${p.id} (${hostOf(p.baseUrl)}).`);
    if (!options.skipConfirmation && !p.keyless) {
      const setKey = vscode.l10n.t('Set API Key');
      const c = await vscode.window.showInformationMessage(vscode.l10n.t('{0} is approved. Set its API key to use its models.', p.name), setKey);
      if (c === setKey) await vscode.commands.executeCommand(Commands.setApiKey, { profile: p.id });
    }
    return true;
  }

  // -- helpers -----------------------------------------------------------------------------------

  private async resolve(arg: ProfileArg, title: string, filter: (p: Profile) => boolean = () => true): Promise<Profile | undefined> {
    const id = typeof arg === 'string' ? arg : arg && typeof arg.profile === 'string' ? arg.profile : arg && typeof arg.profile === 'object' && arg.profile ? (arg.profile as Profile).id : undefined;
    if (id) return this.services.profiles.get(id);
    return pickFrom(this.services.profiles.all.filter(filter), title);
  }

  private askKey(name: string, baseUrl: string, placeHolder: string): Thenable<string | undefined> {
    return vscode.window.showInputBox({
      title: vscode.l10n.t('TokenHub: API Key for {0}', name),
      prompt: vscode.l10n.t('Paste your API key for {0} ({1}). It is stored only in VS Code\'s secret storage, and sent only to that host.', name, hostOf(baseUrl)),
      placeHolder,
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (!v.trim() ? vscode.l10n.t('Enter your API key, or press Escape to cancel.') : /\s/.test(v.trim()) ? vscode.l10n.t('An API key has no spaces: copy only the key itself.') : undefined),
    });
  }

  /** `GET /models` with progress and a cancel button; the failure in the user's language. */
  private async probe(name: string, target: { baseUrl: string; keyless?: boolean; id?: string }, key: string | undefined): Promise<{ modelCount?: number; ms?: number; error?: string; cancelled?: boolean }> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Asking {0} for its models…', name), cancellable: true },
      async (_progress, token) => {
        const abort = linkedSignal(token, undefined);
        try {
          const { models, ms } = await this.services.client.probe(target, key, { signal: abort.signal });
          return { modelCount: models.length, ms };
        } catch (e) {
          if (token.isCancellationRequested || (isTokenHubError(e) && e.kind === 'cancelled')) return { cancelled: true };
          const gateway = { id: target.id ?? 'new', name, known: undefined };
          return { error: describeError(e, target.id === DEFAULT_PROFILE_ID ? undefined : gateway).message };
        } finally {
          abort.dispose();
        }
      },
    );
  }
}

async function pickFrom(profiles: readonly Profile[], title: string): Promise<Profile | undefined> {
  if (profiles.length <= 1) return profiles[0];
  const picked = await vscode.window.showQuickPick(
    profiles.map((p) => ({ label: escapeIcons(p.name), description: hostOf(p.baseUrl), detail: profileKindLabel(p), profile: p })),
    { title, placeHolder: vscode.l10n.t('Which gateway profile?') },
  );
  return picked?.profile;
}
