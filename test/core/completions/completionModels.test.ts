import * as assert from 'node:assert/strict';
import { builtinModels } from '../../../src/core/catalogue/builtin';
import type { ModelInfo } from '../../../src/core/catalogue/types';
import { completionSuitability, costPerThousand, recommendCompletionModel, TYPICAL_COMPLETION_TOKENS, TYPICAL_PROMPT_TOKENS } from '../../../src/core/completions/completionModels';

function model(id: string, inputPrice?: number, outputPrice?: number, extra: Partial<ModelInfo> = {}): ModelInfo {
  return {
    id,
    provider: id.split('/')[0],
    providerName: id.split('/')[0],
    name: id.split('/')[1],
    kind: 'chat',
    inputPrice,
    outputPrice,
    capabilities: { vision: false, tools: true, json: true, reasoning: false },
    source: 'live',
    ...extra,
  };
}

describe('core/completions/completionModels', () => {
  it('prices a thousand completions at the typical size', () => {
    const perThousand = costPerThousand({ inputPrice: 1, outputPrice: 5 });
    assert.equal(perThousand, (1000 * (TYPICAL_PROMPT_TOKENS * 1 + TYPICAL_COMPLETION_TOKENS * 5)) / 1_000_000);
    assert.equal(costPerThousand({ inputPrice: 1 }), undefined);
  });

  it('fast and cheap models suit; reasoning, expensive and unpriced unknown ones do not', () => {
    assert.equal(completionSuitability(model('google/gemini-2.5-flash-lite', 0.1, 0.4)).suitable, true);
    assert.equal(completionSuitability(model('acme/plain-model', 0.05, 0.2)).suitable, true, 'cheap enough without a name that says fast');
    assert.equal(completionSuitability(model('anthropic/claude-haiku-4-5', 1, 5)).suitable, true);
    assert.deepEqual(completionSuitability(model('anthropic/claude-opus-4-7', 5, 25)), { suitable: false, reason: 'expensive', perThousand: 8.5 });
    assert.equal(completionSuitability(model('acme/big-model', 1, 4)).reason, 'expensive', 'neither cheap nor named fast');
    assert.equal(completionSuitability(model('openai/gpt-5.4-mini', 0.5, 4, { capabilities: { vision: true, tools: true, json: true, reasoning: true } })).reason, 'reasoning');
    assert.equal(completionSuitability(model('deepseek/deepseek-v3.2-thinking', 0.1, 0.2)).reason, 'reasoning');
    assert.equal(completionSuitability(model('qwen/qwen-turbo')).suitable, true, 'unpriced, named fast');
    assert.equal(completionSuitability(model('acme/unknown')).reason, 'unknown');
    assert.equal(completionSuitability(model('bytedance/seedream', undefined, undefined, { kind: 'image' })).reason, 'notChat');
  });

  it('recommends the cheapest suitable model, or the first suitable unpriced one', () => {
    const list = [model('anthropic/claude-haiku-4-5', 1, 5), model('google/gemini-2.5-flash-lite', 0.1, 0.4), model('anthropic/claude-opus-4-7', 5, 25), model('qwen/qwen-turbo')];
    assert.equal(recommendCompletionModel(list)?.id, 'google/gemini-2.5-flash-lite');
    assert.equal(recommendCompletionModel([model('acme/big'), model('qwen/qwen-turbo'), model('x-ai/grok-fast')])?.id, 'qwen/qwen-turbo');
    assert.equal(recommendCompletionModel([model('anthropic/claude-opus-4-7', 5, 25)]), undefined);
  });

  it('finds a suitable model in the built-in catalogue (offline)', () => {
    const pick = recommendCompletionModel(builtinModels());
    assert.ok(pick, 'a model is recommended offline');
    assert.equal(completionSuitability(pick).suitable, true);
    assert.ok(!pick.capabilities.reasoning);
  });
});
