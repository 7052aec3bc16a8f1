// The key store reads SecretStorage once and keeps the key until SecretStorage says it changed:
// every request asks for the key, and each read is a round trip to the main process.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ApiKeyStore } from '../../../src/platform/apiKeyStore';
import { decodeStoredKey, encodeStoredKey } from '../../../src/core/profiles/storedKey';
import type { KeyProfiles } from '../../../src/platform/apiKeyStore';
import { StorageKeys } from '../../../src/platform/ids';
import { FakeSecretStorage } from '../../fakes/secretStorage';
import { waitFor } from '../helpers';

class CountingSecrets extends FakeSecretStorage {
  reads = 0;
  override async get(key: string): Promise<string | undefined> {
    this.reads++;
    return super.get(key);
  }
}

const ORIGIN = `${StorageKeys.keyOriginSecret}/tokenhub`;

/** The default profile alone, at one URL. */
function oneProfile(baseUrl = 'https://tokenhub.store/api/v1'): KeyProfiles {
  return { get: (id) => (id === 'tokenhub' ? { baseUrl } : undefined), all: [{ id: 'tokenhub' }], onDidChange: new vscode.EventEmitter<void>().event };
}

describe('common/apiKeyStore: one SecretStorage read until the key changes', () => {
  it('serves repeated and concurrent requests from one read', async () => {
    const secrets = new CountingSecrets({ [StorageKeys.apiKeySecret]: ' th-one ', [ORIGIN]: 'https://tokenhub.store' });
    const store = new ApiKeyStore(secrets, oneProfile(), {});
    try {
      const keys = await Promise.all([store.get(), store.get(), store.source()]);
      for (let i = 0; i < 5; i++) keys.push(await store.get());
      assert.deepEqual(keys, ['th-one', 'th-one', 'secretStorage', 'th-one', 'th-one', 'th-one', 'th-one', 'th-one']);
      // A plain key as earlier builds stored it, and the origin kept beside it: one read of each.
      assert.equal(secrets.reads, 2);
    } finally {
      store.dispose();
    }
  });

  it('reads a key stored with its origin in one read', async () => {
    const secrets = new CountingSecrets({ [StorageKeys.apiKeySecret]: encodeStoredKey('th-one', 'https://tokenhub.store') });
    const store = new ApiKeyStore(secrets, oneProfile(), {});
    try {
      assert.deepEqual(await Promise.all([store.get(), store.get(), store.source()]), ['th-one', 'th-one', 'secretStorage']);
      assert.equal(secrets.reads, 1);
    } finally {
      store.dispose();
    }
  });

  it('sees a change made past it (another window) and its own set/clear at once', async () => {
    const secrets = new CountingSecrets({ [StorageKeys.apiKeySecret]: 'th-one' });
    const store = new ApiKeyStore(secrets, oneProfile(), { TOKENHUB_API_KEY: 'th-env' });
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
    const store = new ApiKeyStore(secrets, oneProfile(), {});
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

/** Profiles whose URLs a test can move, as an edit or Settings Sync would. */
class MovableProfiles implements KeyProfiles {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  constructor(private readonly urls: Record<string, string>) {}
  get(id: string) {
    return this.urls[id] ? { baseUrl: this.urls[id]! } : undefined;
  }
  get all() {
    return Object.keys(this.urls).map((id) => ({ id }));
  }
  move(id: string, url: string): void {
    this.urls[id] = url;
    this.emitter.fire();
  }
}

describe('platform/apiKeyStore: one key per profile, only for the host it was set for', () => {
  it('keeps each profile\'s key apart, under its own name', async () => {
    const secrets = new FakeSecretStorage();
    const profiles = new MovableProfiles({ tokenhub: 'https://tokenhub.store/api/v1', tokenhot: 'https://api.tokenhot.ai/v1' });
    const store = new ApiKeyStore(secrets, profiles, {});
    try {
      await store.set('th-default-key', 'tokenhub');
      await store.set('sk-tokenhot-key', 'tokenhot');
      assert.equal(await store.get('tokenhub'), 'th-default-key');
      assert.equal(await store.get('tokenhot'), 'sk-tokenhot-key');
      assert.deepEqual(decodeStoredKey(await secrets.get(StorageKeys.apiKeySecret)), { key: 'th-default-key', origin: 'https://tokenhub.store' }, 'the default profile keeps the name every earlier build used');
      assert.deepEqual(decodeStoredKey(await secrets.get(`${StorageKeys.apiKeySecret}/tokenhot`)), { key: 'sk-tokenhot-key', origin: 'https://api.tokenhot.ai' });
      assert.equal(await store.get('nope'), undefined);
      await store.clear('tokenhot');
      assert.equal(await store.get('tokenhot'), undefined);
      assert.equal(await store.get('tokenhub'), 'th-default-key');
      assert.deepEqual(await secrets.keys(), [StorageKeys.apiKeySecret], 'clearing removes the key; each key carries its own binding');
    } finally {
      store.dispose();
    }
  });

  it('a profile moved to another host gets no key (an edit, Settings Sync, a workspace) until one is set for that host', async () => {
    const secrets = new FakeSecretStorage();
    const profiles = new MovableProfiles({ tokenhub: 'https://tokenhub.store/api/v1', mine: 'https://gw.example.com/v1' });
    const store = new ApiKeyStore(secrets, profiles, { TOKENHUB_API_KEY: '' });
    const changed: string[] = [];
    store.onDidChange((p) => changed.push(p));
    try {
      await store.set('sk-mine', 'mine');
      assert.equal(await store.get('mine'), 'sk-mine');
      profiles.move('mine', 'https://gw.example.com/v2');
      assert.equal(await store.get('mine'), 'sk-mine', 'same origin: same key');
      profiles.move('mine', 'https://evil.example/v1');
      assert.equal(await store.get('mine'), undefined);
      assert.deepEqual(await store.status('mine'), { state: 'otherHost', storedFor: 'https://gw.example.com' });
      await waitFor(() => changed.filter((p) => p === 'mine').length >= 2, 2000, 'the key to be reported gone');
      // A client made before the move asks for its own URL: still none for the new host, the old key for the old one.
      assert.equal(await store.get('mine', 'https://gw.example.com/v1'), undefined, 'the profile no longer points there');
      await store.set('sk-new-host', 'mine');
      assert.equal(await store.get('mine'), 'sk-new-host');
      assert.equal(await store.get('mine', 'https://gw.example.com/v1'), undefined, 'the new key is not sent to the old host');
      profiles.move('mine', 'https://gw.example.com/v1');
      assert.equal(await store.get('mine'), undefined, 'nor after moving back: it was set for the other host');
    } finally {
      store.dispose();
    }
  });

  it('each write a set makes leaves the new key, bound to its host, in the store (VS Code for the Web may keep any copy)', async () => {
    const first = new FakeSecretStorage();
    const fresh = new ApiKeyStore(first, new MovableProfiles({ tokenhub: 'https://tokenhub.store/api/v1' }), {});
    // A plain key an earlier build bound to another host, in a separate secret.
    const older = new FakeSecretStorage({ [StorageKeys.apiKeySecret]: 'th-old', [ORIGIN]: 'https://old.example' });
    const moved = new ApiKeyStore(older, new MovableProfiles({ tokenhub: 'https://tokenhub.store/api/v1' }), {});
    try {
      await fresh.set('th-first');
      await moved.set('th-new');
      for (const [secrets, key] of [[first, 'th-first'], [older, 'th-new']] as const) {
        assert.ok(secrets.snapshots.length > 0);
        for (const copy of secrets.snapshots) {
          assert.deepEqual(decodeStoredKey(copy[StorageKeys.apiKeySecret]), { key, origin: 'https://tokenhub.store' }, `a copy of the store: ${JSON.stringify(copy)}`);
        }
      }
      assert.deepEqual(await older.keys(), [StorageKeys.apiKeySecret], 'the separate origin is gone');
      assert.equal(first.snapshots.length, 1, 'one write where there was no separate origin to remove');
      assert.equal(await moved.get(), 'th-new');
    } finally {
      fresh.dispose();
      moved.dispose();
    }
  });

  it('an unbound key from a build without profiles keeps working where it is, and is bound there without asking', async () => {
    const secrets = new FakeSecretStorage({ [StorageKeys.apiKeySecret]: 'th-from-an-old-build' });
    const profiles = new MovableProfiles({ tokenhub: 'http://127.0.0.1:4321/api/v1' });
    const store = new ApiKeyStore(secrets, profiles, {});
    try {
      assert.equal(await store.get(), 'th-from-an-old-build');
      await waitFor(async () => (await secrets.get(ORIGIN)) === 'http://127.0.0.1:4321', 2000, 'the key to be bound to its origin');
      assert.equal(await store.get(), 'th-from-an-old-build');
      profiles.move('tokenhub', 'https://elsewhere.example/v1');
      assert.equal(await store.get(), undefined, 'bound now: not sent to another host');
    } finally {
      store.dispose();
    }
  });
});
