// A page that hosts the real chat bundle (dist/webview.js) the way VS Code does: the same CSP as
// src/chat/chatView.ts builds, a nonce on the scripts, and a fake `acquireVsCodeApi` that records
// what the view posts. Files are served from a made-up origin through page.route, so every
// request the page makes is seen (and anything but the bundle's own files is a test failure).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { launchBrowser } from '../host/browser';
import { webviewCsp } from '../../src/core/protocol/csp';
import { collectMutantCoverage, shareMutantSwitch } from './strykerBridge';

export const ORIGIN = 'https://webview.tokenhub.test';
const ROOT = join(__dirname, '..', '..', '..');
const NONCE = 'dGVzdG5vbmNlMTIzNDU2Nzg5MA';

const FILES: Record<string, { path: string; type: string }> = {
  '/webview.js': { path: 'dist/webview.js', type: 'text/javascript' },
  '/webview.css': { path: 'dist/webview.css', type: 'text/css' },
  '/codicon.css': { path: 'dist/codicon.css', type: 'text/css' },
  '/codicon.ttf': { path: 'dist/codicon.ttf', type: 'font/ttf' },
  '/marked.umd.js': { path: 'node_modules/marked/lib/marked.umd.js', type: 'text/javascript' },
};

export interface PageOptions {
  /** Run without the CSP (to prove the sanitizer alone holds). */
  noCsp?: boolean;
  /** Extra scripts (served files) loaded before the bundle, e.g. marked for the bench. */
  extraScripts?: string[];
  /** Replace requestAnimationFrame by a queue the test flushes (the bench times each chunk). */
  manualFrames?: boolean;
  /** Load this page script of test/webview/harness instead of the chat bundle (one module alone). */
  harness?: string;
}

/** Where the page finds a harness script (built by `esbuild.mjs --tests`). */
const HARNESS = /^\/harness\/(\w+)\.js$/;
/**
 * What VS Code puts in every webview before the extension's own styles (its webview host's
 * `_defaultStyles`, copied from VS Code 1.100's workbench/contrib/webview/browser/pre/index.html),
 * and a few of the theme's colours it sets on <html>: the view must look right on top of them.
 */
export const VSCODE_DEFAULT_STYLES = `
  body { background-color: transparent; color: var(--vscode-editor-foreground); font-family: var(--vscode-font-family);
    font-weight: var(--vscode-font-weight); font-size: var(--vscode-font-size); margin: 0; padding: 0 20px; }
  img, video { max-width: 100%; max-height: 100%; }
  a, a code { color: var(--vscode-textLink-foreground); }
  code { font-family: var(--monaco-monospace-font); color: var(--vscode-textPreformat-foreground);
    background-color: var(--vscode-textPreformat-background); padding: 1px 3px; border-radius: 4px; }
  pre code { padding: 0; }
  blockquote { background: var(--vscode-textBlockQuote-background); border-color: var(--vscode-textBlockQuote-border); }`;
export const VSCODE_THEME_VARIABLES =
  '--vscode-font-family: sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: monospace; --vscode-editor-font-size: 13px; ' +
  '--vscode-editor-foreground: #3b3b3b; --vscode-foreground: #3b3b3b; --vscode-sideBar-background: #f8f8f8; ' +
  '--vscode-textPreformat-foreground: #3b3b3b; --vscode-textPreformat-background: rgba(0, 0, 0, 0.1); ' +
  '--vscode-textCodeBlock-background: rgb(240, 240, 240); --vscode-textLink-foreground: #005fb8;';

export function pageHtml(options: PageOptions = {}): string {
  const csp = webviewCsp({ cspSource: ORIGIN, nonce: NONCE });
  const frames = options.manualFrames
    ? `window.__frames = []; window.requestAnimationFrame = (cb) => { window.__frames.push(cb); return window.__frames.length; };
       window.__flushFrames = () => { let n = 0; while (window.__frames.length) { const q = window.__frames.splice(0); for (const cb of q) { cb(performance.now()); n++; } } return n; };`
    : '';
  return `<!DOCTYPE html><html lang="en" style="${VSCODE_THEME_VARIABLES}"><head><meta charset="UTF-8">
<style id="_defaultStyles" nonce="${NONCE}">${VSCODE_DEFAULT_STYLES}</style>
${options.noCsp ? '' : `<meta http-equiv="Content-Security-Policy" content="${csp}">`}
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link href="${ORIGIN}/codicon.css" rel="stylesheet"><link href="${ORIGIN}/webview.css" rel="stylesheet">
</head><body><div id="app"></div>
<script nonce="${NONCE}">
  window.__posted = []; window.__state = undefined; window.__pwned = [];
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => { window.__posted.push(JSON.parse(JSON.stringify(m))); if (window.__onPost) window.__onPost(m); },
    getState: () => window.__state,
    setState: (s) => { window.__state = s; },
  });
  ${frames}
</script>
${(options.extraScripts ?? []).map((s) => `<script nonce="${NONCE}" src="${ORIGIN}/${s}"></script>`).join('\n')}
<script nonce="${NONCE}" src="${ORIGIN}/${options.harness ? `harness/${options.harness}.js` : 'webview.js'}"></script>
</body></html>`;
}

