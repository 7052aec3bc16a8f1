// Checks that the translations read as written for their users, by the rules of l10n/glossary/glossary.json:
// full-width punctuation beside Chinese text, no English left in zh-tw beyond an allow-list, and
// every product term translated the glossary's way in both languages. It reads every string of
// every language (manifest, messages, and the README's quick starts), so a new string is checked
// the moment it exists. Used by test/l10n/style.test.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { L10nProject } from './l10nProject';
import { projectRoot } from './l10nProject';

/** How one language says a term. */
export interface TermRule {
  /** Accepted forms, preferred first. A string whose English has the term must contain one (unless the term is optional). */
  use: string[];
  /** Patterns (regular expressions; `\b` is a Unicode word boundary) that must appear in no string of the language. */
  avoid?: string[];
  /** Only the `avoid` rule applies in this language (the term may be rephrased away). */
  optional?: boolean;
}

export interface Term {
  id: string;
  /** A pattern for the English text (case-insensitive; `\b` is a word boundary). */
  en: string;
  /** What VS Code's own UI says, where it has the term. */
  vscode?: string;
  note?: string;
  /** Only the `avoid` rules apply: the term is often rephrased away. */
  optional?: boolean;
  /** Terms the product will need (agent, completions...): listed so new strings follow them, not checked against English yet. */
  planned?: boolean;
  [lang: string]: TermRule | string | boolean | undefined;
}

export interface Glossary {
  /** Latin-script words a zh-tw string may contain (outside code, ids, links and placeholders). */
  keepEnglish: Record<string, { words: string[]; why: string }[]>;
  /** Texts kept exactly as they are in every language (the site's own labels, VS Code's setting titles). */
  literals: { text: string; why: string }[];
  /** A `Category: ` prefix as VS Code writes command titles, where a half-width colon is right. */
  commandCategory: string;
  /** The README section of each language: the heading it starts with. */
  readme: Record<string, string>;
  terms: Term[];
  /** Strings that must keep some English words or skip a term (for example, the model filter's keywords). */
  exceptions: { key: string; langs: string[]; words?: string[]; terms?: string[]; why: string }[];
}

/** One text to check: a translated string (with its English) or a README paragraph. */
export interface TextUnit {
  lang: string;
  where: string;
  text: string;
  key?: string;
  english?: string;
}

export function glossaryFile(root = projectRoot()): string {
  return path.join(root, 'l10n', 'glossary', 'glossary.json');
}

export function loadGlossary(root = projectRoot()): Glossary {
  return JSON.parse(fs.readFileSync(glossaryFile(root), 'utf8')) as Glossary;
}

const WORD = '[\\p{L}\\p{N}_]';
/** Compiles a glossary pattern: `\b` becomes a word boundary that knows Vietnamese letters. */
export function termRegExp(pattern: string, flags = 'iu'): RegExp {
  const boundary = `(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`;
  return new RegExp(pattern.replace(/\\b/g, boundary), flags.includes('g') ? flags : flags + 'g');
}

