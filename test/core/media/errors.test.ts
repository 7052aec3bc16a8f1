import * as assert from 'node:assert/strict';
import { TokenHubError } from '../../../src/core/client/errors';
import { MediaError, isMediaError } from '../../../src/core/media/errors';

describe('core/media/errors', () => {
  it('a MediaError says its name and kind, and only it is one', () => {
    const e = new MediaError('timeout', 'took too long', 'detail');
    assert.deepEqual([e.name, e.kind, e.message, e.detail], ['MediaError', 'timeout', 'took too long', 'detail']);
    assert.equal(isMediaError(e), true);
    for (const other of [new Error('x'), new TokenHubError('server', 'x'), { kind: 'timeout' }, undefined]) assert.equal(isMediaError(other), false);
  });
});
