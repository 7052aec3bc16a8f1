// What the simulator knows about the languages it writes code in: comment syntax, the
// declarations of a selection, and the deterministic changes it answers code tasks with (a doc
// comment per declaration, a small fix, a test skeleton). The code it returns must stay valid in
// the selection's language: TypeScript/JavaScript, Python and Go get real edits; other languages
// a comment-only change in their own comment syntax.

export type Family = 'js' | 'python' | 'go' | 'other';

const JS_TAGS = new Set(['ts', 'tsx', 'typescript', 'typescriptreact', 'js', 'jsx', 'javascript', 'javascriptreact', 'mjs', 'cjs', 'node']);

export function familyOf(tag: string): Family {
  const t = tag.toLowerCase();
  if (JS_TAGS.has(t)) return 'js';
  if (t === 'python' || t === 'py' || t === 'python3') return 'python';
  if (t === 'go' || t === 'golang') return 'go';
  return 'other';
}

type CommentStyle = { line: string } | { open: string; close: string };

const LINE_COMMENT: Record<string, string> = {};
for (const t of ['ts', 'tsx', 'typescript', 'js', 'jsx', 'javascript', 'mjs', 'cjs', 'go', 'golang', 'rust', 'rs', 'java', 'kotlin', 'kt', 'scala', 'csharp', 'cs', 'fsharp', 'fs', 'c', 'h', 'cpp', 'c++', 'cc', 'cxx', 'hpp', 'objectivec', 'objc', 'swift', 'php', 'dart', 'groovy', 'zig', 'scss', 'less', 'jsonc']) LINE_COMMENT[t] = '//';
for (const t of ['python', 'py', 'python3', 'ruby', 'rb', 'perl', 'pl', 'bash', 'sh', 'shell', 'zsh', 'shellscript', 'powershell', 'ps1', 'pwsh', 'r', 'yaml', 'yml', 'toml', 'dockerfile', 'docker', 'makefile', 'make', 'hcl', 'terraform', 'tf', 'elixir', 'ex', 'exs', 'nim', 'julia', 'jl']) LINE_COMMENT[t] = '#';
for (const t of ['sql', 'lua', 'haskell', 'hs']) LINE_COMMENT[t] = '--';
LINE_COMMENT.erlang = '%';
LINE_COMMENT.erl = '%';
LINE_COMMENT.clojure = ';';
LINE_COMMENT.clj = ';';
LINE_COMMENT.vb = "'";
LINE_COMMENT.vbnet = "'";

const BLOCK_COMMENT: Record<string, { open: string; close: string }> = {
  html: { open: '<!--', close: '-->' },
  xml: { open: '<!--', close: '-->' },
  markdown: { open: '<!--', close: '-->' },
  md: { open: '<!--', close: '-->' },
  vue: { open: '<!--', close: '-->' },
  svelte: { open: '<!--', close: '-->' },
  css: { open: '/*', close: '*/' },
  ocaml: { open: '(*', close: '*)' },
  ml: { open: '(*', close: '*)' },
};

/** How a comment is written in the language of this fence tag; undefined when it has none (JSON). */
export function commentStyle(tag: string): CommentStyle | undefined {
  const t = tag.toLowerCase();
  if (LINE_COMMENT[t]) return { line: LINE_COMMENT[t] };
  return BLOCK_COMMENT[t];
}

/** One comment line holding `text` (made safe for the syntax), or undefined when the language has no comments. */
export function commentLine(tag: string, text: string, indent = ''): string | undefined {
  const style = commentStyle(tag);
  if (!style) return undefined;
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if ('line' in style) return `${indent}${style.line} ${oneLine}`;
  const safe = oneLine.split(style.close).join(' ');
  return `${indent}${style.open} ${safe} ${style.close}`;
}

export function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/** The indentation of the first non-blank line. */
export function firstIndent(code: string): string {
  return indentOf(code.split('\n').find((l) => l.trim()) ?? '');
}

export interface Declaration {
  /** 0-based line of the declaration in the selection. */
  line: number;
  name: string;
  kind: 'function' | 'class' | 'type';
  params: string[];
  exported: boolean;
  indent: string;
}

