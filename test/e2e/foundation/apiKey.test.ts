// A key set through the UI is in SecretStorage and nowhere else (not in
// settings.json, global or workspace state, the extension's log, or the webview's DOM).
// A person's path: TokenHub icon → the chat view's welcome → "TokenHub: Set API Key" from the
// command palette → type the key → the welcome goes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeStoredKey } from '../../../src/core/profiles/storedKey';
import { EXTENSION_ID, StorageKeys } from '../../../src/platform/ids';
import { filesContaining, launchWorkbench, type Workbench } from '../workbench';
import { until } from '../../host/waitFor';

const WELCOME_TEXT = 'Set API Key';

/** Whether the chat view shows its no-key welcome (VS Code's viewsWelcome, or the webview's own). */
async function chatWelcomeVisible(wb: Workbench): Promise<boolean> {
  const pane = wb.page.locator('.pane:has(> .pane-header[aria-label^="Chat"]) .welcome-view-content').filter({ hasText: WELCOME_TEXT });
  if (await pane.isVisible().catch(() => false)) return true;
  const frame = await wb.chatFrame().catch(() => undefined);
  if (!frame) return false;
  return (await frame.locator(`text=${WELCOME_TEXT} >> visible=true`).count().catch(() => 0)) > 0;
}

describe('foundation: setting the API key through the UI', function () {
  this.timeout(120_000);
  let wb: Workbench;
  let key: string;
  let welcomeBefore = false;

  before(async () => {
    wb = await launchWorkbench({ simulator: true });
    key = wb.simulator!.apiKey;
  });

  after(async () => {
    await wb?.close();
  });

  it('shows the chat view welcome with "Set API Key" when no key is set', async () => {
    await wb.openTokenHubView();
    await until(() => chatWelcomeVisible(wb), 30_000, `the chat view to show "${WELCOME_TEXT}"`);
    welcomeBefore = true;
    await wb.screenshot('foundation-01-welcome');
  });

  it('shows every TokenHub view with its provider (no "no data provider" message)', async () => {
    const headers = wb.page.locator('.part.sidebar .pane-header');
    const count = await headers.count();
    assert.ok(count >= 3, `the TokenHub container shows its views (${count})`);
    for (let i = 0; i < count; i++) {
      const header = headers.nth(i);
      if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    }
    // VS Code writes this into a tree view that nobody provides.
    const orphan = wb.page.locator('.part.sidebar .pane-body', { hasText: 'There is no data provider registered' });
    const labels = await headers.evaluateAll((hs) => hs.map((h) => h.getAttribute('aria-label')));
    await wb.screenshot('foundation-00-views');
    assert.equal(await orphan.count(), 0, `a view without provider among ${labels.join(', ')}`);
  });

  it('sets the key with "TokenHub: Set API Key" from the command palette, checked with GET /models', async () => {
    const before = wb.simulator!.requests.length;
    await wb.runCommand('TokenHub: Set API Key');
    const input = wb.page.locator('.quick-input-widget input[type="password"]');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(key);
    await wb.screenshot('foundation-02-set-api-key');
    // VS Code for the Web saves a sealed copy of its secret store after each write, each save
    // fetching the server's half of the key first, unordered: the first save's copy is held back
    // here until the key is set and any later saves have landed, so it lands last, as a slow
    // response would make it.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let saves = 0;
    await wb.page.route('**/mint-key', async (route) => {
      if (++saves === 1) await held;
      await route.continue();
    });
    await input.press('Enter');
    // The key is checked with GET /models before it is stored.
    await until(async () => wb.simulator!.requests.slice(before).some((r) => r.method === 'GET' && /\/models(\?|$)/.test(r.path) && r.hadAuthorization), 20_000, 'GET /models with the key');
    // The extension has the key once the welcome goes: every write of the set has been made. A
    // set of one write has only the held save; after several, a later one lands with the key.
    await until(async () => saves > 0 && !(await chatWelcomeVisible(wb)), 30_000, 'the key to be set (its first save held back)');
    await until(async () => saves === 1 || Object.values(await wb.readSecretStorage()).some((v) => decodeStoredKey(v).key === key), 20_000, 'the saves after the held one to land');
    const sealed = () => wb.page.evaluate(() => localStorage.getItem('secrets.provider'));
    const landed = await sealed();
    release();
    await until(async () => (await sealed()) !== landed, 20_000, 'the held-back save to land');
    await wb.page.unroute('**/mint-key');
    assert.ok(Object.values(await wb.readSecretStorage()).some((v) => decodeStoredKey(v).key === key), 'the key is still in SecretStorage after every save has landed');
    // The command says so; shown in the screenshot.
    await wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'API key is saved' }).first().waitFor({ state: 'visible', timeout: 20_000 }).catch(() => undefined);
    await wb.screenshot('foundation-03-key-set');
  });

  it('then the chat view welcome goes', async () => {
    assert.ok(welcomeBefore, 'the welcome was shown before the key was set');
    await until(async () => !(await chatWelcomeVisible(wb)), 30_000, 'the welcome to go');
  });

  it('stores the key in SecretStorage, under the extension', async () => {
    const secrets = await wb.readSecretStorage();
    const names = Object.entries(secrets).filter(([, v]) => decodeStoredKey(v).key === key).map(([k]) => k);
    assert.equal(names.length, 1, `the key is stored exactly once in SecretStorage (entries: ${Object.keys(secrets).join(', ')})`);
    // With the host it was set for, in the same value: VS Code for the Web saves each write's copy
    // of its store unordered, so a second secret written beside it could leave the key out.
    assert.equal(decodeStoredKey(secrets[names[0]]).origin, new URL(wb.simulator!.baseUrl).origin);
    const name = JSON.parse(names[0]) as { extensionId: string; key: string };
    assert.equal(name.extensionId.toLowerCase(), EXTENSION_ID);
    assert.equal(name.key, StorageKeys.apiKeySecret);
  });

  it('keeps the key out of settings.json, global and workspace state, and the logs on disk', () => {
    const settings = path.join(wb.userDataDir, 'User', 'settings.json');
    const settingsText = fs.readFileSync(settings, 'utf8');
    assert.ok(settingsText.includes(wb.simulator!.baseUrl), 'settings.json is the one the extension reads (it holds the base URL)');
    assert.ok(!settingsText.includes(key), 'the key is not in settings.json');
    // The whole user-data-dir: settings, globalStorage/state.vscdb, workspaceStorage, logs.
    const userData = filesContaining(wb.userDataDir, key);
    assert.ok(userData.scanned > 5, `scanned the user data (${userData.scanned} files)`);
    assert.deepEqual(userData.matches, [], 'files under the user data dir that hold the key');
    const workspace = filesContaining(wb.workspace, key);
    assert.deepEqual(workspace.matches, [], 'workspace files that hold the key');
  });

  it('keeps the key out of the extension log', () => {
    const logs = path.join(wb.userDataDir, 'logs');
    const ours: string[] = [];
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/tokenhub/i.test(p)) ours.push(p);
      }
    };
    walk(logs);
    const written = ours.filter((f) => fs.statSync(f).size > 0);
    assert.ok(written.length > 0, `the extension's log exists and has content (found: ${ours.join(', ') || 'none'})`);
    for (const f of written) assert.ok(!fs.readFileSync(f, 'utf8').includes(key), `the key is not in ${f}`);
  });

  it('keeps the key out of the browser-side state (localStorage, IndexedDB) except the sealed SecretStorage', async () => {
    const dump = await wb.browserStorageDump();
    assert.ok(/indexedDB vscode-web-state-db-global/.test(dump), 'read the workbench global state');
    assert.ok(!dump.includes(key), 'the key is not in plain text in browser storage');
  });

  it('keeps the key out of the webview DOM', async () => {
    const frame = await wb.chatFrame();
    const html = await frame.evaluate(() => document.documentElement.outerHTML);
    assert.ok(html.length > 500, 'read the chat webview DOM');
    assert.ok(!html.includes(key), 'the key is not in the chat webview DOM');
    const values = await frame.evaluate(() => Array.from(document.querySelectorAll('input, textarea')).map((e) => (e as HTMLInputElement).value).join('\n'));
    assert.ok(!values.includes(key), 'the key is not in any webview input');
  });
});
