import * as assert from 'node:assert/strict';
import { detectTestFramework, namingOf, planTestFile, relativeImport, testGlob, testPathCandidates } from '../../../src/core/prompts/testPlan';

describe('core/prompts/testPlan', () => {
  it('puts the test next to the source with the language default when the workspace has no tests', () => {
    assert.equal(planTestFile({ sourcePath: 'src/parser.ts', languageId: 'typescript', existingTests: [] }).testPath, 'src/parser.test.ts');
    assert.equal(planTestFile({ sourcePath: 'pkg/util.py', languageId: 'python', existingTests: [] }).testPath, 'pkg/test_util.py');
    assert.equal(planTestFile({ sourcePath: 'cmd/server.go', languageId: 'go', existingTests: [] }).testPath, 'cmd/server_test.go');
    assert.equal(planTestFile({ sourcePath: 'Lib/Parser.cs', languageId: 'csharp', existingTests: [] }).testPath, 'Lib/ParserTests.cs');
    assert.equal(planTestFile({ sourcePath: 'main.rb', languageId: 'ruby', existingTests: [] }).testPath, 'main_spec.rb');
  });

  it('follows the naming the existing tests use (majority)', () => {
    const existing = ['src/a.spec.ts', 'src/b.spec.ts', 'src/c.test.ts'];
    const plan = planTestFile({ sourcePath: 'src/deep/parser.ts', languageId: 'typescript', existingTests: existing });
    assert.equal(plan.testPath, 'src/deep/parser.spec.ts');
    assert.equal(plan.style, 'dotSpec');
    const py = planTestFile({ sourcePath: 'app/models.py', languageId: 'python', existingTests: ['app/users_test.py', 'app/orders_test.py'] });
    assert.equal(py.testPath, 'app/models_test.py');
  });

  it('mirrors a separate test folder when that is where the tests live', () => {
    const existing = ['test/core/media/polling.test.ts', 'test/core/media/mp4.test.ts', 'test/simulator/server.test.ts'];
    const plan = planTestFile({ sourcePath: 'src/core/edits/fences.ts', languageId: 'typescript', existingTests: existing });
    assert.equal(plan.testPath, 'test/core/edits/fences.test.ts');
    assert.equal(plan.nearestTest, 'test/core/media/mp4.test.ts');
    const py = planTestFile({ sourcePath: 'mypkg/util.py', languageId: 'python', existingTests: ['tests/test_a.py', 'tests/sub/test_b.py'] });
    assert.equal(py.testPath, 'tests/mypkg/test_util.py');
  });

  it('uses __tests__ folders beside the sources when the workspace does', () => {
    const plan = planTestFile({ sourcePath: 'src/ui/button.tsx', languageId: 'typescriptreact', existingTests: ['src/app/__tests__/app.test.tsx', 'src/lib/__tests__/x.test.ts'] });
    assert.equal(plan.testPath, 'src/ui/__tests__/button.test.tsx');
  });

  it('uses the Maven layout for Java', () => {
    const plan = planTestFile({ sourcePath: 'src/main/java/com/acme/Parser.java', languageId: 'java', existingTests: [] });
    assert.equal(plan.testPath, 'src/test/java/com/acme/ParserTest.java');
  });

  it('picks the nearest existing test as the example', () => {
    const plan = planTestFile({ sourcePath: 'src/a/b/c.ts', languageId: 'typescript', existingTests: ['src/x/y.test.ts', 'src/a/b/z.test.ts', 'src/a/w.test.ts', 'src/old.py'] });
    assert.equal(plan.nearestTest, 'src/a/b/z.test.ts');
  });

  it('recognises test naming styles', () => {
    assert.deepEqual(namingOf('a/parser.test.ts'), { style: 'dotTest', subject: 'parser' });
    assert.deepEqual(namingOf('test_util.py'), { style: 'prefixTest', subject: 'util' });
    assert.deepEqual(namingOf('ParserTests.cs'), { style: 'pascalTests', subject: 'Parser' });
    assert.deepEqual(namingOf('ParserTest.java'), { style: 'pascalTest', subject: 'Parser' });
    assert.equal(namingOf('parser.ts'), undefined);
  });

  it('numbers alternatives when the file exists, keeping the test pattern', () => {
    assert.deepEqual(testPathCandidates('src/parser.test.ts', 2), ['src/parser.test.ts', 'src/parser2.test.ts', 'src/parser3.test.ts']);
    assert.deepEqual(testPathCandidates('test_util.py', 1), ['test_util.py', 'test_util2.py']);
  });

  it('computes the import from the test file to the source', () => {
    assert.equal(relativeImport('src/parser.test.ts', 'src/parser.ts'), './parser');
    assert.equal(relativeImport('test/core/edits/fences.test.ts', 'src/core/edits/fences.ts'), '../../../src/core/edits/fences');
    assert.equal(relativeImport('src/ui/__tests__/b.test.tsx', 'src/ui/b.tsx'), '../b');
  });

  it('detects the framework from an existing test or the manifest', () => {
    assert.equal(detectTestFramework('typescript', "import { describe, it } from 'vitest';"), 'Vitest');
    assert.equal(detectTestFramework('typescript', "import test from 'node:test';"), 'the Node.js test runner (node:test) with node:assert');
    assert.equal(detectTestFramework('javascript', 'jest.mock("x");'), 'Jest');
    assert.equal(detectTestFramework('typescript', "describe('a', () => { it('b', () => {}); });", '{"devDependencies":{"mocha":"^11"}}'), 'Mocha with node:assert');
    assert.equal(detectTestFramework('typescript', '', '{"devDependencies":{"jest":"^29"}}'), 'Jest');
    assert.equal(detectTestFramework('python', 'import unittest\nclass T(unittest.TestCase): pass'), 'unittest');
    assert.equal(detectTestFramework('python', 'def test_x():\n    assert 1'), 'pytest');
    assert.equal(detectTestFramework('java', 'import org.junit.Test;'), 'JUnit 4');
    assert.equal(detectTestFramework('csharp', '[Fact]\npublic void X() {}'), 'xUnit');
    assert.equal(detectTestFramework('csharp', '[TestMethod]'), 'MSTest');
    assert.equal(detectTestFramework('go'), "Go's standard `testing` package");
  });

  it('has globs for the languages it knows', () => {
    assert.equal(testGlob('typescript'), '**/*.{test,spec}.{ts,tsx,js,jsx,mjs,cjs,mts,cts}');
    assert.equal(testGlob('python'), '**/{test_*.py,*_test.py}');
    assert.equal(testGlob('brainfuck'), undefined);
  });
});
