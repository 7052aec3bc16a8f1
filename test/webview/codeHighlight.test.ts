// Long code blocks in the real bundle: shown whole at once as plain text, then highlighted slice
// by slice, with the same colours as highlighting the whole block at once, also where a comment
// or a string crosses from one slice into the next.
import * as assert from 'node:assert/strict';
import hljs from 'highlight.js/lib/core';
import typescript from 'highlight.js/lib/languages/typescript';
import { sliceAtLines, SLICED_HIGHLIGHT_CHARS } from '../../src/webview/codeHighlight';
import { answer, state } from './fixtures';
import { frames, useWebviewPage } from './page';

hljs.registerLanguage('typescript', typescript);

/** TypeScript where block comments and template strings run over many lines, so slices start inside them. */
function longCode(): string {
  const lines: string[] = [];
  for (let i = 0; lines.join('\n').length < 3 * SLICED_HIGHLIGHT_CHARS; i++) {
    lines.push('/*', ...Array.from({ length: 25 }, (_, k) => ` * note ${i}.${k}: const and return are words here, not keywords`), ' */');
    lines.push(`export const text${i} = \`first line of ${i}`, ...Array.from({ length: 15 }, (_, k) => `  template line ${k} with if and while`), '`;');
    lines.push(`export function f${i}(x: number): number {`, `  return x * ${i}; // done`, '}');
  }
  return lines.join('\n');
}

describe('webview: long code blocks (Chromium)', function () {
  this.timeout(120_000);
  const page = useWebviewPage();

  it('shows a long block at once as plain text, then highlights it in slices exactly as a whole', async () => {
    const code = longCode();
    const whole = hljs.highlight(code, { language: 'typescript', ignoreIllegals: true }).value;
    // The test means something only if some slice starts inside a comment or a string.
    const slices = sliceAtLines(code);
    let insideAtACut = 0;
    for (let i = 1; i < slices.length; i++) {
      const before = hljs.highlight(slices.slice(0, i).join(''), { language: 'typescript', ignoreIllegals: true });
      if (before._top !== hljs.getLanguage('typescript')) insideAtACut++;
    }
    assert.ok(slices.length > 5 && insideAtACut > 0, `cuts inside a construct: ${insideAtACut} of ${slices.length - 1}`);

    const p = page();
    await p.post({ type: 'state', state: state([answer('c', '', 'streaming')]) });
    const text = `Here is the file:\n\`\`\`typescript\n${code}\n\`\`\`\n\nThat is all.`;
    for (let i = 0; i < text.length; i += 997) {
      await p.post({ type: 'delta', messageId: 'c', text: text.slice(i, i + 997) });
      if (i % (997 * 8) === 0) await frames(p, 1);
    }
    await frames(p, 2);
    const block = 'article.assistant .blocks:not(.tail) .code-block';
    assert.equal(await p.page.locator(block).count(), 1, 'the block is finished once its fence closes');
    assert.equal(await p.page.locator(`${block} pre code`).textContent(), code, 'the whole code is there at once');
    assert.equal(await p.page.locator(`${block} button[data-action="copy"]`).count(), 1);
    assert.match((await p.page.locator('article.assistant .blocks:not(.tail)').first().textContent()) ?? '', /Here is the file:/, 'the line above the fence is a finished paragraph');

    await p.page.waitForFunction((sel) => !document.querySelector(`${sel} pre code`)!.hasAttribute('data-highlighting'), block, { timeout: 60_000 });
    const [ours, reference] = await p.page.evaluate(
      ({ sel, html }) => {
        const t = document.createElement('template');
        t.innerHTML = html;
        const codeEl = document.querySelector(`${sel} pre code`)!;
        return [Array.from(codeEl.children, (s) => s.innerHTML).join(''), t.innerHTML];
      },
      { sel: block, html: whole },
    );
    assert.equal(ours, reference);
    assert.equal(await p.page.locator(`${block} pre code`).textContent(), code);
  });

  it('an answer cut off inside a long block still ends with the whole code, highlighted', async () => {
    const code = longCode();
    const p = page();
    await p.post({ type: 'state', state: state([answer('c', '', 'streaming')]) });
    await p.post({ type: 'delta', messageId: 'c', text: `\`\`\`ts\n${code}` });
    await frames(p, 2);
    assert.equal(await p.page.locator('article.assistant .tail pre code.streaming-lines').count(), 1, 'streams as lines while open');
    await p.post({ type: 'messageUpdated', message: answer('c', `\`\`\`ts\n${code}`, 'cut') });
    await frames(p, 2);
    const codeEl = p.page.locator('article.assistant .blocks:not(.tail) .code-block pre code');
    await p.page.waitForFunction(() => {
      const c = document.querySelector('article.assistant .blocks:not(.tail) .code-block pre code');
      return c && !c.hasAttribute('data-highlighting');
    }, undefined, { timeout: 60_000 });
    assert.equal(await codeEl.textContent(), code);
    assert.ok((await codeEl.locator('.hljs-keyword').count()) > 100);
    assert.equal(await p.page.locator('article.assistant .tail > *').count(), 0);
  });
});
