import * as assert from 'node:assert/strict';
import { baseName, candidateNames, safeRelativeFolder, slugify, tempName, uniqueName } from '../../../src/core/media/fileNames';

describe('core/media/fileNames', () => {
  it('slugifies prompts into safe, short ASCII names', () => {
    assert.equal(slugify('A red fox, in the snow!'), 'a-red-fox-in-the-snow');
    assert.equal(slugify('Café über naïve'), 'cafe-uber-naive');
    assert.equal(slugify('../../etc/passwd'), 'etc-passwd');
    assert.equal(slugify('日本の猫'), 'generation');
    assert.equal(slugify('   '), 'generation');
    assert.equal(slugify('CON'), 'generation');
    const long = slugify('word '.repeat(40));
    assert.ok(long.length <= 40 && !long.endsWith('-'), long);
  });

  it('cuts a long prompt at a word, never in the middle of one', () => {
    // 41 characters up to "eating": a cut at 40 used to leave "…-eatin".
    assert.equal(slugify('A golden retriever on a beach at sunset eating ice cream'), 'a-golden-retriever-on-a-beach-at-sunset');
    assert.equal(slugify('Supercalifragilisticexpialidocious-and-even-more-letters-here'), 'supercalifragilisticexpialidocious-and');
    // One word longer than the limit is cut: there is no boundary to cut at.
    assert.equal(slugify('x'.repeat(50)), 'x'.repeat(40));
  });

  it('prefixes the local date and time', () => {
    assert.equal(baseName('Sunset', new Date(2026, 10, 22, 4, 5, 6)), '20261122-040506-sunset');
  });

  it('never returns the name of an existing file', async () => {
    const existing = new Set(['x.png', 'x-2.png', 'x-3.png']);
    assert.equal(await uniqueName('x', 'png', (n) => existing.has(n)), 'x-4.png');
    assert.equal(await uniqueName('y', 'png', async (n) => existing.has(n)), 'y.png');
    const gen = candidateNames('z', 'mp4');
    assert.deepEqual([gen.next().value, gen.next().value, gen.next().value], ['z.mp4', 'z-2.mp4', 'z-3.mp4']);
    await assert.rejects(uniqueName('x', 'png', () => true, 5), /no free file name/);
  });

  it('uses a hidden temporary name beside the final one', () => {
    assert.equal(tempName('a.mp4', 'r1'), '.a.mp4.r1.part');
  });

  it('keeps the media folder inside the workspace', () => {
    assert.deepEqual(safeRelativeFolder('out/media', 'tokenhub-media'), ['out', 'media']);
    assert.deepEqual(safeRelativeFolder('./a\\b/', 'tokenhub-media'), ['a', 'b']);
    assert.deepEqual(safeRelativeFolder('../outside', 'tokenhub-media'), ['tokenhub-media']);
    assert.deepEqual(safeRelativeFolder('/etc', 'tokenhub-media'), ['tokenhub-media']);
    assert.deepEqual(safeRelativeFolder('C:\\Windows', 'tokenhub-media'), ['tokenhub-media']);
    assert.deepEqual(safeRelativeFolder('', 'tokenhub-media'), ['tokenhub-media']);
    assert.deepEqual(safeRelativeFolder(undefined, 'tokenhub-media'), ['tokenhub-media']);
  });
});
