import * as assert from 'node:assert/strict';
import type { RawModel } from '../../../src/core/api/types';
import { builtinModels } from '../../../src/core/catalogue/builtin';
import {
  Catalogue,
  bareId,
  editDistance,
  findModel,
  groupByProvider,
  matchesFilter,
  mergeCatalogue,
  modelKey,
  parseModelList,
  readRawModel,
  suggestModelIds,
  toPerMillion,
} from '../../../src/core/catalogue/catalogue';
import type { ModelInfo } from '../../../src/core/catalogue/types';
import { MemoryStorage } from '../../fakes/memoryStorage';
import { modelsResponse, SIM_MODELS } from '../../simulator/catalogue';

const KEY = 'tokenhub.modelCache';

describe('core/catalogue: reading /models', () => {
  it('accepts {data:[...]}, {models:[...]}, bare arrays and plain id strings', () => {
    assert.deepEqual(parseModelList({ object: 'list', data: [{ id: 'a/x' }, { id: 'b/y' }] }).map((m) => m.id), ['a/x', 'b/y']);
    assert.deepEqual(parseModelList({ models: [{ id: 'a/x' }] }).map((m) => m.id), ['a/x']);
    assert.deepEqual(parseModelList({ data: { models: [{ id: 'nested' }] } }).map((m) => m.id), ['nested']);
    assert.deepEqual(parseModelList([{ id: 'bare' }, 'plain-string', { model: 'by-model-field' }]).map((m) => m.id), ['bare', 'plain-string', 'by-model-field']);
    // Junk and duplicates are dropped rather than failing the whole list.
    assert.deepEqual(parseModelList([{ id: 'a' }, { id: 'a' }, null, 42, { no: 'id' }, { id: '  ' }]).map((m) => m.id), ['a']);
    assert.deepEqual(parseModelList('<html>'), []);
    assert.deepEqual(parseModelList(null), []);
  });

  it('reads prices per token and per million, and context windows under every common name', () => {
    assert.equal(toPerMillion('0.000003'), 3);
    assert.equal(toPerMillion(3), 3);
    assert.equal(toPerMillion('0.075'), 0.075);
    assert.equal(toPerMillion(0), 0);
    assert.equal(toPerMillion('free'), undefined);
    assert.equal(toPerMillion(-1), undefined);
    assert.equal(toPerMillion(0.5, false), 500000);

    const openRouter = readRawModel({
      id: 'anthropic/claude-sonnet-4.6',
      name: 'Anthropic: Claude Sonnet 4.6',
      context_length: 1_000_000,
      pricing: { prompt: '0.000003', completion: '0.000015', image: '0.0048' },
      architecture: { input_modalities: ['text', 'image'], output_modalities: ['text'] },
      top_provider: { max_completion_tokens: 64000 },
      supported_parameters: ['tools', 'tool_choice', 'reasoning', 'max_tokens'],
    });
    assert.equal(openRouter.name, 'Claude Sonnet 4.6');
    assert.equal(openRouter.provider, 'anthropic');
    assert.equal(openRouter.kind, 'chat');
    assert.equal(openRouter.contextWindow, 1_000_000);
    assert.equal(openRouter.maxOutputTokens, 64000);
    assert.equal(openRouter.inputPrice, 3);
    assert.equal(openRouter.outputPrice, 15);
    assert.equal(openRouter.unitPrice, undefined, 'pricing.image of a chat model is an input price, not a per-image price');
    assert.deepEqual(openRouter.capabilities, { vision: true, tools: true, json: false, reasoning: true });

    assert.equal(readRawModel({ id: 'x', context_window: 8192 }).contextWindow, 8192);
    assert.equal(readRawModel({ id: 'x', max_context_length: 4096 }).contextWindow, 4096);
    assert.equal(readRawModel({ id: 'x', pricing: { input: 2, output: 8 } }).inputPrice, 2);
    assert.equal(readRawModel({ id: 'x', input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 }).outputPrice, 2);
    assert.equal(readRawModel({ id: 'x', pricing: { prompt: '0.5', completion: '1', unit: 'per_token' } }).inputPrice, 500000);

    const caps = readRawModel({ id: 'x', capabilities: { vision: false, function_calling: true, json_mode: true } }).capabilities;
    assert.deepEqual(caps, { vision: false, tools: true, json: true });
    assert.deepEqual(readRawModel({ id: 'x', capabilities: ['vision', 'reasoning'] }).capabilities, { vision: true, reasoning: true });
    assert.deepEqual(readRawModel({ id: 'x', supports_vision: true }).capabilities, { vision: true });
    // Says nothing: nothing claimed.
    assert.deepEqual(readRawModel({ id: 'x', object: 'model', owned_by: 'system' }).capabilities, {});
  });

  it('detects image and video models from modalities, declared type or the id', () => {
    assert.equal(readRawModel({ id: 'x', architecture: { modality: 'text+image->image' } }).kind, 'image');
    assert.equal(readRawModel({ id: 'x', architecture: { modality: 'text->video' } }).kind, 'video');
    assert.equal(readRawModel({ id: 'x', type: 'image_generation' }).kind, 'image');
    const video = readRawModel({ id: 'kwaivgi/kling-v2.6-std', pricing: { per_second: '0.168' }, architecture: { modality: 'text+image->video' } });
    assert.deepEqual(video.unitPrice, { amount: 0.168, unit: 'second' });
    assert.equal(video.capabilities.vision, undefined, 'image input of a video model is not chat vision');
    const image = readRawModel({ id: 'bytedance/doubao-seedream-5.0', pricing: { image: '0.035' }, architecture: { modality: 'text+image->image' } });
    assert.deepEqual(image.unitPrice, { amount: 0.035, unit: 'image' });
    // No hints at all: the id decides (in the merge).
    const merged = mergeCatalogue([{ id: 'vendor/some-seedance-pro' }, { id: 'vendor/gpt-image-9' }, { id: 'vendor/plain-llm' }], []);
    assert.deepEqual(merged.map((m) => m.kind), ['video', 'image', 'chat']);
  });
});

