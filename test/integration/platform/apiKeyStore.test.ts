// The key store reads SecretStorage once and keeps the key until SecretStorage says it changed:
// every request asks for the key, and each read is a round trip to the main process.
import * as assert from 'node:assert/strict';
import { ApiKeyStore } from '../../../src/platform/apiKeyStore';
import { StorageKeys } from '../../../src/platform/ids';
import { FakeSecretStorage } from '../../fakes/secretStorage';

class CountingSecrets extends FakeSecretStorage {
  reads = 0;
  override async get(key: string): Promise<string | undefined> {
    this.reads++;
    return super.get(key);
  }
}

describe('common/apiKeyStore: one SecretStorage read until the key changes', () => {
  it('serves repeated and concurrent requests from one read', async () => {
    const secrets = new CountingSecrets({ [StorageKeys.apiKeySecret]: ' th-one ' });
    const store = new ApiKeyStore(secrets, {});
    try {
      const keys = await Promise.all([store.get(), store.get(), store.source()]);
      for (let i = 0; i < 5; i++) keys.push(await store.get());
      assert.deepEqual(keys, ['th-one', 'th-one', 'secretStorage', 'th-one', 'th-one', 'th-one', 'th-one', 'th-one']);
      assert.equal(secrets.reads, 1);
    } finally {
      store.dispose();
    }
  });

  it('sees a change made past it (another window) and its own set/clear at once', async () => {
    const secrets = new CountingSecrets({ [StorageKeys.apiKeySecret]: 'th-one' });
    const store = new ApiKeyStore(secrets, { TOKENHUB_API_KEY: 'th-env' });
    try {
      assert.equal(await store.get(), 'th-one');
      await secrets.store(StorageKeys.apiKeySecret, 'th-two');
      assert.equal(await store.get(), 'th-two');
      await store.set('th-three');
      assert.equal(await store.get(), 'th-three');
      await store.clear();
      assert.equal(await store.get(), 'th-env');
      assert.equal(await store.source(), 'environment');
    } finally {
      store.dispose();
    }
  });

  it('does not remember a failed read (a locked keychain): the next request reads again', async () => {
    const secrets = new CountingSecrets({ [StorageKeys.apiKeySecret]: 'th-one' });
    const store = new ApiKeyStore(secrets, {});
    try {
      secrets.failWith = new Error('keychain locked');
      await assert.rejects(store.get(), /keychain locked/);
      secrets.failWith = undefined;
      assert.equal(await store.get(), 'th-one');
    } finally {
      store.dispose();
    }
  });
});
