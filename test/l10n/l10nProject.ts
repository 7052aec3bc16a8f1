// Reads every user-visible string of the extension in every language and checks that they match.
// Used by the completeness test (test/l10n/completeness.test.ts) and the extractor
// (test/l10n/l10nExtract.ts). Plain Node: it parses src/**/*.ts with the TypeScript compiler, so
// escapes, comments and line breaks inside a call are read exactly as VS Code will see them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/** The display languages we ship besides English (VS Code's lower-case language ids). */
export const LANGUAGES = ['zh-tw', 'vi'] as const;

/** An English bundle entry: a plain string, or `{ message, comment }` when the call had a comment (as @vscode/l10n-dev writes it). */
export type EnglishEntry = string | { message: string; comment: string[] };

export interface ExtractedString {
  /** The bundle key VS Code looks up: the message, plus `/comment` when there is one. */
  key: string;
  message: string;
  comment?: string[];
  /** `file:line` of the first call. */
  where: string;
}

export interface ExtractResult {
  strings: ExtractedString[];
  /** `l10n.t(...)` calls whose message is not a literal: they cannot be translated. */
  problems: string[];
}

export interface L10nProject {
  /** package.json's text (for its `%key%` references). */
  packageJson: string;
  /** package.nls.json (key `en`) and package.nls.<lang>.json. */
  nls: Record<string, Record<string, unknown>>;
  /** l10n/bundle.l10n.json (key `en`) and l10n/bundle.l10n.<lang>.json. */
  bundles: Record<string, Record<string, unknown>>;
  /** What src/** asks for. */
  source: ExtractResult;
  languages: readonly string[];
}

export function projectRoot(): string {
  // out/test/l10n/x.js and test/l10n/x.ts are both three levels below the root.
  return path.resolve(__dirname, '..', '..', '..');
}

function listTs(dir: string): string[] {
  const out: string[] = [];
  if (!fs.existsSync(dir)) return out;
  for (const name of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) out.push(...listTs(p));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** A string literal, a template without `${}`, or literals joined with `+`; undefined otherwise. */
function literalText(node: ts.Expression): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isParenthesizedExpression(node)) return literalText(node.expression);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const l = literalText(node.left);
    const r = literalText(node.right);
    return l !== undefined && r !== undefined ? l + r : undefined;
  }
  return undefined;
}

/** Is `expr` `l10n.t` or `<anything>.l10n.t` (vscode.l10n.t, or an imported l10n)? */
function isL10nT(expr: ts.Expression): boolean {
  if (!ts.isPropertyAccessExpression(expr) || expr.name.text !== 't') return false;
  const target = expr.expression;
  if (ts.isIdentifier(target)) return target.text === 'l10n';
  return ts.isPropertyAccessExpression(target) && target.name.text === 'l10n';
}

export function bundleKey(message: string, comment?: string[]): string {
  return comment && comment.length ? `${message}/${comment.join('')}` : message;
}

