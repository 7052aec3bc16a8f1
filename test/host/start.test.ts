// What `npm start` does from its arguments and environment (the whole run is in
// test/e2e/foundation/npmStart.test.ts).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { REALISTIC_PACING } from '../simulator/pacing';
import { startPlan } from './start';

describe('npm start: the plan', () => {
  const home = '/home/newcomer';

  it('keeps one profile per VS Code version and backend under ~/.local/state', () => {
    const sim = startPlan([], {}, home);
    assert.equal(sim.profileDir, path.join(home, '.local', 'state', 'tokenhub-vscode', 'npm-start', '1.100-simulator'));
    assert.equal(sim.fresh, false);
    assert.equal(startPlan([], { TOKENHUB_HOST: '1.139', TOKENHUB_API_KEY: 'th-live' }, home).profileDir, path.join(home, '.local', 'state', 'tokenhub-vscode', 'npm-start', '1.139-gateway'));
    assert.equal(startPlan([], { XDG_STATE_HOME: '/state' }, home).profileDir, path.join('/state', 'tokenhub-vscode', 'npm-start', '1.100-simulator'));
    assert.equal(startPlan([], { TOKENHUB_START_PROFILE: '/p' }, home).profileDir, path.join('/p', '1.100-simulator'));
  });

  it('starts with an empty profile on --fresh or TOKENHUB_FRESH=1', () => {
    assert.equal(startPlan(['--fresh'], {}, home).fresh, true);
    assert.equal(startPlan([], { TOKENHUB_FRESH: '1' }, home).fresh, true);
    assert.throws(() => startPlan(['--frsh'], {}, home), /unknown argument --frsh \(known: --fresh\)/);
  });

  it('paces the simulator like a model unless told otherwise; the real gateway needs no pacing', () => {
    assert.deepEqual(startPlan([], {}, home).pacing, REALISTIC_PACING);
    assert.equal(startPlan([], { TOKENHUB_SIM_PACE: 'off' }, home).pacing, undefined);
    const real = startPlan([], { TOKENHUB_API_KEY: ' th-live-123 ' }, home);
    assert.equal(real.realKey, 'th-live-123');
    assert.equal(real.pacing, undefined);
  });

  it('takes a port from TOKENHUB_PORT and refuses one that is not a port', () => {
    assert.equal(startPlan([], { TOKENHUB_PORT: '8080' }, home).port, 8080);
    assert.equal(startPlan([], {}, home).port, undefined);
    assert.throws(() => startPlan([], { TOKENHUB_PORT: 'http' }, home), /TOKENHUB_PORT="http" is not a port number/);
  });
});
