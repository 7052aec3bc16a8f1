// Answers to the code commands (Refactor, Fix, Document, Write Tests, Explain, Ask) that look
// like a model's: the simulator reads the request the extension built (src/core/prompts/
// codePrompts.ts) and answers with valid code in the selection's language, in the one fenced
// block the extension takes its edit from, followed by a sentence. The changes are deterministic
// and visible: the rename the instruction asks for, a doc comment per declaration, strict
// equality, a test skeleton. Not a model: anything else gets a comment that says what was asked.
import type { Declaration, Family } from './codeLanguages';
import { commentLine, declarations, familyOf, firstIndent, humanize, pythonHeaderEnd } from './codeLanguages';

export type CodeTaskKind = 'refactor' | 'fix' | 'document' | 'tests' | 'explain' | 'ask';

export interface CodeTask {
  kind: CodeTaskKind;
  /** The fence tag the selection was sent with (`ts`, `python`...). */
  tag: string;
  code: string;
  /** Workspace-relative path of the selection's file. */
  path: string;
  /** The language's readable name, as the prompt gives it. */
  language: string;
  /** Refactor: what to do. Ask: the question. */
  instruction?: string;
  /** Fix: the problems listed in the prompt. */
  problems?: string[];
  /** Write Tests: the new file, its framework and how it imports the code. */
  testPath?: string;
  framework?: string;
  importPath?: string;
  /** Text before the selection (Go tests take the package name from it). */
  before?: string;
}

interface Message {
  role: string;
  content: unknown;
}

function text(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p: { type?: string; text?: string }) => (p?.type === 'text' ? p.text ?? '' : '')).join('');
  return '';
}

