import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { Disposable } from '../platform/lifecycle';
import { Views } from '../platform/ids';
import type { ExtensionLog } from '../platform/log';
import { linkedSignal } from '../platform/cancellation';
import type { ChatState, HostNotification, RequestMap, RequestMethod, WebviewCommand, WebviewRequest } from '../core/protocol/chatProtocol';
import { isWebviewMessage, isWebviewRequest } from '../core/protocol/chatProtocol';
import { webviewCsp } from '../core/protocol/csp';
import type { HostRequestMethod, HostRequestParams, HostRequestResult } from '../core/protocol/hostRequests';
import { HostRequester } from '../core/protocol/hostRequester';

export interface ChatViewHandlers {
  /** The whole state, sent in answer to `ready`. */
  state(): ChatState;
  command(command: Exclude<WebviewCommand, { type: 'ready' }>): void | Promise<void>;
  request<M extends RequestMethod>(method: M, params: RequestMap[M]['params']): Promise<RequestMap[M]['result']>;
}

/** Notifications the state sent on `ready` already contains: queued ones of these are dropped. */
const COVERED_BY_STATE = new Set<HostNotification['type']>(['state', 'messageAdded', 'delta', 'messageUpdated', 'messagesRemoved', 'pending', 'models', 'streaming', 'hasKey', 'reasoningDelta', 'agent', 'estimate']);

/**
 * The sidebar chat's webview: its HTML (strict CSP, nonce), the ready handshake (posts wait until
 * the webview says `ready`, which is answered with the whole state), and the guard every incoming
 * message passes before anything looks at it.
 */
