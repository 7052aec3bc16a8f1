// The open tail of a streamed answer is not rebuilt for every token: plain words are written into
// the text already shown, and any other change replaces only the nodes that differ. Both must
// leave exactly what rendering the tail afresh gives: checked after every chunk, for texts made
// to trip the shortcut (links, entities, emphasis, list markers, definitions, a heading's
// underline arriving later) cut every way, in Chromium.
import * as assert from 'node:assert/strict';
import { useWebviewPage } from './page';
import type { StreamingTailParts } from './harness/streamingTail';

type Win = Window & { streamingTail: StreamingTailParts };

/** Texts whose rendering changes when a few more characters arrive. */
const TRICKY = [
  'Visit www.example.com today, or write to me at someone@example.org for more words here',
  'See https://example.com/docs and then more plain words after the address',
  'A [reference] link used before its definition\n\n[reference]: https://example.com/ref and words',
  'bar\n\n[x]: bar baz more words',
  '- bar\n\n  [x]: bar baz and words',
  '1 item\n\n10 items\n\n1986. A year, then words after it',
  '# Title with words\n\nAnd a paragraph with plain words in it',
  '**bold** text and *emphasis* then plain words and snake_case words and foo*bar words',
  'Entities: &amp and &copy then &#169 and words, and &amp; done',
  '- item one\n- item two with words\n  continued with more words\n- three',
  '> a quote with words\nlazy continuation words\n\nafter the quote',
  'Setext heading words\n===\n\nAnother one\n---\n\nand words',
  'A `code span with words` and an open `one with words',
  'para\n\n    indented code words\n    more code words\n\nafter',
  '| a | b |\n|---|---|\n| 1 | 2 |\n| words here | more words |\n\nafter the table',
  'naïve café, déjà vu, 東京 and words, Ωμέγα',
  'two spaces at the end  \nmake a break, then words',
  'a backslash at the end\\\nmakes a break, then words',
  '<b bold words> and <i>words</i> written as text',
  'Some words\n\n```ts\nconst x = 1; // words\n```\n\nand words after the code',
  '1. first item words\n2. second item words\n\n   a paragraph in it with words',
  'words then a rule\n\n***\n\nwords after it, and ~~struck words~~ too',
  '- \n-  item after a space\n1. \n2.  \n# \n#  heading\n>  quote   words  \nend   ',
  'tabs\tbetween\t words \t\nand at the end\t\t',
  '| left | center | right |\n|:---|:---:|---:|\n| a | b | c |\n| `x \\| y` | [link](https://example.com) | **bold** |\n| only one |\n| 1 | 2 | 3 | 4 extra |\n|  |  |  |\n\nafter',
  '| a | b |\n|---|---|\n| 1 | 2 |\nlazy row without pipes\n| 3 | 4 |\n# a heading ends it\n| not | a row |',
  '  | indented | table |\n  |---|---|\n  | 1 | 2 |\n   | 3 | 4 |\n> a quote ends it',
  '| a |\n|---|\n| <b>html</b> & entities &amp; |\n| www.example.com and [x][ref] |\n\n[ref]: https://example.com/ref',
  'a | b\n--|--\n1 | 2\n| 3 | 4 |\n',
  'Line ends\r\nfrom Windows\r\n\r\n# A heading\r\n\r\n- one\r\n- two\r\n\r\n```js\r\nconst x = 1;\r\n```\r\n\r\nand a lone\rCR, then words',
];

