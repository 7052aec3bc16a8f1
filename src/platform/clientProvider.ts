import * as vscode from 'vscode';
import type { ChatRequest, ImageRequest, RawModel, VideoRequest } from '../core/api/types';
import type { RequestOptions, TokenHubApi } from '../core/client/api';
import { loadCaBundle } from '../core/client/certificates';
import { PROFILE_MISSING, TokenHubError } from '../core/client/errors';
import type { TokenHubClient } from '../core/client/tokenHubClient';
import { DEFAULT_PROFILE_ID } from '../core/profiles/modelRef';
import type { Profile } from '../core/profiles/profiles';
import { Disposable } from './lifecycle';
import type { ApiKeyStore } from './apiKeyStore';
import type { ExtensionLog } from './log';
import { Settings } from './ids';
import type { ProfileService } from './profiles';
import type { SettingsService } from './settings';
import type * as ClientCodeModule from '../core/client/tokenHubClient';

type ClientModule = typeof ClientCodeModule;
let clientModule: ClientModule | undefined;

/**
 * The client and undici are most of the extension's code, and activation needs neither: they load
 * on the first request. The production build maps this path to a bundle of its own
 * (dist/network.js, see esbuild.mjs); tests load the module itself.
 */
function loadClient(): ClientModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (clientModule ??= require('../core/client/tokenHubClient') as ClientModule);
}

/** Where a check sends a candidate key: a profile, or a URL not saved as one yet. */
export interface ProbeTarget {
  baseUrl: string;
  keyless?: boolean;
}

interface Entry {
  client: TokenHubClient;
  baseUrl: string;
  keyless: boolean;
}

/**
 * The clients behind every feature: one per profile, each with its own undici dispatcher, base URL
 * and key (looked up by profile at request time, and only for the origin it was set for). Features
 * hold this object for the life of the extension and ask `forProfile(id)` for a profile's client
 * (the object itself is the default profile's); when a network setting or a profile's URL changes
 * the client underneath is replaced, and the old one closed once its requests are done.
 */
export class ClientProvider extends Disposable implements TokenHubApi {
  private readonly clients = new Map<string, Entry>();
  private readonly views = new Map<string, TokenHubApi>();
  /** The certificate authorities every client trusts, loaded once per network settings. */
  private ca: readonly string[] | undefined;

  constructor(
    private readonly settings: SettingsService,
    private readonly profiles: ProfileService,
    private readonly keys: ApiKeyStore,
    private readonly log: ExtensionLog,
  ) {
    super();
    this._register(
      settings.onDidChange((e) => {
        if (e.affectsConfiguration(`${Settings.section}.network`) || e.affectsConfiguration('http')) {
          this.ca = undefined;
          this.closeAll();
        }
      }),
    );
    this._register(profiles.onDidChange(() => this.dropStale()));
    this._register({ dispose: () => this.closeAll() });
  }

  /** The default profile's base URL. */
  get baseUrl(): string {
    return this.profiles.default.baseUrl;
  }

  /**
   * A profile's client, as a `TokenHubApi` that stays valid: each call goes to the profile's
   * current client. A profile that does not exist (removed, or a workspace's not approved) fails
   * every call with a TokenHubError whose code is PROFILE_MISSING.
   */
  forProfile(id: string = DEFAULT_PROFILE_ID): TokenHubApi {
    if (id === DEFAULT_PROFILE_ID) return this;
    let view = this.views.get(id);
    if (!view) {
      view = {
        listModels: (o) => this.clientFor(id).listModels(o),
        complete: (r, o) => this.clientFor(id).complete(r, o),
        stream: (r, o) => this.clientFor(id).stream(r, o),
        generateImages: (r, o) => this.clientFor(id).generateImages(r, o),
        createVideo: (r, o) => this.clientFor(id).createVideo(r, o),
        getVideo: (v, o) => this.clientFor(id).getVideo(v, o),
        download: (u, o) => this.clientFor(id).download(u, o),
      };
      this.views.set(id, view);
    }
    return view;
  }

  /**
   * Loads the client and opens the connection to a profile's gateway ahead of the first request
   * (the chat view calls it when it opens: the user is about to ask something). No request is
   * sent; never fails.
   */
  warm(profile: string = DEFAULT_PROFILE_ID): Promise<void> {
    try {
      return this.clientFor(profile).warm().catch(() => undefined);
    } catch {
      return Promise.resolve();
    }
  }

  /**
   * Checks a key that is not stored yet (Set API Key): `GET /models` through a short-lived client
   * whose `getApiKey` returns the candidate, with the profile's base URL (or `target`'s) and the
   * same network settings. Throws the client's `TokenHubError` (kind `auth` on 401/403). No
   * retries: the user is waiting, and a refused key stays refused.
   */
  async validateKey(key: string, options?: RequestOptions, profile: string = DEFAULT_PROFILE_ID): Promise<RawModel[]> {
    const p = this.profiles.get(profile);
    if (!p) throw missingProfile(profile);
    return (await this.probe(p, key, options)).models;
  }

