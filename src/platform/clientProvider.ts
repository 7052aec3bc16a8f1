import * as vscode from 'vscode';
import type { ChatRequest, ImageRequest, RawModel, VideoRequest } from '../core/api/types';
import type { RequestOptions, TokenHubApi } from '../core/client/api';
import type { TokenHubClient } from '../core/client/tokenHubClient';
import { Disposable } from './lifecycle';
import type { ApiKeyStore } from './apiKeyStore';
import type { ExtensionLog } from './log';
import { Settings } from './ids';
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

/**
 * The one client behind every feature. Features hold this object for the life of the extension;
 * when a network setting changes the client underneath is replaced (and the old one closed once
 * its requests are done), so nobody has to re-fetch it.
 */
export class ClientProvider extends Disposable implements TokenHubApi {
  /** Made on first use (see loadClient). */
  private made: TokenHubClient | undefined;

  constructor(private readonly settings: SettingsService, private readonly keys: ApiKeyStore, private readonly log: ExtensionLog) {
    super();
    this._register(
      settings.onDidChange((e) => {
        if (e.affectsConfiguration(`${Settings.section}.baseUrl`) || e.affectsConfiguration(`${Settings.section}.network`) || e.affectsConfiguration('http')) {
          const old = this.made;
          this.made = undefined;
          void old?.close();
        }
      }),
    );
    this._register({ dispose: () => void this.made?.close() });
  }

  private get current(): TokenHubClient {
    return (this.made ??= this.create());
  }

  get baseUrl(): string {
    return this.settings.baseUrl;
  }

  /**
   * Checks a key that is not stored yet (Set API Key): `GET /models` through a short-lived client
   * whose `getApiKey` returns the candidate, with the same base URL and network settings as the
   * real one. Throws the client's `TokenHubError` (kind `auth` on 401/403). No retries: the user
   * is waiting, and a refused key stays refused.
   */
  async validateKey(key: string, options?: RequestOptions): Promise<RawModel[]> {
    const candidate = key.trim();
    this.log.addSecret(candidate);
    const client = this.create(async () => candidate, { maxRetries: 0 });
    try {
      return await client.listModels(options);
    } finally {
      void client.close();
    }
  }

  private create(getApiKey?: () => Promise<string | undefined>, overrides: { maxRetries?: number } = {}): TokenHubClient {
    const s = this.settings;
    const proxy = s.proxy;
    return new (loadClient().TokenHubClient)({
      baseUrl: s.baseUrl,
      getApiKey:
        getApiKey ??
        (async () => {
          const key = await this.keys.get();
          this.log.addSecret(key);
          return key;
        }),
      connectTimeoutMs: s.get<number>(Settings.connectTimeout, 15) * 1000,
      headersTimeoutMs: s.get<number>(Settings.headersTimeout, 120) * 1000,
      idleTimeoutMs: s.get<number>(Settings.idleTimeout, 900) * 1000,
      maxRetries: overrides.maxRetries ?? s.get<number>(Settings.maxRetries, 2),
      proxy: { url: proxy.url, strictSSL: proxy.strictSSL, env: process.env, noProxy: proxy.noProxy },
      userAgent: `tokenhub-vscode/${vscode.extensions.getExtension('tokenhub.tokenhub-vscode')?.packageJSON?.version ?? 'dev'} vscode/${vscode.version}`,
      log: this.log,
    });
  }

  /**
   * Loads the client and opens the connection to the gateway ahead of the first request (the chat
   * view calls it when it opens: the user is about to ask something). Never fails.
   */
  warm(): Promise<void> {
    return this.current.warm().catch(() => undefined);
  }

  listModels(options?: RequestOptions) {
    return this.current.listModels(options);
  }
  complete(request: ChatRequest, options?: RequestOptions) {
    return this.current.complete(request, options);
  }
  stream(request: ChatRequest, options?: RequestOptions) {
    return this.current.stream(request, options);
  }
  generateImages(request: ImageRequest, options?: RequestOptions) {
    return this.current.generateImages(request, options);
  }
  createVideo(request: VideoRequest, options?: RequestOptions) {
    return this.current.createVideo(request, options);
  }
  getVideo(id: string, options?: RequestOptions) {
    return this.current.getVideo(id, options);
  }
  download(url: string, options?: RequestOptions) {
    return this.current.download(url, options);
  }
}
