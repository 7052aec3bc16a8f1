import * as assert from 'node:assert/strict';
import { estimatedUsageEntry, usageEntry } from '../../../src/core/usage/usageEntry';

describe('core/usage/usageEntry: one answer as a ledger line', () => {
  const sonnet = { inputPrice: 3, outputPrice: 15 };

  it('takes the cost the gateway charged (usage.cost) over the catalogue prices', () => {
    assert.deepEqual(usageEntry('anthropic/claude-sonnet-4-6', 'chat', { prompt_tokens: 1000, completion_tokens: 200, cost: 0.0421 }, sonnet), {
      model: 'anthropic/claude-sonnet-4-6',
      source: 'chat',
      promptTokens: 1000,
      completionTokens: 200,
      cost: 0.0421,
    });
    // A charge of nothing is a charge: $0, not the estimate.
    assert.equal(usageEntry('m', 'code', { prompt_tokens: 1000, completion_tokens: 200, cost: 0 }, sonnet).cost, 0);
  });

  it('prices usage × the catalogue prices when the gateway sends no cost', () => {
    const e = usageEntry('m', 'nativeChat', { prompt_tokens: 1_000_000, completion_tokens: 100_000 }, sonnet);
    assert.equal(e.cost, 3 + 1.5);
    assert.deepEqual([e.source, e.promptTokens, e.completionTokens], ['nativeChat', 1_000_000, 100_000]);
  });

  it('leaves the cost unknown (undefined, not $0) when no price tells', () => {
    const unknownModel = usageEntry('m', 'chat', { prompt_tokens: 10, completion_tokens: 5 }, undefined);
    assert.equal(unknownModel.cost, undefined);
    assert.ok(!('cost' in unknownModel), 'no cost key: a stored line must not read as $0');
    assert.equal(usageEntry('m', 'chat', { prompt_tokens: 10, completion_tokens: 5 }, { inputPrice: 3 }).cost, undefined);
    assert.equal(usageEntry('m', 'media', null, sonnet).cost, undefined);
  });

  it('takes a cost the caller already has (a media charge or unit-price estimate) over usage', () => {
    assert.equal(usageEntry('img', 'media', { prompt_tokens: 10, completion_tokens: 4096, cost: 0.5 }, sonnet, 0.04).cost, 0.04);
    assert.deepEqual(usageEntry('video', 'media', undefined, undefined, 0.84), { model: 'video', source: 'media', promptTokens: 0, completionTokens: 0, cost: 0.84 });
    // Without one, media falls back to the gateway's usage.cost like everyone else.
    assert.equal(usageEntry('img', 'media', { prompt_tokens: 0, completion_tokens: 0, cost: 0.07 }, undefined, undefined).cost, 0.07);
  });

  it('counts missing or junk token counts as 0, so no total turns into NaN', () => {
    const e = usageEntry('m', 'chat', { completion_tokens: Number.NaN } as never, sonnet);
    assert.deepEqual([e.promptTokens, e.completionTokens], [0, 0]);
  });

  it('counts only finite, positive numbers as tokens', () => {
    const junk = [Number.POSITIVE_INFINITY, -3, '12', null, 0] as unknown as number[];
    for (const n of junk) {
      const e = usageEntry('m', 'chat', { prompt_tokens: n, completion_tokens: n }, sonnet);
      assert.deepEqual([e.promptTokens, e.completionTokens], [0, 0], String(n));
    }
    const ok = usageEntry('m', 'chat', { prompt_tokens: 5, completion_tokens: 7 }, sonnet);
    assert.deepEqual([ok.promptTokens, ok.completionTokens], [5, 7]);
  });

  describe('an answer the gateway sent no usage for', () => {
    it('counts our estimate in whole tokens, priced like measured ones, and marks it as an estimate', () => {
      assert.deepEqual(estimatedUsageEntry('anthropic/claude-sonnet-4-6', 'agent', 1200.4, 300.6, sonnet), {
        model: 'anthropic/claude-sonnet-4-6',
        source: 'agent',
        promptTokens: 1200,
        completionTokens: 301,
        cost: (1200 * 3 + 301 * 15) / 1e6,
        estimated: true,
      });
    });

    it('bills the prompt of an answer stopped before its first token', () => {
      const e = estimatedUsageEntry('m', 'chat', 5000, 0, sonnet);
      assert.deepEqual([e.promptTokens, e.completionTokens, e.cost, e.estimated], [5000, 0, 0.015, true]);
    });

    it('reads a negative or junk estimate as no tokens, and leaves the cost unknown without prices', () => {
      const junk = estimatedUsageEntry('m', 'code', -40, Number.NaN, sonnet);
      assert.deepEqual([junk.promptTokens, junk.completionTokens, junk.cost, junk.estimated], [0, 0, 0, true]);
      const unpriced = estimatedUsageEntry('m', 'chat', 10, 5, undefined);
      assert.equal(unpriced.estimated, true);
      assert.ok(!('cost' in unpriced), 'an unknown price stays unknown, not $0');
    });
  });
});
