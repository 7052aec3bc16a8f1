import * as vscode from 'vscode';
import { DEFAULT_PROFILE_ID } from '../core/profiles/modelRef';
import type { KnownGateway, Profile, ProfileDefinition } from '../core/profiles/profiles';
import { GATEWAYS, gatewayOfProfile, newProfileId, readDefinition, readDefinitions, toStoredDefinition, urlHash, workspaceProfileId } from '../core/profiles/profiles';
import { Settings, StorageKeys } from './ids';
import { Disposable } from './lifecycle';
import type { ErrorGateway } from './errorMessages';
import type { SettingsService } from './settings';

/** What `add` and `update` take: a definition whose id is chosen here when absent. */
export type ProfileInput = Omit<ProfileDefinition, 'id'> & { id?: string };

/**
 * The gateway profiles. The default one is TokenHub at `tokenhub.baseUrl` (its key is the one
 * every earlier build stored, so upgrading moves nothing); the others come from the
 * `tokenhub.profiles` user setting, which Settings Sync carries (keys stay in SecretStorage, never
 * synced). Profiles a workspace's settings define are only offered: each waits for the user's
 * approval, kept in global state by a hash of its URL, so a repository cannot point a key anywhere.
 */
export class ProfileService extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  /** Fires when a profile was added, removed, renamed, moved to another URL, or approved. */
  readonly onDidChange = this._onDidChange.event;
  private cache: { all: Profile[]; pending: Profile[] } | undefined;
  private signature = '';
  /**
   * What we wrote, until the settings read it back (the extension host hears of its own writes by
   * a later message): a profile just added is usable at once.
   */
  private written: { user?: ProfileDefinition[]; baseUrl?: string } = {};

  constructor(private readonly settings: SettingsService, private readonly approvals: vscode.Memento) {
    super();
    this.signature = this.computeSignature();
    this._register(
      settings.onDidChange((e) => {
        const profiles = e.affectsConfiguration(`${Settings.section}.${Settings.profiles}`);
        const baseUrl = e.affectsConfiguration(`${Settings.section}.${Settings.baseUrl}`);
        if (profiles) this.written.user = undefined;
        if (baseUrl) this.written.baseUrl = undefined;
        if (profiles || baseUrl) this.changed();
      }),
    );
    // A window opening another folder brings other workspace settings.
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.changed()));
  }

  /** Every usable profile: the default first, then the user's in their order, then approved workspace ones. */
  get all(): readonly Profile[] {
    return this.read().all;
  }

  /** Profiles the open workspace defines that the user has not approved: shown, never used. */
  get pending(): readonly Profile[] {
    return this.read().pending;
  }

  get default(): Profile {
    return this.all[0]!;
  }

  get(id: string): Profile | undefined {
    return this.all.find((p) => p.id === id);
  }

  /** A profile's name for the UI; the id itself for one that is gone. */
  nameOf(id: string): string {
    return this.get(id)?.name ?? this.pending.find((p) => p.id === id)?.name ?? id;
  }

  gatewayOf(id: string): KnownGateway | undefined {
    const p = this.get(id);
    return p ? gatewayOfProfile(p) : undefined;
  }

  /** What error messages say of a profile other than the default one; undefined for the default. */
  errorGateway(id: string | undefined): ErrorGateway | undefined {
    if (!id || id === DEFAULT_PROFILE_ID) return undefined;
    const baseUrl = this.get(id)?.baseUrl;
    return { id, name: this.nameOf(id), known: this.gatewayOf(id), ...(baseUrl ? { baseUrl } : {}) };
  }

  /** Whether more than one profile is in use (the UI then names the profile beside each model). */
  get several(): boolean {
    return this.all.length > 1;
  }

  /** The user's definitions as stored (the default profile is not one of them). */
  userDefinitions(): ProfileDefinition[] {
    return this.written.user ? this.written.user.map((d) => ({ ...d })) : readDefinitions(this.settings.profileDefinitions.user);
  }

  /** Adds a profile to user settings; returns it. */
  async add(input: ProfileInput): Promise<Profile> {
    const defs = this.userDefinitions();
    const def = readDefinition({ ...input, id: input.id ?? newProfileId(input.name, defs.map((d) => d.id)) }, defs.map((d) => d.id));
    if (!def) throw new Error('invalid profile');
    if (defs.some((d) => d.id === def.id)) def.id = newProfileId(def.name, defs.map((d) => d.id));
    await this.write([...defs, def]);
    return this.get(def.id) ?? { ...def, source: 'user' };
  }

  /**
   * Changes a profile. The default profile's base URL is `tokenhub.baseUrl` and its name is
   * TokenHub's; the others are rewritten in user settings.
   */
  async update(id: string, patch: Partial<Omit<ProfileDefinition, 'id'>>): Promise<void> {
    if (id === DEFAULT_PROFILE_ID) {
      if (patch.baseUrl === undefined) return;
      this.written.baseUrl = patch.baseUrl;
      this.changed();
      try {
        await this.settings.update(Settings.baseUrl, patch.baseUrl);
      } catch (e) {
        this.written.baseUrl = undefined;
        this.changed();
        throw e;
      }
      return;
    }
    const defs = this.userDefinitions();
    const i = defs.findIndex((d) => d.id === id);
    if (i < 0) throw new Error(`no user profile ${id}`);
    const next = readDefinition({ ...defs[i], ...patch, id }, []);
    if (!next) throw new Error('invalid profile');
    defs[i] = next;
    await this.write(defs);
  }

  /** Removes a user profile (its key is the key store's to remove). */
  async remove(id: string): Promise<void> {
    const defs = this.userDefinitions();
    const next = defs.filter((d) => d.id !== id);
    if (next.length !== defs.length) await this.write(next);
  }

  /** Adds imported definitions (their ids already unique). */
  async addAll(defs: readonly ProfileDefinition[]): Promise<void> {
    if (defs.length) await this.write([...this.userDefinitions(), ...defs]);
  }

  /** Approves a workspace's profile: from now on it is usable (its key is still the user's to set). */
  async approve(id: string): Promise<Profile | undefined> {
    const p = this.pending.find((x) => x.id === id);
    if (!p) return this.get(id);
    const approved = new Set(this.approvedHashes());
    approved.add(urlHash(p.baseUrl));
    await this.approvals.update(StorageKeys.approvedProfiles, [...approved]);
    this.changed();
    return this.get(id);
  }

  private approvedHashes(): string[] {
    const v = this.approvals.get<unknown>(StorageKeys.approvedProfiles, []);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }

  private async write(defs: ProfileDefinition[]): Promise<void> {
    const stored = defs.map(toStoredDefinition);
    this.written.user = stored;
    this.changed();
    try {
      await this.settings.update(Settings.profiles, stored);
    } catch (e) {
      this.written.user = undefined;
      this.changed();
      throw e;
    }
  }

  private changed(): void {
    this.cache = undefined;
    const next = this.computeSignature();
    if (next === this.signature) return;
    this.signature = next;
    this._onDidChange.fire();
  }

  private computeSignature(): string {
    const { all, pending } = this.read();
    return JSON.stringify([all, pending.map((p) => p.id)]);
  }

  private read(): { all: Profile[]; pending: Profile[] } {
    if (this.cache) return this.cache;
    const defaultProfile: Profile = { id: DEFAULT_PROFILE_ID, name: GATEWAYS.tokenhub.name, baseUrl: this.written.baseUrl ?? this.settings.baseUrl, source: 'default' };
    const user = this.userDefinitions().map((d): Profile => ({ ...d, source: 'user' }));
    const all: Profile[] = [defaultProfile, ...user];
    const pending: Profile[] = [];
    const approved = new Set(this.approvedHashes());
    const known = new Set(all.map((p) => p.baseUrl));
    for (const d of readDefinitions(this.settings.profileDefinitions.workspace)) {
      // The user's own profile at the same URL is the one to use; a workspace's never replaces it.
      if (known.has(d.baseUrl)) continue;
      known.add(d.baseUrl);
      const p: Profile = { ...d, id: workspaceProfileId(d.baseUrl), source: 'workspace' };
      (approved.has(urlHash(d.baseUrl)) ? all : pending).push(p);
    }
    this.cache = { all, pending };
    return this.cache;
  }
}
