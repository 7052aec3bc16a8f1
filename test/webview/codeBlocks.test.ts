// Code blocks on top of VS Code's default webview styles (see page.ts), in the real bundle in
// Chromium: no bar behind each line, long lines scroll inside the block, every action has a word
// and a tooltip, and the user's own fenced code is drawn as a code block too.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { answer, question, state, STRINGS } from './fixtures';
import { frames, useWebviewPage, type WebviewPage } from './page';

const RESULTS = join(__dirname, '..', '..', '..', 'test-results');
const LONG = `const greeting = "${'hello world '.repeat(30)}";`;
const BLOCK = ['Here:', '', '```js', 'function greet(name) {', `  ${LONG}`, '  return greeting + name;', '}', '```', '', 'And `inline code` too.'].join('\n');

describe('webview: code blocks (Chromium, on VS Code\'s default webview styles)', function () {
  this.timeout(60_000);
  const page = useWebviewPage();
  let p: WebviewPage;
  beforeEach(async () => {
    p = page();
    await p.page.setViewportSize({ width: 360, height: 700 });
  });

  it('draws no bar behind each line: the block has one background, its code none; inline code keeps its own', async () => {
    await p.post({ type: 'state', state: state([question('u1', 'q'), answer('a1', BLOCK)]) });
    await frames(p);
    const bg = await p.page.evaluate(() => {
      const code = document.querySelector('article.assistant .code-block pre code')!;
      const inline = document.querySelector('article.assistant p code')!;
      const cs = getComputedStyle(code);
      return { code: cs.backgroundColor, padding: cs.paddingLeft, inline: getComputedStyle(inline).backgroundColor };
    });
    assert.equal(bg.code, 'rgba(0, 0, 0, 0)', 'the code inside a block is transparent');
    assert.equal(bg.padding, '0px');
    assert.notEqual(bg.inline, 'rgba(0, 0, 0, 0)', 'inline code still stands out');
    mkdirSync(RESULTS, { recursive: true });
    await p.page.locator('article.assistant .code-block').screenshot({ path: join(RESULTS, 'webview-code-block.png') });
  });

  it('a long line scrolls inside its block; nothing is cut off at the message\'s edge', async () => {
    await p.post({ type: 'state', state: state([question('u1', 'q'), answer('a1', BLOCK)]) });
    await frames(p);
    const m = await p.page.evaluate(() => {
      const pre = document.querySelector<HTMLElement>('article.assistant .code-block pre')!;
      const article = document.querySelector('article.assistant')!.getBoundingClientRect();
      const box = pre.getBoundingClientRect();
      pre.scrollLeft = 100_000;
      const last = pre.querySelector('code')!;
      return {
        scrollable: pre.scrollWidth > pre.clientWidth,
        overflowX: getComputedStyle(pre).overflowX,
        insideMessage: box.right <= article.right + 0.5 && box.left >= article.left - 0.5,
        scrolledTo: pre.scrollLeft,
        lineText: last.textContent ?? '',
        keyboard: pre.tabIndex === 0,
        edgeShadow: getComputedStyle(pre).backgroundAttachment.split(',').map((x) => x.trim()),
        messageScrolls: document.querySelector<HTMLElement>('article.assistant')!.scrollWidth > document.querySelector<HTMLElement>('article.assistant')!.clientWidth,
      };
    });
    assert.equal(m.overflowX, 'auto');
    assert.ok(m.scrollable, 'the block scrolls sideways');
    assert.ok(m.insideMessage, 'the block stays inside the message');
    assert.ok(m.scrolledTo > 0, 'it can be scrolled to the end of the line');
    assert.equal(m.messageScrolls, false, 'the message itself does not overflow');
    assert.ok(m.lineText.includes(LONG), 'the whole line is there');
    assert.equal(m.keyboard, true, 'the keyboard can scroll it (Tab to it, then the arrows)');
    assert.deepEqual(m.edgeShadow, ['local', 'scroll'], 'a shadow at the edge shows the line goes on, where scrollbars stay hidden until used');
  });

  it('every action says what it does: a word on the button, the full name as tooltip and accessible name', async () => {
    await p.post({ type: 'state', state: state([answer('a1', BLOCK)]) });
    await frames(p);
    const actions = await p.page.locator('article.assistant .code-block .code-toolbar button').evaluateAll((bs) =>
      bs.map((b) => ({ action: (b as HTMLElement).dataset.action, word: b.querySelector('.code-action-label')?.textContent ?? '', visible: (b.querySelector('.code-action-label') as HTMLElement | null)?.offsetWidth ?? 0, title: b.getAttribute('title'), label: b.getAttribute('aria-label') })),
    );
    assert.deepEqual(
      actions.map((a) => [a.action, a.word, a.title, a.label]),
      [
        ['copy', STRINGS.copy, STRINGS.copy, STRINGS.copy],
        ['insert', STRINGS.insertShort, STRINGS.insert, STRINGS.insert],
        ['apply', STRINGS.applyShort, STRINGS.apply, STRINGS.apply],
        ['saveAs', STRINGS.saveAsShort, STRINGS.saveAs, STRINGS.saveAs],
      ],
    );
    assert.ok(actions.every((a) => a.visible > 0), 'the words are visible at this width');
  });

  it("the user's own fenced code is drawn as a code block, the rest as typed", async () => {
    const typed = 'Why does this fail?\n```python\nprint("hi"\n```\n*not emphasis*';
    await p.post({ type: 'state', state: state([question('u1', typed)]) });
    await frames(p);
    const user = p.page.locator('article.user');
    assert.equal(await user.locator('.code-block').count(), 1);
    assert.equal(await user.locator('.code-block pre code').textContent(), 'print("hi"');
    assert.equal(await user.locator('.code-block .code-lang').textContent(), 'python');
    assert.doesNotMatch((await user.innerText()) ?? '', /```/, 'no raw fences');
    assert.equal(await user.locator('em').count(), 0, 'the words are not read as Markdown');
    assert.match((await user.locator('.user-words').last().textContent()) ?? '', /\*not emphasis\*/);
    // Edit and resend still starts from what was typed, fences and all.
    await user.locator('button[data-action="edit"]').click();
    assert.equal(await user.locator('textarea.edit-input').inputValue(), typed);
  });
});
