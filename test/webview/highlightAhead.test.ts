// A code block that streams in is highlighted ahead, in idle moments while it arrives, so that
// when it closes (often with the answer's last bytes) only its last lines are left to highlight;
// the result is exactly the colours of highlighting the whole block at once, also where a
// comment or a template string runs across the lines highlighted in separate pieces.
import * as assert from 'node:assert/strict';
import hljs from 'highlight.js/lib/core';
import typescript from 'highlight.js/lib/languages/typescript';
import { answer, state } from './fixtures';
import { frames, useWebviewPage } from './page';

hljs.registerLanguage('typescript', typescript);

/** About 3 KB of TypeScript whose comments and template strings run over several lines. */
function mediumCode(): string {
  const lines: string[] = [];
  for (let i = 0; i < 6; i++) {
    lines.push('/*', ` * note ${i}: const and return are words here`, ' */');
    lines.push(`export const text${i} = \`first line of ${i}`, '  a template line with if and while', '`;');
    lines.push(`export function f${i}(x: number): number {`, `  return x * ${i}; // done`, '}');
  }
  return lines.join('\n');
}

describe('webview: a streaming code block highlighted ahead (Chromium)', function () {
  this.timeout(60_000);
  const page = useWebviewPage();

  it('highlights the lines that arrived while the block streams, and closes it with exactly the whole block\'s colours', async () => {
    const code = mediumCode();
    const lines = code.split('\n');
    const p = page();
    await p.post({ type: 'state', state: state([answer('c', '', 'streaming')]) });
    await p.post({ type: 'delta', messageId: 'c', text: 'Here it is:\n```typescript\n' });
    // Most of the block, line by line, as a model writes it.
    const most = Math.floor(lines.length * 0.8);
    for (let i = 0; i < most; i++) {
      await p.post({ type: 'delta', messageId: 'c', text: `${lines[i]}\n` });
      if (i % 4 === 0) await frames(p, 1);
    }
    await frames(p, 1);
    const streaming = 'article.assistant .tail pre code.streaming-lines';
    // Idle moments come while the block is open: lines are highlighted ahead by then.
    await p.page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-ahead') ?? 0) > 0, streaming, { timeout: 10_000 });
    const aheadWhileOpen = Number(await p.page.locator(streaming).getAttribute('data-ahead'));
    assert.ok(aheadWhileOpen <= lines.slice(0, most).join('\n').length + 1, 'only lines that arrived');
    // Shown as they are highlighted: coloured slices in place of the first plain lines.
    const open = await p.page.evaluate((sel) => {
      const c = document.querySelector(sel)!;
      (c.closest('.code-block') as HTMLElement).dataset.probe = 'open';
      const slices = Array.from(c.querySelectorAll(':scope > .code-piece'));
      return {
        slices: slices.map((s) => s.textContent).join(''),
        coloured: c.querySelectorAll(':scope > .code-piece [class^="hljs-"]').length,
        lines: Array.from(c.querySelectorAll('.code-line'), (l) => l.textContent).join('\n'),
        order: Array.from(c.children, (e) => e.className),
        ahead: Number(c.getAttribute('data-ahead')),
      };
    }, streaming);
    assert.ok(open.slices.length >= aheadWhileOpen && open.slices.length === open.ahead, 'the slices are what was highlighted ahead');
    assert.ok(open.coloured > 0, 'in colour');
    assert.equal(open.slices + open.lines, `${lines.slice(0, most).join('\n')}\n`, 'every line that arrived, once, in order');
    assert.deepEqual(open.order, [...open.order].sort((a, b) => Number(a !== 'code-piece') - Number(b !== 'code-piece')), 'slices come before the plain lines');

    // The rest, the closing fence and the end of the answer.
    const text = `Here it is:\n\`\`\`typescript\n${code}\n\`\`\`\n\nThat is all.`;
    await p.post({ type: 'delta', messageId: 'c', text: `${lines.slice(most).join('\n')}\n\`\`\`\n\nThat is all.` });
    await p.post({ type: 'messageUpdated', message: answer('c', text, 'done') });
    await frames(p, 2);

    const block = 'article.assistant .blocks:not(.tail) .code-block';
    assert.equal(await p.page.locator(block).count(), 1);
    assert.equal(await p.page.locator(block).getAttribute('data-probe'), 'open', 'finished where it stands, not built again');
    const final = p.page.locator(`${block} pre code`);
    assert.ok(Number(await final.getAttribute('data-ahead')) >= aheadWhileOpen, 'the closed block used what was highlighted ahead');
    assert.equal(await final.textContent(), code, 'the code exactly');
    assert.equal(await p.page.locator(`${block} button[data-action="copy"]`).count(), 1, 'a finished block, with its toolbar');
    const whole = hljs.highlight(code, { language: 'typescript', ignoreIllegals: true }).value;
    const [ours, reference] = await p.page.evaluate(
      ({ sel, html }) => {
        const t = document.createElement('template');
        t.innerHTML = html;
        const slices = Array.from(document.querySelector(`${sel} pre code`)!.children);
        if (slices.some((e) => e.className !== 'code-piece')) return ['not only slices', t.innerHTML];
        return [slices.map((e) => e.innerHTML).join(''), t.innerHTML];
      },
      { sel: block, html: whole },
    );
    assert.equal(ours, reference, 'the same colours as highlighting the whole block at once');
    assert.match(ours, /<span class="hljs-comment">\/\*\n \* note 0/, 'a comment over several lines is one span');

    // It looks as the same answer drawn at once does (a slice's last line break adds no line).
    const height = () => p.page.locator(`${block} pre`).evaluate((e) => e.getBoundingClientRect().height);
    const streamed = await height();
    await p.post({ type: 'state', state: state([answer('c', text, 'done')]) });
    await frames(p, 2);
    assert.equal(await p.page.locator(block).getAttribute('data-probe'), null, 'drawn again');
    assert.equal(streamed, await height());
  });
});