/** The fenced block after `label` in a prompt: its tag and code. */
function fencedAfter(prompt: string, label: string): { tag: string; code: string } | undefined {
  const at = prompt.indexOf(`${label}\n`);
  if (at < 0) return undefined;
  const rest = prompt.slice(at + label.length + 1);
  const open = /^(`{3,}|~{3,})([^\n]*)\n/.exec(rest);
  if (!open) return undefined;
  const body = rest.slice(open[0].length);
  const close = body.indexOf(`\n${open[1]}`);
  const code = close < 0 ? body : body.slice(0, close);
  return { tag: open[2].trim().split(/\s/)[0] ?? '', code };
}

/** The code task a chat request carries, read from the last user message; undefined for a plain chat. */
export function parseCodeTask(messages: readonly Message[]): CodeTask | undefined {
  let prompt = '';
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.role === 'user') {
      prompt = text(messages[i].content);
      break;
    }
  }
  const selected = fencedAfter(prompt, 'Selected code:');
  const file = /File: `([^`]+)` \(([^)]*)\)/.exec(prompt);
  if (!selected || !file) return undefined;
  const base = { tag: selected.tag, code: selected.code, path: file[1], language: file[2], before: fencedAfter(prompt, 'Context before the selection (for reference only):')?.code };
  let m: RegExpExecArray | null;
  if ((m = /^Rewrite the selected code as follows:\n([\s\S]*?)\n\nFile: /.exec(prompt))) return { ...base, kind: 'refactor', instruction: m[1].trim() };
  if (/^Find and fix the bugs/.test(prompt)) return { ...base, kind: 'fix', problems: [] };
  if ((m = /^Fix these problems[^\n]*\n((?:- [^\n]*\n?)+)/.exec(prompt))) return { ...base, kind: 'fix', problems: m[1].trim().split('\n').map((l) => l.replace(/^- /, '')) };
  if (/^Add documentation comments/.test(prompt)) return { ...base, kind: 'document' };
  if ((m = /^Write tests for the selected code\. They go into a NEW file `([^`]+)`/.exec(prompt))) {
    return {
      ...base,
      kind: 'tests',
      testPath: m[1],
      framework: /^Test framework: ([^\n(]*?)(?: \(|\.?\n|$)/m.exec(prompt)?.[1]?.trim(),
      importPath: /^Import the code under test from `([^`]+)`/m.exec(prompt)?.[1],
    };
  }
  if (/^Explain the selected /.test(prompt)) return { ...base, kind: 'explain' };
  if ((m = /^A question about the selected [^\n]*\n\n([\s\S]*?)\n\nFile: /.exec(prompt))) return { ...base, kind: 'ask', instruction: m[1].trim() };
  return undefined;
}

function fenced(code: string, tag: string): string {
  const longest = Math.max(2, ...(code.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${tag}\n${code}\n${fence}`;
}

/** The answer a model would give to the task. */
export function codeTaskAnswer(task: CodeTask): string {
  const family = familyOf(task.tag);
  switch (task.kind) {
    case 'refactor': {
      const r = refactor(task);
      return `${fenced(r.code, task.tag)}\n\n${r.note}`;
    }
    case 'fix': {
      const r = fix(task, family);
      return `${fenced(r.code, task.tag)}\n\n${r.note}`;
    }
    case 'document': {
      const r = documentCode(task, family);
      return `${fenced(r.code, task.tag)}\n\n${r.note}`;
    }
    case 'tests':
      return `${fenced(testFile(task, family), task.tag)}\n\nA skeleton written by the TokenHub simulator: one test per declaration, to fill in.`;
    case 'explain':
      return explain(task, family);
    case 'ask':
      return `You asked: “${task.instruction}”\n\n${explain(task, family)}`;
  }
}

interface Edit {
  code: string;
  note: string;
}

/** The selection with a comment line above it, when nothing else applies. */
function withComment(task: CodeTask, comment: string): string {
  const line = commentLine(task.tag, comment, firstIndent(task.code));
  return line ? `${line}\n${task.code}` : task.code;
}

const IDENT = '[A-Za-z_$][\\w$]*';

function refactor(task: CodeTask): Edit {
  const instruction = task.instruction ?? '';
  const rename = new RegExp(`\\brename\\s+[\`'"]?(${IDENT})[\`'"]?\\s+(?:to|into|as|->|=>)\\s+[\`'"]?(${IDENT})`, 'i').exec(instruction);
  if (rename) {
    const [, from, to] = rename;
    const word = new RegExp(`(?<![\\w$])${from.replace(/\$/g, '\\$')}(?![\\w$])`, 'g');
    const count = task.code.match(word)?.length ?? 0;
    if (count) return { code: task.code.replace(word, to), note: `Renamed \`${from}\` to \`${to}\` (${count} place${count === 1 ? '' : 's'}).` };
  }
  return { code: withComment(task, `Refactored as asked: ${instruction || 'readability'} (simulated)`), note: 'The TokenHub simulator only renames for real ("rename a to b"); it marked the code with your instruction.' };
}

function fix(task: CodeTask, family: Family): Edit {
  let code = task.code;
  const changes: string[] = [];
  if (family === 'js') {
    const strict = code.replace(/([^=!<>])==(?!=)/g, '$1===').replace(/!=(?!=)/g, '!==');
    if (strict !== code) changes.push('used strict equality (=== and !==)');
    code = strict;
  } else if (family === 'python') {
    const fixed = code.replace(/==\s*None\b/g, 'is None').replace(/!=\s*None\b/g, 'is not None').replace(/\bexcept\s*:/g, 'except Exception:');
    if (fixed !== code) changes.push('compared with None using `is` and narrowed bare `except:`');
    code = fixed;
  }
  if (changes.length) return { code, note: `Fixed: ${changes.join('; ')}.` };
  const problem = task.problems?.[0];
  return {
    code: withComment(task, problem ? `Fix needed: ${problem.replace(/^line \d+, \w+( \([^)]*\))?: /, '')} (simulated)` : 'Checked by the TokenHub simulator: no bug found'),
    note: problem ? 'The TokenHub simulator cannot fix this for real: it marked the problem in a comment.' : 'No bug found; the comment marks the code as checked.',
  };
}

function docFor(d: Declaration, family: Family, task: CodeTask): string[] {
  const what = d.kind === 'function' ? `${humanize(d.name)}.` : `${humanize(d.name)} (${d.kind}).`;
  if (family === 'js') {
    const lines = [`${d.indent}/**`, `${d.indent} * ${what}`];
    if (d.params.length) lines.push(`${d.indent} *`, ...d.params.map((p) => `${d.indent} * @param ${p} - The ${humanize(p).toLowerCase()}.`));
    if (d.kind === 'function') lines.push(`${d.indent} * @returns The result of ${d.name}.`);
    lines.push(`${d.indent} */`);
    return lines;
  }
  if (family === 'go') return [`// ${d.name} ${d.kind === 'function' ? 'does what its name says' : 'holds what its name says'} (documented by the TokenHub simulator).`];
  return [commentLine(task.tag, what, d.indent) ?? ''];
}

function documentCode(task: CodeTask, family: Family): Edit {
  const lines = task.code.split('\n');
  const decls = declarations(task.code, family);
  if (!decls.length) return { code: withComment(task, `Documented by the TokenHub simulator: ${task.language} code from ${task.path}.`), note: 'No declaration found: added a comment above the code.' };
  const out = [...lines];
  // From the bottom up, so earlier line numbers stay right.
  for (const d of [...decls].reverse()) {
    if (family === 'python') {
      const end = pythonHeaderEnd(lines, d.line);
      if (end < 0) continue;
      const next = lines.slice(end + 1).find((l) => l.trim());
      if (next && /^\s*[rRuU]?("""|''')/.test(next)) continue;
      const body = next && next.length - next.trimStart().length > d.indent.length ? /^[ \t]*/.exec(next)![0] : `${d.indent}    `;
      const doc = [`${body}"""${d.kind === 'function' ? humanize(d.name) : `${humanize(d.name)} (class)`}.`];
      if (d.params.length) doc.push('', `${body}Args:`, ...d.params.map((p) => `${body}    ${p}: The ${humanize(p).toLowerCase()}.`));
      if (d.kind === 'function') doc.push('', `${body}Returns:`, `${body}    The result of ${d.name}.`);
      doc.push(`${body}"""`);
      out.splice(end + 1, 0, ...doc);
      continue;
    }
    // Already documented: a comment ends right above it.
    if (/\*\/\s*$|^\s*\/\//.test(lines[d.line - 1] ?? '')) continue;
    out.splice(d.line, 0, ...docFor(d, family, task));
  }
  return { code: out.join('\n'), note: `Added documentation to ${decls.map((d) => `\`${d.name}\``).join(', ')}.` };
}

function goPackage(task: CodeTask): string {
  const fromContext = /^package\s+(\w+)/m.exec(`${task.before ?? ''}\n${task.code}`)?.[1];
  if (fromContext) return fromContext;
  const dir = task.path.split('/').slice(0, -1).pop();
  return dir && /^[a-z_]\w*$/.test(dir) ? dir : 'main';
}

function testFile(task: CodeTask, family: Family): string {
  // Top-level declarations only: a method is tested through its class.
  const decls = declarations(task.code, family).filter((d) => d.indent === '');
  const names = decls.filter((d) => d.exported).map((d) => d.name);
  const testable = names.length ? names : decls.map((d) => d.name);
  if (family === 'js') {
    const framework = (task.framework ?? '').toLowerCase();
    const header: string[] = [];
    if (framework.includes('vitest')) header.push("import { describe, expect, it } from 'vitest';");
    else if (framework.includes('node:test')) header.push("import { describe, it } from 'node:test';", "import * as assert from 'node:assert/strict';");
    else if (!framework.includes('jest')) header.push("import * as assert from 'node:assert/strict';");
    const module = task.importPath ?? `./${task.path.split('/').pop()!.replace(/\.[^.]+$/, '')}`;
    if (testable.length) header.push(`import { ${testable.join(', ')} } from '${module}';`);
    // Functions and classes are both of type 'function'.
    const check = (n: string) => (framework.includes('vitest') || framework.includes('jest') ? `expect(typeof ${n}).toBe('function');` : `assert.equal(typeof ${n}, 'function');`);
    const suites = testable.map((n) => `describe('${n}', () => {\n  it('is defined', () => {\n    ${check(n)}\n  });\n});`);
    if (!suites.length) suites.push(`describe('${task.path}', () => {\n  it('has tests to write', () => {});\n});`);
    return `${header.join('\n')}\n\n${suites.join('\n\n')}\n`;
  }
  if (family === 'python') {
    const module = task.path.split('/').pop()!.replace(/\.py$/, '');
    const header = testable.length ? [`from ${module} import ${testable.join(', ')}`] : [];
    if ((task.framework ?? '').toLowerCase().includes('unittest')) {
      const tests = testable.map((n) => `    def test_${n.toLowerCase()}_is_defined(self):\n        self.assertTrue(callable(${n}))`);
      return `import unittest\n\n${header.join('\n')}\n\n\nclass Test${module.replace(/(^|_)(\w)/g, (_, __, c: string) => c.toUpperCase())}(unittest.TestCase):\n${tests.join('\n\n') || '    pass'}\n\n\nif __name__ == "__main__":\n    unittest.main()\n`;
    }
    const tests = testable.map((n) => `def test_${n.toLowerCase()}_is_defined():\n    assert callable(${n})`);
    return `${header.join('\n')}\n\n\n${tests.join('\n\n\n') || 'def test_placeholder():\n    pass'}\n`;
  }
  if (family === 'go') {
    // Plain functions only: a method needs a receiver and a generic function an instantiation.
    const codeLines = task.code.split('\n');
    const funcs = decls.filter((d) => d.kind === 'function' && !/^func\s*\(/.test(codeLines[d.line]) && !new RegExp(`^func\\s+${d.name}\\s*\\[`).test(codeLines[d.line]));
    const tests = funcs.map((d) => `func Test${d.name.charAt(0).toUpperCase()}${d.name.slice(1)}(t *testing.T) {\n\t_ = ${d.name} // the function under test\n\tt.Skip("cases to write")\n}`);
    return `package ${goPackage(task)}\n\nimport "testing"\n\n${tests.join('\n\n') || 'func TestPlaceholder(t *testing.T) {\n\tt.Skip("tests to write")\n}'}\n`;
  }
  return commentLine(task.tag, `Tests for ${task.path}: the TokenHub simulator writes test skeletons only for TypeScript, JavaScript, Python and Go.`) ?? '';
}

function explain(task: CodeTask, family: Family): string {
  const decls = declarations(task.code, family);
  const lines = task.code.split('\n').length;
  const parts = [`The selected ${task.language} code from \`${task.path}\` is ${lines} line${lines === 1 ? '' : 's'} long.`];
  if (decls.length) {
    parts.push(`It declares ${decls.map((d) => `\`${d.name}\`${d.kind === 'function' ? `(${d.params.join(', ')})` : ` (a ${d.kind})`}`).join(', ')}.`);
    parts.push('');
    for (const d of decls) parts.push(`- **${d.name}**: ${humanize(d.name).toLowerCase()}${d.params.length ? `, from ${d.params.map((p) => `\`${p}\``).join(' and ')}` : ''}.`);
  }
  parts.push('', '_This explanation comes from the TokenHub simulator, which reads only the shape of the code: with a real key, a model explains what it does._');
  return parts.join('\n');
}
