// End to end (issue 6): a person selects a function in the editor, right-clicks it, opens the
// "TokenHub" submenu, picks "Explain Selection", and reads the answer in the chat view. The real
// workbench (code-server 1.100.3 in Chromium) against the simulator; screenshots in
// test-results/screenshots/.
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { launchWorkbench, type Workbench } from '../workbench';

const KEY = 'th-e2e-code-0123456789abcdef0123456789';
const SOURCE = ['// a tiny calculator', 'function add(a, b) {', '  return a + b;', '}', '', 'console.log(add(2, 3));', ''].join('\n');
const ANSWER = 'The add function returns the sum of its two arguments, a and b.';

async function until<T>(fn: () => Promise<T>, timeoutMs: number, what: string): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (e) {
      last = e instanceof Error ? e.message : e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last).slice(0, 300)})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('code commands: Explain from the editor context menu (real workbench)', function () {
  this.timeout(240_000);
  let wb: Workbench;

  before(async function () {
    this.timeout(180_000);
    wb = await launchWorkbench({
      simulatorKey: KEY,
      // The key from the environment (ApiKeyStore's fallback): nothing to type.
      env: { TOKENHUB_API_KEY: KEY },
      files: { 'calc.js': SOURCE },
    });
  });

  after(async () => {
    await wb?.close();
  });

  it('right-click a selection → TokenHub → Explain Selection shows the answer in the chat view', async () => {
    const { page } = wb;
    const sim = wb.simulator!;

    // Open calc.js with Quick Open, as a person would.
    await page.locator('.monaco-workbench').first().click({ position: { x: 700, y: 5 }, force: true }).catch(() => undefined);
    await page.keyboard.press('Control+P');
    const input = wb.quickInput();
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('calc.js');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'calc.js' }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    const line = (n: number) => editor.locator('.view-line').nth(n - 1);
    await until(async () => (await line(2).innerText()).includes('function add'), 30_000, 'calc.js in the editor');

    // Select the function (lines 2-4) with the mouse: click at the start of line 2, shift-click at the end of line 4.
    await line(2).click({ position: { x: 1, y: 5 } });
    const end = await line(4).boundingBox();
    assert.ok(end);
    await page.mouse.click(end.x + end.width - 1, end.y + end.height / 2, { modifiers: ['Shift'] });
    await until(async () => (await editor.locator('.selected-text').count()) > 0, 10_000, 'the selection');

    sim.enqueue({ reply: ANSWER, chunkChars: 12 });
    const before = sim.requests.length;

    // Right-click inside the selection → TokenHub → Explain Selection.
    const mid = await line(3).boundingBox();
    assert.ok(mid);
    await page.mouse.click(mid.x + 30, mid.y + mid.height / 2, { button: 'right' });
    const menu = page.locator('.context-view .monaco-menu, .monaco-menu-container .monaco-menu').first();
    await menu.waitFor({ state: 'visible', timeout: 15_000 });
    const submenu = page.locator('.monaco-menu .action-item', { hasText: /^TokenHub$/ }).first();
    await submenu.waitFor({ state: 'visible', timeout: 15_000 });
    await submenu.hover();
    await submenu.click().catch(() => undefined);
    const explain = page.locator('.monaco-menu .action-item', { hasText: 'Explain Selection' }).first();
    await explain.waitFor({ state: 'visible', timeout: 15_000 });
    await wb.screenshot('code-01-context-menu');
    await explain.click();

    // The request carries the selected code, the file name and the language.
    const request = await until(async () => sim.requests.slice(before).find((r) => r.method === 'POST' && r.path.endsWith('/chat/completions')), 30_000, 'the chat request');
    const body = JSON.stringify(request.body);
    assert.ok(body.includes('function add(a, b)') && body.includes('return a + b;'), 'the selected code is sent');
    assert.ok(body.includes('calc.js'), 'the file name is sent');
    assert.ok(body.includes('JavaScript'), 'the language is sent');

    // The chat view opens with the question and the answer.
    const chat: Frame = await wb.chatFrame(30_000);
    await until(async () => (await chat.locator('body').innerText()).includes(ANSWER), 30_000, 'the answer in the chat view');
    const text = await chat.locator('body').innerText();
    assert.match(text, /Explain calc\.js:2-4/);
    await wb.screenshot('code-02-explain-answer');
  });
});
