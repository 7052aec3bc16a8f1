import * as assert from 'node:assert/strict';
import { messageFit, messageTokenLimit } from '../../../src/core/conversation/messageSize';
import { MAX_INPUT } from '../../../src/core/protocol/chatProtocol';

describe('messageSize: whether a message fits the model', () => {
  it('a 250,000-character paste fits a 200K-token window, and not a 32K one', () => {
    const paste = 'const x = 1;\n'.repeat(19_231); // 250,003 characters, about 71K tokens
    assert.equal(messageFit(paste, 200_000, MAX_INPUT).fits, true);
    const small = messageFit(paste, 32_768, MAX_INPUT);
    assert.equal(small.fits, false);
    assert.equal(small.limit, messageTokenLimit(32_768));
    assert.ok(small.tokens > small.limit);
  });

  it('leaves room for the answer: all of a window but its output room (a quarter of a small one)', () => {
    assert.equal(messageTokenLimit(200_000), 200_000 - 8_192);
    assert.equal(messageTokenLimit(8_000), 6_000);
  });

  it('counts CJK characters as a token each (the estimator is deliberately high)', () => {
    assert.equal(messageFit('字'.repeat(6_001), 8_000, MAX_INPUT).fits, false);
    assert.equal(messageFit('字'.repeat(6_000), 8_000, MAX_INPUT).fits, true);
  });

  it('a model of unknown window is held to the protocol cap alone', () => {
    assert.equal(messageFit('x'.repeat(2_000_000), undefined, MAX_INPUT).fits, true);
    const over = messageFit('x'.repeat(101), undefined, 100);
    assert.equal(over.fits, false);
    assert.ok(over.tokens > over.limit);
  });
});
