import * as assert from 'node:assert/strict';
import { matches, pathCandidates } from '../../../src/core/agent/commandWalk';

describe('core/agent/commandWalk', () => {
  it('matches an entry word for word, a final * taking any further words, none included', () => {
    assert.equal(matches({ tokens: ['npm', 'test'], rest: false }, ['npm', 'test']), true);
    assert.equal(matches({ tokens: ['npm', 'test'], rest: false }, ['npm', 'test', 'x']), false);
    assert.equal(matches({ tokens: ['npm', 'test'], rest: false }, ['npm']), false);
    assert.equal(matches({ tokens: ['npm', 'test'], rest: false }, ['npm', 'tests']), false);
    assert.equal(matches({ tokens: ['npm', 'test'], rest: false }, ['npx', 'test']), false);
    assert.equal(matches({ tokens: ['git', 'diff'], rest: true }, ['git', 'diff']), true);
    assert.equal(matches({ tokens: ['git', 'diff'], rest: true }, ['git', 'diff', 'a', 'b']), true);
    assert.equal(matches({ tokens: ['git', 'diff'], rest: true }, ['git']), false);
    assert.equal(matches({ tokens: ['git', 'diff'], rest: true }, ['git', 'log', 'diff']), false);
  });

  it('finds the paths an argument may name', () => {
    assert.deepEqual(pathCandidates('src/a.ts'), ['src/a.ts']);
    assert.deepEqual(pathCandidates('--output=/var/x'), ['--output=/var/x', '/var/x']);
    assert.deepEqual(pathCandidates('@.env'), ['.env']);
    assert.deepEqual(pathCandidates('-d@.env'), ['-d@.env', '.env']);
    assert.deepEqual(pathCandidates('file=@.npmrc'), ['file=@.npmrc', '.npmrc']);
    assert.deepEqual(pathCandidates('a=b=c'), ['a=b=c', 'b=c']);
    assert.deepEqual(pathCandidates('x='), ['x=']);
    assert.deepEqual(pathCandidates('user@host'), ['user@host', 'host']);
  });
});
