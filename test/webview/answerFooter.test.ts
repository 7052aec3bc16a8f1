// An answer's footer (tokens, cost, Copy Answer, Regenerate) in the real bundle in Chromium: drawn
// once when the answer ends; the end of streaming only adds Regenerate.
import * as assert from 'node:assert/strict';
import { answer, question, state } from './fixtures';
import { frames, useWebviewPage, type WebviewPage } from './page';

describe('webview: an answer\'s footer at the end of an answer (Chromium)', function () {
  this.timeout(60_000);
  const page = useWebviewPage();
  let p: WebviewPage;
  beforeEach(() => {
    p = page();
  });

  const footer = () => p.page.locator('article.assistant .answer-footer');
  const done = answer('a1', 'The answer.', 'done', { usage: { promptTokens: 1200, completionTokens: 345 }, cost: 0.0123 });

  it('the answer\'s end draws the footer; the end of streaming adds Regenerate to it, as a fresh footer would have it', async () => {
    await p.post({ type: 'state', state: state([question('u1', 'q'), answer('a1', 'The ans', 'streaming')]) });
    await frames(p);
    await p.post({ type: 'messageUpdated', message: done });
    await frames(p);
    assert.equal(await footer().locator('button[data-action="regenerate"]').count(), 0, 'still streaming: no Regenerate yet');
    assert.equal(await footer().locator('button[data-action="copyAnswer"]').count(), 1);
    // Marks the footer's parts: drawn again, they would be new elements without the mark.
    await footer().locator('.answer-figures').evaluate((e) => e.setAttribute('data-mark', '1'));
    await p.post({ type: 'streaming', streaming: false });
    await frames(p);
    assert.equal(await footer().locator('.answer-figures[data-mark="1"]').count(), 1, 'the footer was kept, not drawn again');
    const kept = await footer().evaluate((e) => {
      e.querySelector('[data-mark]')?.removeAttribute('data-mark');
      return e.innerHTML;
    });
    assert.equal(await footer().locator('button[data-action="regenerate"]').count(), 1);

    // The same answer drawn from the start, not streaming: the same footer.
    await p.post({ type: 'state', state: state([question('u1', 'q'), done]) });
    await frames(p);
    assert.equal(await footer().evaluate((e) => e.innerHTML), kept);

    // Streaming again (a new question): Regenerate goes, and comes back.
    await p.post({ type: 'streaming', streaming: true });
    await frames(p);
    assert.equal(await footer().locator('button[data-action="regenerate"]').count(), 0);
    await p.post({ type: 'streaming', streaming: false });
    await frames(p);
    assert.equal(await footer().evaluate((e) => e.innerHTML), kept);
  });

  it('an answer that is no longer the last loses Regenerate, and a new answer\'s end draws the new figures', async () => {
    await p.post({ type: 'state', state: state([question('u1', 'q'), done]) });
    await frames(p);
    assert.equal(await footer().locator('button[data-action="regenerate"]').count(), 1);
    await p.post({ type: 'messageAdded', message: question('u2', 'again') });
    await frames(p);
    assert.equal(await footer().locator('button[data-action="regenerate"]').count(), 0);
    const other = answer('a1', 'The answer, again.', 'done', { usage: { promptTokens: 7, completionTokens: 8 }, cost: 0.5 });
    await p.post({ type: 'messageUpdated', message: other });
    await frames(p);
    assert.match((await footer().locator('.answer-figures').textContent()) ?? '', /7 → 8/);
  });
});
