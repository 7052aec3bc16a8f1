// src/webview/markdown.ts in Chromium, one defence at a time. Rendering runs three layers in a
// row (marked writes the model's HTML as text; DOMPurify keeps an allow-list; decorate takes the
// address off every link), and with all three in a row the first one hides a broken second or
// third: a switched-off sanitizer passed every test that only rendered markdown. So each layer
// gets the hostile input itself, in a page without a CSP, and must hold on its own.
import * as assert from 'node:assert/strict';
import type { MarkdownLayers } from './harness/markdownLayers';
import { HOSTILE_PAYLOADS } from './hostilePayloads';
import { inspect, settle } from './inspect';
import { foreignRequests, useWebviewPage, type WebviewPage } from './page';

type Win = Window & { markdownLayers: MarkdownLayers; __pwned: unknown[] };

/** Elements marked writes for markdown (the checkbox and highlighting use spans). */
const MARKDOWN_TAGS = ['P', 'BR', 'HR', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'UL', 'OL', 'LI', 'STRONG', 'EM', 'DEL', 'CODE', 'PRE', 'BLOCKQUOTE', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'A', 'SPAN'];

/** One markdown document that uses every element and attribute the sanitizer lets through. */
const EVERY_ELEMENT = [
  '# h1',
  '## h2',
  '### h3',
  '#### h4',
  '##### h5',
  '###### h6',
  '',
  'A line  ',
  'broken, **strong**, *em*, ~~del~~, `code` and a [link](https://example.com/a "a title").',
  '',
  '---',
  '',
  '- item',
  '- [x] done',
  '',
  '3. third',
  '4. fourth',
  '',
  '> quoted',
  '',
  '| left | right |',
  '|:-----|------:|',
  '| 1    | 2     |',
  '',
  '```ts',
  'const x: number = 42;',
  '```',
  '',
  '![a picture](https://example.com/p.png)',
].join('\n');

/** Adds HTML to the page so that it is live: its scripts run, its images load, as the view's would. */
async function insertLive(p: WebviewPage, htmls: string[]): Promise<void> {
  await p.page.evaluate((list) => {
    const root = document.createElement('div');
    root.id = 'out';
    document.body.append(root);
    for (const html of list) {
      const box = document.createElement('div');
      root.append(box);
      box.append(document.createRange().createContextualFragment(html));
    }
  }, htmls);
}

/** Tags and attributes of HTML, parsed inertly (nothing runs, nothing loads). */
async function elementsOf(p: WebviewPage, html: string): Promise<{ tags: string[]; attrs: string[] }> {
  return p.page.evaluate((h) => {
    const t = document.createElement('template');
    t.innerHTML = h;
    const els = Array.from(t.content.querySelectorAll('*'));
    return {
      tags: [...new Set(els.map((e) => e.tagName))].sort(),
      attrs: [...new Set(els.flatMap((e) => Array.from(e.attributes).map((a) => `${e.tagName}[${a.name}]`)))].sort(),
    };
  }, html);
}

/** Runs the sanitizer on each HTML and puts the fragments in the page; `decorated` adds layer 3. */
async function sanitizeIntoPage(p: WebviewPage, htmls: string[], decorated = false): Promise<void> {
  await p.page.evaluate(
    ({ list, decorated }) => {
      const { sanitizeHtml, decorate } = (window as unknown as Win).markdownLayers;
      const root = document.createElement('div');
      root.id = 'out';
      document.body.append(root);
      for (const html of list) {
        const frag = sanitizeHtml(html);
        if (decorated) decorate(frag, true);
        const box = document.createElement('div');
        box.append(frag);
        root.append(box);
      }
    },
    { list: htmls, decorated },
  );
}

function assertNothingRanOrLoaded(p: WebviewPage, pwned: number): void {
  assert.equal(pwned, 0, 'a payload ran');
  assert.deepEqual(p.dialogs, []);
  assert.deepEqual(foreignRequests(p.requests), []);
}

