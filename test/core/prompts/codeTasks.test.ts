import * as assert from 'node:assert/strict';
import { estimateTokens } from '../../../src/core/edits/budget';
import type { CodeSelection, DiagnosticInfo } from '../../../src/core/prompts/codePrompts';
import { buildAskPrompt, buildEditMessages, buildExplainPrompt, buildTestMessages } from '../../../src/core/prompts/codePrompts';
import { buildCodeRequest, CHAT_ANSWER_TOKENS, MAX_DIAGNOSTICS, orderDiagnostics } from '../../../src/core/prompts/codeTasks';

const sel: CodeSelection = {
  path: 'src/math/add.ts',
  languageId: 'typescript',
  code: 'export function add(x: number, y: number) {\n  return x + y;\n}',
  startLine: 3,
  endLine: 5,
};

describe('core/prompts/codeTasks', () => {
  it('lists errors first, then warnings, information and hints, each by line', () => {
    const d = (line: number, severity: DiagnosticInfo['severity']): DiagnosticInfo => ({ line, severity, message: `${severity} on ${line}` });
    const ordered = orderDiagnostics([d(1, 'hint'), d(9, 'error'), d(2, 'warning'), d(4, 'information'), d(3, 'error'), d(5, 'warning')]);
    assert.deepEqual(
      ordered.map((x) => [x.severity, x.line]),
      [
        ['error', 3],
        ['error', 9],
        ['warning', 2],
        ['warning', 5],
        ['information', 4],
        ['hint', 1],
      ],
    );
  });

  it(`sends at most ${MAX_DIAGNOSTICS} problems, dropping the least severe`, () => {
    const many: DiagnosticInfo[] = Array.from({ length: 50 }, (_, i) => ({ line: i + 1, severity: i < 25 ? 'hint' : 'error', message: `p${i}` }));
    const ordered = orderDiagnostics(many);
    assert.equal(ordered.length, MAX_DIAGNOSTICS);
    assert.deepEqual(ordered.slice(0, 25).map((x) => x.message), many.slice(25).map((x) => x.message));
    assert.ok(ordered.slice(25).every((x) => x.severity === 'hint'));
    assert.equal(orderDiagnostics(many, 3).length, 3);
  });

  it('builds the prompt of each task with the code builders', () => {
    const diagnostics: DiagnosticInfo[] = [{ line: 4, severity: 'error', message: 'x is not a number' }];
    const plan = { testPath: 'src/math/add.test.ts', framework: 'Mocha' };
    assert.deepEqual(buildCodeRequest({ kind: 'explain' }, sel).messages, [{ role: 'user', content: buildExplainPrompt(sel) }]);
    assert.deepEqual(buildCodeRequest({ kind: 'ask', question: 'Why?' }, sel).messages, [{ role: 'user', content: buildAskPrompt(sel, 'Why?') }]);
    assert.deepEqual(buildCodeRequest({ kind: 'refactor', instruction: 'inline it' }, sel).messages, buildEditMessages('refactor', sel, { instruction: 'inline it' }));
    assert.deepEqual(buildCodeRequest({ kind: 'fix', diagnostics }, sel).messages, buildEditMessages('fix', sel, { diagnostics }));
    assert.deepEqual(buildCodeRequest({ kind: 'document' }, sel).messages, buildEditMessages('document', sel));
    assert.deepEqual(buildCodeRequest({ kind: 'tests', plan }, sel).messages, buildTestMessages(sel, plan));
  });

  it('keeps room for the answer each task needs', () => {
    const code = estimateTokens(sel.code);
    assert.equal(buildCodeRequest({ kind: 'explain' }, sel).expectedOutputTokens, CHAT_ANSWER_TOKENS);
    assert.equal(buildCodeRequest({ kind: 'ask', question: 'Why?' }, sel).expectedOutputTokens, CHAT_ANSWER_TOKENS);
    // An edit rewrites the code: its size again, plus what the task adds to it.
    assert.equal(buildCodeRequest({ kind: 'fix', diagnostics: [] }, sel).expectedOutputTokens, Math.ceil(code * 1.2) + 256);
    assert.equal(buildCodeRequest({ kind: 'refactor', instruction: '' }, sel).expectedOutputTokens, Math.ceil(code * 1.3) + 256);
    assert.equal(buildCodeRequest({ kind: 'document' }, sel).expectedOutputTokens, Math.ceil(code * 1.8) + 256);
    const big = { ...sel, code: 'x'.repeat(3500) };
    assert.equal(buildCodeRequest({ kind: 'tests', plan: { testPath: 't.test.ts' } }, sel).expectedOutputTokens, 1500);
    assert.equal(buildCodeRequest({ kind: 'tests', plan: { testPath: 't.test.ts' } }, big).expectedOutputTokens, 2500);
  });
});
