// End to end, what a daily user meets (VS Code 1.100.3 from the project folder and 1.139.1 from
// the .vsix, against the simulator): a side bar that gives the chat its height, the model named in
// full in the header, code blocks with labelled actions whose long lines scroll, an answer's footer
// in view when it ends, Regenerate keeping the first answer, Explain about another file saying it
// starts a new conversation, labelled Apply and Discard on a proposal's diff and in the status bar
// (Ctrl+Alt+A applies), and the chat moved to the secondary side bar or opened in an editor.
// Screenshots: test-results/screenshots/daily-*.png (1.100) and daily-1.139-*.png.
import * as assert from 'node:assert/strict';
import type { Frame, Locator } from 'playwright-core';
import { until } from '../../host/waitFor';
import { launchWorkbench, type Workbench } from '../workbench';

const KEY = `th-e2e-daily-${Date.now().toString(16)}0123456789abcdef`;
const CALC = ['// a tiny calculator', 'function add(a, b) {', '  return a + b;', '}', '', 'console.log(add(2, 3));', ''].join('\n');
const LONG = `  const greeting = "${'hello world '.repeat(16)}";`;
const CODE_ANSWER = ['Here is a function:', '', '```js', 'function greet(name) {', LONG, '  return greeting + name;', '}', '```', '', 'Call it with a name.'].join('\n');

/** What an editor shows (Monaco renders spaces as no-break spaces). */
async function shown(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\u00a0/g, ' ');
}

