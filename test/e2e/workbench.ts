// End-to-end harness: the real VS Code workbench (code-server) in headless Chromium, driven by
// playwright-core as a person would use it, with the extension loaded and (by default) pointed at
// the TokenHub simulator running in this test process.
//
//   const wb = await launchWorkbench({ simulator: true });
//   await wb.openTokenHubView();
//   const chat = await wb.chatFrame();   // the chat webview's inner frame
//   await wb.runCommand('TokenHub: Set API Key');
//   await wb.screenshot('01-welcome');    // test-results/screenshots/01-welcome.png
//   await wb.close();
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { EXTENSION_ID, Settings, Views } from '../../src/platform/ids';
import { launchBrowser } from '../host/browser';
import { startCodeServer, type CodeServer } from '../host/codeServer';
import type { HostVersion } from '../host/codeServerInstall';
import { log } from '../host/hostLog';
import { installDisplayLanguage } from '../host/displayLanguage';
import { PROJECT_ROOT, packageExtension } from '../host/vsix';
import { Simulator } from '../simulator/server';

export const SCREENSHOT_DIR = path.join(PROJECT_ROOT, 'test-results', 'screenshots');

export interface LaunchOptions {
  /** '1.100' (default, extension loaded from the project folder) or '1.139' (installed from a .vsix). */
  readonly host?: HostVersion;
  /** Display language of the workbench, e.g. 'zh-tw' (needs that language pack to be translated). */
  readonly locale?: string;
  /** User settings (merged over quiet test defaults and the simulator's base URL). */
  readonly settings?: Record<string, unknown>;
  /** Extra environment of the server and so of the extension host. */
  readonly env?: Record<string, string>;
  /** Start the simulator and point `tokenhub.baseUrl` at it (default true). */
  readonly simulator?: boolean;
  /** The simulator's key (default: a random one, so a leak of it is unmistakable). */
  readonly simulatorKey?: string;
  /** Folder to open; a fresh empty one by default. Files to create in it. */
  readonly workspace?: string;
  readonly files?: Record<string, string>;
  /** Browser viewport (default 1400x900). */
  readonly viewport?: { width: number; height: number };
}

export interface Workbench {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly server: CodeServer;
  /** The simulator, when started (`simulator: false` leaves it undefined). */
  readonly simulator: Simulator | undefined;
  readonly userDataDir: string;
  readonly workspace: string;
  /** Saves a PNG of the page to test-results/screenshots/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  /** F1, types the command's title, waits for it in the list and runs it with Enter. */
  runCommand(title: string): Promise<void>;
  /** Clicks the TokenHub icon in the activity bar (unless its container is showing) and waits for the chat view. */
  openTokenHubView(): Promise<void>;
  /** The chat webview's inner frame (where its HTML lives); waits for it to load. */
  chatFrame(timeoutMs?: number): Promise<Frame>;
  /** Any frame of one of our webviews whose inner document matches `predicate`. */
  webviewFrame(viewId: string, timeoutMs?: number): Promise<Frame>;
  /** The open quick input's box (e.g. the Set API Key input), once visible. */
  quickInput(): ReturnType<Page['locator']>;
  /** Reloads the workbench page and waits for it to be ready again. */
  reload(): Promise<void>;
  /**
   * The workbench's SecretStorage, decrypted: code-server keeps it in the page's localStorage
   * (`secrets.provider`), sealed with AES-GCM under a key half the server mints. Entries are keyed
   * `{"extensionId":...,"key":...}` as VS Code's main thread names them.
   */
  readSecretStorage(): Promise<Record<string, string>>;
  /** Every localStorage, sessionStorage and IndexedDB entry of the workbench page, as text. */
  browserStorageDump(): Promise<string>;
  /** Errors the page logged (console errors and uncaught exceptions). */
  readonly pageErrors: string[];
  close(): Promise<void>;
}

function randomKey(): string {
  return `th-e2e-${Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('')}`;
}

/** Waits until the workbench has rendered and its extension host connection is up. */
async function waitForWorkbench(page: Page): Promise<void> {
  await page.waitForSelector('.monaco-workbench .part.activitybar', { timeout: 60_000 });
  await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 60_000 });
  await page.waitForFunction(() => !document.querySelector('.monaco-workbench .monaco-progress-container.active.infinite'), undefined, { timeout: 60_000 }).catch(() => undefined);
}

