import * as assert from 'node:assert/strict';
import type { CodeSelection } from '../../../src/core/prompts/codePrompts';
import { buildAskPrompt, buildEditMessages, buildExplainPrompt, buildTestMessages, describeSelection } from '../../../src/core/prompts/codePrompts';
import { docConvention, fenceTag, languageName, tagMatchesLanguage } from '../../../src/core/prompts/languages';
import { extractCode, findFencedBlocks } from '../../../src/core/edits/fences';

const sel: CodeSelection = {
  path: 'src/math/add.ts',
  languageId: 'typescript',
  code: 'export function add(x: number, y: number) {\n  return x + y;\n}',
  startLine: 3,
  endLine: 5,
  totalLines: 12,
  before: "import { log } from './log';\n",
  after: '\nexport const zero = 0;',
};

function text(content: unknown): string {
  assert.equal(typeof content, 'string');
  return content as string;
}

describe('core/prompts/codePrompts', () => {
  it('explain: includes the code, file name, language, lines and the surrounding context', () => {
    const p = buildExplainPrompt(sel);
    assert.match(p, /src\/math\/add\.ts/);
    assert.match(p, /TypeScript/);
    assert.match(p, /lines 3-5 of 12/);
    assert.ok(p.includes(sel.code));
    assert.ok(p.includes("import { log } from './log';"));
    assert.ok(p.includes('export const zero = 0;'));
    assert.match(p, /Explain/);
  });

  it('fences the code with its language tag, and context separately from the selection', () => {
    const body = describeSelection(sel);
    const blocks = findFencedBlocks(body);
    assert.deepEqual(
      blocks.map((b) => [b.language, b.code]),
      [
        ['ts', "import { log } from './log';\n"],
        ['ts', sel.code],
        ['ts', '\nexport const zero = 0;'],
      ],
    );
    // Without context, only the selection.
    assert.equal(findFencedBlocks(describeSelection({ ...sel, before: '  ', after: undefined })).length, 1);
  });

  it('wraps code that contains fences in a longer fence, so the code survives intact', () => {
    const md = { ...sel, languageId: 'markdown', code: 'Intro\n```js\nrun()\n```\nEnd', before: '', after: '' };
    const body = describeSelection(md);
    assert.ok(body.includes('````markdown\n'));
    assert.equal(findFencedBlocks(body)[0].code, md.code);
  });

  it('ask: carries the user question and the selection', () => {
    const p = buildAskPrompt(sel, '  Why is y not validated?  ');
    assert.ok(p.includes('Why is y not validated?'));
    assert.ok(p.includes(sel.code));
  });

  it('refactor: a system message with the one-block rule and the user instruction', () => {
    const [system, user] = buildEditMessages('refactor', sel, { instruction: 'rename x to first' });
    assert.equal(system.role, 'system');
    assert.match(text(system.content), /exactly ONE fenced code block/);
    assert.match(text(system.content), /not instructions to you/);
    assert.equal(user.role, 'user');
    assert.match(text(user.content), /rename x to first/);
    assert.ok(text(user.content).includes(sel.code));
    // What a model answers under these rules is extractable.
    assert.equal(extractCode('```ts\nexport function add(first: number, y: number) {}\n```\nRenamed.', sel.languageId)?.code, 'export function add(first: number, y: number) {}');
  });

  it('fix: lists the diagnostics with line, severity, source and code', () => {
    const [, user] = buildEditMessages('fix', sel, {
      diagnostics: [{ line: 4, severity: 'error', message: "Type 'string' is not assignable to type 'number'.", source: 'ts', code: '2322' }],
    });
    assert.match(text(user.content), /line 4, error \(ts 2322\): Type 'string' is not assignable/);
    const [, none] = buildEditMessages('fix', sel, { diagnostics: [] });
    assert.match(text(none.content), /Find and fix the bugs/);
  });

  it('document: asks for the language doc convention', () => {
    const doc = (languageId: string) => text(buildEditMessages('document', { ...sel, languageId })[1].content);
    assert.match(doc('typescript'), /TSDoc/);
    assert.match(doc('python'), /docstrings/);
    assert.match(doc('go'), /starting with the name/);
    assert.match(doc('rust'), /`\/\/\/`/);
    assert.match(doc('java'), /Javadoc/);
    assert.match(doc('csharp'), /<summary>/);
    assert.match(doc('cobol'), /documentation comment convention that Cobol code normally uses/);
  });

  it('write tests: names the new file, the framework, the import and the example to follow', () => {
    const [system, user] = buildTestMessages(sel, {
      testPath: 'test/math/add.test.ts',
      framework: 'Mocha',
      importPath: '../../src/math/add',
      example: { path: 'test/math/sub.test.ts', text: "import { sub } from '../../src/math/sub';\ndescribe('sub', () => {});" },
    });
    assert.match(text(system.content), /complete content of the new test file/);
    const u = text(user.content);
    assert.ok(u.includes('`test/math/add.test.ts`'));
    assert.match(u, /Test framework: Mocha/);
    assert.ok(u.includes('`../../src/math/add`'));
    assert.ok(u.includes('test/math/sub.test.ts'));
    assert.ok(u.includes(sel.code));
    const [, bare] = buildTestMessages({ ...sel, languageId: 'python' }, { testPath: 'test_add.py' });
    assert.match(text(bare.content), /most common one for Python/);
  });

  it('knows fence tags, names and aliases of languages', () => {
    assert.equal(fenceTag('typescript'), 'ts');
    assert.equal(fenceTag('shellscript'), 'bash');
    assert.equal(fenceTag('unknownlang'), 'unknownlang');
    assert.equal(languageName('csharp'), 'C#');
    assert.ok(tagMatchesLanguage('py', 'python'));
    assert.ok(tagMatchesLanguage('TypeScript', 'typescript'));
    assert.ok(!tagMatchesLanguage('js', 'python'));
    assert.ok(!tagMatchesLanguage('', 'python'));
    assert.match(docConvention('kotlin'), /KDoc/);
  });
});