for (const host of ['1.100', '1.139'] as const) describe(`daily use (real workbench, VS Code ${host})`, function () {
  this.timeout(300_000);
  let wb: Workbench;
  let chat: Frame;
  const shot = (name: string) => (host === '1.100' ? `daily-${name}` : `daily-${host}-${name}`);
  const answers = () => chat.locator('article.message.assistant');

  async function send(text: string): Promise<void> {
    const input = chat.locator('textarea.composer-input');
    await input.click();
    await input.fill(text);
    await input.press('Enter');
  }

  async function openFile(name: string): Promise<Locator> {
    const { page } = wb;
    await page.locator('.monaco-workbench').first().click({ position: { x: 700, y: 5 }, force: true }).catch(() => undefined);
    await page.keyboard.press('Control+P');
    const input = wb.quickInput();
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(name);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-line').first().waitFor({ state: 'visible', timeout: 30_000 });
    return editor;
  }

  /** Selects lines 2-4 of calc.js (the function) from the keyboard. */
  async function selectFunction(editor: Locator): Promise<void> {
    const { page } = wb;
    const line = await until(() => editor.locator('.view-line', { hasText: 'function add' }).first().boundingBox(), 10_000, 'line 2 on screen');
    await page.mouse.click(line.x + 1, line.y + line.height / 2);
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+End');
  }

  before(async function () {
    this.timeout(240_000);
    wb = await launchWorkbench({
      host,
      simulatorKey: KEY,
      env: { TOKENHUB_API_KEY: KEY },
      settings: { 'tokenhub.chatModel': 'anthropic/claude-sonnet-4-6' },
      files: { 'calc.js': CALC },
    });
  });

  after(async () => {
    await wb?.close();
  });

  it('the side bar gives the chat the room: Models, Generations and Usage start collapsed', async () => {
    await wb.openTokenHubView();
    chat = await wb.chatFrame(60_000);
    await chat.locator('textarea.composer-input').waitFor({ state: 'visible', timeout: 30_000 });
    const sidebar = wb.page.locator('.part.sidebar');
    for (const name of ['Models', 'Generations', 'Usage']) {
      const header = sidebar.locator('.pane-header', { hasText: new RegExp(`^${name}`, 'i') }).first();
      assert.equal(await header.getAttribute('aria-expanded'), 'false', `${name} starts collapsed`);
    }
    const chatPane = await sidebar.locator('.pane:has(> .pane-header[aria-label^="Chat"]) .pane-body').first().boundingBox();
    assert.ok(chatPane && chatPane.height > 600, `the chat gets most of the side bar (${chatPane?.height} px of 900)`);
    await wb.screenshot(shot('01-side-bar'));
  });

  it('the header names the model in full, and opens the model picker', async () => {
    const name = chat.locator('.chat-header .model-name');
    assert.equal(await name.textContent(), 'Claude Sonnet 4.6');
    assert.equal(await name.evaluate((el) => el.scrollWidth <= el.clientWidth), true, 'not cut off');
    assert.equal(await chat.locator('.chat-header select').count(), 0);
    await chat.locator('.chat-header .model-button').click();
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Claude Sonnet 4.6' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await wb.page.keyboard.press('Escape');
  });

  it('a code block: labelled actions, one background, a long line scrolls; the ended answer\'s footer is in view', async () => {
    wb.simulator!.enqueue({ reply: `${CODE_ANSWER}\n\n${Array.from({ length: 14 }, (_, i) => `Note ${i}.`).join('\n\n')}`, usage: { prompt_tokens: 30, completion_tokens: 220 } });
    await send('Write a greeting function');
    const last = answers().last();
    await last.locator('.answer-meta').waitFor({ timeout: 30_000 });
    const block = last.locator('.code-block').first();
    for (const label of ['Copy', 'Insert', 'Apply', 'Save']) assert.equal(await block.locator('.code-action-label', { hasText: new RegExp(`^${label}$`) }).isVisible(), true, `"${label}" is written on its button`);
    const m = await block.evaluate((el) => {
      const pre = el.querySelector('pre')!;
      return { codeBg: getComputedStyle(pre.querySelector('code')!).backgroundColor, scrolls: pre.scrollWidth > pre.clientWidth, overflow: getComputedStyle(pre).overflowX };
    });
    assert.equal(m.codeBg, 'rgba(0, 0, 0, 0)', 'no bar behind each line');
    // With the theme's own colours: keywords stand out from the plain code around them.
    const colours = await block.evaluate((el) => {
      const code = el.querySelector('pre code')!;
      const keyword = code.querySelector('.hljs-keyword');
      return { plain: getComputedStyle(code).color, keyword: keyword ? getComputedStyle(keyword).color : 'no keyword' };
    });
    assert.notEqual(colours.keyword, colours.plain, `keywords in a colour of their own (${JSON.stringify(colours)})`);
    assert.deepEqual([m.scrolls, m.overflow], [true, 'auto']);
    assert.equal(await last.locator('.author').textContent(), 'Claude Sonnet 4.6');
    assert.doesNotMatch(await last.innerText(), /anthropic\/claude-sonnet-4-6/, 'no raw model id');
    await until(
      () =>
        chat.evaluate(() => {
          const list = document.querySelector('.message-list')!.getBoundingClientRect();
          const footer = [...document.querySelectorAll('article.assistant .answer-footer')].pop()!.getBoundingClientRect();
          return footer.height > 0 && footer.bottom <= list.bottom + 1;
        }),
      10_000,
      "the ended answer's footer in view",
    ).catch(async (e) => {
      await wb.screenshot(shot('02c-footer-not-in-view'));
      throw e;
    });
    // The one-time note about the first answer would cover the screenshots that follow.
    const note = wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'Your first TokenHub answer is in' }).first();
    await note.locator('.codicon-notifications-clear, .codicon-close').first().click({ timeout: 10_000 }).catch(() => undefined);
    await note.waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
    await wb.screenshot(shot('02-code-block'));
    if (host === '1.100') await block.screenshot({ path: (await wb.screenshot(shot('02-code-block'))).replace('02-code-block', '02b-code-block-only') });
  });

  it('Regenerate keeps the first answer (‹ 1/2 ›), and Copy Answer says Copied', async () => {
    const before = await answers().last().locator('.markdown').innerText();
    wb.simulator!.enqueue({ reply: 'A different answer.' });
    await answers().last().locator('button[data-action="regenerate"]').click();
    const nav = answers().last().locator('.answer-versions');
    await nav.locator('.version-label', { hasText: '2/2' }).waitFor({ timeout: 30_000 });
    await nav.locator('button[data-action="showVersion"]').first().click();
    await nav.locator('.version-label', { hasText: '1/2' }).waitFor({ timeout: 10_000 });
    await until(async () => (await answers().last().locator('.markdown').innerText()) === before, 10_000, 'the first answer drawn again');
    await answers().last().locator('button[data-action="copyAnswer"]').click();
    await until(async () => (await chat.locator('.sr-only[role="status"]').textContent()) === 'Copied', 10_000, '"Copied"');
    await wb.screenshot(shot('03-versions'));
  });

  it('Explain about a file the conversation is not about starts a new conversation, and says so', async () => {
    const editor = await openFile('calc.js');
    await selectFunction(editor);
    wb.simulator!.enqueue({ reply: 'It adds two numbers.' });
    await wb.runCommand('TokenHub: Explain Selection');
    const toast = wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'starts a new conversation' }).first();
    await toast.waitFor({ state: 'visible', timeout: 30_000 });
    chat = await wb.chatFrame(30_000);
    await until(async () => (await chat.locator('article.message').count()) === 2 && (await chat.locator('body').innerText()).includes('It adds two numbers.'), 30_000, 'the new conversation with its answer');
    await wb.screenshot(shot('04-explain-new-conversation'));
    await toast.locator('.codicon-notifications-clear, .codicon-close').first().click().catch(() => undefined);
  });

  it('a proposal\'s diff has Apply and Discard written in its title bar and the status bar; Ctrl+Alt+A applies', async () => {
    const { page } = wb;
    const editor = await openFile('calc.js');
    await selectFunction(editor);
    wb.simulator!.enqueue({ reply: 'Renamed:\n\n```js\nfunction add(x, y) {\n  return x + y;\n}\n```\n', chunkChars: 5 });
    await wb.runCommand('TokenHub: Refactor Selection');
    const input = wb.quickInput();
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('rename a and b to x and y');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'rename a and b to x and y' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    const diff = page.locator('.monaco-diff-editor').first();
    await diff.waitFor({ state: 'visible', timeout: 30_000 });
    await until(async () => (await shown(diff.locator('.editor.modified .view-lines').last())).includes('return x + y'), 30_000, 'the proposal in the diff');
    // Words, not only icons: the title bar's actions and the status bar's items.
    const titleBar = page.locator('.editor-group-container.active .editor-actions, .editor-group-container.active .title-actions').first();
    await until(async () => /Apply/.test(await titleBar.innerText()) && /Discard/.test(await titleBar.innerText()), 15_000, 'Apply and Discard written in the title bar');
    const status = page.locator('.part.statusbar');
    const statusItem = (word: string) => status.locator('.statusbar-item', { hasText: new RegExp(`^\\s*${word}\\s*$`) }).first();
    await statusItem('Apply').waitFor({ state: 'visible', timeout: 15_000 });
    await statusItem('Discard').waitFor({ state: 'visible', timeout: 15_000 });
    // The whole proposal in (its progress ends), the title bar's words still there.
    await page.locator('.notifications-toasts .notification-toast', { hasText: 'refactoring calc.js' }).first().waitFor({ state: 'detached', timeout: 30_000 });
    assert.match(await titleBar.innerText(), /Apply[\s\S]*Discard/);
    await wb.screenshot(shot('05-review'));
    // Into the proposal's side (1.139 shows the diff inline: its deleted lines are view zones there).
    await diff.locator('.editor.modified').first().click({ position: { x: 300, y: 250 } });
    await page.keyboard.press('Control+Alt+A');
    await diff.waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
    await until(async () => (await shown(page.locator('.editor-instance .monaco-editor .view-lines').first())).includes('return x + y'), 15_000, 'the applied change in calc.js');
    await statusItem('Discard').waitFor({ state: 'hidden', timeout: 15_000 });
  });

  it('Move Chat puts it in the secondary side bar; Open Chat in Editor shows it in a tab', async () => {
    const { page } = wb;
    // Focus back in the editor the last test left (the palette's F1 goes to the focused part).
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Escape');
    await wb.runCommand('TokenHub: Move Chat').catch(async (e) => {
      await wb.screenshot(shot('06b-no-palette'));
      throw e;
    });
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: /New Secondary Side Bar/ }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 }).catch(async (e) => { await wb.screenshot(shot('06c-no-row')); throw e; });
    await row.click();
    await page.locator('.part.auxiliarybar .pane-header[aria-label^="Chat"], .part.auxiliarybar .composite.title', { hasText: /Chat/i }).first().waitFor({ state: 'visible', timeout: 20_000 });
    chat = await wb.chatFrame(30_000);
    await chat.locator('textarea.composer-input').waitFor({ state: 'visible', timeout: 30_000 });
    await wb.screenshot(shot('06-secondary-side-bar'));
    await wb.runCommand('TokenHub: Open Chat in Editor');
    await page.locator('.tabs-container .tab', { hasText: 'TokenHub Chat' }).first().waitFor({ state: 'visible', timeout: 20_000 });
    // The tab's webview: one of ours that is not a view (a view's outer frame says purpose=webviewView).
    const tabFrame = await until(async () => {
      for (const f of page.frames()) {
        const parent = decodeURIComponent(f.parentFrame()?.url() ?? '');
        if (!parent.includes('extensionId=tokenhub.tokenhub-vscode') || parent.includes('purpose=webviewView')) continue;
        if ((await f.locator('textarea.composer-input').count().catch(() => 0)) > 0) return f;
      }
      return undefined;
    }, 30_000, "the chat tab's webview");
    await until(async () => (await tabFrame.locator('body').innerText()).includes('It adds two numbers.'), 20_000, 'the same conversation in the tab');
    await wb.screenshot(shot('07-chat-in-editor'));
  });
});
