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

    // The rest, the closing fence and the end of the answer.
    const text = `Here it is:\n\`\`\`typescript\n${code}\n\`\`\`\n\nThat is all.`;
    await p.post({ type: 'delta', messageId: 'c', text: `${lines.slice(most).join('\n')}\n\`\`\`\n\nThat is all.` });
    await p.post({ type: 'messageUpdated', message: answer('c', text, 'done') });
    await frames(p, 2);

    const block = 'article.assistant .blocks:not(.tail) .code-block';
    assert.equal(await p.page.locator(block).count(), 1);
    const final = p.page.locator(`${block} pre code`);
    assert.ok(Number(await final.getAttribute('data-ahead')) >= aheadWhileOpen, 'the closed block used what was highlighted ahead');
    assert.equal(await final.textContent(), code, 'the code exactly');
    assert.equal(await p.page.locator(`${block} button[data-action="copy"]`).count(), 1, 'a finished block, with its toolbar');
    const whole = hljs.highlight(code, { language: 'typescript', ignoreIllegals: true }).value;
    const [ours, reference] = await p.page.evaluate(
      ({ sel, html }) => {
        const t = document.createElement('template');
        t.innerHTML = html;
        return [document.querySelector(`${sel} pre code`)!.innerHTML, t.innerHTML];
      },
      { sel: block, html: whole },
    );
    assert.equal(ours, reference, 'the same colours as highlighting the whole block at once');
    assert.match(ours, /<span class="hljs-comment">\/\*\n \* note 0/, 'a comment over several lines is one span');
  });
});