// Markup and names that are not words of the language: they are blanked before any check (the
// placeholder character is neither Chinese nor Latin).
const BLANK = '\u2060';
const PROTECTED: RegExp[] = [
  /`[^`\n]*`/g, // code spans
  /\]\([^)\s]*\)/g, // markdown link targets
  /\{\d+\}/g, // placeholders
  /\$\([a-z0-9~-]+\)/g, // codicons
  /https?:\/\/[^\s)）]+/g, // addresses
  /(?<![\w./])[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+/g, // setting ids, host names, file names
  /(?<![\w/])\/[a-z]+\b/g, // slash commands (/image) and paths (/models)
  /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g, // environment variables
  /\b(?:Ctrl|Shift|Alt|Cmd)(?:\+\w+)+/g, // key combinations
  /\b[a-z][\w-]*\/[\w.-]+/g, // model ids (anthropic/claude-sonnet-4-6)
];

/** The text with markup, names and the glossary's literals blanked out. */
export function prose(text: string, g: Glossary): string {
  let t = text.replace(/\*\*/g, '');
  for (const l of g.literals) t = t.split(l.text).join(BLANK);
  for (const re of PROTECTED) t = t.replace(re, BLANK);
  return t;
}

const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
const HALF_WIDTH: Record<string, string> = { ',': '，', ':': '：', ';': '；', '?': '？', '(': '（', ')': '）', '.': '。', '!': '！' };

function neighbour(t: string, i: number, step: 1 | -1): string {
  for (let j = i + step; j >= 0 && j < t.length; j += step) if (t[j] !== ' ') return t[j];
  return '';
}

function excerpt(t: string, i: number): string {
  return t.slice(Math.max(0, i - 12), i + 12).replace(new RegExp(BLANK, 'g'), '…').replace(/\n/g, ' ');
}

/** Half-width `,:;?()!` (and a `.` after Chinese) beside Chinese characters, where Taiwan writes full-width ones. */
export function halfWidthProblems(unit: TextUnit, g: Glossary): string[] {
  const t = prose(unit.text, g);
  const flagged = new Set<number>();
  const open: number[] = [];
  const pairs: [number, number][] = [];
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (!(c in HALF_WIDTH)) continue;
    if (c === '(') open.push(i);
    if (c === ')' && open.length) pairs.push([open.pop() as number, i]);
    const before = neighbour(t, i, -1);
    const after = neighbour(t, i, 1);
    const beside = c === '.' ? CJK.test(before) && (after === '' || !/[\w]/.test(after)) : CJK.test(before) || CJK.test(after);
    if (!beside) continue;
    // VS Code's own "Category: Title" form (its command palette writes it so in every language).
    if (c === ':' && t.slice(0, i).endsWith(g.commandCategory) && t[i + 1] === ' ') continue;
    flagged.add(i);
  }
  // Brackets come in pairs: "（上限 1 MB）" has both full-width even where one touches only Latin text.
  for (const [a, b] of pairs) {
    if (flagged.has(a) || flagged.has(b)) {
      flagged.add(a);
      flagged.add(b);
    }
  }
  return [...flagged]
    .sort((a, b) => a - b)
    .map((i) => `${unit.where}: half-width "${t[i]}" beside Chinese text ("${excerpt(t, i)}"): write "${HALF_WIDTH[t[i]]}"`);
}

function exceptionsFor(unit: TextUnit, g: Glossary): { words: Set<string>; terms: Set<string> } {
  const words = new Set<string>();
  const terms = new Set<string>();
  for (const e of g.exceptions) {
    if (e.key !== unit.key || !e.langs.includes(unit.lang)) continue;
    for (const w of e.words ?? []) words.add(w);
    for (const t of e.terms ?? []) terms.add(t);
  }
  return { words, terms };
}

/** Latin-script words in a Chinese string that the glossary does not keep in English. */
export function englishWordProblems(unit: TextUnit, g: Glossary): string[] {
  const keep = new Set((g.keepEnglish[unit.lang] ?? []).flatMap((k) => k.words));
  const { words } = exceptionsFor(unit, g);
  const t = prose(unit.text, g);
  const out: string[] = [];
  for (const m of t.matchAll(/[A-Za-z0-9][A-Za-z0-9'’-]*/g)) {
    const w = m[0].replace(/['’-]+$/, '');
    // Numbers, with or without units (16384, 2K, 1024x1024, 5xx), are not words.
    if (keep.has(w) || words.has(w) || /^\d/.test(w)) continue;
    out.push(`${unit.where}: "${w}" is left in English ("${excerpt(t, m.index ?? 0)}"): translate it as the glossary says, or add it to keepEnglish with a reason`);
  }
  return out;
}

function ruleOf(term: Term, lang: string): TermRule | undefined {
  const r = term[lang];
  return r && typeof r === 'object' ? r : undefined;
}

/** Every term of the glossary: forbidden forms nowhere; the glossary's form wherever the English has the term. */
export function termProblems(unit: TextUnit, g: Glossary): string[] {
  const out: string[] = [];
  const { terms: skipped } = exceptionsFor(unit, g);
  const t = prose(unit.text, g);
  const lower = t.toLocaleLowerCase(unit.lang);
  const english = unit.english === undefined ? undefined : prose(unit.english, g);
  for (const term of g.terms) {
    const rule = ruleOf(term, unit.lang);
    if (!rule || skipped.has(term.id)) continue;
    for (const pattern of rule.avoid ?? []) {
      const m = termRegExp(pattern).exec(t);
      if (m) out.push(`${unit.where}: "${m[0]}" is not the glossary's word for "${term.id}" ("${excerpt(t, m.index)}"): write ${rule.use.map((u) => `"${u}"`).join(' or ')}`);
    }
    if (english === undefined || term.optional || term.planned || rule.optional) continue;
    if (!termRegExp(term.en).test(english)) continue;
    if (!rule.use.some((u) => lower.includes(u.toLocaleLowerCase(unit.lang)))) {
      out.push(`${unit.where}: the English says "${term.id}" but the translation has none of ${rule.use.map((u) => `"${u}"`).join(', ')}`);
    }
  }
  return out;
}