export async function launchWorkbench(options: LaunchOptions = {}): Promise<Workbench> {
  const host = options.host ?? '1.100';
  const useSimulator = options.simulator ?? true;
  const simulator = useSimulator ? await Simulator.start({ apiKey: options.simulatorKey ?? randomKey() }) : undefined;
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  if (simulator) cleanups.push(() => simulator.close());
  try {
    const vsix: string[] = [];
    if (host !== '1.100') {
      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-e2e-vsix-'));
      cleanups.push(() => fs.rmSync(work, { recursive: true, force: true }));
      vsix.push(await packageExtension(path.join(work, 'tokenhub-vscode.vsix')));
    }
    const settings: Record<string, unknown> = {
      ...(simulator ? { [`${Settings.section}.${Settings.baseUrl}`]: simulator.baseUrl } : {}),
      ...options.settings,
    };
    const env: Record<string, string> = { ...(simulator ? { TOKENHUB_SIMULATOR: '1' } : {}), ...options.env };
    const server = await startCodeServer({ host, settings, env, vsix, workspace: options.workspace, locale: options.locale, label: `tokenhub-e2e-${host}` });
    cleanups.unshift(async () => {
      await server.close();
      if (!process.env.TOKENHUB_KEEP_TEMP) fs.rmSync(server.root, { recursive: true, force: true });
    });
    // `--locale` alone leaves VS Code in English: the server needs a languagepacks.json entry,
    // written before the workbench page is first rendered (see test/host/displayLanguage.ts).
    if (options.locale && options.locale.toLowerCase() !== 'en') installDisplayLanguage(server.userDataDir, options.locale);
    for (const [rel, text] of Object.entries(options.files ?? {})) {
      const f = path.join(server.workspace, rel);
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.writeFileSync(f, text);
    }
    const browser: Browser = await launchBrowser({ locale: options.locale });
    cleanups.unshift(() => browser.close());
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 }, locale: options.locale });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    const url = host === '1.100' ? server.url([['extensionDevelopmentPath', server.remoteUri(PROJECT_ROOT)]]) : server.url();
    log(`opening the workbench ${url}`);
    await page.goto(url);
    await waitForWorkbench(page);

    const webviewFrame = async (viewId: string, timeoutMs = 20_000): Promise<Frame> => {
      // A webview is an outer iframe (index.html?id=...&extensionId=...) holding the inner
      // `active-frame` with the extension's HTML. Views are told apart by the outer frame's
      // `purpose`/view type when VS Code puts it in the URL, else by being ours.
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        for (const f of page.frames()) {
          const parent = f.parentFrame();
          if (!parent || !parent.url().includes(`extensionId=${EXTENSION_ID}`)) continue;
          const parentUrl = decodeURIComponent(parent.url());
          if (parentUrl.includes('purpose=webviewView') && viewId !== Views.chat && !parentUrl.includes(viewId)) continue;
          if (f.url().startsWith('about:') || f.isDetached()) continue;
          const ready = await f.evaluate(() => document.readyState === 'complete' && !!document.body && document.body.childElementCount > 0).catch(() => false);
          if (ready) return f;
        }
        if (Date.now() > deadline) {
          throw new Error(`no webview frame of ${EXTENSION_ID} (${viewId}) within ${timeoutMs} ms; frames: ${page.frames().map((f) => f.url()).join(' | ')}`);
        }
        await page.waitForTimeout(100);
      }
    };

    const activityBarItem = () => page.locator(`.part.activitybar .action-item:has(a[aria-label^="TokenHub"]), .part.activitybar .action-item[aria-label^="TokenHub"]`).first();

    const wb: Workbench = {
      page,
      context,
      server,
      simulator,
      userDataDir: server.userDataDir,
      workspace: server.workspace,
      pageErrors,
      screenshot: async (name) => {
        fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
        const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
        await page.screenshot({ path: file });
        return file;
      },
      runCommand: async (title) => {
        const choose = async () => {
          await page.locator('.monaco-workbench').first().click({ position: { x: 700, y: 5 }, force: true }).catch(() => undefined);
          await page.keyboard.press('F1');
          const input = page.locator('.quick-input-widget .quick-input-box input');
          await input.waitFor({ state: 'visible', timeout: 10_000 });
          await input.fill(`>${title}`, { timeout: 5_000 });
          const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
          await row.waitFor({ state: 'visible', timeout: 10_000 });
          // The list filters as you type; Enter runs the focused (first) row, which must be ours.
          await page.waitForFunction(
            (t) => {
              const focused = document.querySelector('.quick-input-widget .monaco-list-row.focused');
              return !!focused && (focused.getAttribute('aria-label') ?? focused.textContent ?? '').includes(t);
            },
            title,
            { timeout: 10_000 },
          );
        };
        // The palette can close as soon as it opened (an editor or walkthrough restored late takes
        // the focus): it is opened again, up to three times. Nothing has run until Enter.
        for (let attempt = 1; ; attempt++) {
          try {
            await choose();
            break;
          } catch (e) {
            if (attempt >= 3) throw e;
            await page.keyboard.press('Escape').catch(() => undefined);
          }
        }
        await page.keyboard.press('Enter');
        // The palette closes when the command starts; a click or key before that would go to it.
        await page.locator('.quick-input-widget .quick-input-list').filter({ hasText: title }).waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
      },
      openTokenHubView: async () => {
        // Right after a (re)load the workbench may still be restoring the last open container; a
        // click then can toggle it closed again, so click until the TokenHub container shows.
        const viewlet = page.locator(`.part.sidebar .composite.viewlet[id="workbench.view.extension.${Views.container}"]`);
        const item = activityBarItem();
        await item.waitFor({ state: 'visible', timeout: 30_000 });
        const deadline = Date.now() + 30_000;
        while (!(await viewlet.isVisible())) {
          if (Date.now() > deadline) throw new Error('the TokenHub view container did not open within 30 s');
          if ((await item.getAttribute('aria-selected')) !== 'true') await item.click();
          await viewlet.waitFor({ state: 'visible', timeout: 3000 }).catch(() => undefined);
        }
        await viewlet.locator('.pane-header').first().waitFor({ state: 'visible', timeout: 30_000 });
      },
      chatFrame: (timeoutMs) => webviewFrame(Views.chat, timeoutMs),
      webviewFrame,
      quickInput: () => page.locator('.quick-input-widget .quick-input-box input'),
      readSecretStorage: () => readSecretStorage(page),
      browserStorageDump: () => browserStorageDump(page),
      reload: async () => {
        await page.reload();
        await waitForWorkbench(page);
      },
      close: async () => {
        for (const c of cleanups.splice(0)) await Promise.resolve().then(c).catch(() => undefined);
      },
    };
    return wb;
  } catch (e) {
    for (const c of cleanups.splice(0)) await Promise.resolve().then(c).catch(() => undefined);
    throw e;
  }
}

