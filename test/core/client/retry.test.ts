import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { abortableSleep } from '../../../src/core/client/retry';
import { caught } from '../../simulator/helpers';

describe('core/client/retry (abortableSleep)', () => {
  // One signal lives as long as a request and its retries: a wait must not leave a listener on it
  // (they would pile up, and Node warns past ten).
  it('leaves no listener on the signal once the wait is over, however it ended', async () => {
    const ac = new AbortController();
    for (let i = 0; i < 3; i++) await abortableSleep(1, ac.signal);
    assert.equal(getEventListeners(ac.signal, 'abort').length, 0, 'after waits that ran out');
    const waiting = abortableSleep(60_000, ac.signal);
    assert.equal(getEventListeners(ac.signal, 'abort').length, 1);
    ac.abort();
    const e = await caught(() => waiting);
    assert.equal((e as Error).name, 'AbortError');
    assert.equal(getEventListeners(ac.signal, 'abort').length, 0, 'after an abort');
  });
});
