import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { Disposable } from '../platform/lifecycle';
import { Views, WebviewPanels } from '../platform/ids';
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

/** A webview showing the chat: the sidebar view, or the editor tab of Open Chat in Editor. */
interface Surface {
  readonly kind: 'view' | 'panel';
  readonly webview: vscode.Webview;
  readonly disposables: vscode.Disposable[];
  /** It said `ready` and got the state; hidden webviews are torn down and say it again. */
  ready: boolean;
  /** Focus its input once it is ready (it was revealed for typing). */
  focusWhenReady: boolean;
}

/**
 * The chat's webviews: the sidebar view and, on request, an editor tab with the same chat (the
 * same conversation, drawn twice). Each gets its HTML (strict CSP, nonce) and the ready handshake
 * (posts wait until a webview says `ready`, which is answered with the whole state), and every
 * incoming message passes the guard before anything looks at it.
 */
export class ChatView extends Disposable implements vscode.WebviewViewProvider, vscode.WebviewPanelSerializer {
  private view: vscode.WebviewView | undefined;
  private panel: vscode.WebviewPanel | undefined;
  private readonly surfaces = new Set<Surface>();
  private queue: HostNotification[] = [];
  private readonly _onDidBecomeReady = this._register(new vscode.EventEmitter<void>());
  /** Fires each time a (new) webview has said `ready` and got the state. */
  readonly onDidBecomeReady = this._onDidBecomeReady.event;
  /** Messages dropped because they failed validation (tests read it). */
  rejected = 0;
  /** Questions to the webview (see request()); they outlive the webview they were sent to. */
  private readonly hostRequests = new HostRequester({ send: (m) => this.postNow(m) });

  constructor(private readonly extensionUri: vscode.Uri, private readonly handlers: ChatViewHandlers, private readonly log: ExtensionLog) {
    super();
    this._register({ dispose: () => [...this.surfaces].forEach((s) => this.drop(s)) });
    this._register({ dispose: () => this.panel?.dispose() });
    this._register({ dispose: () => this.hostRequests.dispose() });
  }

  /** Some webview of the chat has said `ready`. */
  get isReady(): boolean {
    return [...this.surfaces].some((s) => s.ready);
  }

  /** The editor tab of the chat has said `ready` (tests read it). */
  get readyInEditor(): boolean {
    return [...this.surfaces].some((s) => s.kind === 'panel' && s.ready);
  }

  get visible(): boolean {
    return !!this.view?.visible || !!this.panel?.visible;
  }

  /** The chat's editor tab, when open. */
  get inEditor(): boolean {
    return !!this.panel;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    for (const s of this.surfaces) if (s.kind === 'view') this.drop(s);
    this.view = view;
    const surface = this.adopt('view', view.webview);
    surface.disposables.push(
      view.onDidDispose(() => {
        if (this.view === view) this.view = undefined;
        this.drop(surface);
      }),
      view.onDidChangeVisibility(() => {
        // Hidden views are torn down (no retainContextWhenHidden); the next one says `ready` again.
        if (!view.visible) surface.ready = false;
      }),
    );
  }

