import * as assert from 'node:assert/strict';
import { isLoopbackUrl, isSimulatorEndpoint } from '../../src/core/endpoint';

describe('core/endpoint', () => {
  it('recognises loopback base URLs', () => {
    for (const u of ['http://127.0.0.1:3000/api/v1', 'http://localhost:8080/v1', 'http://[::1]:9/api', 'http://127.1.2.3/x', 'http://0.0.0.0:1']) assert.ok(isLoopbackUrl(u), u);
    for (const u of ['https://tokenhub.store/api/v1', 'http://10.0.0.1/v1', 'http://127.0.0.1.evil.example/', 'not a url']) assert.ok(!isLoopbackUrl(u), u);
  });

  it('says "simulator" for a loopback URL or TOKENHUB_SIMULATOR=1', () => {
    assert.ok(isSimulatorEndpoint('http://127.0.0.1:5/api/v1'));
    assert.ok(isSimulatorEndpoint('https://tokenhub.store/api/v1', { TOKENHUB_SIMULATOR: '1' }));
    assert.ok(!isSimulatorEndpoint('https://tokenhub.store/api/v1', { TOKENHUB_SIMULATOR: '0' }));
    assert.ok(!isSimulatorEndpoint('https://tokenhub.store/api/v1'));
  });
});