/** Vietnamese has no plural -s: "5 token", never "5 tokens". */
export function englishPluralProblems(unit: TextUnit, g: Glossary): string[] {
  const t = prose(unit.text, g);
  return [...t.matchAll(termRegExp('\\btokens\\b'))].map((m) => `${unit.where}: English plural "${m[0]}" ("${excerpt(t, m.index ?? 0)}"): Vietnamese writes "token"`);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string') return (value as { message: string }).message;
  return undefined;
}

/** Every translated string of the project, with its English. */
export function translatedUnits(p: L10nProject): TextUnit[] {
  const units: TextUnit[] = [];
  for (const lang of p.languages) {
    for (const [file, en, tr] of [
      [`package.nls.${lang}.json`, p.nls.en, p.nls[lang]],
      [`l10n/bundle.l10n.${lang}.json`, p.bundles.en, p.bundles[lang]],
    ] as const) {
      for (const [key, value] of Object.entries(tr ?? {})) {
        const t = text(value);
        if (t === undefined) continue;
        units.push({ lang, key, text: t, english: text(en?.[key]), where: `${file} "${key.length > 60 ? key.slice(0, 57) + '...' : key}"` });
      }
    }
  }
  return units;
}

/** The paragraphs of each language's README section (from its heading to the next heading). */
export function readmeUnits(readme: string, g: Glossary): TextUnit[] {
  const lines = readme.split('\n');
  const units: TextUnit[] = [];
  for (const [lang, heading] of Object.entries(g.readme)) {
    const start = lines.findIndex((l) => l.startsWith(heading));
    if (start < 0) {
      units.push({ lang, where: `README.md`, text: '', key: `missing:${heading}` });
      continue;
    }
    let para: string[] = [];
    let paraLine = start + 1;
    const flush = (): void => {
      if (!para.length) return;
      // Chinese runs on without spaces across a line break; Vietnamese needs one.
      const joined = para.reduce((acc, l) => (acc && CJK.test(acc.slice(-1)) && CJK.test(l[0] ?? '') ? acc + l : acc ? `${acc} ${l}` : l), '');
      units.push({ lang, where: `README.md:${paraLine}`, text: joined });
      para = [];
    };
    units.push({ lang, where: `README.md:${start + 1}`, text: lines[start].replace(/^#+\s*/, '') });
    // The section ends at the next heading or picture (the pictures around it belong to the page).
    for (let i = start + 1; i < lines.length && !lines[i].startsWith('#') && !lines[i].startsWith('!['); i++) {
      const l = lines[i].trim();
      if (!l || /^\d+\.\s/.test(l)) {
        flush();
        paraLine = i + 1;
      }
      if (l) para.push(l);
    }
    flush();
  }
  return units;
}

/** Everything that breaks the glossary's rules, in words; empty when every string follows them. */
export function checkStyle(p: L10nProject, g: Glossary, readme: string): string[] {
  const problems: string[] = [];
  const units = [...translatedUnits(p), ...readmeUnits(readme, g)];
  for (const u of units) {
    if (u.key?.startsWith('missing:')) {
      problems.push(`README.md: no section starting with "${u.key.slice(8)}"`);
      continue;
    }
    if (u.lang === 'zh-tw') {
      problems.push(...halfWidthProblems(u, g), ...englishWordProblems(u, g));
    }
    if (u.lang === 'vi') problems.push(...englishPluralProblems(u, g));
    problems.push(...termProblems(u, g));
  }
  return problems;
}

/** The glossary itself is usable: every term has both languages, every pattern compiles. */
export function checkGlossary(g: Glossary, languages: readonly string[]): string[] {
  const out: string[] = [];
  const ids = new Set<string>();
  for (const term of g.terms) {
    if (ids.has(term.id)) out.push(`glossary: "${term.id}" appears twice`);
    ids.add(term.id);
    try {
      termRegExp(term.en);
    } catch (e) {
      out.push(`glossary: "${term.id}" has a bad English pattern: ${String(e)}`);
    }
    for (const lang of languages) {
      const rule = ruleOf(term, lang);
      if (!rule || !rule.use.length) {
        out.push(`glossary: "${term.id}" has no ${lang} form`);
        continue;
      }
      for (const a of rule.avoid ?? []) {
        try {
          termRegExp(a);
        } catch (e) {
          out.push(`glossary: "${term.id}" has a bad ${lang} pattern ${a}: ${String(e)}`);
        }
      }
    }
  }
  for (const e of g.exceptions) for (const t of e.terms ?? []) if (!ids.has(t)) out.push(`glossary: the exception for "${e.key}" names an unknown term "${t}"`);
  return out;
}
