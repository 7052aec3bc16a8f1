// Model output → safe DOM. Three layers, so one slip is not enough for a payload to run:
//  1. marked renders raw HTML in the answer as visible text (models quote HTML; we never run it),
//     and images as placeholders (a remote image is a request: it could carry the chat out);
//  2. DOMPurify with a small allow-list of tags and attributes, URIs limited to http(s)/mailto;
//  3. links lose their href: the host opens them after showing the URL (the CSP blocks the rest).
// Each layer is its own export (markdownToHtml, sanitizeHtml, decorate), so each is tested alone:
// with all three in a row, the first hides a failure of the others. Code is escaped text in all
// three; a finished block is coloured last, by decorate, with elements built from its text
// (./renderHighlight): the highlighter's output is never parsed as HTML.
import DOMPurify from 'dompurify';
// marked 18 is ESM-only; esbuild bundles it, but tsc (Node16, files are CJS) reports the import.
// @ts-expect-error TS1479: the value import is fine for the bundler; its types still resolve.
import { Marked } from 'marked';
import type { Token, Tokens } from 'marked' with { 'resolution-mode': 'import' };
import { isOpenableUrl } from '../core/protocol/chatProtocol';
import { highlightCode } from './renderHighlight';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);
}

/** A fence's info string → a language id safe to show and to use as a class name. */
export function languageOf(info: string | undefined): string {
  const first = (info ?? '').trim().split(/\s+/)[0] ?? '';
  return /^[\w+#.-]{1,40}$/.test(first) ? first.toLowerCase() : '';
}

function codeClass(lang: string): string {
  return `hljs${lang ? ` language-${lang}` : ''}`;
}

const marked: Marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(token.text);
    },
    image(token: Tokens.Image): string {
      // Never an <img>: a placeholder that names the image; the user may open its address.
      // An <a> so that DOMPurify checks the address like any link; decorate() makes it a button.
      return `<a class="remote-image" href="${escapeHtml(token.href ?? '')}">${escapeHtml(token.text || token.href || '')}</a>`;
    },
    checkbox(token: Tokens.Checkbox): string {
      return `<span class="task">${token.checked ? '☑' : '☐'}</span> `;
    },
    code(token: Tokens.Code): string {
      return `<pre><code class="${codeClass(languageOf(token.lang))}">${escapeHtml(token.text)}</code></pre>\n`;
    },
  },
});

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'strong', 'em', 'del', 'code', 'pre',
  'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'span',
];
const PURIFY_CONFIG = {
  ALLOWED_TAGS,
  ALLOWED_ATTR: ['href', 'title', 'class', 'align', 'start'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  // Values DOMPurify may keep without matching the URI pattern above (it checks every attribute
  // not on its own list of such): a table column's alignment and an ordered list's first number.
  ADD_URI_SAFE_ATTR: ['align', 'start'],
  RETURN_DOM_FRAGMENT: true as const,
};

let purifyConfigured = false;
/** The config is set once (parsing it on every call costs more than sanitizing a small block). */
function configurePurify(): void {
  if (purifyConfigured) return;
  DOMPurify.setConfig(PURIFY_CONFIG);
  purifyConfigured = true;
}

/** Labels of code block buttons, from the host's strings: a short word on the button, the whole name in its tooltip. */
export interface CodeBlockLabels {
  copy: string;
  insert: string;
  apply: string;
  saveAs: string;
  insertShort: string;
  applyShort: string;
  saveAsShort: string;
  code: string;
  remoteImage: string;
}

const defaultLabels: CodeBlockLabels = {
  copy: 'Copy',
  insert: 'Insert at Cursor',
  apply: 'Apply to Editor',
  saveAs: 'Save as File',
  insertShort: 'Insert',
  applyShort: 'Apply',
  saveAsShort: 'Save',
  code: 'code',
  remoteImage: 'Image (not loaded)',
};
let labels = defaultLabels;
export function setCodeBlockLabels(l: CodeBlockLabels): void {
  labels = l;
}

/** A code block's action: its icon and a short word (hidden when the block is narrow), the full name as tooltip. */
function button(action: string, icon: string, title: string, short: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'icon-button code-action';
  b.dataset.action = action;
  b.title = title;
  b.setAttribute('aria-label', title);
  const i = document.createElement('span');
  i.className = `codicon codicon-${icon}`;
  i.setAttribute('aria-hidden', 'true');
  const word = document.createElement('span');
  word.className = 'code-action-label';
  word.setAttribute('aria-hidden', 'true');
  word.textContent = short;
  b.append(i, word);
  return b;
}

/**
 * After sanitizing: toolbars on code blocks, links and image placeholders routed through the
 * host; in `final` blocks, code coloured.
 */
export function decorate(root: DocumentFragment, final: boolean): void {
  for (const img of Array.from(root.querySelectorAll('a.remote-image'))) {
    const href = img.getAttribute('href') ?? '';
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'remote-image';
    const icon = document.createElement('span');
    icon.className = 'codicon codicon-file-media';
    icon.setAttribute('aria-hidden', 'true');
    b.append(icon, ` ${img.textContent ?? ''}`);
    if (isOpenableUrl(href)) {
      b.dataset.href = href;
      b.title = `${labels.remoteImage}: ${href}`;
    } else {
      b.disabled = true;
    }
    img.replaceWith(b);
  }
  for (const a of Array.from(root.querySelectorAll('a'))) {
    const href = a.getAttribute('href') ?? '';
    a.removeAttribute('href');
    if (isOpenableUrl(href)) {
      a.dataset.href = href;
      a.title = href;
      a.tabIndex = 0;
      a.setAttribute('role', 'link');
      a.classList.add('link');
    }
  }
  for (const pre of Array.from(root.querySelectorAll('pre'))) {
    const code = pre.querySelector('code');
    const lang = /(?:^|\s)language-([\w+#.-]+)/.exec(code?.className ?? '')?.[1] ?? '';
    const coloured = final && code ? highlightCode(code.textContent!, lang) : undefined;
    if (coloured) code!.replaceChildren(coloured.frag);
    const wrap = document.createElement('div');
    pre.replaceWith(wrap);
    wrapCode(wrap, pre, lang, final);
  }
}

/** Markdown → HTML in which the model's own HTML is text and images are placeholders (layer 1). */
export function markdownToHtml(text: string): string {
  return marked.parse(text, { async: false }) as string;
}

/** Any HTML → a fragment with only the allowed tags, attributes and addresses (layer 2). */
export function sanitizeHtml(html: string): DocumentFragment {
  configurePurify();
  // DOMPurify returns null for HTML that leaves no body to sanitize (a <frameset>, say).
  return (DOMPurify.sanitize(html) as unknown as DocumentFragment | null) ?? document.createDocumentFragment();
}

/** A code block's frame: its toolbar (language; the actions once final) above the `pre`. */
function wrapCode(wrap: HTMLElement, pre: HTMLElement, lang: string, final: boolean): void {
  pre.dataset.lang = lang;
  wrap.className = 'code-block';
  const bar = document.createElement('div');
  bar.className = 'code-toolbar';
  const label = document.createElement('span');
  label.className = 'code-lang';
  label.textContent = lang || labels.code;
  bar.append(label);
  if (final) {
    bar.append(
      button('copy', 'copy', labels.copy, labels.copy),
      button('insert', 'insert', labels.insert, labels.insertShort),
      button('apply', 'diff', labels.apply, labels.applyShort),
      button('saveAs', 'save-as', labels.saveAs, labels.saveAsShort),
    );
  }
  // A long line scrolls inside the block: from the keyboard too.
  pre.tabIndex = 0;
  wrap.append(bar, pre);
}

/**
 * An empty code block built without markdown: the same elements a fenced block renders to, for
 * the code the streaming renderer fills in itself (a block still arriving, a long finished one).
 * `lang` must come from languageOf().
 */
export function codeBlockElement(lang: string, final: boolean): { block: HTMLElement; code: HTMLElement } {
  const block = document.createElement('div');
  const pre = document.createElement('pre');
  const code = document.createElement('code');
  code.className = codeClass(lang);
  pre.append(code);
  wrapCode(block, pre, lang, final);
  return { block, code };
}

/**
 * Renders markdown to a sanitized fragment. `final` blocks are highlighted and get their code
 * toolbars; the growing tail of a streamed answer is rendered plainer, as it is redrawn often.
 */
export function renderMarkdown(text: string, final = true): DocumentFragment {
  const frag = sanitizeHtml(markdownToHtml(text));
  decorate(frag, final);
  return frag;
}

/**
 * The user's own words: shown as typed (never as Markdown, which would change what they wrote),
 * except fenced code, which becomes a code block like the model's (highlighted, with its toolbar).
 */
export function renderUserText(text: string): DocumentFragment {
  const frag = document.createDocumentFragment();
  for (const seg of splitFences(text)) {
    if (seg.fence) {
      frag.append(renderMarkdown(seg.text, true));
    } else if (seg.text) {
      const words = document.createElement('div');
      words.className = 'user-words';
      words.textContent = seg.text;
      frag.append(words);
    }
  }
  return frag;
}

/**
 * Text and fenced code blocks, in order (CommonMark's rule: a closing fence is the same character,
 * at least as long; an unclosed block runs to the end). A fence's text keeps its fence lines, and
 * the line breaks around a block belong to it, not to the words.
 */
export function splitFences(text: string): { fence: boolean; text: string }[] {
  const lines = text.split('\n');
  const out: { fence: boolean; text: string }[] = [];
  let words: string[] = [];
  const flushWords = () => {
    if (words.length) out.push({ fence: false, text: words.join('\n') });
    words = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})([^`]*)$/.exec(lines[i]!);
    if (!open) {
      words.push(lines[i]!);
      continue;
    }
    const fence = open[1]!;
    const block = [lines[i]!];
    let j = i + 1;
    for (; j < lines.length; j++) {
      block.push(lines[j]!);
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(lines[j]!);
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length) break;
    }
    flushWords();
    out.push({ fence: true, text: block.join('\n') });
    i = j;
  }
  flushWords();
  return out;
}

/**
 * The top-level blocks of `text` (its line ends LF only), for the streaming renderer to find
 * where blocks end. Their inline content is left unread: it was most of the lexer's time, and a
 * boundary never depends on it.
 */
export function lexBlocks(text: string): Token[] {
  return new marked.Lexer(marked.defaults).blockTokens(text);
}
