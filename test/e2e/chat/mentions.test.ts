// End to end: @-mentions in the real workbench (code-server, VS Code 1.100.3) in Chromium, against
// the simulator. A person types @, narrows the list, chooses a file with the keyboard and a folder
// with the mouse, sees their chips with sizes, sends, finds the message's context as chips in the
// history (one click opens the file), and drags an editor tab onto the chat with Shift held. Screenshots land in
// test-results/screenshots/mentions-*.png.
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import type { Simulator } from '../../simulator/server';
import { until } from '../../host/waitFor';
import { launchWorkbench, type Workbench } from '../workbench';

const KEY = `th-e2e-mentions-${Date.now().toString(16)}0123456789abcdef`;

function lastUserContent(sim: Simulator): string {
  const bodies = sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/chat/completions')).map((r) => r.body as { messages: { role: string; content: unknown }[] });
  const content = bodies.at(-1)?.messages.at(-1)?.content;
  return typeof content === 'string' ? content : JSON.stringify(content);
}

describe('@-mentions (real workbench, VS Code 1.100)', function () {
  this.timeout(300_000);
  let wb: Workbench;
  let sim: Simulator;
  let chat: Frame;
  const input = () => chat.locator('textarea.composer-input');
  const rows = () => chat.locator('.mention-picker .mention-item');

  before(async function () {
    this.timeout(240_000);
    wb = await launchWorkbench({
      simulatorKey: KEY,
      env: { TOKENHUB_API_KEY: KEY },
      settings: { 'tokenhub.chatModel': 'anthropic/claude-sonnet-4-6', 'tokenhub.chat.showPromptSizeAbove': 0 },
      files: {
        'src/greeting.ts': 'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n',
        'src/util/format.ts': 'export const shout = (s: string) => s.toUpperCase();\n',
        'src/util/pad.ts': 'export const pad = (s: string, n: number) => s.padStart(n);\n',
        'notes.md': '# Notes\n\nDropped from a tab.\n',
      },
    });
    sim = wb.simulator!;
    await wb.openTokenHubView();
    chat = await wb.chatFrame(60_000);
    await input().waitFor({ state: 'visible', timeout: 30_000 });
    // Off the activity bar, whose "TokenHub" tooltip would otherwise cover the picker's first row.
    await input().hover();
    await wb.page.locator('.monaco-hover, .workbench-hover').first().waitFor({ state: 'hidden', timeout: 10_000 });
  });

  after(async () => {
    await wb?.close();
  });

  it('typing @ lists the kinds of context; typing on narrows it to the files that match', async () => {
    await input().click();
    await input().pressSequentially('Explain @');
    await rows().first().waitFor({ timeout: 20_000 });
    const labels = await rows().locator('.mention-label').allTextContents();
    for (const kind of ['Files', 'Folders', 'Symbols', 'Problems', 'Terminal', 'Git changes', 'Open editors']) assert.ok(labels.includes(kind), `${kind} in ${labels.join(', ')}`);
    await wb.screenshot('mentions-00-kinds');
    // The arrows move the choice; the focus stays in the input.
    const selected = () => chat.locator('.mention-picker .mention-item[aria-selected="true"] .mention-label').textContent();
    assert.equal(await selected(), labels[0]);
    await input().press('ArrowDown');
    assert.equal(await selected(), labels[1]);
    await input().press('ArrowUp');
    assert.equal(await selected(), labels[0]);
    await input().pressSequentially('grt');
    await until(async () => (await rows().first().locator('.mention-label').textContent()) === 'greeting.ts', 20_000, 'greeting.ts first');
    assert.equal(await rows().first().locator('.mention-detail').textContent(), 'src');
    assert.equal(await rows().first().getAttribute('aria-selected'), 'true');
    await wb.screenshot('mentions-01-picker');
  });

  it('Enter chooses the file: a chip with its size replaces the @ text', async () => {
    await input().press('Enter');
    const chip = chat.locator('.composer .chip', { hasText: 'greeting.ts' });
    await chip.waitFor({ timeout: 20_000 });
    assert.match((await chip.locator('.chip-tokens').textContent()) ?? '', /^\d+$/);
    assert.equal(await input().inputValue(), 'Explain ');
  });

  it('a heading narrows to folders; a click chooses one', async () => {
    await input().pressSequentially('@');
    await rows().first().waitFor({ timeout: 20_000 });
    await rows().filter({ hasText: 'Folders' }).click();
    assert.equal(await input().inputValue(), 'Explain @folder:');
    await input().pressSequentially('util');
    const util = rows().filter({ hasText: 'util/' }).first();
    await util.waitFor({ timeout: 20_000 });
    await util.click();
    await chat.locator('.composer .chip', { hasText: 'util/' }).waitFor({ timeout: 20_000 });
    assert.equal(await chat.locator('.composer .chip').count(), 2);
    // The estimate (shown from 0 tokens here) counts the context, with its cost.
    assert.match((await chat.locator('.prompt-estimate').textContent()) ?? '', /tokens · .*\$/);
    await wb.screenshot('mentions-02-chips');
  });

  it('sends: the model gets the file and the folder; the message shows them as chips, and a chip opens the file', async () => {
    sim.enqueue({ reply: 'greet() says hello; util/ shouts and pads.' });
    await input().pressSequentially('these, please');
    await input().press('Enter');
    const message = chat.locator('article.message.user').last();
    await message.locator('.chip', { hasText: 'greeting.ts' }).waitFor({ timeout: 20_000 });
    await chat.locator('article.message.assistant .markdown', { hasText: 'greet() says hello' }).waitFor({ timeout: 30_000 });
    const sent = lastUserContent(sim);
    assert.match(sent, /File src\/greeting\.ts:\n```ts\nexport function greet/);
    assert.match(sent, /Folder src\/util\/ \(2 files\)/);
    assert.match(sent, /shout = \(s: string\)/);
    assert.match(sent, /Explain these, please$/);
    assert.equal(await message.locator('.chip').count(), 2);
    assert.equal(await chat.locator('.composer .chip').count(), 0);
    await wb.screenshot('mentions-03-sent');
    await message.locator('.chip-open', { hasText: 'greeting.ts' }).click();
    await wb.page.locator('.tabs-container .tab', { hasText: 'greeting.ts' }).waitFor({ timeout: 20_000 });
  });

  /** Drags the editor tab of `file` onto the chat's composer, holding Shift or not. */
  async function dragTab(file: string, shift: boolean): Promise<void> {
    await wb.page.keyboard.press('Control+P');
    await wb.quickInput().waitFor({ state: 'visible', timeout: 10_000 });
    await wb.quickInput().fill(file);
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: file }).first().waitFor({ timeout: 10_000 });
    await wb.page.keyboard.press('Enter');
    // The active tab, once it stops moving (opening it may replace a preview tab and shift the row).
    const tab = wb.page.locator('.tabs-container .tab.active', { hasText: file });
    await tab.waitFor({ timeout: 10_000 });
    await tab.hover();
    const from = (await tab.boundingBox())!;
    const to = (await wb.page.locator('iframe.webview').first().boundingBox())!;
    const [x, y] = [to.x + to.width / 2, to.y + to.height - 120];
    await wb.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await wb.page.mouse.down();
    try {
      if (shift) await wb.page.keyboard.down('Shift');
      for (let i = 1; i <= 10; i++) await wb.page.mouse.move(from.x + ((x - from.x) * i) / 10, from.y + ((y - from.y) * i) / 10);
      // Release only once the chat shows it takes the drop (its dashed outline): the workbench
      // hands the drag to the webview after some dragover events, not on the first one.
      let nudge = 0;
      await until(
        async () => {
          await wb.page.mouse.move(x + (nudge++ % 2 ? 4 : -4), y);
          return chat.locator('body.dropping').count();
        },
        10_000,
        'the chat to show the drop outline',
      ).catch(async (e: unknown) => {
        await wb.screenshot(`mentions-drag-failed-${file}`);
        throw e;
      });
    } finally {
      await wb.page.mouse.up();
      if (shift) await wb.page.keyboard.up('Shift');
    }
  }

  it('an editor tab dragged onto the chat with Shift held (as VS Code asks) becomes a chip', async () => {
    await dragTab('pad.ts', true);
    await chat.locator('.composer .chip', { hasText: 'pad.ts' }).waitFor({ timeout: 10_000 });
    assert.equal(await chat.locator('.composer .chip').count(), 1);
    await wb.screenshot('mentions-04-dropped');
  });
});
