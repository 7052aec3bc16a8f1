// src/core/protocol/csp.ts in Chromium: the chat view's Content-Security-Policy on its own. The
// model's HTML is put in the page live, past marked and the sanitizer (as if both had failed):
// the policy alone must keep it from running or loading anything, while the page's own script,
// styles, font and data: thumbnails still work.
import * as assert from 'node:assert/strict';
import { HOSTILE_PAYLOADS } from './hostilePayloads';
import { settle } from './inspect';
import { foreignRequests, ORIGIN, useWebviewPage, type WebviewPage } from './page';

// A policy cannot stop a navigation of the page itself (a meta refresh to a web address): the
// sanitizer removes <meta> (tested alone in markdown.test.ts) and VS Code's webview frame blocks
// navigations. Every other payload must be held by the policy.
const NAVIGATES = (html: string) => /http-equiv="refresh" content="0;url=https:/.test(html);
const PAYLOADS = HOSTILE_PAYLOADS.filter((p) => !NAVIGATES(p));

/** Puts each payload in the page live: its scripts, handlers, loads and styles take effect unless something stops them. */
async function insertLive(p: WebviewPage, htmls: string[]): Promise<void> {
  await p.page.evaluate((list) => {
    const root = document.createElement('div');
    root.id = 'raw';
    document.body.append(root);
    for (const html of list) {
      const box = document.createElement('div');
      root.append(box);
      box.append(document.createRange().createContextualFragment(html));
    }
  }, htmls);
}

/** Sends every form the payloads brought (a form posts the page's data wherever it points). */
async function submitForms(p: WebviewPage): Promise<number> {
  return p.page.evaluate(() => {
    const forms = Array.from(document.querySelectorAll<HTMLFormElement>('#raw form'));
    for (const f of forms) {
      try {
        f.requestSubmit();
      } catch {
        // A form without a submit button is sent by submit().
        f.submit();
      }
    }
    return forms.length;
  });
}

async function ran(p: WebviewPage): Promise<{ pwned: number; base: string }> {
  return p.page.evaluate(() => ({ pwned: (window as unknown as { __pwned: unknown[] }).__pwned.length, base: document.baseURI }));
}

describe('webview: the Content-Security-Policy alone (Chromium)', function () {
  this.timeout(60_000);

  describe('with the policy', () => {
    const page = useWebviewPage();
    let p: WebviewPage;
    beforeEach(() => {
      p = page();
    });

    it(`holds alone: ${PAYLOADS.length} payloads put in the page live, past marked and the sanitizer, run nothing and load nothing`, async () => {
      await insertLive(p, PAYLOADS);
      assert.ok((await submitForms(p)) > 0, 'the payloads bring forms');
      await settle(p);
      const r = await ran(p);
      assert.equal(r.pwned, 0, 'a payload ran');
      assert.equal(r.base, `${ORIGIN}/index.html`, 'a <base> redirected the page\'s relative addresses');
      assert.deepEqual(p.dialogs, []);
      // The page tries (Chromium reports each attempt); the policy stops each before it leaves.
      assert.ok(foreignRequests(p.requests).some((u) => u.startsWith('https://evil.test/')), 'the payloads tried to load');
      assert.deepEqual(foreignRequests(p.sent), []);
      assert.equal(p.page.url(), `${ORIGIN}/index.html`);
    });

    it("lets in the page's own script, styles and font, and data: images; nothing else loads or connects", async () => {
      const r = await p.page.evaluate(async (origin) => {
        const sheets = Array.from(document.styleSheets).map((s) => s.href);
        const fonts = await document.fonts.load('16px codicon');
        const img = (src: string) =>
          new Promise<boolean>((resolve) => {
            const i = new Image();
            i.onload = () => resolve(i.naturalWidth > 0);
            i.onerror = () => resolve(false);
            i.src = src;
          });
        const pixel = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw==';
        const fetched = await fetch(`${origin}/webview.css`).then(
          () => 'fetched',
          () => 'blocked',
        );
        // A worker is refused after it is created: wait for the policy to report it (a worker the
        // policy let through never is, and the test times out).
        const refused = new Promise<string>((resolve) =>
          document.addEventListener('securitypolicyviolation', (e) => {
            if (e.blockedURI.includes('as-worker')) resolve(`blocked by ${e.effectiveDirective}`);
          }),
        );
        new Worker(`${origin}/webview.js?as-worker`);
        const worker = await refused;
        // A script the page did not mark with its nonce.
        const s = document.createElement('script');
        s.textContent = 'window.__pwned.push("inline")';
        document.body.append(s);
        return {
          ready: (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'),
          sheets,
          fonts: fonts.length,
          dataImage: await img(pixel),
          ownImage: await img(`${origin}/codicon.ttf?as-image`),
          fetched,
          worker,
          pwned: (window as unknown as { __pwned: unknown[] }).__pwned.length,
        };
      }, ORIGIN);
      await settle(p);
      assert.equal(r.ready, true, 'the bundle (with the nonce) ran');
      assert.ok(r.sheets.includes(`${ORIGIN}/webview.css`) && r.sheets.includes(`${ORIGIN}/codicon.css`), r.sheets.join());
      assert.ok(r.fonts > 0, 'the codicon font loaded');
      assert.equal(r.dataImage, true, 'a data: image (an attachment thumbnail) shows');
      assert.equal(r.ownImage, false, 'an image from an address does not load');
      assert.equal(r.fetched, 'blocked');
      assert.equal(r.worker, 'blocked by worker-src');
      assert.equal(r.pwned, 0, 'a script without the nonce ran');
      for (const probe of ['as-image', 'as-worker']) assert.ok(!p.sent.some((u) => u.includes(probe)), `${probe} left the page`);
      assert.equal(p.sent.filter((u) => u === `${ORIGIN}/webview.css`).length, 1, 'fetch reached the network');
    });
  });

  describe('without the policy (the checks above can see an attack)', () => {
    const page = useWebviewPage({ noCsp: true });
    let p: WebviewPage;
    beforeEach(() => {
      p = page();
    });

    it('the same payloads run, load and take over relative addresses', async () => {
      await insertLive(p, PAYLOADS);
      await settle(p);
      const r = await ran(p);
      assert.ok(r.pwned > 0, 'nothing ran');
      assert.ok(p.dialogs.length > 0, 'no dialog opened');
      assert.ok(foreignRequests(p.sent).some((u) => u.startsWith('https://evil.test/')), 'nothing loaded');
      assert.equal(r.base, 'https://evil.test/');
    });
  });
});
