// Set / Clear API Key and the `tokenhub.hasApiKey` context key, in the real extension host against
// the simulator, and the one-time note after the first answer.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { ClearApiKeyOutcome, SetApiKeyResult } from '../../../src/auth/authFeature';
import { validateKeyInput } from '../../../src/auth/authFeature';
import { API_KEY_ENV, Commands, Settings, StorageKeys } from '../../../src/platform/ids';
import { decodeStoredKey } from '../../../src/core/profiles/storedKey';
import { getApi, setUserSetting, useSimulator, waitFor } from '../helpers';

const WRONG_KEY = 'th-wrong-0000000000000000';

function modelRequests(paths: readonly { method: string; path: string }[]): number {
  return paths.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v1/models')).length;
}

/** A port on 127.0.0.1 where nothing listens (connection refused). */
function deadPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

describe('auth: Set / Clear API Key', function () {
  this.timeout(30_000);
  const ctx = useSimulator({ storeKey: false });

  it('a stored key is one change: one onDidChange, also after SecretStorage echoes the write', async () => {
    const { api } = ctx;
    let changes = 0;
    const sub = api.services.keys.onDidChange(() => changes++);
    let echoed = false;
    const echo = api.services.context.secrets.onDidChange((e) => {
      if (e.key === StorageKeys.apiKeySecret) echoed = true;
    });
    try {
      const key = `th-once-${Date.now()}-abcdefgh`;
      await api.services.keys.set(key);
      assert.equal(changes, 1, 'our write fires once, at once');
      await waitFor(() => echoed, 5000, "SecretStorage's own change event");
      // Let the echo's handler (an async read) finish before counting again.
      await waitFor(async () => (await api.services.keys.get()) === key, 5000, 'the key to read back');
      await api.services.keys.set(key);
      assert.equal(changes, 1, 'the echo and storing the same key again are no change');
      await api.services.keys.clear();
      assert.equal(changes, 2, 'clearing is one more change');
    } finally {
      sub.dispose();
      echo.dispose();
    }
  });
  const envKey = process.env[API_KEY_ENV]?.trim();

  const stored = async () => decodeStoredKey(await ctx.api.services.context.secrets.get(StorageKeys.apiKeySecret)).key;
  const setKey = (args: object) => vscode.commands.executeCommand<SetApiKeyResult>(Commands.setApiKey, args);
  const clearKey = () => vscode.commands.executeCommand<ClearApiKeyOutcome>(Commands.clearApiKey, { skipConfirmation: true });

  beforeEach(async () => {
    await ctx.api.services.keys.clear();
    await ctx.api.auth.syncContext();
  });

  it('checks the CANDIDATE key with GET /models (not the stored one), then stores it', async () => {
    // A wrong key is stored: if the check used the stored key it would be refused.
    await ctx.api.services.keys.set(WRONG_KEY);
    const before = modelRequests(ctx.sim.requests);
    const result = await setKey({ key: `  ${ctx.sim.apiKey}  ` });
    assert.equal(result.outcome, 'stored');
    assert.ok((result.modelCount ?? 0) > 0, 'the simulator lists models');
    // (The model list also refreshes when the key changes, so only a lower bound is certain.)
    assert.ok(modelRequests(ctx.sim.requests) >= before + 1, 'the key was checked with GET /models');
    assert.ok(ctx.sim.requests.filter((r) => r.path.startsWith('/api/v1/models')).every((r) => r.hadAuthorization));
    assert.equal(await stored(), ctx.sim.apiKey, 'stored trimmed, in SecretStorage');
    assert.equal(ctx.api.auth.hasApiKey, true);
  });

  it('does not store a key the gateway refuses (401), and keeps the previous one', async () => {
    await ctx.api.services.keys.set(ctx.sim.apiKey);
    const result = await setKey({ key: WRONG_KEY });
    assert.equal(result.outcome, 'refused');
    assert.equal(result.errorKind, 'auth');
    assert.equal(await stored(), ctx.sim.apiKey);
  });

  it('stores a refused key when asked to store it anyway', async () => {
    const result = await setKey({ key: WRONG_KEY, storeAnyway: true });
    assert.equal(result.outcome, 'storedUnchecked');
    assert.equal(result.errorKind, 'auth');
    assert.equal(await stored(), WRONG_KEY);
  });

  it('says "unreachable" when the gateway cannot be reached, and does not store the key', async () => {
    const restore = await setUserSetting(`${Settings.section}.${Settings.baseUrl}`, `http://127.0.0.1:${await deadPort()}/api/v1`);
    try {
      await waitFor(() => ctx.api.services.settings.baseUrl.includes('127.0.0.1') && ctx.api.services.settings.baseUrl !== ctx.sim.baseUrl, 5000, 'the dead base URL');
      const result = await setKey({ key: ctx.sim.apiKey });
      assert.equal(result.outcome, 'unreachable', `kind ${result.errorKind}`);
      assert.equal(await stored(), undefined);
    } finally {
      await restore();
      await waitFor(() => ctx.api.services.settings.baseUrl === ctx.sim.baseUrl, 5000, 'the simulator base URL again');
    }
  });

  it('skipValidation stores without asking the gateway', async () => {
    // A key the simulator refuses: had it been checked, the outcome would be "refused".
    const result = await setKey({ key: WRONG_KEY, skipValidation: true });
    assert.equal(result.outcome, 'storedUnchecked');
    assert.equal(result.errorKind, undefined);
    assert.equal(await stored(), WRONG_KEY);
  });

  it('refuses an empty or blank key, in the command and in the input box', async () => {
    assert.equal((await setKey({ key: '   ' })).outcome, 'empty');
    assert.equal(await stored(), undefined);
    assert.ok(validateKeyInput(''));
    assert.ok(validateKeyInput('   '));
    assert.ok(validateKeyInput('th-abc def'), 'a key with a space inside is refused');
    assert.equal(validateKeyInput('  th-abcdef  '), undefined);
  });

  it('Clear API Key removes the stored key and updates the context key', async () => {
    await setKey({ key: ctx.sim.apiKey });
    assert.equal(ctx.api.auth.hasApiKey, true);
    assert.equal(await clearKey(), 'cleared');
    assert.equal(await stored(), undefined);
    // With TOKENHUB_API_KEY in the environment a key is still available.
    assert.equal(ctx.api.auth.hasApiKey, !!envKey);
    assert.equal(await clearKey(), 'nothingStored');
  });

  it('follows SecretStorage changes made elsewhere (another window) without a reload', async () => {
    const changes: boolean[] = [];
    const sub = ctx.api.auth.onDidChangeHasApiKey((v) => changes.push(v));
    try {
      // Straight into SecretStorage, past ApiKeyStore: what another window's write looks like here.
      await ctx.api.services.context.secrets.store(StorageKeys.apiKeySecret, ctx.sim.apiKey);
      await waitFor(() => ctx.api.auth.hasApiKey && changes.includes(true), 5000, 'hasApiKey after an outside store');
      if (!envKey) {
        await ctx.api.services.context.secrets.delete(StorageKeys.apiKeySecret);
        await waitFor(() => !ctx.api.auth.hasApiKey, 5000, 'hasApiKey false after an outside delete');
      }
    } finally {
      sub.dispose();
    }
  });

  it('a key set through the command is used by the next request at once', async () => {
    await setKey({ key: ctx.sim.apiKey });
    const models = await ctx.api.services.client.listModels();
    assert.ok(models.length > 0);
    await ctx.api.services.keys.set(WRONG_KEY);
    await assert.rejects(() => ctx.api.services.client.listModels(), (e: { kind?: string }) => e.kind === 'auth');
  });
});

