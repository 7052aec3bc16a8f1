import * as assert from 'node:assert/strict';
import { cutAtWord, shortLabel } from '../../src/core/shorten';

describe('core/shorten: cutting at a word', () => {
  it('keeps text that fits, and cuts what does not at the last whole word', () => {
    assert.equal(cutAtWord('a red fox', 20), 'a red fox');
    assert.equal(cutAtWord('a red fox running', 12), 'a red fox');
    assert.equal(cutAtWord('a red fox running', 9), 'a red fox', 'a cut right before a separator keeps the word');
    assert.equal(cutAtWord('a-red-fox-running', 12, '-'), 'a-red-fox');
    assert.equal(cutAtWord('a  red', 4), 'a', 'no trailing separators');
  });

  it('cuts a single word longer than the limit where it must', () => {
    assert.equal(cutAtWord('abcdefghij', 4), 'abcd');
  });

  it('a label gets an ellipsis, within the limit, after a whole word', () => {
    const label = shortLabel('A golden retriever on a beach at sunset, eating ice cream', 40);
    assert.equal(label, 'A golden retriever on a beach at sunset…');
    assert.ok(label.length <= 40);
    assert.equal(shortLabel('Short  prompt\n', 40), 'Short prompt');
  });
});