async function readSecretStorage(page: Page): Promise<Record<string, string>> {
  const sealed = await page.evaluate(() => localStorage.getItem('secrets.provider'));
  if (!sealed) return {};
  const serverHalf = Buffer.from(
    await page.evaluate(async () => {
      const r = await fetch((window.location.pathname + '/mint-key').replace(/\/\/+/g, '/'), { method: 'POST', credentials: 'include' });
      if (!r.ok) throw new Error(`mint-key: ${r.status}`);
      return Array.from(new Uint8Array(await r.arrayBuffer()));
    }),
  );
  const data = Buffer.from(sealed, 'base64');
  const clientHalf = data.subarray(0, 32);
  const iv = data.subarray(32, 44);
  const body = data.subarray(44);
  const key = Buffer.alloc(32);
  for (let i = 0; i < 32; i++) key[i] = clientHalf[i] ^ serverHalf[i];
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(body.subarray(body.length - 16));
  const plain = Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
  return JSON.parse(plain) as Record<string, string>;
}

async function browserStorageDump(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const out: string[] = [];
    const text = (v: unknown): string => {
      if (v instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(v));
      if (ArrayBuffer.isView(v)) return new TextDecoder().decode(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
      if (v instanceof Map) return JSON.stringify([...v.entries()].map(([k, x]) => [text(k), text(x)]));
      if (typeof v === 'string') return v;
      try { return JSON.stringify(v); } catch { return String(v); }
    };
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i)!;
      out.push(`localStorage ${k} = ${localStorage.getItem(k)}`);
    }
    for (let i = 0; i < sessionStorage.length; i++) {
      const k = sessionStorage.key(i)!;
      out.push(`sessionStorage ${k} = ${sessionStorage.getItem(k)}`);
    }
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(info.name!);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const rows = await new Promise<[unknown[], unknown[]]>((resolve, reject) => {
          const tx = db.transaction(store, 'readonly');
          const keys = tx.objectStore(store).getAllKeys();
          const values = tx.objectStore(store).getAll();
          tx.oncomplete = () => resolve([keys.result, values.result]);
          tx.onerror = () => reject(tx.error);
        });
        rows[0].forEach((k, i) => out.push(`indexedDB ${info.name}/${store} ${text(k)} = ${text(rows[1][i])}`));
      }
      db.close();
    }
    return out.join('\n');
  });
}

/** Every file under `dir` (recursively) whose bytes contain `needle`, and how many files were read. */
export function filesContaining(dir: string, needle: string): { matches: string[]; scanned: number } {
  const bytes = Buffer.from(needle, 'utf8');
  const wide = Buffer.from(needle, 'utf16le');
  const matches: string[] = [];
  let scanned = 0;
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        scanned++;
        const b = fs.readFileSync(p);
        if (b.includes(bytes) || b.includes(wide)) matches.push(p);
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return { matches, scanned };
}
