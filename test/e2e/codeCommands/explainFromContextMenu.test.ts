// End to end: a person selects a function in the editor, right-clicks it, opens the
// "TokenHub" submenu, picks "Explain Selection", and reads the answer in the chat view. The real
// workbench (code-server 1.100.3 in Chromium) against the simulator; screenshots in
// test-results/screenshots/.
import * as assert from 'node:assert/strict';
import type { Frame, Locator } from 'playwright-core';
import { launchWorkbench, type Workbench } from '../workbench';
import { until } from '../../host/waitFor';

const KEY = 'th-e2e-code-0123456789abcdef0123456789';
const SOURCE = ['// a tiny calculator', 'function add(a, b) {', '  return a + b;', '}', '', 'console.log(add(2, 3));', ''].join('\n');
const ANSWER = 'The add function returns the sum of its two arguments, a and b.';

/** What an editor shows (Monaco renders spaces as no-break spaces). */
async function textOf(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\u00a0/g, ' ');
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
    // Monaco positions its line elements absolutely (not in DOM order): find them by their text.
    const line = (text: string) => editor.locator('.view-line', { hasText: text }).first();
    try {
      await line('function add').waitFor({ state: 'visible', timeout: 30_000 });
    } catch (e) {
      await wb.screenshot('code-00-no-editor');
      throw e;
    }

    // Select the function (lines 2-4): click into line 2, then extend with the keyboard.
    // (Monaco re-creates line elements as tokens arrive: ask again until one holds still.)
    const first = await until(() => line('function add').boundingBox(), 10_000, 'line 2 on screen');
    await page.mouse.click(first.x + 1, first.y + first.height / 2);
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+End');
    await until(async () => (await editor.locator('.selected-text').count()) > 0, 10_000, 'the selection');

    sim.enqueue({ reply: ANSWER, chunkChars: 12 });
    const before = sim.requests.length;

    // Right-click inside the selection → TokenHub → Explain Selection.
    const mid = await until(() => line('return a + b').boundingBox(), 10_000, 'line 3 on screen');
    await page.mouse.click(mid.x + 30, mid.y + mid.height / 2, { button: 'right' });
    const menu = page.locator('.context-view .monaco-menu, .monaco-menu-container .monaco-menu').first();
    await menu.waitFor({ state: 'visible', timeout: 15_000 });
    // Labels, not items: an open submenu's DOM sits inside its parent item.
    const submenu = page.locator('.monaco-menu .action-label', { hasText: /^TokenHub$/ }).first();
    await submenu.waitFor({ state: 'visible', timeout: 15_000 });
    await submenu.hover();
    const explain = page.locator('.monaco-menu .action-label', { hasText: /^Explain Selection$/ }).first();
    if (!(await explain.isVisible().catch(() => false))) await submenu.click();
    await explain.waitFor({ state: 'visible', timeout: 15_000 });
    await wb.screenshot('code-01-context-menu');
    await explain.click();

    // The request carries the selected code, the file name and the language.
    const request = await until(async () => sim.requests.slice(before).find((r) => r.method === 'POST' && r.path.endsWith('/chat/completions')), 30_000, 'the chat request').catch(async (e) => {
      await wb.screenshot('code-01b-no-request');
      throw e;
    });
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

  it('Ctrl+Alt+R → instruction → the diff with Apply in its title; Apply changes the file, one Ctrl+Z restores it', async () => {
    const { page } = wb;
    const sim = wb.simulator!;
    const editor = page.locator('.editor-instance .monaco-editor').first();
    const line = (text: string) => editor.locator('.view-line', { hasText: text }).first();
    const first = await until(() => line('function add').boundingBox(), 10_000, 'line 2 on screen');
    await page.mouse.click(first.x + 1, first.y + first.height / 2);
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+End');

    sim.enqueue({ reply: 'Renamed:\n\n```js\nfunction add(x, y) {\n  return x + y;\n}\n```\n\nNothing else changed.', chunkChars: 5 });
    await page.keyboard.press('Control+Alt+R');
    const input = wb.quickInput();
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('rename a and b to x and y');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'rename a and b to x and y' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');

    // The diff: original on the left, the proposal on the right, Apply and Discard in the title.
    const diff = page.locator('.monaco-diff-editor').first();
    await diff.waitFor({ state: 'visible', timeout: 30_000 });
    await until(async () => (await textOf(diff.locator('.editor.modified .view-lines'))).includes('return x + y'), 30_000, 'the proposal in the diff').catch(async (e) => {
      await wb.screenshot('code-03b-no-diff');
      throw e;
    });
    const apply = page.locator('.editor-actions .action-label[aria-label^="Apply Proposed Change"], .editor-actions .action-label[title^="Apply Proposed Change"]').first();
    await apply.waitFor({ state: 'visible', timeout: 15_000 });
    await wb.screenshot('code-03-refactor-diff');
    const modified = await textOf(diff.locator('.editor.modified .view-lines'));
    assert.ok(!modified.includes('Nothing else changed'), 'only the fenced code is proposed');

    await apply.click();
    await diff.waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
    await until(async () => (await textOf(page.locator('.editor-instance .monaco-editor .view-lines').first())).includes('return x + y'), 15_000, 'the applied change in calc.js');
    await wb.screenshot('code-04-applied');

    // One undo step takes it all back.
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Z');
    await until(async () => {
      const text = await textOf(page.locator('.editor-instance .monaco-editor .view-lines').first());
      return text.includes('return a + b') && !text.includes('return x + y');
    }, 15_000, 'the original after one undo');
  });
});