describe('webview/markdown: each defence alone (Chromium, no CSP)', function () {
  this.timeout(60_000);
  const page = useWebviewPage({ noCsp: true, harness: 'markdownLayers' });
  let p: WebviewPage;
  beforeEach(() => {
    p = page();
  });

  describe('layer 1, marked: the model writes text, never HTML', () => {
    it('every hostile payload comes out as markdown elements only', async () => {
      const bad = await p.page.evaluate(
        ({ list, tags }) => {
          const { markdownToHtml } = (window as unknown as Win).markdownLayers;
          const found: string[] = [];
          for (const [i, text] of list.entries()) {
            const t = document.createElement('template');
            t.innerHTML = markdownToHtml(text);
            for (const e of Array.from(t.content.querySelectorAll('*'))) {
              if (!tags.includes(e.tagName)) found.push(`#${i}: ${e.tagName}`);
              for (const a of Array.from(e.attributes)) if (!['href', 'title', 'class', 'align', 'start'].includes(a.name)) found.push(`#${i}: ${e.tagName}[${a.name}]`);
            }
          }
          return found;
        },
        { list: HOSTILE_PAYLOADS, tags: MARKDOWN_TAGS },
      );
      assert.deepEqual(bad, []);
    });

    it('its output, put in the page as is (no sanitizer, no CSP), runs and loads nothing', async () => {
      const outputs = await p.page.evaluate((list) => list.map((t) => (window as unknown as Win).markdownLayers.markdownToHtml(t)), HOSTILE_PAYLOADS);
      await insertLive(p, outputs);
      await settle(p);
      assertNothingRanOrLoaded(p, (await inspect(p, '#out', { linksKeepHref: true, tags: ['DIV', ...MARKDOWN_TAGS] })).pwned);
    });

    it('shows the HTML a model quotes as text, and an image as a placeholder link that names it', async () => {
      const r = await p.page.evaluate(() => {
        const { markdownToHtml } = (window as unknown as Win).markdownLayers;
        const t = document.createElement('template');
        t.innerHTML = markdownToHtml('Use <b>bold</b> or <script>go()</script>.\n\n<div onclick="x">block</div>\n\n![the chart](https://example.com/c.png) ![](https://example.com/d.png) ![]()');
        const imgs = Array.from(t.content.querySelectorAll('a.remote-image')).map((img) => ({ href: img.getAttribute('href'), text: img.textContent }));
        return { text: t.content.textContent, imgs };
      });
      assert.match(r.text ?? '', /Use <b>bold<\/b> or <script>go\(\)<\/script>\./);
      assert.match(r.text ?? '', /<div onclick="x">block<\/div>/);
      // Without a description, the placeholder names the address (and shows nothing without either).
      assert.deepEqual(r.imgs, [
        { href: 'https://example.com/c.png', text: 'the chart' },
        { href: 'https://example.com/d.png', text: 'https://example.com/d.png' },
        { href: '', text: '' },
      ]);
    });

    it('joins the lines of a paragraph as CommonMark does: only two trailing spaces break a line', async () => {
      const html = await p.page.evaluate(() => (window as unknown as Win).markdownLayers.markdownToHtml('one\ntwo  \nthree'));
      assert.equal(html, '<p>one\ntwo<br>three</p>\n');
    });

    it('writes fenced code as escaped text only: colours come later, never as HTML', async () => {
      const r = await p.page.evaluate(() => {
        const { markdownToHtml } = (window as unknown as Win).markdownLayers;
        return { ts: markdownToHtml('```ts\nconst a = "<b>" && 1;\n```'), unknown: markdownToHtml('```nolang\n<i>x</i>\n```'), none: markdownToHtml('```\n<i>x</i>\n```') };
      });
      assert.equal(r.ts, '<pre><code class="hljs language-ts">const a = &quot;&lt;b&gt;&quot; &amp;&amp; 1;</code></pre>\n');
      assert.equal(r.unknown, '<pre><code class="hljs language-nolang">&lt;i&gt;x&lt;/i&gt;</code></pre>\n');
      assert.equal(r.none, '<pre><code class="hljs">&lt;i&gt;x&lt;/i&gt;</code></pre>\n');
    });

    it('writes task list boxes as text, not as inputs', async () => {
      const html = await p.page.evaluate(() => (window as unknown as Win).markdownLayers.markdownToHtml('- [x] done\n- [ ] todo'));
      assert.match(html, /<span class="task">☑<\/span> done/);
      assert.match(html, /<span class="task">☐<\/span> todo/);
      assert.doesNotMatch(html, /<input/);
    });

    it('escapeHtml and languageOf keep what they return safe to put in HTML', async () => {
      const r = await p.page.evaluate(() => {
        const { escapeHtml, languageOf } = (window as unknown as Win).markdownLayers;
        return {
          escaped: escapeHtml(`<a href="x" title='y'>&amp;</a>`),
          langs: ['ts', '  TypeScript  extra words', 'c++', 'c#', 'objective-c', 'x.y', '"><img src=x>', 'a b', '', 'x'.repeat(40), 'x'.repeat(41), 'ja va'].map((s) => languageOf(s)),
          missing: languageOf(undefined),
        };
      });
      assert.equal(r.escaped, '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
      assert.deepEqual(r.langs, ['ts', 'typescript', 'c++', 'c#', 'objective-c', 'x.y', '', 'a', '', 'x'.repeat(40), '', 'ja']);
      assert.equal(r.missing, '');
    });
  });

  describe('layer 2, the sanitizer: raw hostile HTML straight into it', () => {
    it('every payload as raw HTML (no marked, no CSP) keeps only allowed elements and addresses, and runs and loads nothing', async () => {
      await sanitizeIntoPage(p, HOSTILE_PAYLOADS);
      await settle(p);
      const r = await inspect(p, '#out', { linksKeepHref: true });
      assert.deepEqual(r.bad, []);
      assertNothingRanOrLoaded(p, r.pwned);
    });

    it('keeps a link only with an http(s) or mailto address, in any letter case', async () => {
      const hrefs = await p.page.evaluate(() => {
        const { sanitizeHtml } = (window as unknown as Win).markdownLayers;
        const links = [
          'https://example.com/a',
          'HTTPS://EXAMPLE.COM/B',
          'http://example.com/c',
          'mailto:someone@example.com',
          'MailTo:someone@example.com',
          'javascript:alert(1)//https://example.com',
          ' javascript:alert(1)',
          'data:text/html,<script>alert(1)</script>',
          'file:///etc/passwd',
          'command:workbench.action.terminal.new',
          'vscode://tokenhub.tokenhub-vscode/x',
          'x-https://example.com',
          '//evil.test/x',
          'relative/path',
        ];
        return links.map((href) => {
          const a = document.createElement('a');
          a.setAttribute('href', href);
          a.textContent = 'x';
          return sanitizeHtml(a.outerHTML).querySelector('a')?.getAttribute('href') ?? null;
        });
      });
      assert.deepEqual(hrefs, [
        'https://example.com/a',
        'HTTPS://EXAMPLE.COM/B',
        'http://example.com/c',
        'mailto:someone@example.com',
        'MailTo:someone@example.com',
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
      ]);
    });

    it('keeps every element and attribute markdown produces, and only those attributes', async () => {
      const before = await p.page.evaluate((md) => (window as unknown as Win).markdownLayers.markdownToHtml(md), EVERY_ELEMENT);
      const after = await p.page.evaluate((html) => {
        const d = document.createElement('div');
        d.append((window as unknown as Win).markdownLayers.sanitizeHtml(html));
        return d.innerHTML;
      }, before);
      const b = await elementsOf(p, before);
      const a = await elementsOf(p, after);
      assert.deepEqual(b.tags, MARKDOWN_TAGS.slice().sort(), 'the sample uses every element');
      assert.deepEqual(a.tags, b.tags);
      assert.deepEqual(a.attrs, b.attrs);
      for (const attr of ['A[href]', 'A[title]', 'CODE[class]', 'SPAN[class]', 'TH[align]', 'TD[align]', 'OL[start]']) assert.ok(a.attrs.includes(attr), attr);
    });

    it('drops ids, styles, data-, aria- and event attributes and unknown elements, keeping their text', async () => {
      const out = await p.page.evaluate(() => {
        const d = document.createElement('div');
        d.append(
          (window as unknown as Win).markdownLayers.sanitizeHtml(
            '<p id="i" style="color:red" data-x="1" aria-label="l" onclick="x()" title="t" class="c" lang="en" dir="rtl">kept</p>' +
              '<div><font color="red">in a div</font></div><img src="x.png" alt="alt"><input value="v"><form><button>b</button></form><svg><text>s</text></svg>',
          ),
        );
        return d.innerHTML;
      });
      assert.equal(out, '<p title="t" class="c">kept</p>in a divb');
    });

    it('returns a fragment for any input, an empty one where nothing is left (a frameset)', async () => {
      const r = await p.page.evaluate(() => {
        const { sanitizeHtml } = (window as unknown as Win).markdownLayers;
        return ['<p>one</p><p>two</p>', '<frameset onload="x()"><frame src="https://evil.test/"></frameset>', ''].map((h) => {
          const frag = sanitizeHtml(h);
          return { fragment: frag instanceof DocumentFragment, n: frag.childNodes.length };
        });
      });
      assert.deepEqual(r, [
        { fragment: true, n: 2 },
        { fragment: true, n: 0 },
        { fragment: true, n: 0 },
      ]);
    });
  });

  describe('layer 3, decorate: no link keeps an address, whatever reaches it', () => {
    it('on unsanitized links: no href left, only http(s)/mailto ones clickable, through the host', async () => {
      const r = await p.page.evaluate(() => {
        const { decorate } = (window as unknown as Win).markdownLayers;
        const t = document.createElement('template');
        t.innerHTML = [
          '<a href="javascript:alert(1)">js</a>',
          '<a href="https://example.com/ok">ok</a>',
          '<a href="MAILTO:a@example.com">mail</a>',
          '<a href="data:text/html,x">data</a>',
          '<a href="command:x">cmd</a>',
          '<a>none</a>',
          '<a class="remote-image" href="https://example.com/i.png">pic</a>',
          '<a class="remote-image" href="javascript:alert(1)">bad pic</a>',
        ].join('');
        const frag = t.content;
        decorate(frag, true);
        return {
          hrefs: Array.from(frag.querySelectorAll('[href]')).map((e) => e.outerHTML),
          links: Array.from(frag.querySelectorAll('a')).map((a) => ({ text: a.textContent, href: a.dataset.href ?? null, role: a.getAttribute('role'), tab: a.getAttribute('tabindex'), title: a.title, cls: a.className })),
          images: Array.from(frag.querySelectorAll('button.remote-image')).map((b) => ({ text: b.textContent, type: (b as HTMLButtonElement).type, href: (b as HTMLElement).dataset.href ?? null, disabled: (b as HTMLButtonElement).disabled, title: (b as HTMLElement).title, icon: b.querySelector('span.codicon.codicon-file-media[aria-hidden="true"]') !== null })),
        };
      });
      assert.deepEqual(r.hrefs, []);
      assert.deepEqual(r.links, [
        { text: 'js', href: null, role: null, tab: null, title: '', cls: '' },
        { text: 'ok', href: 'https://example.com/ok', role: 'link', tab: '0', title: 'https://example.com/ok', cls: 'link' },
        { text: 'mail', href: 'MAILTO:a@example.com', role: 'link', tab: '0', title: 'MAILTO:a@example.com', cls: 'link' },
        { text: 'data', href: null, role: null, tab: null, title: '', cls: '' },
        { text: 'cmd', href: null, role: null, tab: null, title: '', cls: '' },
        { text: 'none', href: null, role: null, tab: null, title: '', cls: '' },
      ]);
      assert.deepEqual(r.images, [
        { text: ' pic', type: 'button', href: 'https://example.com/i.png', disabled: false, title: 'Image (not loaded): https://example.com/i.png', icon: true },
        { text: ' bad pic', type: 'button', href: null, disabled: true, title: '', icon: true },
      ]);
    });

    it('with the sanitizer: every payload as raw HTML leaves nothing with an address and nothing that runs', async () => {
      await sanitizeIntoPage(p, HOSTILE_PAYLOADS, true);
      await settle(p);
      const r = await inspect(p, '#out');
      assert.deepEqual(r.bad, []);
      assertNothingRanOrLoaded(p, r.pwned);
    });

    it('wraps code blocks with their language and, when final, the four actions', async () => {
      const r = await p.page.evaluate(() => {
        const { decorate } = (window as unknown as Win).markdownLayers;
        const make = (html: string, final: boolean) => {
          const t = document.createElement('template');
          t.innerHTML = html;
          decorate(t.content, final);
          const block = t.content.querySelector('.code-block');
          return {
            lang: block?.querySelector(':scope > .code-toolbar > .code-lang')?.textContent,
            dataLang: block?.querySelector(':scope > pre')?.getAttribute('data-lang'),
            buttons: Array.from(block?.querySelectorAll('.code-toolbar button') ?? []).map((b) => {
              const btn = b as HTMLButtonElement;
              return [btn.type, btn.className, btn.dataset.action, btn.title, btn.getAttribute('aria-label'), btn.querySelector('span')?.className, btn.querySelector('span')?.getAttribute('aria-hidden')].join('|');
            }),
          };
        };
        return {
          final: make('<pre><code class="hljs language-py">x</code></pre>', true),
          draft: make('<pre><code class="hljs language-py">x</code></pre>', false),
          plain: make('<pre><code class="hljs">x</code></pre>', true),
          // Whatever reaches it: a language class alone, and a <pre> without <code>.
          bare: make('<pre><code class="language-py">x</code></pre>', false),
          noCode: make('<pre>x</pre>', false),
        };
      });
      assert.deepEqual(r.final, {
        lang: 'py',
        dataLang: 'py',
        buttons: [
          'button|icon-button code-action|copy|Copy|Copy|codicon codicon-copy|true',
          'button|icon-button code-action|insert|Insert at Cursor|Insert at Cursor|codicon codicon-insert|true',
          'button|icon-button code-action|apply|Apply to Editor|Apply to Editor|codicon codicon-diff|true',
          'button|icon-button code-action|saveAs|Save as File|Save as File|codicon codicon-save-as|true',
        ],
      });
      assert.deepEqual(r.draft, { lang: 'py', dataLang: 'py', buttons: [] });
      assert.deepEqual(r.plain, { ...r.final, lang: 'code', dataLang: '' });
      assert.deepEqual(r.bare, r.draft);
      assert.deepEqual(r.noCode, { lang: 'code', dataLang: '', buttons: [] });
    });
  });

  describe('all three: renderMarkdown', () => {
    it('is the three layers in a row', async () => {
      const r = await p.page.evaluate((md) => {
        const { renderMarkdown, markdownToHtml, sanitizeHtml, decorate } = (window as unknown as Win).markdownLayers;
        const html = (f: DocumentFragment) => {
          const d = document.createElement('div');
          d.append(f);
          return d.innerHTML;
        };
        const byHand = (final: boolean) => {
          const f = sanitizeHtml(markdownToHtml(md));
          decorate(f, final);
          return html(f);
        };
        return { final: html(renderMarkdown(md)), byHandFinal: byHand(true), draft: html(renderMarkdown(md, false)), byHandDraft: byHand(false) };
      }, EVERY_ELEMENT);
      assert.equal(r.final, r.byHandFinal);
      assert.equal(r.draft, r.byHandDraft);
      assert.notEqual(r.final, r.draft);
    });
  });
});
