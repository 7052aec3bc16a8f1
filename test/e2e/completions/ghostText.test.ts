// End to end: a person turns inline completions on from the status bar, types in a TypeScript
// file, pauses, sees the ghost text, and presses Tab to take it. The real workbench (code-server
// 1.100.3 in Chromium) against the simulator; screenshots in test-results/screenshots/ (the
// README's is docs/screenshots/completions-ghost-text.png).
import * as assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { launchWorkbench, type Workbench } from '../workbench';
import { until } from '../../host/waitFor';

const KEY = 'th-e2e-completions-0123456789abcdef01';
const SOURCE = [
  'export interface Item {',
  '  price: number;',
  '  count: number;',
  '}',
  '',
  '// The total of a list of items.',
  'export function total(items: Item[]): number {',
  '  ',
  '}',
  '',
].join('\n');
const ANSWER = 'return items.reduce((sum, item) => sum + item.price * item.count, 0);';

/** The text a line of the file holds: what the editor shows there without the ghost text (spaces are no-break spaces on screen). */
async function fileText(line: Locator): Promise<string> {
  const text = await line.evaluate((el) =>
    [...el.querySelectorAll('span > span')]
      .filter((s) => !String(s.className).includes('ghost-text'))
      .map((s) => s.textContent ?? '')
      .join(''),
  );
  return text.replace(/\u00a0/g, ' ');
}

describe('completions: ghost text in the editor (real workbench)', function () {
  this.timeout(240_000);
  let wb: Workbench;

  before(async function () {
    this.timeout(180_000);
    wb = await launchWorkbench({
      simulatorKey: KEY,
      env: { TOKENHUB_API_KEY: KEY },
      settings: { 'tokenhub.completions.model': 'google/gemini-2.5-flash-lite' },
      files: { 'src/cart.ts': SOURCE },
      viewport: { width: 1200, height: 640 },
    });
  });

  after(async () => {
    await wb?.close();
  });

  it('turned on from the status bar (after the price), shows ghost text after a pause, and Tab takes it', async () => {
    const { page } = wb;
    const sim = wb.simulator!;
    // The simulated model answers like a model that knows where this is going.
    sim.completions = { reply: ANSWER, chunkChars: 12 };

    // The status bar item says completions are off; a click turns them on, after saying what they cost.
    const item = page.locator('[id$="tokenhub.completionStatus"]').first();
    await item.waitFor({ timeout: 60_000 });
    await until(async () => (await item.innerText()).includes('Completions off'), 30_000, 'the item, off');
    await item.click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    const message = await dialog.innerText();
    assert.match(message, /Gemini 2\.5 Flash-Lite.*about \$0\.166 per 1,000 completions/s);
    assert.match(message, /daily limit/);
    await wb.screenshot('completions-01-first-use');
    await dialog.locator('.monaco-button', { hasText: 'Turn On' }).first().click();
    await until(async () => !(await item.innerText()).includes('off'), 15_000, 'the item, on');

    // Open src/cart.ts with Quick Open, click into the empty line of the function body.
    await page.keyboard.press('Control+P');
    await wb.quickInput().waitFor({ state: 'visible', timeout: 15_000 });
    await wb.quickInput().fill('cart.ts');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'cart.ts' }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    const line = (text: string) => editor.locator('.view-line', { hasText: text }).first();
    await line('export function total').waitFor({ state: 'visible', timeout: 30_000 });
    const signature = await until(() => line('export function total').boundingBox(), 10_000, 'the signature on screen');
    // The body's empty line is the one under the signature.
    await page.mouse.click(signature.x + 200, signature.y + signature.height * 1.5);
    await page.keyboard.press('End');

    const before = sim.requests.length;
    await page.keyboard.type('ret', { delay: 30 });
    // Ghost text is drawn in pieces (one span per token); the suggest widget's "return" may open too,
    // and VS Code then draws our completion on from the suggestion selected there.
    const ghost = editor.locator('[class*="ghost-text-decoration"]');
    const ghostText = async () => (await ghost.allInnerTexts()).join('').replace(/\u00a0/g, ' ');
    await until(async () => (await ghostText()).includes('urn items.reduce'), 30_000, 'the ghost text').catch(async (e) => {
      await wb.screenshot('completions-02-no-ghost-text');
      throw e;
    });
    const asked = sim.requests.slice(before).filter((r) => r.path.endsWith('/chat/completions'));
    const holes = asked.map((r) => /.{0,8}\{\{FILL_HERE\}\}/.exec(JSON.stringify(r.body).split('<FILE>')[1] ?? '')?.[0]);
    // One for the pause; on a machine so busy that the keys reach the extension host further apart
    // than its wait, a key may have gone out alone (and been stopped by the next): never more than one per key.
    assert.ok(asked.length >= 1 && asked.length <= 3, `requests for 3 keys: ${JSON.stringify(holes)}`);
    // The answer is whole: the item's spinner has gone.
    await until(async () => (await item.locator('.codicon-loading').count()) === 0, 10_000, 'the request over');
    await wb.screenshot('completions-02-ghost-text');

    // Tab takes it (a first Tab may take the suggest widget's word, and the ghost text goes on from there).
    const body = line('ret');
    for (let i = 0; i < 3 && !(await fileText(body)).includes(ANSWER); i++) {
      await until(async () => (await ghost.count()) > 0, 10_000, 'ghost text to take');
      await page.keyboard.press('Tab');
      await until(async () => (await fileText(body)).includes(ANSWER) || (await ghost.count()) > 0, 10_000, 'the Tab to land');
    }
    assert.equal((await fileText(body)).trim(), ANSWER, 'the completion is in the file');
    assert.equal(await ghost.count(), 0, 'no ghost text left');

    // The tooltip: the model, what a thousand completions cost, today's spend and count.
    await item.hover();
    const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'TokenHub inline completions' }).first();
    await hover.waitFor({ state: 'visible', timeout: 15_000 });
    const tip = await hover.innerText();
    assert.match(tip, /About \$0\.166 per 1,000 completions/);
    // Each pause at a new place is a request (after Tab, the cursor stands somewhere new): as many as the gateway saw.
    const counted = Number(/Today: \$[\d.]+ · (\d+) completion requests?/.exec(tip)?.[1]);
    const sent = sim.requests.filter((r) => r.path.endsWith('/chat/completions')).length;
    assert.ok(counted >= 1 && counted <= sent, `${counted} counted, ${sent} sent:\n${tip}`);
    await wb.screenshot('completions-03-tooltip');
  });
});
