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
        if (e.affectsConfiguration(Settings.section) || e.affectsConfiguration('http.proxy') || e.affectsConfiguration('http.proxyStrictSSL') || e.affectsConfiguration('http.noProxy')) {
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
