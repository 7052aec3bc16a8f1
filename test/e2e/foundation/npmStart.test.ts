// `npm start` as a newcomer meets it: a new profile opens on the chat view's no-key welcome, any
// th-sim-… key is taken, and the profile is kept between runs (the conversation and the key are
// there after a restart) unless `--fresh` asks for an empty one. Runs the real launcher
// (out/test/host/start.js) with its profiles in a temp folder, and a browser as the user's.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { EXTENSION_ID, Views } from '../../../src/platform/ids';
import { launchBrowser } from '../../host/browser';
import { log } from '../../host/hostLog';
import { PROJECT_ROOT } from '../../host/vsix';
import { until } from '../../host/waitFor';
import { SCREENSHOT_DIR } from '../workbench';

const START = path.join(PROJECT_ROOT, 'out', 'test', 'host', 'start.js');
const NEWCOMER_KEY = `th-sim-newcomer-${Date.now().toString(16)}`;
const QUESTION = 'Hello from before the restart';

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
}

/** Runs `npm start`'s launcher and waits for the URL it prints. */
async function npmStart(profiles: string, args: string[] = []): Promise<Started> {
  const env: NodeJS.ProcessEnv = { ...process.env, TOKENHUB_START_PROFILE: profiles, TOKENHUB_SIM_PACE: 'off' };
  delete env.TOKENHUB_API_KEY;
  delete env.TOKENHUB_PORT;
  delete env.TOKENHUB_HOST;
  delete env.TOKENHUB_FRESH;
  const child = spawn(process.execPath, [START, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await until(() => {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${out}`);
    return /^\s+(http:\/\/127\.0\.0\.1:\d+\/\S+)$/m.exec(out)?.[1];
  }, 240_000, 'npm start to print its URL');
  return { child, url, output: () => out };
}

async function stop(started: Started | undefined): Promise<void> {
  if (!started || started.child.exitCode !== null) return;
  const exited = new Promise((r) => started.child.once('exit', r));
  started.child.kill('SIGINT');
  await exited;
}

async function openWorkbench(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench .part.activitybar', { timeout: 60_000 });
  const item = page.locator('.part.activitybar .action-item:has(a[aria-label^="TokenHub"]), .part.activitybar .action-item[aria-label^="TokenHub"]').first();
  const viewlet = page.locator(`.part.sidebar .composite.viewlet[id="workbench.view.extension.${Views.container}"]`);
  await item.waitFor({ state: 'visible', timeout: 60_000 });
  await until(async () => {
    if (await viewlet.isVisible()) return true;
    if ((await item.getAttribute('aria-selected')) !== 'true') await item.click();
    return false;
  }, 30_000, 'the TokenHub view container to open');
  return page;
}

async function chatFrame(page: Page): Promise<Frame> {
  return until(async () => {
    for (const f of page.frames()) {
      if (!f.parentFrame()?.url().includes(`extensionId=${EXTENSION_ID}`) || f.url().startsWith('about:')) continue;
      if (await f.locator('textarea.composer-input, .key-welcome').count().catch(() => 0)) return f;
    }
    return undefined;
  }, 60_000, 'the chat view');
}

/** The chat view's no-key welcome ("Set API Key"), in the webview or as VS Code's view welcome. */
async function welcomeVisible(page: Page): Promise<boolean> {
  const pane = page.locator('.pane .welcome-view-content').filter({ hasText: 'Set API Key' });
  if (await pane.isVisible().catch(() => false)) return true;
  for (const f of page.frames()) {
    if ((await f.locator('text=Set API Key >> visible=true').count().catch(() => 0)) > 0) return true;
  }
  return false;
}

async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  await page.waitForFunction(
    (t) => (document.querySelector('.quick-input-widget .monaco-list-row.focused')?.getAttribute('aria-label') ?? '').includes(t),
    title,
    { timeout: 10_000 },
  );
  await page.keyboard.press('Enter');
}

/**
 * Closes the tab as a person does, so the workbench's unload handlers run: VS Code in the browser
 * writes its storage (where the key and the chat's current conversation live) every few seconds
 * and on unload. Playwright's plain `close()` skips those handlers, which is closer to a crash.
 */
async function closeTab(page: Page): Promise<void> {
  const closed = new Promise((r) => page.once('close', r));
  await page.close({ runBeforeUnload: true });
  await closed;
}

async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

describe('npm start: a newcomer’s profile', function () {
  this.timeout(600_000);
  let profiles: string;
  let browser: Browser;
  let context: BrowserContext;
  let run: Started | undefined;
  let firstUrl = '';

  before(async () => {
    profiles = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-npm-start-'));
    browser = await launchBrowser();
    // One browser profile across the runs, as a person's: the workbench keeps the key per origin.
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  });

  after(async () => {
    await stop(run);
    await browser?.close();
    if (profiles && !process.env.TOKENHUB_KEEP_TEMP) fs.rmSync(profiles, { recursive: true, force: true });
  });

  it('prints which keys the simulator takes and where the profile is kept', async () => {
    run = await npmStart(profiles);
    firstUrl = run.url;
    log(`npm start printed ${run.url}`);
    assert.match(run.output(), /any key that starts with th-sim- works, for example th-sim-try-me/);
    assert.match(run.output(), new RegExp(`Profile created in ${profiles.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/1\\.100-simulator`));
  });

  it('opens a new profile on the no-key welcome, and takes any th-sim-… key', async () => {
    const page = await openWorkbench(context, run!.url);
    await until(() => welcomeVisible(page), 30_000, 'the no-key welcome');
    await screenshot(page, 'npm-start-01-welcome');
    await runCommand(page, 'TokenHub: Set API Key');
    const input = page.locator('.quick-input-widget input[type="password"]');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(NEWCOMER_KEY);
    await input.press('Enter');
    await until(async () => !(await welcomeVisible(page)), 30_000, 'the welcome to go once the key is taken');
    const chat = await chatFrame(page);
    const box = chat.locator('textarea.composer-input');
    await box.waitFor({ state: 'visible', timeout: 30_000 });
    await box.fill(QUESTION);
    await box.press('Enter');
    await chat.locator('article.message.assistant', { hasText: 'TokenHub simulator' }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'npm-start-02-answered');
    await closeTab(page);
  });

  it('keeps the profile: after a restart the key and the conversation are still there', async () => {
    await stop(run);
    run = await npmStart(profiles);
    assert.equal(new URL(run.url).port, new URL(firstUrl).port, 'the same port, so the browser finds its stored key');
    assert.match(run.output(), /Profile kept in /);
    const page = await openWorkbench(context, run.url);
    const chat = await chatFrame(page);
    const question = chat.locator('article.message.user', { hasText: QUESTION });
    // Either can show first; waiting for one only would hide which of the two was lost.
    const shown = await until(async () => {
      if (await question.isVisible().catch(() => false)) return 'conversation';
      if (await welcomeVisible(page)) return 'welcome';
      return undefined;
    }, 30_000, 'the conversation or the no-key welcome').catch(() => 'neither');
    await screenshot(page, 'npm-start-03-restarted');
    assert.equal(shown, 'conversation', `after the restart: ${shown}, ${await chat.locator('article.message').count()} messages shown`);
    assert.equal(await welcomeVisible(page), false, 'no welcome: the key survived the restart');
    await closeTab(page);
  });

  it('starts empty with --fresh, and leaves the kept profile alone', async () => {
    await stop(run);
    run = await npmStart(profiles, ['--fresh']);
    assert.match(run.output(), /A fresh profile, deleted when you stop/);
    const page = await openWorkbench(context, run.url);
    await until(() => welcomeVisible(page), 30_000, 'the no-key welcome of the fresh profile');
    await closeTab(page);
    await stop(run);
    assert.ok(fs.existsSync(path.join(profiles, '1.100-simulator', 'user', 'User', 'settings.json')), 'the kept profile is still there');
  });
});
