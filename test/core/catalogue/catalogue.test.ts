import * as assert from 'node:assert/strict';
import { builtinModels } from '../../../src/core/catalogue/builtin';
import { Catalogue } from '../../../src/core/catalogue/catalogue';
import { MemoryStorage } from '../../fakes/memoryStorage';

const KEY = 'tokenhub.modelCache';

describe('core/catalogue: cache with a time limit and offline fallback', () => {
  function setup(opts: { fail?: boolean; ttlMs?: number } = {}) {
    const storage = new MemoryStorage();
    let now = 1_000_000;
    let calls = 0;
    let fail = opts.fail ?? false;
    let scope = 'https://gw.example/api/v1';
    let list: unknown = { data: [{ id: 'anthropic/claude-sonnet-4-6' }, { id: 'openai/gpt-4.1', context_length: 123456 }] };
    const make = () =>
      new Catalogue({
        storage,
        storageKey: KEY,
        fetchModels: async () => {
          calls++;
          if (fail) throw new Error('ECONNREFUSED');
          return list;
        },
        scope: () => scope,
        ttlMs: opts.ttlMs ?? 60_000,
        now: () => now,
      });
    return {
      storage,
      make,
      get calls() {
        return calls;
      },
      advance: (ms: number) => (now += ms),
      setFail: (v: boolean) => (fail = v),
      setList: (l: unknown) => (list = l),
      setScope: (s: string) => (scope = s),
    };
  }

  it('starts from the built-in list, offline, before anything was fetched', () => {
    const t = setup();
    const c = t.make();
    assert.equal(c.state.origin, 'builtin');
    assert.equal(c.state.offline, true);
    assert.deepEqual(c.state.models.map((m) => m.id), builtinModels().map((m) => m.id));
    assert.equal(t.calls, 0, 'constructing does not fetch');
  });

  it('fetches, caches, serves the cache while fresh, and asks again when stale or forced', async () => {
    const t = setup();
    const c = t.make();
    let s = await c.refresh();
    assert.equal(t.calls, 1);
    assert.equal(s.origin, 'live');
    assert.equal(s.offline, false);
    assert.deepEqual(s.models.map((m) => m.id), ['anthropic/claude-sonnet-4-6', 'openai/gpt-4.1']);
    assert.ok(t.storage.get(KEY), 'stored');

    t.advance(30_000);
    s = await c.refresh();
    assert.equal(t.calls, 1, 'fresh cache: no request');

    s = await c.refresh(true);
    assert.equal(t.calls, 2, 'forced: asks even though fresh');

    t.setList([{ id: 'deepseek/deepseek-chat' }]);
    t.advance(60_001);
    s = await c.refresh();
    assert.equal(t.calls, 3, 'stale: asks again');
    assert.deepEqual(s.models.map((m) => m.id), ['deepseek/deepseek-chat']);
  });

  it('a new instance (next session) starts from the stored list without asking', async () => {
    const t = setup();
    await t.make().refresh();
    const next = t.make();
    assert.equal(next.state.origin, 'cache');
    assert.equal(next.state.offline, false);
    assert.equal(next.state.models.find((m) => m.id === 'openai/gpt-4.1')?.contextWindow, 123456);
    await next.refresh();
    assert.equal(t.calls, 1, 'still fresh across instances');
  });

  it('another gateway (base URL) never reuses the cache', async () => {
    const t = setup();
    await t.make().refresh();
    t.setScope('http://127.0.0.1:9/api/v1');
    const other = t.make();
    assert.equal(other.state.origin, 'builtin');
    await other.refresh();
    assert.equal(t.calls, 2);
  });

  it('no network and no cache: the built-in list, flagged offline with the error', async () => {
    const t = setup({ fail: true });
    const c = t.make();
    const s = await c.refresh(true);
    assert.equal(s.offline, true);
    assert.equal(s.origin, 'builtin');
    assert.ok(s.error instanceof Error && /ECONNREFUSED/.test(s.error.message));
    assert.ok(s.models.some((m) => m.id === 'anthropic/claude-sonnet-4-6'));
  });

  it('no network with an old cache: the cached list, flagged offline; back online clears the flag', async () => {
    const t = setup();
    const c = t.make();
    await c.refresh();
    t.advance(120_000);
    t.setFail(true);
    let s = await c.refresh();
    assert.equal(s.offline, true);
    assert.equal(s.origin, 'cache');
    assert.deepEqual(s.models.map((m) => m.id), ['anthropic/claude-sonnet-4-6', 'openai/gpt-4.1']);
    t.setFail(false);
    s = await c.refresh(true);
    assert.equal(s.offline, false);
    assert.equal(s.origin, 'live');
  });

  it('an empty or unreadable answer counts as a failure, not as "no models"', async () => {
    const t = setup();
    t.setList({ data: [] });
    const s = await t.make().refresh();
    assert.equal(s.offline, true);
    assert.ok(s.models.length > 0);
    assert.equal(t.storage.get(KEY), undefined, 'nothing cached');
  });

  it('concurrent refreshes share one request', async () => {
    const t = setup();
    const c = t.make();
    const [a, b] = await Promise.all([c.refresh(true), c.refresh(true)]);
    assert.equal(t.calls, 1);
    assert.equal(a, b);
  });

  it('clearCache forgets the stored list', async () => {
    const t = setup();
    const c = t.make();
    await c.refresh();
    await c.clearCache();
    assert.equal(c.isFresh(), false);
    await c.refresh();
    assert.equal(t.calls, 2);
  });
});
