// The simulator behind `npm start` answers the code commands as a model would: valid code in the
// selection's language, in the one fenced block the extension takes its edit from, with a
// visible, deterministic change. The requests are built by the extension's own prompt code, and
// the code is taken out of the answer by the extension's own extraction.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import ts from 'typescript';
import { extractCode } from '../../src/core/edits/fences';
import type { CodeSelection } from '../../src/core/prompts/codePrompts';
import { buildCodeRequest } from '../../src/core/prompts/codeTasks';
import type { CodeTask as ExtensionTask } from '../../src/core/prompts/codeTasks';
import { codeTaskAnswer, parseCodeTask } from './codeTasks';

const TS = `export function fibonacci(n: number): number {
  return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2);
}

export const parseCsvLine = (line: string, sep = ','): string[] => line.split(sep).map((cell) => cell.trim());

export class Counter {
  count = 0;
}`;

const PY = `def mean(values, *, default=None):
    if values == None:
        return default
    return sum(values) / len(values)


class Stack:
    def push(self, item):
        self.items.append(item)`;

const GO = `func Fibonacci(n int) int {
	if n < 2 {
		return n
	}
	return Fibonacci(n-1) + Fibonacci(n-2)
}

func (s *Stack) Push(v int) {
	s.items = append(s.items, v)
}`;

function selection(languageId: string, path: string, code: string, before = ''): CodeSelection {
  return { path, languageId, code, startLine: 3, endLine: 2 + code.split('\n').length, totalLines: 40, before, after: '' };
}

/** What the extension would write: the code it extracts from the simulator's answer to the task. */
function answerTo(task: ExtensionTask, sel: CodeSelection): { answer: string; code: string } {
  const { messages } = buildCodeRequest(task, sel);
  const parsed = parseCodeTask(messages);
  assert.ok(parsed, `the simulator recognises the ${task.kind} request`);
  const answer = codeTaskAnswer(parsed);
  const extracted = extractCode(answer, sel.languageId);
  assert.ok(extracted?.complete && extracted.from === 'fence', `one closed fenced block in:\n${answer}`);
  return { answer, code: extracted.code };
}

function assertValidTs(code: string, fileName = 'x.ts'): void {
  const out = ts.transpileModule(code, { reportDiagnostics: true, fileName, compilerOptions: { target: ts.ScriptTarget.ES2022 } });
  const errors = (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  assert.deepEqual(errors, [], `valid TypeScript:\n${code}`);
}

function assertValidPython(code: string): void {
  const r = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: code, encoding: 'utf8' });
  assert.equal(r.status, 0, `valid Python (${r.stderr}):\n${code}`);
}

function assertGoShape(code: string): void {
  const open = (code.match(/{/g) ?? []).length;
  assert.equal(open, (code.match(/}/g) ?? []).length, `balanced braces:\n${code}`);
  for (const line of code.split('\n')) if (line.trim().startsWith('//')) assert.ok(!line.includes('*/'), line);
}

