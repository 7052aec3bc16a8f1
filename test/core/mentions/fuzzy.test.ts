import * as assert from 'node:assert/strict';
import { FuzzyIndex, fuzzyMatch, fuzzyScore, nameStart, normalizeQuery } from '../../../src/core/mentions/fuzzy';

const PATHS = [
  'src/webview/composer.ts',
  'src/webview/contextChips.ts',
  'src/webview/mentionPicker.ts',
  'src/chat/chatSession.ts',
  'src/core/conversation/conversation.ts',
  'test/webview/composer.test.ts',
  'README.md',
  'docs/readme-notes.md',
  'src/core/mentions/fuzzy.ts',
  'node_modules/some-lib/src/comp/oser.js',
  'src/components/Button.tsx',
  'src/components/buttonGroup/index.tsx',
  'package.json',
];

function top(query: string, n = 3): string[] {
  return new FuzzyIndex(PATHS, (p) => p).search(query, n).map((r) => r.item);
}

describe('core/mentions/fuzzy', () => {
  it('matches the query characters in order, case-insensitively, and nothing else', () => {
    assert.notEqual(fuzzyScore('cmpsr', 'src/webview/composer.ts'), undefined);
    assert.notEqual(fuzzyScore('COMPOSER', 'src/webview/composer.ts'), undefined);
    assert.equal(fuzzyScore('rescopm', 'src/webview/composer.ts'), undefined, 'out of order');
    assert.equal(fuzzyScore('composerx', 'src/webview/composer.ts'), undefined);
    assert.equal(fuzzyScore('a', ''), undefined);
  });

  it('ignores spaces in the query', () => {
    assert.equal(normalizeQuery(' Chat  Ses '), 'chatses');
    assert.equal(top('chat ses', 1)[0], 'src/chat/chatSession.ts');
  });

  it('ranks a match in the file name above one spread over folders', () => {
    // "comp" is in src/components/ and in composer.ts; the file name wins.
    assert.equal(top('composer', 1)[0], 'src/webview/composer.ts');
    assert.ok(fuzzyScore('comp', 'src/webview/composer.ts')! > fuzzyScore('comp', 'node_modules/some-lib/src/comp/oser.js')!);
  });

  it('ranks the exact name first, then name prefixes, then shorter paths', () => {
    assert.equal(top('readme', 1)[0], 'README.md');
    assert.equal(top('button', 1)[0], 'src/components/Button.tsx');
    assert.deepEqual(top('composer', 2), ['src/webview/composer.ts', 'test/webview/composer.test.ts']);
  });

  it('prefers word starts and camel-case humps: "cC" finds contextChips', () => {
    assert.equal(top('cC', 1)[0], 'src/webview/contextChips.ts');
    assert.equal(top('mp', 1)[0], 'src/webview/mentionPicker.ts');
  });

  it('prefers consecutive characters over scattered ones', () => {
    assert.ok(fuzzyScore('fuzzy', 'src/core/mentions/fuzzy.ts')! > fuzzyScore('fuzzy', 'f/u/z/z/y.ts')!);
  });

  it('a path the user types with folders matches across segments', () => {
    assert.equal(top('core/conv', 1)[0], 'src/core/conversation/conversation.ts');
  });

  it('returns the matched positions, to highlight', () => {
    const m = fuzzyMatch('cchips', 'src/webview/contextChips.ts');
    assert.ok(m);
    const path = 'src/webview/contextChips.ts';
    assert.equal(m.positions.map((i) => path[i]).join('').toLowerCase(), 'cchips');
    assert.ok(m.positions.every((p) => p >= nameStart(path)), 'highlighted in the file name');
    assert.deepEqual(fuzzyMatch('', 'a.ts'), { score: 0, positions: [] });
    assert.equal(fuzzyMatch('zz', 'a.ts'), undefined);
  });

  it('an empty query lists the items as given, up to the limit', () => {
    assert.deepEqual(new FuzzyIndex(PATHS, (p) => p).search('', 2).map((r) => r.item), PATHS.slice(0, 2));
  });

  it('every result of a search matches, and none that matches is missing', () => {
    const index = new FuzzyIndex(PATHS, (p) => p);
    for (const q of ['s', 'ts', 'wv', 'chat', 'xyz', 'src/c']) {
      const got = index.search(q, 100).map((r) => r.item).sort();
      const expected = PATHS.filter((p) => fuzzyScore(q, p) !== undefined).sort();
      assert.deepEqual(got, expected, q);
      const scores = index.search(q, 100).map((r) => r.score);
      assert.deepEqual(scores, [...scores].sort((a, b) => b - a), `sorted by score: ${q}`);
    }
  });

  it('typing on (each query extending the last) gives what a fresh search gives', () => {
    const typing = new FuzzyIndex(PATHS, (p) => p);
    for (const q of ['c', 'co', 'com', 'comp', 'compo', 'c', 'ch', 'cha', 'xq', 'xqz', 's', 'sr', 'src/w']) {
      assert.deepEqual(typing.search(q, 5), new FuzzyIndex(PATHS, (p) => p).search(q, 5), q);
    }
  });

  it('stays correct on long paths (the scoring rows grow)', () => {
    const long = `${'a/'.repeat(400)}target.ts`;
    assert.notEqual(fuzzyScore('target', long), undefined);
    assert.equal(fuzzyMatch('target', long)!.positions[0], long.indexOf('target'));
  });
});
