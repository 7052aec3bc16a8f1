// Code coloured as DOM built from highlight.js's token tree (src/webview/renderHighlight.ts):
// exactly the markup of highlight.js's own HTML, made of text nodes and classed spans only, so a
// payload in the code stays text with no sanitizer and no CSP; and the cut that lets long blocks
// be highlighted in pieces.
import * as assert from 'node:assert/strict';
import type { RenderHighlightApi } from './harness/renderHighlight';
import { HOSTILE_PAYLOADS } from './hostilePayloads';
import { settle } from './inspect';
import { foreignRequests, useWebviewPage, type WebviewPage } from './page';

type Win = Window & { renderHighlight: RenderHighlightApi; __pwned: unknown[] };

/** Code that makes highlight.js use tiered scopes, embedded languages and characters HTML escapes. */
const SAMPLES: { lang: string; code: string }[] = [
  { lang: 'typescript', code: 'export class Box<T> extends Base implements Shape {\n  /** a "doc" & <tag> */\n  get size(): number { return this.items.length > 0 ? 1 : 0; }\n}\nconst s = `a ${b} \'c\'`;\n' },
  { lang: 'python', code: 'class Handler(Base):\n    def run(self, value: int) -> int:\n        """Doc < & >"""\n        return value * 2  # scaled\n' },
  { lang: 'xml', code: '<!DOCTYPE html>\n<html><head><style>body { color: red; }</style>\n<script>if (a < b && c) { alert("x"); }</script></head>\n<body class="x">&amp; text</body></html>' },
  { lang: 'markdown', code: '# Title\n\nSome *text* and `code`.\n\n```js\nconst a = 1;\n```\n' },
  { lang: 'php', code: '<?php\nfunction greet(string $name): string { return "Hi {$name}"; }\n?>\n<p><?= greet("<b>") ?></p>' },
  { lang: 'css', code: '@media (max-width: 600px) { .a > b::before { content: "<x>"; color: #fff !important; } }' },
  { lang: 'bash', code: 'for f in *.ts; do echo "$f" > /dev/null && rm -- "$f"; done # <b>' },
  { lang: 'diff', code: '--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old <i>\n+new &amp;\n' },
  { lang: 'sql', code: "SELECT name, COUNT(*) FROM users WHERE note <> '<script>' GROUP BY name;" },
  { lang: 'json', code: '{ "a": [1, 2.5, true, null], "b": "<img src=x>" }' },
];

