import * as assert from 'node:assert/strict';
import type { RawModel } from '../../../src/core/api/types';
import { builtinModels } from '../../../src/core/catalogue/builtin';
import { parseModelList } from '../../../src/core/catalogue/liveModels';
import { mergeCatalogue } from '../../../src/core/catalogue/mergeCatalogue';
import { modelsResponse, SIM_MODELS } from '../../simulator/catalogue';

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
