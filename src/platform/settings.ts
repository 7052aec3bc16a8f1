import * as os from 'node:os';
import * as vscode from 'vscode';
import { Disposable } from './lifecycle';
import { DEFAULT_BASE_URL, Settings } from './ids';

/** Typed reads of our settings, and one event when any of them changes. */
export class SettingsService extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<vscode.ConfigurationChangeEvent>());
  /** Fires for changes to `tokenhub.*` and to the `http.proxy*` settings the client honours. */
  readonly onDidChange = this._onDidChange.event;

  constructor() {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (
          e.affectsConfiguration(Settings.section) ||
          e.affectsConfiguration('http.proxy') ||
          e.affectsConfiguration('http.proxyStrictSSL') ||
          e.affectsConfiguration('http.noProxy') ||
          e.affectsConfiguration('http.systemCertificates')
        ) {
          this._onDidChange.fire(e);
        }
      }),
    );
  }

  get<T>(key: string, fallback: T): T {
    const value = vscode.workspace.getConfiguration(Settings.section).get<T>(key);
    return value === undefined || value === null ? fallback : value;
  }

  /** Writes to user settings (our settings are application-scoped: a workspace cannot set them). */
  async update(key: string, value: unknown): Promise<void> {
    await vscode.workspace.getConfiguration(Settings.section).update(key, value, vscode.ConfigurationTarget.Global);
  }

  get baseUrl(): string {
    const raw = this.get<string>(Settings.baseUrl, DEFAULT_BASE_URL).trim();
    return (raw || DEFAULT_BASE_URL).replace(/\/+$/, '');
  }

  get chatModel(): string {
    return this.get<string>(Settings.chatModel, '').trim();
  }

  /** Empty setting: the chat model. */
  get codeModel(): string {
    return this.get<string>(Settings.codeModel, '').trim() || this.chatModel;
  }

  /** The PEM files listed in `tokenhub.network.caCertificates` (`~` is the home folder). */
  get caCertificateFiles(): string[] {
    const v = this.get<unknown>(Settings.caCertificates, []);
    if (!Array.isArray(v)) return [];
    return v.filter((f): f is string => typeof f === 'string' && f.trim() !== '').map((f) => f.trim().replace(/^~(?=$|[\\/])/, os.homedir()));
  }

  /** VS Code's `http.systemCertificates` (default true): trust the operating system's roots. */
  get systemCertificates(): boolean {
    return vscode.workspace.getConfiguration('http').get<boolean>('systemCertificates') ?? true;
  }

  /**
   * The `tokenhub.profiles` setting as user settings hold it, and as the open workspace does.
   * Only the user's are used as they are; a workspace's wait for the user's approval.
   */
  get profileDefinitions(): { user: unknown; workspace: unknown } {
    const i = vscode.workspace.getConfiguration(Settings.section).inspect<unknown>(Settings.profiles);
    return { user: i?.globalValue, workspace: i?.workspaceValue };
  }

  get proxy(): { url?: string; strictSSL: boolean; noProxy: string[] } {
    const http = vscode.workspace.getConfiguration('http');
    const url = this.get<string>(Settings.proxy, '').trim() || (http.get<string>('proxy') ?? '').trim();
    // `http.noProxy` is an array of hosts; anything else (a hand-edited string) is ignored.
    const noProxy = http.get<unknown>('noProxy');
    return {
      url: url || undefined,
      strictSSL: http.get<boolean>('proxyStrictSSL') ?? true,
      noProxy: Array.isArray(noProxy) ? noProxy.filter((h): h is string => typeof h === 'string' && h.trim() !== '') : [],
    };
  }
}