  /** Opens the chat in an editor tab (or shows the one open), beside the sidebar's. */
  async openInEditor(): Promise<void> {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(WebviewPanels.chat, vscode.l10n.t('TokenHub Chat'), { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {});
    await this.deserializeWebviewPanel(panel);
  }

  /** Adopts an editor tab of the chat: a new one, or one VS Code restores after a reload. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
    this.panel?.dispose();
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'tokenhub.svg');
    const surface = this.adopt('panel', panel.webview);
    surface.focusWhenReady = true;
    surface.disposables.push(
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
        this.drop(surface);
      }),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) surface.ready = false;
      }),
    );
  }

  private adopt(kind: Surface['kind'], webview: vscode.Webview): Surface {
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [dist] };
    webview.html = this.html(webview, dist);
    const surface: Surface = { kind, webview, disposables: [], ready: false, focusWhenReady: false };
    surface.disposables.push(webview.onDidReceiveMessage((m: unknown) => void this.handleMessage(m, surface)));
    this.surfaces.add(surface);
    return surface;
  }

  private drop(surface: Surface): void {
    for (const d of surface.disposables) d.dispose();
    surface.disposables.length = 0;
    this.surfaces.delete(surface);
  }

  /** Shows the chat where the user has it: its editor tab when open, else the sidebar view. */
  async reveal(focusInput = false): Promise<void> {
    const target = this.panel ? [...this.surfaces].find((s) => s.kind === 'panel') : [...this.surfaces].find((s) => s.kind === 'view');
    if (this.panel) this.panel.reveal(undefined, !focusInput);
    else if (this.view) this.view.show(true);
    else await vscode.commands.executeCommand(`${Views.chat}.focus`);
    if (!focusInput) return;
    if (target?.ready) void target.webview.postMessage({ type: 'focusInput' } satisfies HostNotification);
    else if (target) target.focusWhenReady = true;
    else this.post({ type: 'focusInput' });
  }

  post(message: HostNotification): void {
    const ready = [...this.surfaces].filter((s) => s.ready);
    if (!ready.length) {
      this.queue.push(message);
      if (this.queue.length > 5000) this.queue = this.queue.filter((m) => !COVERED_BY_STATE.has(m.type));
      return;
    }
    for (const s of ready) void s.webview.postMessage(message);
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

  /** Posts now to every ready webview (host requests wait for `ready` themselves, so they never queue). */
  private postNow(message: HostNotification): boolean {
    const ready = [...this.surfaces].filter((s) => s.ready);
    for (const s of ready) void s.webview.postMessage(message);
    return ready.length > 0;
  }

  /** Sends the whole state again (a new or another conversation). */
  postState(): void {
    for (const s of this.surfaces) if (s.ready) void s.webview.postMessage({ type: 'state', state: this.handlers.state() } satisfies HostNotification);
  }

  /**
   * Every message from a webview comes through here (public so tests can feed it what a
   * compromised view might send); `from` is the webview that sent it (answers go back to it).
   */
  async handleMessage(raw: unknown, from?: Surface): Promise<void> {
    if (!isWebviewMessage(raw)) {
      this.rejected++;
      this.log.warn(`chat: dropped an invalid message from the chat view (${describe(raw)})`);
      return;
    }
    if (isWebviewRequest(raw)) {
      await this.answer(raw, from);
      return;
    }
    if (raw.type === 'reply') {
      // A reply for a request that has ended (answered, timed out, cancelled) is ignored.
      const outcome = this.hostRequests.reply(raw);
      if (outcome === 'invalid') {
        this.rejected++;
        this.log.warn(`chat: dropped a reply from the chat view that does not answer its request (id ${raw.id})`);
      } else if (outcome === 'answered') {
        // Answered in one webview: the other one (sidebar or editor tab) drops its copy of the question.
        for (const s of this.surfaces) if (s !== from && s.ready) void s.webview.postMessage({ type: 'cancelHostRequest', id: raw.id } satisfies HostNotification);
      }
      return;
    }
    if (raw.type === 'ready') {
      if (from) this.onReady(from);
      return;
    }
    try {
      await this.handlers.command(raw);
    } catch (e) {
      this.log.error(`chat: ${raw.type} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private onReady(surface: Surface): void {
    surface.ready = true;
    const later = this.queue.filter((m) => !COVERED_BY_STATE.has(m.type));
    this.queue = [];
    void surface.webview.postMessage({ type: 'state', state: this.handlers.state() } satisfies HostNotification);
    for (const m of later) void surface.webview.postMessage(m);
    if (surface.focusWhenReady) {
      surface.focusWhenReady = false;
      void surface.webview.postMessage({ type: 'focusInput' } satisfies HostNotification);
    }
    this.hostRequests.resend();
    this._onDidBecomeReady.fire();
  }

  private async answer(req: WebviewRequest, from: Surface | undefined): Promise<void> {
    let response: HostNotification;
    try {
      const result = await this.handlers.request(req.method, req.params as never);
      response = { type: 'response', id: req.id, result };
    } catch (e) {
      response = { type: 'response', id: req.id, error: e instanceof Error ? e.message : String(e) };
    }
    // From a test (no webview): to every ready one, as the one webview got it before there were two.
    for (const s of from ? [from] : [...this.surfaces].filter((x) => x.ready)) void s.webview.postMessage(response);
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