export interface WebviewPage {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Every request the page made, in order (also those the CSP blocked before they left). */
  requests: Request[];
  /** Addresses of the requests that left the page (the CSP blocks a request before it does). */
  sent: string[];
  /** Dialogs (alert/confirm/prompt) the page opened. */
  dialogs: string[];
  /** Console messages and page errors. */
  console: string[];
  /** Posts a host → webview message, as VS Code would. */
  post(message: unknown): Promise<void>;
  /** What the webview has posted to the host. */
  posted(): Promise<unknown[]>;
  close(): Promise<void>;
}

let shared: Browser | undefined;
export async function browser(): Promise<Browser> {
  shared ??= await launchBrowser();
  return shared;
}
export async function closeBrowser(): Promise<void> {
  await shared?.close();
  shared = undefined;
}

export async function openWebview(options: PageOptions = {}): Promise<WebviewPage> {
  const b = await browser();
  const context = await b.newContext({ bypassCSP: false, viewport: { width: 420, height: 800 } });
  await shareMutantSwitch(context);
  const page = await context.newPage();
  const requests: Request[] = [];
  const dialogs: string[] = [];
  const consoleLines: string[] = [];
  const sent: string[] = [];
  page.on('request', (r) => requests.push(r));
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
  const html = pageHtml(options);
  await context.route('**/*', async (route) => {
    sent.push(route.request().url());
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) return route.abort();
    if (url.pathname === '/index.html') return route.fulfill({ status: 200, contentType: 'text/html', body: html });
    const harness = HARNESS.exec(url.pathname)?.[1];
    if (harness) return route.fulfill({ status: 200, contentType: 'text/javascript', body: readFileSync(join(ROOT, 'out', 'webview-harness', `${harness}.js`)) });
    const f = FILES[url.pathname];
    if (!f) return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ status: 200, contentType: f.type, body: readFileSync(join(ROOT, f.path)) });
  });
  // A script that throws while loading fails the page at once, with its error (not after a wait).
  let failed: (e: Error) => void = () => {};
  const loadError = new Promise<never>((_, reject) => (failed = reject));
  loadError.catch(() => {});
  const onError = (e: Error) => failed(new Error(`the page's script failed: ${e.message}`));
  page.once('pageerror', onError);
  await Promise.race([page.goto(`${ORIGIN}/index.html`), loadError]);
  if (!options.harness) await Promise.race([page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'), undefined, { timeout: 10_000 }), loadError]);
  page.off('pageerror', onError);
  return {
    browser: b,
    context,
    page,
    requests,
    sent,
    dialogs,
    console: consoleLines,
    // Dispatched synchronously: when post() resolves, the view has handled the message (a
    // window.postMessage would still be queued, and the next check could run before it).
    post: (message) => page.evaluate((m) => void window.dispatchEvent(new MessageEvent('message', { data: m })), message as never),
    posted: () => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted),
    close: async () => {
      await collectMutantCoverage(page);
      await context.close();
    },
  };
}

/** Resolves after `n` animation frames of the page (the view renders what it was sent in a frame). */
export async function frames(p: WebviewPage, n = 2): Promise<void> {
  await p.page.evaluate(
    (count) =>
      new Promise<void>((resolve) => {
        let left = count;
        const tick = () => (--left <= 0 ? resolve() : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
      }),
    n,
  );
}

/**
 * A fresh page per test (closed after it) and one browser per file: call inside `describe`, read
 * the page through the returned getter. Tests that share a page depend on their order, and
 * mutation testing runs single tests: keep to one page per test.
 */
export function useWebviewPage(options: PageOptions = {}): () => WebviewPage {
  let p: WebviewPage | undefined;
  beforeEach(async () => {
    p = await openWebview(options);
  });
  afterEach(async () => {
    await p?.close();
  });
  after(closeBrowser);
  return () => p!;
}

/** Requests (or addresses) other than the page and its own files. */
export function foreignRequests(requests: (Request | string)[]): string[] {
  const own = new Set(['/index.html', ...Object.keys(FILES)]);
  return requests.map((r) => (typeof r === 'string' ? r : r.url())).filter((u) => {
    try {
      const url = new URL(u);
      return url.origin !== ORIGIN || !(own.has(url.pathname) || HARNESS.test(url.pathname));
    } catch {
      return true;
    }
  });
}
