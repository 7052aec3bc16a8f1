import * as assert from 'node:assert/strict';
import { changedSince, criticalScores, score } from './runMutation';
import { PROJECT_ROOT } from './vsix';

const m = (status: string, i = 0) => ({ id: `${status}-${i}`, status });

describe('host/runMutation: the scores it prints', () => {
  it('counts killed and timed-out mutants as detected, survivors and uncovered ones as not, the rest not at all', () => {
    const s = score([m('Killed'), m('Killed', 1), m('Timeout'), m('Survived'), m('NoCoverage'), m('Ignored'), m('CompileError'), m('RuntimeError')]);
    assert.deepEqual(s, { detected: 3, undetected: 2, ignored: 1, score: 60 });
    assert.equal(score([]).score, 100);
  });

  it('groups files by module, relative or absolute, each file in every group it belongs to', () => {
    const report = {
      files: {
        'src/core/client/errorMapping.ts': { mutants: [m('Killed'), m('Survived')] },
        'src/core/client/sse.ts': { mutants: [m('Killed'), m('Killed', 1)] },
        [`${PROJECT_ROOT}/src/core/log.ts`]: { mutants: [m('Killed')] },
        'src/core/conversation/validate.ts': { mutants: [m('NoCoverage')] },
        'src/webview/markdown.ts': { mutants: [m('Timeout')] },
        'src/webview/renderHighlight.ts': { mutants: [m('Survived')] },
        'src/core/prompts/codePrompts.ts': { mutants: [m('Survived')] },
        'src/core/agent/paths.ts': { mutants: [m('Killed'), m('Survived')] },
        'src/core/usage/budget.ts': { mutants: [m('Killed')] },
      },
    };
    const got = Object.fromEntries(criticalScores(report).map(({ name, files, s }) => [name, [files, s.detected, s.undetected]]));
    assert.deepEqual(got, {
      'client and SSE': [2, 3, 1],
      errors: [1, 1, 1],
      'pricing, usage and budgets': [1, 1, 0],
      redaction: [1, 1, 0],
      'conversation validation': [1, 0, 1],
      edits: [0, 0, 0],
      'agent path confinement, secrets': [1, 1, 1],
      'completion clean-up': [0, 0, 0],
      'gateway profiles': [0, 0, 0],
      'sanitizing (markdown, code colours, CSP)': [2, 1, 1],
    });
  });
});

describe('host/runMutation: what changed since the incremental results', () => {
  it('lists the mutated files and test files whose text differs, and not the ones that are gone or the same', () => {
    const results = {
      files: { 'src/a.ts': { source: 'a' }, 'src/b.ts': { source: 'b' }, 'src/gone.ts': { source: 'g' } },
      testFiles: { 'test/a.test.ts': { source: 'ta' }, 'test/b.test.ts': { source: 'tb' }, 'test/nosource.test.ts': {} },
    };
    const tree: Record<string, string> = { 'src/a.ts': 'a', 'src/b.ts': 'b changed', 'test/a.test.ts': 'ta changed', 'test/b.test.ts': 'tb', 'test/nosource.test.ts': 'x' };
    assert.deepEqual(changedSince(results, (f) => tree[f]), { sources: ['src/b.ts'], tests: ['test/a.test.ts'] });
    assert.deepEqual(changedSince({ files: { 'src/a.ts': { source: 'a' } } }, (f) => tree[f]), { sources: [], tests: [] });
  });
});
