// End to end: the real workbench (code-server 4.100.3 = VS Code 1.100.3 in Chromium)
// with the extension pointed at the simulator. A user clicks the model in the status bar, types
// part of a model's name, picks it, and the status bar shows the new model (and the user settings
// file holds it). Screenshots land in test-results/.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser } from '../../host/browser';
import type { CodeServer } from '../../host/codeServer';
import { startCodeServer } from '../../host/codeServer';
import { Simulator } from '../../simulator/server';
import { until } from '../../host/waitFor';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const RESULTS = path.join(ROOT, 'test-results');

/** Polls until `fn` returns a truthy value, or throws after `timeoutMs` with the last value. */

describe('models: status-bar switcher (real workbench)', function () {
  this.timeout(240_000);
  let sim: Simulator | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let item: Locator;

  before(async function () {
    this.timeout(180_000);
    sim = await Simulator.start();
    server = await startCodeServer({
      label: 'tokenhub-e2e-models',
      settings: { 'tokenhub.baseUrl': sim.baseUrl, 'tokenhub.chatModel': 'anthropic/claude-sonnet-4-6' },
      // The key from the environment (ApiKeyStore's fallback): nothing to type.
      env: { TOKENHUB_API_KEY: sim.apiKey, TOKENHUB_SIMULATOR: '1' },
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url([['extensionDevelopmentPath', server.remoteUri(ROOT)]]));
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    item = page.locator('[id$="tokenhub.modelStatus"]').first();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (server && !process.env.TOKENHUB_KEEP_TEMP) fs.rmSync(server.root, { recursive: true, force: true });
    await sim?.close();
  });

  async function shot(name: string): Promise<void> {
    fs.mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, `models-${name}.png`) });
  }

  it('shows the current chat model, marked as the simulator, once the live list arrived', async () => {
    await item.waitFor({ timeout: 60_000 });
    await until(async () => (await item.innerText()).includes('Claude Sonnet 4.6'), 30_000, 'the chat model in the status bar');
    // The live list replaces the built-in one: the offline mark goes.
    await until(async () => !(await item.locator('.codicon-cloud-offline').count()), 30_000, 'the live model list (no offline mark)');
    assert.match(await item.innerText(), /Simulator/);
    assert.equal(await item.locator('.codicon-beaker').count(), 1);
    const label = (await item.locator('[aria-label]').first().getAttribute('aria-label')) ?? (await item.getAttribute('aria-label')) ?? '';
    assert.match(label, /TokenHub chat model: Claude Sonnet 4\.6/);
    assert.ok(sim!.requests.some((r) => r.method === 'GET' && r.path.endsWith('/models')), 'the extension asked the simulator for its models');
    await shot('statusbar-before');
  });

  it('click, type part of a name, pick: the status bar shows the new model', async () => {
    await item.click();
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ timeout: 15_000 });
    // Grouped by provider: separators carry the provider names.
    await until(async () => (await page.locator('.quick-input-list').innerText()).includes('Anthropic'), 15_000, 'the model list');
    // Typed once the box has focus (keys sent before that land nowhere), as a user sees the cursor there.
    await until(async () => input.evaluate((el) => el === document.activeElement), 10_000, 'focus in the quick pick');
    await page.keyboard.type('kimi k2 thin');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Kimi K2 Thinking' }).first();
    await row.waitFor({ timeout: 15_000 });
    // Type-to-filter left only matching rows; the first one is active.
    const rows = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    assert.ok(rows.length >= 1 && rows.every((r) => /kimi/i.test(r)), `filtered rows: ${JSON.stringify(rows)}`);
    await shot('picker');
    await page.keyboard.press('Enter');
    await until(async () => (await item.innerText()).includes('Kimi K2 Thinking'), 15_000, 'the new model in the status bar');
    assert.doesNotMatch(await item.innerText(), /Claude Sonnet/);
    await shot('statusbar-after');
    // The one source of truth: the user setting.
    const settingsFile = path.join(server!.userDataDir, 'User', 'settings.json');
    const settings = await until(async () => {
      const text = fs.readFileSync(settingsFile, 'utf8');
      return text.includes('moonshotai/kimi-k2-thinking') ? text : undefined;
    }, 10_000, 'the chat model in the user settings file');
    assert.match(settings, /"tokenhub\.chatModel":\s*"moonshotai\/kimi-k2-thinking"/);
  });

  it('the Models view shows the providers and marks the model just picked', async () => {
    await page.keyboard.press('Escape');
    await page.locator('.activitybar li[aria-label^="TokenHub"], .activitybar a[aria-label^="TokenHub"]').first().click({ timeout: 30_000 });
    const tree = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /models/i }) }).first();
    // The Models view starts collapsed: open it, then collapse the chat view above so the tree
    // has room (its rows are virtualized).
    const modelsHeader = tree.locator('.pane-header').first();
    await modelsHeader.waitFor({ timeout: 30_000 });
    if ((await modelsHeader.getAttribute('aria-expanded')) !== 'true') await modelsHeader.click();
    const chatHeader = page.locator('.pane-header', { hasText: /^chat/i }).first();
    await chatHeader.waitFor({ timeout: 30_000 });
    if ((await chatHeader.getAttribute('aria-expanded')) === 'true') await chatHeader.click();
    // The group holding the current chat model is expanded, and its row carries the mark.
    const row = tree.locator('.monaco-list-row', { hasText: 'Kimi K2 Thinking' }).first();
    try {
      await row.waitFor({ timeout: 30_000 });
    } catch (e) {
      await shot('tree-failed');
      throw e;
    }
    assert.match(await row.innerText(), /✓ chat/);
    const groups = await tree.locator('.monaco-list-row[aria-level="1"]').allInnerTexts();
    assert.ok(groups.some((g) => g.includes('Anthropic')) && groups.some((g) => g.includes('Video models')), `groups: ${JSON.stringify(groups)}`);
    await shot('tree');
  });
});