export class ChatView extends Disposable implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private queue: HostNotification[] = [];
  private viewDisposables: vscode.Disposable[] = [];
  private readonly _onDidBecomeReady = this._register(new vscode.EventEmitter<void>());
  /** Fires each time a (new) webview has said `ready` and got the state. */
  readonly onDidBecomeReady = this._onDidBecomeReady.event;
  /** Messages dropped because they failed validation (tests read it). */
  rejected = 0;
  /** Questions to the webview (see request()); they outlive the webview they were sent to. */
  private readonly hostRequests = new HostRequester({ send: (m) => this.postNow(m) });

  constructor(private readonly extensionUri: vscode.Uri, private readonly handlers: ChatViewHandlers, private readonly log: ExtensionLog) {
    super();
    this._register(vscode.window.registerWebviewViewProvider(Views.chat, this, { webviewOptions: { retainContextWhenHidden: false } }));
    this._register({ dispose: () => this.disposeView() });
    this._register({ dispose: () => this.hostRequests.dispose() });
  }

  get isReady(): boolean {
    return this.ready;
  }

  get visible(): boolean {
    return !!this.view?.visible;
  }

  private disposeView(): void {
    for (const d of this.viewDisposables) d.dispose();
    this.viewDisposables = [];
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeView();
    this.view = view;
    this.ready = false;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [dist] };
    view.webview.html = this.html(view.webview, dist);
    this.viewDisposables.push(
      view.webview.onDidReceiveMessage((m: unknown) => void this.handleMessage(m)),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.ready = false;
        }
      }),
      view.onDidChangeVisibility(() => {
        // Hidden views are torn down (no retainContextWhenHidden); the next one says `ready` again.
        if (!view.visible) this.ready = false;
      }),
    );
  }

  async reveal(focusInput = false): Promise<void> {
    if (this.view) this.view.show(true);
    else await vscode.commands.executeCommand(`${Views.chat}.focus`);
    if (focusInput) this.post({ type: 'focusInput' });
  }

  post(message: HostNotification): void {
    if (!this.view || !this.ready) {
      this.queue.push(message);
      if (this.queue.length > 5000) this.queue = this.queue.filter((m) => !COVERED_BY_STATE.has(m.type));
      return;
    }
    void this.view.webview.postMessage(message);
  }

  /**
   * Asks the webview something (e.g. an `ask` card) and resolves with its answer. Rejects with a
   * HostRequestError on timeout or cancellation (the webview is then told to drop the question)
   * and when the view is disposed. A view torn down while hidden gets the question again when it
   * comes back, until it is answered, times out or is cancelled.
   */
  async request<M extends HostRequestMethod>(method: M, params: HostRequestParams<M>, options: { timeoutMs: number; token?: vscode.CancellationToken; signal?: AbortSignal }): Promise<HostRequestResult<M>> {
    const cancel = linkedSignal(options.token, options.signal);
    try {
      return await this.hostRequests.request(method, params, { timeoutMs: options.timeoutMs, signal: cancel.signal });
    } finally {
      cancel.dispose();
    }
  }

  /** Host requests not yet answered (tests and diagnostics read it). */
  get pendingHostRequests(): readonly { id: number; method: HostRequestMethod; params: unknown }[] {
    return this.hostRequests.pending;
  }

  /** Posts now if a webview is ready (host requests wait for `ready` themselves, so they never queue). */
  private postNow(message: HostNotification): boolean {
    if (!this.view || !this.ready) return false;
    void this.view.webview.postMessage(message);
    return true;
  }

  /** Sends the whole state again (a new or another conversation). */
  postState(): void {
    if (this.view && this.ready) void this.view.webview.postMessage({ type: 'state', state: this.handlers.state() } satisfies HostNotification);
  }

  /** Every message from the webview comes through here (public so tests can feed it what a compromised view might send). */
  async handleMessage(raw: unknown): Promise<void> {
    if (!isWebviewMessage(raw)) {
      this.rejected++;
      this.log.warn(`chat: dropped an invalid message from the chat view (${describe(raw)})`);
      return;
    }
    if (isWebviewRequest(raw)) {
      await this.answer(raw);
      return;
    }
    if (raw.type === 'reply') {
      // A reply for a request that has ended (answered, timed out, cancelled) is ignored.
      if (this.hostRequests.reply(raw) === 'invalid') {
        this.rejected++;
        this.log.warn(`chat: dropped a reply from the chat view that does not answer its request (id ${raw.id})`);
      }
      return;
    }
    if (raw.type === 'ready') {
      this.ready = true;
      const later = this.queue.filter((m) => !COVERED_BY_STATE.has(m.type));
      this.queue = [];
      void this.view?.webview.postMessage({ type: 'state', state: this.handlers.state() } satisfies HostNotification);
      for (const m of later) void this.view?.webview.postMessage(m);
      this.hostRequests.resend();
      this._onDidBecomeReady.fire();
      return;
    }
    try {
      await this.handlers.command(raw);
    } catch (e) {
      this.log.error(`chat: ${raw.type} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async answer(req: WebviewRequest): Promise<void> {
    let response: HostNotification;
    try {
      const result = await this.handlers.request(req.method, req.params as never);
      response = { type: 'response', id: req.id, result };
    } catch (e) {
      response = { type: 'response', id: req.id, error: e instanceof Error ? e.message : String(e) };
    }
    void this.view?.webview.postMessage(response);
  }

  private html(webview: vscode.Webview, dist: vscode.Uri): string {
    const nonce = randomBytes(16).toString('base64');
    const uri = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(dist, name)).toString();
    const csp = webviewCsp({ cspSource: webview.cspSource, nonce });
    return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link href="${uri('codicon.css')}" rel="stylesheet">
<link href="${uri('webview.css')}" rel="stylesheet">
<title>TokenHub</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${uri('webview.js')}"></script>
</body>
</html>`;
  }
}

/** For the log: what kind of thing was dropped, never its content (it may hold user text). */
function describe(raw: unknown): string {
  if (raw && typeof raw === 'object' && 'type' in raw) return `type ${JSON.stringify(String((raw as { type: unknown }).type)).slice(0, 40)}`;
  return typeof raw;
}