/** The same text cut into chunks of `size` characters, or before every space as a model's tokens are (size 0). */
function cut(text: string, size: number): string[] {
  if (size === 0) return text.split(/(?= )/);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

describe('webview: the open tail of a streamed answer (Chromium)', function () {
  this.timeout(120_000);
  const page = useWebviewPage({ harness: 'streamingTail' });

  it('shows exactly what rendering it afresh would, after every chunk, however the text is cut', async () => {
    const cases = TRICKY.flatMap((text) => [1, 2, 3, 5, 7, 0].map((size) => ({ text, chunks: cut(text, size) })));
    const result = await page().page.evaluate((list) => {
      const { StreamingRenderer, renderMarkdown } = (window as unknown as Win).streamingTail;
      const failures: string[] = [];
      let checked = 0;
      let kept = 0;
      for (const { text, chunks } of list) {
        const root = document.createElement('div');
        document.body.append(root);
        const r = new StreamingRenderer(root);
        let previous: Node | null = null;
        let received = '';
        for (const c of chunks) {
          r.append(c);
          r.flush();
          received += c;
          const shown = r.shownTail;
          if (shown === undefined) continue;
          // All that arrived is shown but spaces at the very end (they wait for the next word) and,
          // in a table, the row still arriving.
          // Line ends as marked reads them (a CR at the very end waits for a possible LF).
          const arrived = received.replace(/\r$/, '').replace(/\r\n?/g, '\n');
          const upToRow = arrived.slice(0, arrived.lastIndexOf('\n') + 1);
          if (!arrived.replace(/[ \t]+$/, '').endsWith(shown) && !(shown.endsWith('\n') && upToRow.endsWith(shown)) && failures.length < 5) {
            failures.push(`${JSON.stringify(text.slice(0, 30))}: the tail shows ${JSON.stringify(shown.slice(-30))} of ${JSON.stringify(received.slice(-30))}`);
          }
          const tail = root.querySelector(':scope > .tail')!;
          const fresh = document.createElement('div');
          fresh.className = tail.className;
          fresh.append(renderMarkdown(shown, false));
          checked++;
          if (!tail.isEqualNode(fresh) && failures.length < 5) {
            failures.push(`${JSON.stringify(text.slice(0, 30))} at ${JSON.stringify(shown.slice(-30))}:\n  shown ${tail.innerHTML}\n  fresh ${fresh.innerHTML}`);
          }
          // Nodes are kept from one chunk to the next where they can be.
          if (previous && tail.contains(previous)) kept++;
          previous = tail.firstElementChild;
        }
        root.remove();
      }
      return { failures, checked, kept };
    }, cases);
    assert.deepEqual(result.failures, []);
    assert.ok(result.checked > 2000, `checked after ${result.checked} chunks`);
    assert.ok(result.kept > result.checked / 2, `the tail's first element was kept after ${result.kept} of ${result.checked} chunks`);
  });

  it('finishes a block as soon as any kind of boundary follows it, whatever the chunks', async () => {
    // [text, blocks finished once it has arrived (the last block stays open)]
    const cases: [string, number][] = [
      ['A paragraph\n\nnext', 1],
      ['A paragraph\n   \t\nnext', 1],
      ['# Heading\nnext', 1],
      ['  ### Indented heading\nnext', 1],
      ['Setext\n===\nnext', 1],
      ['Setext two\n---\nnext', 1],
      ['para\n\n***\nnext', 2],
      ['para\n\n_ _ _\nnext', 2],
      ['para\n```js\nconst x = 1;', 1],
      ['para\n~~~\ncode', 1],
      ['| a | b |\n|---|---|\n| 1 | 2 |\n\nnext', 1],
      ['- a\n- b\n\nnext', 1],
      ['> quoted\n\nnext', 1],
      ['one\n\ntwo\n\nthree\n\nfour', 3],
      ['Windows\r\n\r\n# line ends\r\nnext', 2],
      ['lone\r\rCR\rline ends', 1],
    ];
    const result = await page().page.evaluate((list) => {
      const { StreamingRenderer } = (window as unknown as Win).streamingTail;
      return list.map(([text]) =>
        [1, 2, 3, 0].map((size) => {
          const root = document.createElement('div');
          document.body.append(root);
          const r = new StreamingRenderer(root);
          const chunks = size === 0 ? text.split(/(?=[\r\n])/) : text.match(new RegExp(`[^]{1,${size}}`, 'g'))!;
          for (const c of chunks) {
            r.append(c);
            r.flush();
          }
          const finished = root.querySelectorAll(':scope > .blocks:not(.tail) > *').length;
          root.remove();
          return finished;
        }),
      );
    }, cases);
    assert.deepEqual(
      result.map((counts, i) => `${JSON.stringify(cases[i]![0])}: ${counts.join(' ')}`),
      cases.map(([text, n]) => `${JSON.stringify(text)}: ${[n, n, n, n].join(' ')}`),
    );
  });

  it('brings any rendered tail to any other, node for node, keeping what matches', async () => {
    const result = await page().page.evaluate((texts) => {
      const { morphChildren, renderMarkdown } = (window as unknown as Win).streamingTail;
      const failures: string[] = [];
      for (const from of texts) {
        for (const to of texts) {
          const live = document.createElement('div');
          live.append(renderMarkdown(from, false));
          const first = live.firstChild;
          morphChildren(live, renderMarkdown(to, false));
          const fresh = document.createElement('div');
          fresh.append(renderMarkdown(to, false));
          if (!live.isEqualNode(fresh)) failures.push(`${JSON.stringify(from.slice(0, 20))} → ${JSON.stringify(to.slice(0, 20))}`);
          if (from === to && live.firstChild !== first) failures.push(`${JSON.stringify(from.slice(0, 20))} not kept`);
        }
      }
      return failures;
    }, TRICKY);
    assert.deepEqual(result, []);
  });

  it('keeps a selection the reader made in the tail while more words arrive', async () => {
    const p = page();
    const selected = await p.page.evaluate(() => {
      const { StreamingRenderer } = (window as unknown as Win).streamingTail;
      const root = document.createElement('div');
      document.body.append(root);
      const r = new StreamingRenderer(root);
      r.append('A first sentence the reader selects. And ');
      r.flush();
      const p = root.querySelector('.tail p')!;
      const range = document.createRange();
      range.setStart(p.firstChild!, 2);
      range.setEnd(p.firstChild!, 16);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
      for (const c of ['more words', ', with *emphasis*', ' and `code`.', ' Then plain words']) {
        r.append(c);
        r.flush();
      }
      return getSelection()!.toString();
    });
    assert.equal(selected, 'first sentence');
  });
});
