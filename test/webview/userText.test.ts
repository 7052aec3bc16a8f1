// A question as the user wrote it, in the real bundle in Chromium: the words as typed (never read
// as Markdown), fenced code as a finished code block with its toolbar.
import * as assert from 'node:assert/strict';
import { question, state } from './fixtures';
import { frames, useWebviewPage } from './page';

describe('webview: a question\'s words and code (Chromium)', function () {
  this.timeout(60_000);
  const page = useWebviewPage();

  it('shows the words as typed and the code as a code block with its actions', async () => {
    const p = page();
    await p.post({ type: 'state', state: state([question('u1', 'Why is **this** # not a title?\n```ts\nconst a = 1;\n```\n_after_')]) });
    await frames(p);
    const user = p.page.locator('article.user');
    assert.deepEqual(await user.locator('.user-words').allTextContents(), ['Why is **this** # not a title?', '_after_']);
    assert.equal(await user.locator('strong, em, h1').count(), 0, 'no Markdown in the words');
    const block = user.locator('.code-block');
    assert.equal(await block.count(), 1);
    assert.equal(await block.locator('pre code').textContent(), 'const a = 1;');
    assert.equal(await block.locator('button[data-action="copy"]').count(), 1, 'a finished block, with its actions');
    assert.ok((await block.locator('pre code [class^="hljs-"]').count()) > 0, 'in colour');
  });
});
