import * as assert from 'node:assert/strict';
import { endpointKind, isLoopbackUrl } from '../../src/core/endpoint';

describe('core/endpoint', () => {
  it('recognises loopback base URLs', () => {
    for (const u of ['http://127.0.0.1:3000/api/v1', 'http://localhost:8080/v1', 'http://[::1]:9/api', 'http://127.1.2.3/x', 'http://0.0.0.0:1']) assert.ok(isLoopbackUrl(u), u);
    for (const u of ['https://tokenhub.store/api/v1', 'http://10.0.0.1/v1', 'http://127.0.0.1.evil.example/', 'not a url']) assert.ok(!isLoopbackUrl(u), u);
  });

  it('says "simulator" only with TOKENHUB_SIMULATOR=1, "local" for another loopback URL, nothing for a real gateway', () => {
    assert.equal(endpointKind('http://127.0.0.1:5/api/v1', { TOKENHUB_SIMULATOR: '1' }), 'simulator');
    assert.equal(endpointKind('https://tokenhub.store/api/v1', { TOKENHUB_SIMULATOR: 'true' }), 'simulator');
    assert.equal(endpointKind('http://127.0.0.1:5/api/v1'), 'local');
    assert.equal(endpointKind('http://localhost:4000/v1', { TOKENHUB_SIMULATOR: '0' }), 'local');
    assert.equal(endpointKind('https://tokenhub.store/api/v1', { TOKENHUB_SIMULATOR: '0' }), null);
    assert.equal(endpointKind('https://api.tokenhot.ai/v1'), null);
  });
});
