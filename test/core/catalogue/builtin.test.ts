import * as assert from 'node:assert/strict';
import { builtinModels, PROVIDER_NAMES, providerOf } from '../../../src/core/catalogue/builtin';

// The built-in catalogue against what the vendor's docs say (../shared/seeds 001 and 004).
describe('core/catalogue/builtin', () => {
  const models = builtinModels();

  it('has every Claude model of the docs (004) with its price per million tokens', () => {
    const table: [string, number, number][] = [
      ['anthropic/claude-opus-4-7', 5, 25],
      ['anthropic/claude-opus-4-6', 5, 25],
      ['anthropic/claude-sonnet-4-6', 3, 15],
      ['anthropic/claude-haiku-4-5', 1, 5],
      ['anthropic/claude-sonnet-4-5', 3, 15],
      ['anthropic/claude-opus-4-5', 5, 25],
      ['anthropic/claude-4-sonnet', 3, 15],
      ['anthropic/claude-4-opus', 15, 75],
      ['anthropic/claude-3-5-sonnet-latest', 3, 15],
      ['anthropic/claude-3-5-haiku-latest', 0.8, 4],
    ];
    for (const [id, input, output] of table) {
      const m = models.find((x) => x.id === id);
      assert.ok(m, id);
      assert.equal(m.inputPrice, input, id);
      assert.equal(m.outputPrice, output, id);
      assert.equal(m.providerName, 'Anthropic');
    }
  });

  it('names every provider of the overview (001), with the ids the docs use', () => {
    const providers = new Set(models.map((m) => m.providerName));
    for (const p of ['OpenAI', 'Anthropic', 'Google', 'xAI', 'Alibaba (Qwen)', 'Zhipu AI (GLM)', 'MiniMax', 'Xiaomi (MiMo)', 'Moonshot AI (Kimi)', 'DeepSeek', 'ByteDance', 'Kwaivgi (Kling)']) {
      assert.ok(providers.has(p), p);
    }
    for (const id of ['openai/gpt-4.1', 'openai/gpt-5.4', 'anthropic/claude-sonnet-4-6', 'google/gemini-2.5-pro', 'bytedance/doubao-seedance-2.0', 'bytedance/doubao-seedream-5.0']) {
      assert.ok(models.some((m) => m.id === id), id);
    }
  });

  it('puts media models in their kinds, with Kling priced per second as 001 says', () => {
    assert.equal(models.find((m) => m.id === 'bytedance/doubao-seedance-2.0')?.kind, 'video');
    assert.equal(models.find((m) => m.id === 'bytedance/doubao-seedream-5.0')?.kind, 'image');
    assert.equal(models.find((m) => m.id === 'openai/gpt-image-1.5')?.kind, 'image');
    const kling = models.filter((m) => m.provider === 'kwaivgi');
    assert.deepEqual(kling.map((m) => m.unitPrice), [{ amount: 0.168, unit: 'second' }, { amount: 0.224, unit: 'second' }]);
    assert.ok(kling.every((m) => m.kind === 'video'));
  });

  it('invents no prices: only Claude (004) and Kling (001) have any', () => {
    const priced = models.filter((m) => m.inputPrice !== undefined || m.outputPrice !== undefined || m.unitPrice !== undefined);
    assert.ok(priced.every((m) => m.provider === 'anthropic' || m.provider === 'kwaivgi'), priced.map((m) => m.id).join(', '));
  });

  it('has unique ids, all in provider/model form, and returns a fresh copy each call', () => {
    assert.equal(new Set(models.map((m) => m.id)).size, models.length);
    for (const m of models) {
      assert.match(m.id, /^[a-z0-9-]+\/[a-z0-9.-]+$/, m.id);
      assert.ok(PROVIDER_NAMES[providerOf(m.id)], m.id);
      assert.equal(m.source, 'builtin');
    }
    models[0].name = 'changed';
    assert.notEqual(builtinModels()[0].name, 'changed');
  });

  it('spells one provider one way', () => {
    assert.equal(providerOf('xai/grok-4.1'), 'x-ai');
    assert.equal(providerOf('zhipu/glm-4.6'), 'z-ai');
    assert.equal(providerOf('glm-4.6'), '');
  });
});

describe('core/catalogue/builtin: Tokenhot', () => {
  it('lists the models Tokenhot\'s docs name, under its ids, with no prices (its docs publish none)', () => {
    const hot = builtinModels('tokenhot');
    const ids = hot.map((m) => m.id);
    for (const id of ['gpt-5.4-mini', 'claude-opus-4-6', 'claude-sonnet-4-5-20250929', 'gemini-2.5-pro', 'grok-4.1', 'doubao-seedream-4-0-250828']) assert.ok(ids.includes(id), id);
    assert.ok(hot.every((m) => !m.id.includes('/')), 'no provider prefixes');
    assert.ok(hot.every((m) => m.inputPrice === undefined && m.outputPrice === undefined && m.unitPrice === undefined), 'TokenHub\'s prices are not Tokenhot\'s');
    assert.equal(hot.find((m) => m.id === 'claude-opus-4-6')?.provider, 'anthropic');
    assert.ok(builtinModels().some((m) => m.inputPrice !== undefined), 'TokenHub keeps its prices');
  });
});
