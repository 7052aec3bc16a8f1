import * as assert from 'node:assert/strict';
import { MAX_MENTION_QUERY, mentionAtCaret, parseMentionQuery } from '../../../src/core/mentions/mentionQuery';

describe('core/mentions/mentionQuery', () => {
  it('a kind: prefix narrows to that kind; anything else searches every kind', () => {
    assert.deepEqual(parseMentionQuery('file:comp'), { kind: 'file', text: 'comp' });
    assert.deepEqual(parseMentionQuery('symbol:'), { kind: 'symbol', text: '' });
    assert.deepEqual(parseMentionQuery('git'), { kind: 'git', text: '' });
    assert.deepEqual(parseMentionQuery('problems'), { kind: 'problems', text: '' });
    assert.deepEqual(parseMentionQuery('fil'), { text: 'fil' }, 'a word that only starts like a kind');
    assert.deepEqual(parseMentionQuery('files'), { text: 'files' });
    assert.deepEqual(parseMentionQuery('src/file:x'), { text: 'src/file:x' });
    assert.deepEqual(parseMentionQuery('url:x'), { text: 'url:x' }, 'not a kind');
    assert.deepEqual(parseMentionQuery(''), { text: '' });
  });

  it('finds the @ token at the caret: at the start or after white space, none between it and the caret', () => {
    assert.deepEqual(mentionAtCaret('@', 1), { start: 0, query: '' });
    assert.deepEqual(mentionAtCaret('look at @comp', 13), { start: 8, query: 'comp' });
    assert.deepEqual(mentionAtCaret('look at @comp and', 11), { start: 8, query: 'co' }, 'the caret inside the token');
    assert.deepEqual(mentionAtCaret('x\n@file:src/a', 13), { start: 2, query: 'file:src/a' });
    assert.equal(mentionAtCaret('mail me@example.com', 19), undefined, 'an e-mail address');
    assert.equal(mentionAtCaret('@comp done', 10), undefined, 'white space after it: finished');
    assert.equal(mentionAtCaret('no token here', 5), undefined);
    assert.equal(mentionAtCaret('', 0), undefined);
    assert.equal(mentionAtCaret(`@${'a'.repeat(MAX_MENTION_QUERY + 5)}`, MAX_MENTION_QUERY + 6), undefined, 'too long to be one');
  });
});