describe('first answer: one-time note on where model and cost are shown', function () {
  this.timeout(15_000);

  it('is marked shown after the first recorded answer, once', async () => {
    const api = await getApi();
    const state = api.services.context.globalState;
    const previous = state.get<boolean>(StorageKeys.firstAnswerShown);
    await state.update(StorageKeys.firstAnswerShown, undefined);
    try {
      await api.services.usage.record({ model: 'anthropic/claude-sonnet-4-6', source: 'chat', promptTokens: 10, completionTokens: 5, cost: 0.0001 });
      await waitFor(() => state.get<boolean>(StorageKeys.firstAnswerShown) === true, 5000, 'firstAnswerShown');
    } finally {
      await state.update(StorageKeys.firstAnswerShown, previous ?? true);
    }
  });

  it('is not shown for an inline completion (it is no answer in the chat)', async () => {
    const api = await getApi();
    const state = api.services.context.globalState;
    const previous = state.get<boolean>(StorageKeys.firstAnswerShown);
    await state.update(StorageKeys.firstAnswerShown, undefined);
    try {
      // The note marks itself shown as it starts, in the same turn as the record.
      await api.services.usage.record({ model: 'google/gemini-2.5-flash-lite', source: 'completion', promptTokens: 1500, completionTokens: 12, cost: 0.0002 });
      assert.equal(state.get<boolean>(StorageKeys.firstAnswerShown), undefined);
    } finally {
      await state.update(StorageKeys.firstAnswerShown, previous ?? true);
    }
  });
});