/** Parameter names from a parameter list's text (types, defaults and destructuring dropped). */
export function paramNames(list: string, family: Family): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of list) {
    if ('([{<'.includes(ch)) depth++;
    if (')]}>'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  const names: string[] = [];
  for (const raw of parts) {
    const p = raw.trim();
    if (!p) continue;
    if (/^[{[]/.test(p)) {
      names.push('options');
      continue;
    }
    const m = /^(?:\.\.\.|\*{1,2})?([A-Za-z_$][\w$]*)/.exec(p);
    if (!m) continue;
    if (family === 'python' && (m[1] === 'self' || m[1] === 'cls')) continue;
    // Go's `a, b int` gives `a` and `b`: the type follows the last name.
    names.push(m[1]);
  }
  return names;
}

const JS_FUNCTION = /^([ \t]*)(export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)\s*(?:<[^>]*>)?\s*\(([^)]*)\)?/;
const JS_ARROW = /^([ \t]*)(export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:async\s+)?(?:\(([^)]*)\)|([A-Za-z_$][\w$]*))\s*(?::[^=]+)?=>/;
const JS_CLASS = /^([ \t]*)(export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)/;
const PY_DEF = /^([ \t]*)(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/;
const PY_CLASS = /^([ \t]*)class\s+([A-Za-z_]\w*)/;
const GO_FUNC = /^()func\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*\(([^)]*)\)?/;
const GO_TYPE = /^()type\s+([A-Za-z_]\w*)\s/;

/** The functions, classes and types declared in a selection (what Document comments and Write Tests tests). */
export function declarations(code: string, family: Family): Declaration[] {
  const lines = code.split('\n');
  const out: Declaration[] = [];
  lines.forEach((text, line) => {
    let m: RegExpExecArray | null;
    if (family === 'js') {
      if ((m = JS_FUNCTION.exec(text))) out.push({ line, name: m[3], kind: 'function', params: paramNames(m[4] ?? '', family), exported: !!m[2], indent: m[1] });
      else if ((m = JS_ARROW.exec(text))) out.push({ line, name: m[3], kind: 'function', params: m[4] !== undefined ? paramNames(m[4], family) : [m[5]], exported: !!m[2], indent: m[1] });
      else if ((m = JS_CLASS.exec(text))) out.push({ line, name: m[3], kind: 'class', params: [], exported: !!m[2], indent: m[1] });
    } else if (family === 'python') {
      if ((m = PY_DEF.exec(text))) out.push({ line, name: m[2], kind: 'function', params: paramNames(pythonParams(lines, line), family), exported: !m[2].startsWith('_'), indent: m[1] });
      else if ((m = PY_CLASS.exec(text))) out.push({ line, name: m[2], kind: 'class', params: [], exported: !m[2].startsWith('_'), indent: m[1] });
    } else if (family === 'go') {
      if ((m = GO_FUNC.exec(text))) out.push({ line, name: m[2], kind: 'function', params: paramNames(m[3] ?? '', family), exported: /^[A-Z]/.test(m[2]), indent: '' });
      else if ((m = GO_TYPE.exec(text))) out.push({ line, name: m[2], kind: 'type', params: [], exported: /^[A-Z]/.test(m[2]), indent: '' });
    }
  });
  return out;
}

/** The text between a `def`'s parentheses, which may span lines. */
function pythonParams(lines: string[], start: number): string {
  let text = '';
  for (let i = start; i < lines.length && i < start + 20; i++) {
    text += lines[i] + '\n';
    if (/\)\s*(->[^:]*)?:\s*(#.*)?$/.test(lines[i])) break;
  }
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  return open >= 0 && close > open ? text.slice(open + 1, close).replace(/\n/g, ' ') : '';
}

/** Where a Python `def` or `class` header ends (the line with its colon), or -1 for a one-line body. */
export function pythonHeaderEnd(lines: string[], start: number): number {
  for (let i = start; i < lines.length && i < start + 20; i++) {
    const l = lines[i].replace(/#.*$/, '').trimEnd();
    if (l.endsWith(':')) return i;
    if (i === start && /:\s*\S/.test(l.slice(l.lastIndexOf(')') + 1))) return -1;
  }
  return -1;
}

/** Capitalised words from an identifier: `parseCsvLine` → `Parse csv line`. */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
