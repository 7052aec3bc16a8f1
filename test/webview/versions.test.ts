// Regenerated answers keep their earlier versions (‹ 1/2 ›), and a whole answer can be copied, in
// the real bundle in Chromium.
import * as assert from 'node:assert/strict';
import { answer, question, state, STRINGS } from './fixtures';
import { frames, useWebviewPage, type WebviewPage } from './page';

type Posted = { type: string; [k: string]: unknown };

describe('webview: versions of an answer, and Copy Answer (Chromium)', function () {
  this.timeout(60_000);
  const page = useWebviewPage();
  let p: WebviewPage;
  beforeEach(() => {
    p = page();
  });

  const earlier = { parts: [{ type: 'text' as const, text: 'First try.' }], model: 'test/model', state: 'done' as const, createdAt: 1, usage: { promptTokens: 10, completionTokens: 5 }, cost: 0.5 };

  it('an answer with an earlier version shows ‹ 2/2 ›; the arrow posts showVersion, and the host\'s update draws that version', async () => {
    const second = answer('a1', 'Second try.', 'done', { versions: [earlier], usage: { promptTokens: 10, completionTokens: 6 }, cost: 0.25 });
    await p.post({ type: 'state', state: state([question('u1', 'q'), second]) });
    await frames(p);
    const nav = p.page.locator('article.assistant .answer-versions');
    assert.equal(await nav.locator('.version-label').textContent(), '2/2');
    assert.equal(await nav.getByRole('button', { name: STRINGS.nextVersion }).isDisabled(), true);
    assert.match((await p.page.locator('.conversation-total').textContent()) ?? '', /\$0\.75/, 'the total counts every version: each was paid for');
    assert.match((await p.page.locator('.conversation-total').getAttribute('title')) ?? '', new RegExp(STRINGS.totalVersions));
    const from = (await p.posted()).length;
    await nav.getByRole('button', { name: STRINGS.previousVersion }).click();
    assert.deepEqual(((await p.posted()) as Posted[]).slice(from), [{ type: 'showVersion', messageId: 'a1', index: 0 }]);
    // The host swaps the shown version and sends the message back.
    const first = answer('a1', 'First try.', 'done', { usage: earlier.usage, cost: earlier.cost, versions: [{ ...earlier, parts: [{ type: 'text', text: 'Second try.' }], usage: { promptTokens: 10, completionTokens: 6 }, cost: 0.25 }], version: 0 });
    await p.post({ type: 'messageUpdated', message: first });
    await frames(p);
    assert.equal(await p.page.locator('article.assistant .markdown').innerText(), 'First try.');
    assert.equal(await nav.locator('.version-label').textContent(), '1/2');
    assert.equal(await nav.getByRole('button', { name: STRINGS.previousVersion }).isDisabled(), true);
    assert.equal(await nav.getByRole('button', { name: STRINGS.nextVersion }).isDisabled(), false);
    assert.match((await p.page.locator('.conversation-total').textContent()) ?? '', /\$0\.75/);
  });

  it('the arrows are off while an answer streams', async () => {
    await p.post({ type: 'state', state: state([question('u1', 'q'), answer('a1', 'Second.', 'done', { versions: [earlier] }), question('u2', 'more'), answer('a2', '', 'streaming')]) });
    await frames(p);
    assert.equal(await p.page.locator('article.assistant .answer-versions button').first().isDisabled(), true);
  });

  it('no arrows on an answer without versions', async () => {
    await p.post({ type: 'state', state: state([question('u1', 'q'), answer('a1', 'Only one.')]) });
    await frames(p);
    assert.equal(await p.page.locator('.answer-versions').count(), 0);
  });

  it('Copy Answer asks the host to copy that answer, and says Copied', async () => {
    await p.post({ type: 'state', state: state([question('u1', 'q'), answer('a1', '# Title\n\nSome **text**.')]) });
    await frames(p);
    const from = (await p.posted()).length;
    const copy = p.page.locator('article.assistant .answer-meta').getByRole('button', { name: STRINGS.copyAnswer });
    await copy.click();
    const [req] = ((await p.posted()) as { type: string; id: number; method: string; params: unknown }[]).slice(from);
    assert.deepEqual({ type: req!.type, method: req!.method, params: req!.params }, { type: 'request', method: 'copyAnswer', params: { messageId: 'a1' } });
    await p.post({ type: 'response', id: req!.id, result: { ok: true } });
    await p.page.waitForFunction((s) => document.querySelector('[role="status"]')?.textContent === s, STRINGS.copied, { timeout: 5000 });
  });

  it('no Copy Answer on an answer without text (a failure before any)', async () => {
    await p.post({ type: 'state', state: state([question('u1', 'q'), answer('a1', '', 'error', { error: { message: 'failed', actions: [] } })]) });
    await frames(p);
    assert.equal(await p.page.getByRole('button', { name: STRINGS.copyAnswer }).count(), 0);
  });
});
