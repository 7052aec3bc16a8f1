// What the hostile-output tests look at in a page: elements and attributes outside the
// allow-list, payloads that ran (window.__pwned, set by every script-carrying payload), after
// letting pending frames, image loads and handlers run.
import type { WebviewPage } from './page';

/** Elements the chat may show inside an answer (the sanitizer's list, plus the view's own). */
export const SHOWN_TAGS = ['DIV', 'P', 'BR', 'HR', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'UL', 'OL', 'LI', 'STRONG', 'EM', 'DEL', 'CODE', 'PRE', 'BLOCKQUOTE', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'A', 'SPAN', 'BUTTON'];

/** Lets pending frames, image loads and handlers run before looking (a bounded observation window). */
export async function settle(p: WebviewPage): Promise<void> {
  await p.page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 300)));
      }),
  );
}

export interface Inspection {
  /** Elements and attributes that must not be there, described. */
  bad: string[];
  /** How many payloads ran. */
  pwned: number;
}

/**
 * Looks at every element under `selector`. `linksKeepHref`: addresses may stay on links (the
 * sanitizer alone keeps http(s)/mailto ones; only the view's last step removes them).
 */
export async function inspect(p: WebviewPage, selector: string, options: { tags?: string[]; linksKeepHref?: boolean } = {}): Promise<Inspection> {
  return p.page.evaluate(
    ({ selector, allowed, linksKeepHref }) => {
      const bad: string[] = [];
      const safeUrl = (v: string) => /^(https?:|mailto:)/i.test(v);
      for (const e of Array.from(document.querySelectorAll(`${selector} *`))) {
        if (!allowed.includes(e.tagName)) bad.push(`tag ${e.tagName}`);
        for (const a of Array.from(e.attributes)) {
          const name = a.name.toLowerCase();
          const hrefAllowed = linksKeepHref && name === 'href' && e.tagName === 'A' && safeUrl(a.value);
          if (/^on/.test(name) || (!hrefAllowed && ['href', 'src', 'srcset', 'style', 'action', 'formaction', 'xlink:href', 'background', 'poster', 'ping'].includes(name))) {
            bad.push(`${e.tagName}[${a.name}=${a.value.slice(0, 40)}]`);
          }
          if (name === 'data-href' && !safeUrl(a.value)) bad.push(`${e.tagName}[data-href=${a.value.slice(0, 40)}]`);
        }
      }
      return { bad, pwned: (window as unknown as { __pwned: unknown[] }).__pwned.length };
    },
    { selector, allowed: options.tags ?? SHOWN_TAGS, linksKeepHref: options.linksKeepHref ?? false },
  );
}