  /** `GET /models` at `target` with `key` (or none), timed: what Test and Add show. */
  async probe(target: ProbeTarget, key: string | undefined, options?: RequestOptions): Promise<{ models: RawModel[]; ms: number }> {
    const candidate = key?.trim() || undefined;
    if (candidate) this.log.addSecret(candidate);
    const client = this.create(target.baseUrl, !!target.keyless, async () => candidate, { maxRetries: 0 });
    const started = Date.now();
    try {
      const models = await client.listModels(options);
      return { models, ms: Date.now() - started };
    } finally {
      void client.close();
    }
  }

  private clientFor(id: string): TokenHubClient {
    const p = this.profiles.get(id);
    if (!p) throw missingProfile(id);
    const keyless = !!p.keyless;
    const entry = this.clients.get(id);
    if (entry && entry.baseUrl === p.baseUrl && entry.keyless === keyless) return entry.client;
    if (entry) void entry.client.close();
    const baseUrl = p.baseUrl;
    const client = this.create(baseUrl, keyless, async () => {
      // Looked up per request, for the origin this client talks to.
      const key = await this.keys.get(id, baseUrl);
      this.log.addSecret(key);
      return key;
    });
    this.clients.set(id, { client, baseUrl, keyless });
    return client;
  }

  /** Closes the clients of profiles that are gone or moved (the next request makes a new one). */
  private dropStale(): void {
    for (const [id, entry] of this.clients) {
      const p: Profile | undefined = this.profiles.get(id);
      if (p && p.baseUrl === entry.baseUrl && !!p.keyless === entry.keyless) continue;
      this.clients.delete(id);
      void entry.client.close();
    }
  }

  private closeAll(): void {
    for (const entry of this.clients.values()) void entry.client.close();
    this.clients.clear();
  }

  private certificates(): readonly string[] {
    if (!this.ca) {
      const bundle = loadCaBundle({ system: this.settings.systemCertificates, files: this.settings.caCertificateFiles, env: process.env });
      for (const p of bundle.problems) this.log.warn(`Certificates: ${p.path}: ${p.reason === 'unreadable' ? 'cannot be read' : 'holds no PEM certificate'}`);
      this.log.debug(`Certificates: ${bundle.certificates.length} trusted (system: ${bundle.systemSource ?? 'none'}; added: ${bundle.extraCount})`);
      this.ca = bundle.certificates;
    }
    return this.ca;
  }

  private create(baseUrl: string, keyOptional: boolean, getApiKey: () => Promise<string | undefined>, overrides: { maxRetries?: number } = {}): TokenHubClient {
    const s = this.settings;
    const proxy = s.proxy;
    return new (loadClient().TokenHubClient)({
      baseUrl,
      getApiKey,
      keyOptional,
      ca: proxy.strictSSL ? this.certificates() : undefined,
      connectTimeoutMs: s.get<number>(Settings.connectTimeout, 15) * 1000,
      headersTimeoutMs: s.get<number>(Settings.headersTimeout, 120) * 1000,
      idleTimeoutMs: s.get<number>(Settings.idleTimeout, 900) * 1000,
      maxRetries: overrides.maxRetries ?? s.get<number>(Settings.maxRetries, 2),
      proxy: { url: proxy.url, strictSSL: proxy.strictSSL, env: process.env, noProxy: proxy.noProxy },
      userAgent: `tokenhub-vscode/${vscode.extensions.getExtension('tokenhub.tokenhub-vscode')?.packageJSON?.version ?? 'dev'} vscode/${vscode.version}`,
      log: this.log,
    });
  }

  listModels(options?: RequestOptions) {
    return this.clientFor(DEFAULT_PROFILE_ID).listModels(options);
  }
  complete(request: ChatRequest, options?: RequestOptions) {
    return this.clientFor(DEFAULT_PROFILE_ID).complete(request, options);
  }
  stream(request: ChatRequest, options?: RequestOptions) {
    return this.clientFor(DEFAULT_PROFILE_ID).stream(request, options);
  }
  generateImages(request: ImageRequest, options?: RequestOptions) {
    return this.clientFor(DEFAULT_PROFILE_ID).generateImages(request, options);
  }
  createVideo(request: VideoRequest, options?: RequestOptions) {
    return this.clientFor(DEFAULT_PROFILE_ID).createVideo(request, options);
  }
  getVideo(id: string, options?: RequestOptions) {
    return this.clientFor(DEFAULT_PROFILE_ID).getVideo(id, options);
  }
  download(url: string, options?: RequestOptions) {
    return this.clientFor(DEFAULT_PROFILE_ID).download(url, options);
  }
}

function missingProfile(id: string): TokenHubError {
  return new TokenHubError('model', `The gateway profile "${id}" does not exist (removed, or a workspace's profile not approved).`, { code: PROFILE_MISSING });
}
