// Code coloured as DOM. highlight.js wraps the words it recognises in <span class="hljs-…">; as
// HTML, its output would have to go through the sanitizer like anything else derived from the
// model's text, and sanitizing those thousands of spans cost more than highlighting them (about
// 7 ms for a block of 200 lines, at the moment the answer should be final). So the spans are built
// from highlight.js's token tree instead: the only elements are <span>s whose class names come
// from the grammars, and the code is only ever text nodes. Nothing is parsed as HTML, so there is
// nothing a payload in the code could become.
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import markdown from 'highlight.js/lib/languages/markdown';
import php from 'highlight.js/lib/languages/php';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

for (const [name, lang] of Object.entries({ bash, c, cpp, csharp, css, diff, go, java, javascript, json, kotlin, markdown, php, python, ruby, rust, shell, sql, swift, typescript, xml, yaml })) {
  hljs.registerLanguage(name, lang);
}

/** A node of highlight.js's token tree (its TokenTreeEmitter's `root`): a scope and what it holds. */
export interface TokenNode {
  readonly scope?: string;
  readonly children: readonly (string | TokenNode)[];
}

export interface Highlighted {
  /** The code as text nodes, the recognised parts in `<span class="hljs-…">`. */
  readonly frag: DocumentFragment;
  /**
   * Whether the code ended outside any multi-line construct (comment, string…): code after it can
   * then be highlighted on its own with the same result, which is what lets a long block be
   * highlighted in slices (./codeHighlight).
   */
  readonly atRoot: boolean;
}

/** Does highlight.js know `lang` (an id from languageOf())? */
export function canHighlight(lang: string): boolean {
  return !!hljs.getLanguage(lang);
}

/** highlight.js's class names for a scope, as its HTML renderer writes them. */
export function scopeClass(scope: string): string {
  // A language embedded in another (CSS in HTML): the block's language class.
  if (scope.startsWith('language:')) return `language-${scope.slice('language:'.length)}`;
  // A tiered scope ("title.function") → "hljs-title function_".
  const [first, ...rest] = scope.split('.');
  return [`hljs-${first}`, ...rest.map((part, i) => `${part}${'_'.repeat(i + 1)}`)].join(' ');
}

function build(parent: Node, node: TokenNode): void {
  for (const child of node.children) {
    if (typeof child === 'string') {
      parent.appendChild(document.createTextNode(child));
    } else if (child.scope) {
      const span = document.createElement('span');
      span.className = scopeClass(child.scope);
      build(span, child);
      parent.appendChild(span);
    } else {
      // A node without a scope (an embedded language highlight.js could not name) adds no element.
      build(parent, child);
    }
  }
}

/** The elements of a token tree, as highlight.js's HTML renderer would write them. */
export function fragmentOf(root: TokenNode): DocumentFragment {
  const frag = document.createDocumentFragment();
  build(frag, root);
  return frag;
}

/**
 * `code` coloured, or undefined when the language is unknown or highlighting failed (the caller
 * shows the code as plain text).
 */
export function highlightCode(code: string, lang: string): Highlighted | undefined {
  const language = hljs.getLanguage(lang);
  // Stryker disable next-line ConditionalExpression: highlight.js throws for an unknown language, and the catch below returns the same
  if (!language) return undefined;
  try {
    const r = hljs.highlight(code, { language: lang, ignoreIllegals: true });
    const frag = fragmentOf((r._emitter as unknown as { root: TokenNode }).root);
    // highlight.js compiles a language in place: its root mode is the language object itself.
    return { frag, atRoot: r._top === language };
  } catch {
    return undefined;
  }
}

/**
 * Keeps `frag` (highlighted code) up to its last line break outside every span, dropping what
 * follows; the characters kept, or undefined (and `frag` unchanged) when there is no such break.
 */
export function keepToOpenLineBreak(frag: DocumentFragment): number | undefined {
  for (let node = frag.lastChild; node; node = node.previousSibling) {
    if (!(node instanceof Text)) continue;
    const at = node.data.lastIndexOf('\n');
    if (at < 0) continue;
    // What follows the break in the same text node (nothing when the break ends it) goes too.
    node.splitText(at + 1);
    while (node.nextSibling) node.nextSibling.remove();
    return frag.textContent!.length;
  }
  return undefined;
}