describe('core/catalogue: merging live and built-in data', () => {
  const builtin = builtinModels();

  it('keeps only the models the gateway lists, and live wins where both have a field', () => {
    const live: RawModel[] = [
      { id: 'anthropic/claude-sonnet-4-6', context_length: 1_000_000, pricing: { prompt: '0.0000025', completion: '0.000015' } },
      { id: 'openai/gpt-4.1' },
      { id: 'newvendor/brand-new-model', context_length: 32768 },
    ];
    const models = mergeCatalogue(live, builtin);
    assert.deepEqual(models.map((m) => m.id), live.map((m) => m.id));
    const sonnet = models[0];
    assert.equal(sonnet.source, 'merged');
    assert.equal(sonnet.contextWindow, 1_000_000, 'live context window wins');
    assert.equal(sonnet.inputPrice, 2.5, 'live price wins');
    assert.equal(sonnet.outputPrice, 15);
    assert.equal(sonnet.name, 'Claude Sonnet 4.6', 'name from the built-in catalogue where live has none');
    assert.equal(sonnet.providerName, 'Anthropic');
    assert.equal(sonnet.capabilities.vision, true, 'built-in capabilities fill what live does not say');

    const gpt = models[1];
    assert.equal(gpt.source, 'merged');
    assert.equal(gpt.contextWindow, 1_047_576);
    assert.equal(gpt.inputPrice, undefined, 'no price invented where neither side has one');

    const unknown = models[2];
    assert.equal(unknown.source, 'live');
    assert.equal(unknown.provider, 'newvendor');
    assert.equal(unknown.providerName, 'Newvendor');
    assert.equal(unknown.name, 'Brand New Model');
    assert.equal(unknown.kind, 'chat');
    assert.equal(unknown.contextWindow, 32768);
  });

  it('live capabilities override built-in ones, flag by flag', () => {
    const [m] = mergeCatalogue([{ id: 'anthropic/claude-haiku-4-5', architecture: { input_modalities: ['text'] } }], builtin);
    assert.equal(m.capabilities.vision, false, 'the gateway says text only');
    assert.equal(m.capabilities.tools, true, 'the gateway says nothing about tools: built-in stays');
  });

  it('matches live entries to built-in ones with or without prefix, in any case, dots or dashes', () => {
    const models = mergeCatalogue([{ id: 'claude-opus-4-7' }, { id: 'Anthropic/Claude-Haiku-4.5' }], builtin);
    assert.deepEqual(models.map((m) => [m.id, m.source, m.provider, m.inputPrice]), [
      ['claude-opus-4-7', 'merged', 'anthropic', 5],
      ['Anthropic/Claude-Haiku-4.5', 'merged', 'anthropic', 1],
    ]);
  });

  it('groups a bare-id list by the family the id names, not by a uniform owned_by', () => {
    const models = mergeCatalogue([{ id: 'deepseek-chat', owned_by: 'custom' }, { id: 'qwen-plus', owned_by: 'openai' }, { id: 'mystery', owned_by: 'acme' }], []);
    assert.deepEqual(models.map((m) => m.provider), ['deepseek', 'qwen', 'acme']);
  });

  it('merges the simulator list (same ids as the built-in catalogue) with every price and window from live', () => {
    const models = mergeCatalogue(parseModelList(modelsResponse()), builtin);
    assert.equal(models.length, SIM_MODELS.length);
    for (const sim of SIM_MODELS) {
      const m = models.find((x) => x.id === sim.id)!;
      assert.equal(m.kind, sim.kind, sim.id);
      assert.equal(m.contextWindow, sim.contextLength, sim.id);
      assert.equal(m.inputPrice, sim.inputPrice, sim.id);
      assert.equal(m.outputPrice, sim.outputPrice, sim.id);
      assert.deepEqual(m.unitPrice, sim.unitPrice, sim.id);
    }
    // Every simulator chat model is known to the built-in catalogue under the same id.
    const builtinIds = new Set(builtin.map((b) => b.id));
    const missing = SIM_MODELS.filter((s) => !builtinIds.has(s.id)).map((s) => s.id);
    assert.deepEqual(missing, []);
  });
});

