// A page script for test/webview/renderHighlight.test.ts (bundled for the browser by `esbuild.mjs
// --tests`): code coloured as DOM, beside highlight.js's own HTML of the same code.
import hljs from 'highlight.js/lib/core';
import { renderMarkdown } from '../../../src/webview/markdown';
import { canHighlight, fragmentOf, highlightCode, keepToOpenLineBreak, scopeClass, type TokenNode } from '../../../src/webview/renderHighlight';

function shape(frag: DocumentFragment): { html: string; text: string; elements: string[] } {
  const box = document.createElement('div');
  box.append(frag);
  return {
    html: box.innerHTML,
    text: box.textContent ?? '',
    elements: Array.from(box.querySelectorAll('*'), (e) => `${e.tagName}[${Array.from(e.attributes, (a) => a.name).join(',')}]`),
  };
}

const api = {
  scopeClass,
  canHighlight,
  tree: (root: TokenNode) => shape(fragmentOf(root)),
  /** highlight.js's HTML for the code, parsed inertly and written out again (the reference). */
  reference(code: string, lang: string): string {
    const t = document.createElement('template');
    t.innerHTML = hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
    return t.innerHTML;
  },
  ours(code: string, lang: string) {
    const r = highlightCode(code, lang);
    return r && { ...shape(r.frag), atRoot: r.atRoot };
  },
  /** Highlights, then keeps up to the last line break outside every span. */
  cut(code: string, lang: string) {
    const r = highlightCode(code, lang)!;
    const kept = keepToOpenLineBreak(r.frag);
    return { kept, atRoot: r.atRoot, ...shape(r.frag) };
  },
  /** Highlights and puts the result in the page, live. */
  live(code: string, lang: string): boolean {
    const r = highlightCode(code, lang);
    const pre = document.createElement('pre');
    if (r) pre.append(r.frag);
    document.body.append(pre);
    return !!r;
  },
  markdown(md: string, final: boolean) {
    return shape(renderMarkdown(md, final));
  },
};
export type RenderHighlightApi = typeof api;

(window as unknown as { renderHighlight: RenderHighlightApi }).renderHighlight = api;