describe('webview/renderHighlight: code coloured as DOM (Chromium)', function () {
  this.timeout(60_000);

  describe('in a page without the CSP', () => {
    const page = useWebviewPage({ noCsp: true, harness: 'renderHighlight' });
    let p: WebviewPage;
    beforeEach(() => {
      p = page();
    });

    it('builds exactly the markup of highlight.js\'s own HTML, from text nodes and classed spans only', async () => {
      const r = await p.page.evaluate((samples) => {
        const api = (window as unknown as Win).renderHighlight;
        return samples.map(({ lang, code }) => ({ lang, code, ours: api.ours(code, lang), reference: api.reference(code, lang) }));
      }, SAMPLES);
      let tiered = 0;
      let embedded = 0;
      for (const { lang, code, ours, reference } of r) {
        assert.ok(ours, `${lang} is highlighted`);
        assert.equal(ours.html, reference, lang);
        assert.equal(ours.text, code, `${lang}: the text is the code, exactly`);
        assert.ok(ours.elements.length > 0, `${lang}: something is coloured`);
        assert.deepEqual(ours.elements.filter((e) => e !== 'SPAN[class]'), [], `${lang}: only spans with a class`);
        if (/class="hljs-\w+ \w+_"/.test(ours.html)) tiered++;
        if (/class="language-\w+"/.test(ours.html)) embedded++;
      }
      // The samples mean something only if they reach both special kinds of scope.
      assert.ok(tiered > 0 && embedded > 0, `tiered scopes in ${tiered} samples, embedded languages in ${embedded}`);
      for (const lang of ['typescript', 'python']) assert.equal(r.find((x) => x.lang === lang)!.ours!.atRoot, true, `${lang} ends outside every comment and string`);
    });

    it('adds no element for a node without a scope, as highlight.js\'s renderer does', async () => {
      const r = await p.page.evaluate(() =>
        (window as unknown as Win).renderHighlight.tree({ children: ['a ', { children: ['<b> ', { scope: 'keyword', children: ['if'] }] }, { scope: 'title.function', children: ['f'] }] }),
      );
      assert.equal(r.html, 'a &lt;b&gt; <span class="hljs-keyword">if</span><span class="hljs-title function_">f</span>');
      assert.equal(r.text, 'a <b> iff');
    });

    it('knows which languages it can colour', async () => {
      const r = await p.page.evaluate(() => ['ts', 'python', '', 'nolang', 'constructor'].map((l) => (window as unknown as Win).renderHighlight.canHighlight(l)));
      assert.deepEqual(r, [true, true, false, false, false]);
    });

    it('names scopes as highlight.js does', async () => {
      const names = await p.page.evaluate(() => {
        const { scopeClass } = (window as unknown as Win).renderHighlight;
        return ['keyword', 'title.function', 'title.class.inherited', 'language:css'].map(scopeClass);
      });
      assert.deepEqual(names, ['hljs-keyword', 'hljs-title function_', 'hljs-title class_ inherited__', 'language-css']);
    });

    it('keeps every hostile payload as text in any language: live in the page, nothing runs or loads', async () => {
      const langs = ['xml', 'markdown', 'typescript', 'php'];
      const r = await p.page.evaluate(
        ({ list, langs }) => {
          const api = (window as unknown as Win).renderHighlight;
          const bad: string[] = [];
          let coloured = 0;
          for (const [i, code] of list.entries()) {
            for (const lang of langs) {
              const ours = api.ours(code, lang)!;
              if (ours.text !== code) bad.push(`#${i} ${lang}: text changed`);
              for (const e of ours.elements) if (e !== 'SPAN[class]') bad.push(`#${i} ${lang}: ${e}`);
              if (ours.elements.length) coloured++;
              api.live(code, lang);
            }
          }
          return { bad, coloured };
        },
        { list: HOSTILE_PAYLOADS, langs },
      );
      assert.deepEqual(r.bad, []);
      assert.ok(r.coloured > HOSTILE_PAYLOADS.length, 'the payloads were coloured, not only escaped');
      await settle(p);
      assert.equal(await p.page.evaluate(() => (window as unknown as Win).__pwned.length), 0, 'a payload ran');
      assert.deepEqual(p.dialogs, []);
      assert.deepEqual(foreignRequests(p.requests), []);
    });

    it('cuts at the last line break outside every comment or string, and only there', async () => {
      const r = await p.page.evaluate(() => {
        const { cut } = (window as unknown as Win).renderHighlight;
        return {
          template: cut('let a = 1;\nlet b = `x\ny', 'typescript'),
          // The break is inside a text node that goes on ("x = "): the node is split there.
          split: cut('let a = 1;\nx = `open\nmore', 'typescript'),
          comment: cut('f();\n/* one\ntwo', 'typescript'),
          none: cut('/* one\ntwo', 'typescript'),
          // The break ends a text node: nothing to split, the span after it goes.
          atEnd: cut('x = 1\n"""doc\nmore', 'python'),
        };
      });
      assert.equal(r.template.atRoot, false);
      assert.deepEqual([r.template.kept, r.template.text], [11, 'let a = 1;\n']);
      assert.deepEqual([r.comment.kept, r.comment.text], [5, 'f();\n']);
      assert.deepEqual([r.split.kept, r.split.text], [11, 'let a = 1;\n']);
      assert.equal(r.none.kept, undefined);
      assert.equal(r.none.text, '/* one\ntwo', 'nothing is dropped when there is no such break');
      assert.deepEqual([r.atEnd.kept, r.atEnd.text], [6, 'x = 1\n']);
      for (const c of [r.template, r.comment, r.split, r.atEnd]) assert.doesNotMatch(c.html, /<span[^>]*>[^<]*$/, 'no span is left open or cut');
    });

    it('colours code only in finished markdown, the text exact; an unknown language stays plain', async () => {
      const r = await p.page.evaluate(() => {
        const { markdown } = (window as unknown as Win).renderHighlight;
        const src = '```ts\nconst a = "<b>" && 1;\n```';
        return { final: markdown(src, true), draft: markdown(src, false), unknown: markdown('```nolang\nconst <i>x</i>\n```', true) };
      });
      assert.match(r.final.html, /<code class="hljs language-ts"><span class="hljs-keyword">const<\/span> a = <span class="hljs-string">"&lt;b&gt;"<\/span> &amp;&amp; <span class="hljs-number">1<\/span>;<\/code>/);
      assert.match(r.draft.html, /<code class="hljs language-ts">const a = "&lt;b&gt;" &amp;&amp; 1;<\/code>/);
      assert.match(r.unknown.html, /<code class="hljs language-nolang">const &lt;i&gt;x&lt;\/i&gt;<\/code>/);
      for (const x of [r.final, r.draft, r.unknown]) assert.match(x.text, /const (a = "<b>" && 1;|<i>x<\/i>)/);
    });
  });
});