/** Every `vscode.l10n.t(...)` message in the given source text. */
export function extractFromSource(text: string, fileName: string): ExtractResult {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const strings: ExtractedString[] = [];
  const problems: string[] = [];
  const lines = text.split('\n');
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && isL10nT(node.expression)) {
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const where = `${fileName}:${line + 1}`;
      // `l10n-ignore` on the call's line or the line above marks a deliberate non-literal call
      // (a fallback whose strings are all written out literally elsewhere).
      const ignored = /l10n-ignore/.test(lines[line] ?? '') || /l10n-ignore/.test(lines[line - 1] ?? '');
      const first = node.arguments[0];
      const asText = first && literalText(first);
      if (asText !== undefined) {
        strings.push({ key: asText, message: asText, where });
      } else if (first && ts.isObjectLiteralExpression(first)) {
        let message: string | undefined;
        let comment: string[] | undefined;
        let ok = true;
        for (const prop of first.properties) {
          if (!ts.isPropertyAssignment(prop)) continue;
          const name = prop.name.getText(sf);
          if (name === 'message') {
            message = literalText(prop.initializer);
            if (message === undefined) ok = false;
          } else if (name === 'comment') {
            const single = literalText(prop.initializer);
            if (single !== undefined) comment = [single];
            else if (ts.isArrayLiteralExpression(prop.initializer)) {
              const parts = prop.initializer.elements.map((e) => literalText(e));
              if (parts.every((p): p is string => p !== undefined)) comment = parts;
              else ok = false;
            } else ok = false;
          }
        }
        if (ok && message !== undefined) strings.push({ key: bundleKey(message, comment), message, comment, where });
        else if (!ignored) problems.push(`${where}: l10n.t({ message, comment }) needs literal strings to be translated`);
      } else if (!ignored) {
        problems.push(`${where}: l10n.t(...) needs a string literal as its first argument to be translated (or mark a deliberate fallback with // l10n-ignore)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { strings, problems };
}

/** Every message of src/** (first occurrence wins, files in sorted order). */
export function extractFromTree(root: string): ExtractResult {
  const strings = new Map<string, ExtractedString>();
  const problems: string[] = [];
  for (const file of listTs(path.join(root, 'src'))) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const r = extractFromSource(fs.readFileSync(file, 'utf8'), rel);
    for (const s of r.strings) if (!strings.has(s.key)) strings.set(s.key, s);
    problems.push(...r.problems);
  }
  return { strings: [...strings.values()], problems };
}

/** The English bundle the extractor writes for these strings. */
export function englishBundle(strings: readonly ExtractedString[]): Record<string, EnglishEntry> {
  const out: Record<string, EnglishEntry> = {};
  for (const s of strings) out[s.key] = s.comment?.length ? { message: s.message, comment: s.comment } : s.message;
  return out;
}

function readJson(file: string): Record<string, unknown> {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
}

export function nlsFile(root: string, lang: string): string {
  return path.join(root, lang === 'en' ? 'package.nls.json' : `package.nls.${lang}.json`);
}

export function bundleFile(root: string, lang: string): string {
  return path.join(root, 'l10n', lang === 'en' ? 'bundle.l10n.json' : `bundle.l10n.${lang}.json`);
}

export function loadProject(root = projectRoot(), languages: readonly string[] = LANGUAGES): L10nProject {
  const nls: L10nProject['nls'] = {};
  const bundles: L10nProject['bundles'] = {};
  for (const lang of ['en', ...languages]) {
    nls[lang] = readJson(nlsFile(root, lang));
    bundles[lang] = readJson(bundleFile(root, lang));
  }
  return { packageJson: fs.readFileSync(path.join(root, 'package.json'), 'utf8'), nls, bundles, source: extractFromTree(root), languages };
}

/** The text of an entry (English bundles may hold `{ message, comment }`). */
function entryText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string') return (value as { message: string }).message;
  return undefined;
}

const placeholders = (s: string): string[] => [...new Set(s.match(/\{\d+\}/g) ?? [])].sort();
/** Codicons (`$(name)`) are syntax, not words: a translation keeps each one. */
const codicons = (s: string): string[] => (s.match(/\$\([a-z0-9-~]+\)/g) ?? []).sort();
/** Markdown link targets (command links, URLs): a translation must keep every one. */
const linkTargets = (s: string): string[] => (s.match(/\]\(([^)]+)\)/g) ?? []).sort();

function compareEntries(kind: string, en: Record<string, unknown>, other: Record<string, unknown>, lang: string, problems: string[]): void {
  for (const key of Object.keys(en)) {
    if (!(key in other)) {
      problems.push(`${kind}: "${key}" is missing in ${lang}`);
      continue;
    }
    const source = entryText(en[key]) ?? '';
    const text = entryText(other[key]);
    if (text === undefined || !text.trim()) {
      problems.push(`${kind}: "${key}" is empty in ${lang}`);
      continue;
    }
    if (placeholders(source).join() !== placeholders(text).join()) {
      problems.push(`${kind}: "${key}" in ${lang} has placeholders ${placeholders(text).join(' ') || 'none'}, English has ${placeholders(source).join(' ') || 'none'}`);
    }
    if (codicons(source).join() !== codicons(text).join()) {
      problems.push(`${kind}: "${key}" in ${lang} does not keep the icons of the English text (${codicons(source).join(' ')})`);
    }
    if (linkTargets(source).join() !== linkTargets(text).join()) {
      problems.push(`${kind}: "${key}" in ${lang} does not keep the links of the English text (${linkTargets(source).join(' ')})`);
    }
  }
  for (const key of Object.keys(other)) {
    if (!(key in en)) problems.push(`${kind}: "${key}" exists in ${lang} but not in English`);
  }
}

/** Everything that is not complete, in words; empty when every string exists in every language. */
export function checkProject(p: L10nProject): string[] {
  const problems: string[] = [...p.source.problems];

  // Manifest: every %key% of package.json has English text, and every language has every key.
  const nlsEn = p.nls.en ?? {};
  for (const m of p.packageJson.matchAll(/"%([^%"\s]+)%"/g)) {
    if (!(m[1] in nlsEn)) problems.push(`package.json: %${m[1]}% has no entry in package.nls.json`);
  }
  for (const [key, value] of Object.entries(nlsEn)) {
    if (typeof value !== 'string' || !value.trim()) problems.push(`package.nls.json: "${key}" is empty`);
  }
  for (const lang of p.languages) compareEntries('package.nls', nlsEn, p.nls[lang] ?? {}, lang, problems);

  // Messages: every l10n.t string of src/** is in the English bundle (and nothing stale is), and
  // every language has every key.
  const bundleEn = p.bundles.en ?? {};
  const wanted = new Set(p.source.strings.map((s) => s.key));
  for (const s of p.source.strings) {
    if (!(s.key in bundleEn)) problems.push(`l10n/bundle.l10n.json: "${s.key}" (${s.where}) is missing: run the extractor`);
    else if (entryText(bundleEn[s.key]) !== s.message) problems.push(`l10n/bundle.l10n.json: "${s.key}" has other text than ${s.where}`);
  }
  for (const key of Object.keys(bundleEn)) {
    if (!wanted.has(key)) problems.push(`l10n/bundle.l10n.json: "${key}" is no longer used in src: run the extractor`);
  }
  for (const lang of p.languages) compareEntries('bundle.l10n', bundleEn, p.bundles[lang] ?? {}, lang, problems);
  return problems;
}