describe('simulator: answers to the code commands', () => {
  it('does the rename a Refactor asks for, and nothing else', () => {
    const sel = selection('typescript', 'src/sample.ts', TS);
    const { code, answer } = answerTo({ kind: 'refactor', instruction: 'Rename fibonacci to fib' }, sel);
    assert.equal(code, TS.replace(/fibonacci/g, 'fib'));
    assertValidTs(code);
    assert.match(answer, /Renamed `fibonacci` to `fib` \(3 places\)/);
  });

  it('marks a Refactor it cannot do with the instruction, in a comment of the language', () => {
    const py = answerTo({ kind: 'refactor', instruction: 'use a list comprehension' }, selection('python', 'stats.py', PY)).code;
    assert.equal(py, `# Refactored as asked: use a list comprehension (simulated)\n${PY}`);
    assertValidPython(py);
    const css = answerTo({ kind: 'refactor', instruction: 'drop */ the rest' }, selection('css', 'a.css', 'a { color: red; }')).code;
    assert.equal(css, '/* Refactored as asked: drop   the rest (simulated) */\na { color: red; }');
  });

  it('Fix: strict equality in TypeScript, `is None` in Python, a marked problem elsewhere', () => {
    const js = answerTo({ kind: 'fix', diagnostics: [] }, selection('javascript', 'a.js', 'if (a == b && c != d && e === f) go();')).code;
    assert.equal(js, 'if (a === b && c !== d && e === f) go();');
    const py = answerTo({ kind: 'fix', diagnostics: [] }, selection('python', 'stats.py', PY)).code;
    assert.match(py, /if values is None:/);
    assertValidPython(py);
    const go = answerTo({ kind: 'fix', diagnostics: [{ line: 4, severity: 'error', source: 'go', message: 'undefined: Stack' }] }, selection('go', 'pkg/fib.go', GO)).code;
    assert.equal(go, `// Fix needed: undefined: Stack (simulated)\n${GO}`);
  });

  it('Document: TSDoc above each TypeScript declaration, valid TypeScript', () => {
    const { code } = answerTo({ kind: 'document' }, selection('typescript', 'src/sample.ts', TS));
    assertValidTs(code);
    assert.match(code, /\/\*\*\n \* Fibonacci\.\n \*\n \* @param n - The n\.\n \* @returns The result of fibonacci\.\n \*\/\nexport function fibonacci/);
    assert.match(code, /@param line - The line\.\n \* @param sep - The sep\./);
    assert.match(code, /\/\*\*\n \* Counter \(class\)\.\n \*\/\nexport class Counter/);
    assert.equal(code.replace(/^[ \t]*\/\*\*[\s\S]*?\*\/\n/gm, ''), TS, 'only comments were added');
  });

  it('Document: a docstring in each Python def and class, valid Python', () => {
    const { code } = answerTo({ kind: 'document' }, selection('python', 'stats.py', PY));
    assertValidPython(code);
    assert.match(code, /def mean\(values, \*, default=None\):\n {4}"""Mean\.\n\n {4}Args:\n {8}values: The values\.\n {8}default: The default\./);
    assert.match(code, /class Stack:\n {4}"""Stack \(class\)\.\n {4}"""/);
    assert.match(code, /def push\(self, item\):\n {8}"""Push\.\n\n {8}Args:\n {12}item: The item\./);
  });

  it('Document: Go doc comments that start with the name', () => {
    const { code } = answerTo({ kind: 'document' }, selection('go', 'pkg/fib.go', GO));
    assertGoShape(code);
    assert.match(code, /^\/\/ Fibonacci does what its name says \(documented by the TokenHub simulator\)\.\nfunc Fibonacci/m);
    assert.match(code, /^\/\/ Push does what its name says[^\n]*\nfunc \(s \*Stack\) Push/m);
  });

  it('Write Tests: a TypeScript skeleton in the framework asked for, importing the exported names', () => {
    const { code } = answerTo({ kind: 'tests', plan: { testPath: 'src/sample.test.ts', framework: 'Vitest', importPath: './sample' } }, selection('typescript', 'src/sample.ts', TS));
    assertValidTs(code, 'sample.test.ts');
    assert.match(code, /^import \{ describe, expect, it \} from 'vitest';\nimport \{ fibonacci, parseCsvLine, Counter \} from '\.\/sample';/);
    assert.match(code, /describe\('parseCsvLine', \(\) => \{\n {2}it\('is defined', \(\) => \{\n {4}expect\(typeof parseCsvLine\)\.toBe\('function'\);/);
    const mocha = answerTo({ kind: 'tests', plan: { testPath: 'test/sample.test.ts', framework: 'Mocha with node:assert', importPath: '../src/sample' } }, selection('typescript', 'src/sample.ts', TS)).code;
    assert.match(mocha, /^import \* as assert from 'node:assert\/strict';\nimport \{ fibonacci, parseCsvLine, Counter \} from '\.\.\/src\/sample';/);
    assertValidTs(mocha);
  });

  it('Write Tests: pytest functions in Python, a testing.T test per function in Go', () => {
    const py = answerTo({ kind: 'tests', plan: { testPath: 'test_stats.py', framework: 'pytest' } }, selection('python', 'stats.py', PY)).code;
    assertValidPython(py);
    assert.match(py, /^from stats import mean, Stack\n/);
    assert.match(py, /def test_mean_is_defined\(\):\n {4}assert callable\(mean\)/);
    const go = answerTo({ kind: 'tests', plan: { testPath: 'pkg/fib_test.go', framework: 'the standard testing package' } }, selection('go', 'pkg/fib.go', GO, 'package fibs\n')).code;
    assertGoShape(go);
    assert.match(go, /^package fibs\n\nimport "testing"\n\nfunc TestFibonacci\(t \*testing\.T\) \{\n\t_ = Fibonacci/);
    assert.ok(!go.includes('TestPush'), 'a method is not referenced without its receiver');
  });

  it('answers in the comment syntax of any other language, and leaves JSON as it is', () => {
    const sql = answerTo({ kind: 'document' }, selection('sql', 'q.sql', 'SELECT 1;')).code;
    assert.equal(sql, '-- Documented by the TokenHub simulator: SQL code from q.sql.\nSELECT 1;');
    const json = answerTo({ kind: 'refactor', instruction: 'sort the keys' }, selection('json', 'a.json', '{"b": 1, "a": 2}')).code;
    assert.equal(json, '{"b": 1, "a": 2}');
  });

  it('explains from the shape of the code, and says it is the simulator', () => {
    const { messages } = buildCodeRequest({ kind: 'explain' }, selection('typescript', 'src/sample.ts', TS));
    const answer = codeTaskAnswer(parseCodeTask(messages)!);
    assert.match(answer, /^The selected TypeScript code from `src\/sample\.ts` is 9 lines long\.\nIt declares `fibonacci`\(n\), `parseCsvLine`\(line, sep\), `Counter` \(a class\)\./);
    assert.match(answer, /TokenHub simulator/);
    const ask = codeTaskAnswer(parseCodeTask(buildCodeRequest({ kind: 'ask', question: 'Is it fast?' }, selection('go', 'fib.go', GO)).messages)!);
    assert.match(ask, /^You asked: “Is it fast\?”/);
  });

  it('leaves a plain chat message alone', () => {
    assert.equal(parseCodeTask([{ role: 'user', content: 'Hello there' }]), undefined);
    assert.equal(parseCodeTask([{ role: 'user', content: 'Selected code:\n```ts\nx\n```' }]), undefined);
  });
});
