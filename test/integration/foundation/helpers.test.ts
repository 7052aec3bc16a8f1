// The shared helpers other suites stand on: the simulator session really points the extension at
// the simulator, and puts everything back afterwards.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Settings, StorageKeys } from '../../../src/platform/ids';
import { decodeStoredKey } from '../../../src/core/profiles/storedKey';
import { getApi, startSimulator, waitFor } from '../helpers';

describe('foundation: integration helpers', () => {
  it('waitFor returns the first truthy value and times out with the message', async () => {
    let n = 0;
    assert.equal(await waitFor(() => (++n >= 3 ? n : 0), 2000, 'n to reach 3', 1), 3);
    await assert.rejects(waitFor(() => false, 50, 'never'), /Timed out after 50 ms waiting for never/);
  });

  it('startSimulator points the extension at the simulator with its key, and dispose restores both', async () => {
    const api = await getApi();
    const config = () => vscode.workspace.getConfiguration(Settings.section).inspect<string>(Settings.baseUrl)?.globalValue;
    const baseBefore = config();
    const secretBefore = decodeStoredKey(await api.services.context.secrets.get(StorageKeys.apiKeySecret)).key;

    const session = await startSimulator();
    try {
      assert.equal(api.services.settings.baseUrl, session.sim.baseUrl);
      assert.equal(config(), session.sim.baseUrl);
      assert.equal(await api.services.keys.get(), session.sim.apiKey);
      assert.equal(await api.services.keys.source(), 'secretStorage');
      // The simulator answers the extension's key over HTTP.
      const res = await fetch(`${session.sim.baseUrl}/models`, { headers: { authorization: `Bearer ${await api.services.keys.get()}` } });
      assert.equal(res.status, 200);
    } finally {
      await session.dispose();
    }
    assert.equal(config(), baseBefore);
    assert.equal(decodeStoredKey(await api.services.context.secrets.get(StorageKeys.apiKeySecret)).key, secretBefore);
    await waitFor(() => api.services.settings.baseUrl !== session.sim.baseUrl, 5000, 'the base URL to be restored');
  });
});