describe('core/catalogue: ids with and without prefix', () => {
  const models = builtinModels();

  it('finds a model by its full id, its bare id, or another spelling', () => {
    assert.equal(bareId('anthropic/claude-sonnet-4-6'), 'claude-sonnet-4-6');
    assert.equal(modelKey('anthropic/Claude-Sonnet-4.6'), 'claude-sonnet-4-6');
    assert.equal(findModel(models, 'anthropic/claude-sonnet-4-6')?.id, 'anthropic/claude-sonnet-4-6');
    assert.equal(findModel(models, 'claude-sonnet-4-6')?.id, 'anthropic/claude-sonnet-4-6');
    assert.equal(findModel(models, 'CLAUDE-SONNET-4-6')?.id, 'anthropic/claude-sonnet-4-6');
    assert.equal(findModel(models, ' gpt-4.1 ')?.id, 'openai/gpt-4.1');
    assert.equal(findModel(models, 'claude-sonnet-9'), undefined);
    assert.equal(findModel(models, ''), undefined);
  });

  it('does not let a prefixed id match another provider of the same model name', () => {
    const two: ModelInfo[] = mergeCatalogue([{ id: 'azure/gpt-4.1' }, { id: 'openai/gpt-4.1' }], []);
    assert.equal(findModel(two, 'openai/gpt-4.1')?.id, 'openai/gpt-4.1');
    assert.equal(findModel(two, 'azure/gpt-4.1')?.id, 'azure/gpt-4.1');
    assert.equal(findModel(two, 'gpt-4.1')?.id, 'azure/gpt-4.1', 'a bare id takes the first listed');
    assert.equal(findModel(two, 'google/gpt-4.1'), undefined);
    // A gateway listing bare ids still accepts the prefixed spelling.
    assert.equal(findModel(mergeCatalogue([{ id: 'claude-sonnet-4-6' }], []), 'anthropic/claude-sonnet-4-6')?.id, 'claude-sonnet-4-6');
  });

  it('suggests the closest known ids for an unknown one', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('same', 'same'), 0);
    assert.equal(suggestModelIds(models, 'anthropic/claude-sonet-4-6')[0], 'anthropic/claude-sonnet-4-6');
    assert.equal(suggestModelIds(models, 'gpt4.1')[0], 'openai/gpt-4.1');
    assert.equal(suggestModelIds(models, 'deepseek-chta')[0], 'deepseek/deepseek-chat');
    assert.ok(suggestModelIds(models, 'claude-sonnet').every((id) => id.includes('sonnet')));
    assert.deepEqual(suggestModelIds(models, 'zzzzzzzzzzzzzz'), [], 'nothing close: no noise');
    assert.ok(suggestModelIds(models, 'seedream-5', 3, 'image').every((id) => models.find((m) => m.id === id)?.kind === 'image'));
    assert.ok(suggestModelIds(models, 'x', 2).length <= 2);
  });
});

describe('core/catalogue: grouping and filtering', () => {
  const models = builtinModels();

  it('groups by provider in the docs order', () => {
    const groups = groupByProvider(models.filter((m) => m.kind === 'chat'));
    assert.deepEqual(groups.slice(0, 4).map((g) => g.providerName), ['OpenAI', 'Anthropic', 'Google', 'xAI']);
    assert.equal(new Set(groups.map((g) => g.provider)).size, groups.length);
    const withUnknown = groupByProvider(mergeCatalogue([{ id: 'zeta/a' }, { id: 'alpha/b' }, { id: 'openai/gpt-5' }], []));
    assert.deepEqual(withUnknown.map((g) => g.provider), ['openai', 'alpha', 'zeta']);
  });

  it('filters by name, provider and capability words', () => {
    const sonnet = findModel(models, 'claude-sonnet-4-6')!;
    const chatDeepseek = findModel(models, 'deepseek-chat')!;
    assert.ok(matchesFilter(sonnet, ''));
    assert.ok(matchesFilter(sonnet, 'sonnet'));
    assert.ok(matchesFilter(sonnet, 'Anthropic vision'));
    assert.ok(!matchesFilter(chatDeepseek, 'vision'));
    assert.ok(matchesFilter(chatDeepseek, 'deepseek tools'));
    assert.ok(!matchesFilter(sonnet, 'sonnet openai'));
    const visionIds = models.filter((m) => matchesFilter(m, 'vision')).map((m) => m.id);
    assert.ok(visionIds.length > 0 && visionIds.every((id) => findModel(models, id)!.capabilities.vision));
  });
});

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
