import * as assert from 'node:assert/strict';
import type { Usage } from '../../src/core/api/types';
import { costOf, estimateCost, formatContextWindow, formatCost, formatPrice, formatPricePair, formatPricePerMillion, formatTokens, formatUnitPrice } from '../../src/core/pricing';

describe('core/pricing', () => {
  const sonnet = { inputPrice: 3, outputPrice: 15 };

  it('costs usage × price per million tokens', () => {
    assert.equal(costOf({ prompt_tokens: 1_000_000, completion_tokens: 0 }, sonnet), 3);
    assert.ok(Math.abs(costOf({ prompt_tokens: 1200, completion_tokens: 350 }, sonnet)! - (1200 * 3 + 350 * 15) / 1e6) < 1e-12);
    assert.equal(estimateCost(0, 0, sonnet), 0);
  });

  it('prefers what the gateway charged (usage.cost) over the estimate', () => {
    assert.equal(costOf({ prompt_tokens: 1000, completion_tokens: 1000, cost: 0.0421 }, sonnet), 0.0421);
    assert.equal(costOf({ prompt_tokens: 1000, completion_tokens: 1000, cost: 0 }, undefined), 0);
    // Junk in `cost` falls back to the estimate.
    assert.equal(costOf({ prompt_tokens: 1_000_000, completion_tokens: 0, cost: Number.NaN }, sonnet), 3);
  });

  it('says "unknown" rather than $0 when a needed price is missing', () => {
    assert.equal(costOf(null, sonnet), undefined);
    assert.equal(costOf({ prompt_tokens: 10, completion_tokens: 10 }, undefined), undefined);
    assert.equal(costOf({ prompt_tokens: 10, completion_tokens: 10 }, { inputPrice: 3 }), undefined);
    assert.equal(costOf({ prompt_tokens: 10, completion_tokens: 0 }, { inputPrice: 3 }), 0.00003);
    assert.equal(costOf({ prompt_tokens: 0, completion_tokens: 0 }, {}), undefined);
  });

  it('formats prices per million tokens', () => {
    assert.equal(formatPrice(3), '$3');
    assert.equal(formatPrice(0.8), '$0.8');
    assert.equal(formatPrice(2.5), '$2.5');
    assert.equal(formatPrice(0.075), '$0.075');
    assert.equal(formatPrice(0.28), '$0.28');
    assert.equal(formatPrice(1.25), '$1.25');
    assert.equal(formatPrice(150), '$150');
    assert.equal(formatPricePerMillion(15), '$15/M');
    assert.equal(formatPricePair({ inputPrice: 3, outputPrice: 15 }), '$3 / $15 per M');
    assert.equal(formatPricePair({ inputPrice: 3 }), '$3 / ? per M');
    assert.equal(formatPricePair({}), undefined);
    assert.equal(formatPricePair({ unitPrice: { amount: 0.168, unit: 'second' } }), '$0.168/s');
    assert.equal(formatUnitPrice({ amount: 0.04, unit: 'image' }), '$0.04/image');
  });

  it('formats costs with enough digits to see small answers', () => {
    assert.equal(formatCost(0.0123), '$0.0123');
    assert.equal(formatCost(0.012345), '$0.0123');
    assert.equal(formatCost(0.5), '$0.50');
    assert.equal(formatCost(0.05), '$0.05');
    assert.equal(formatCost(0.000028), '$0.000028');
    assert.equal(formatCost(1.234), '$1.23');
    assert.equal(formatCost(7.87), '$7.87');
    assert.equal(formatCost(0.9999), '$1.00');
    assert.equal(formatCost(0), '$0.00');
    assert.equal(formatCost(1e-9), '<$0.000001');
    assert.equal(formatCost(Number.NaN), '—');
  });

  it('formats token counts', () => {
    assert.equal(formatTokens(950), '950');
    assert.equal(formatTokens(1234), '1.2k');
    assert.equal(formatTokens(12345), '12.3k');
    assert.equal(formatTokens(12000), '12k');
    assert.equal(formatTokens(999_999), '1M');
    assert.equal(formatTokens(1_234_567), '1.23M');
  });

  it('formats context windows as the docs write them', () => {
    assert.equal(formatContextWindow(200_000), '200K');
    assert.equal(formatContextWindow(204_800), '205K');
    assert.equal(formatContextWindow(128_000), '128K');
    assert.equal(formatContextWindow(1_000_000), '1M');
    assert.equal(formatContextWindow(1_047_576), '1M');
    assert.equal(formatContextWindow(1_048_576), '1M');
    assert.equal(formatContextWindow(2_097_152), '2M');
    assert.equal(formatContextWindow(1_500_000), '1.5M');
    assert.equal(formatContextWindow(8192), '8K');
    assert.equal(formatContextWindow(0), '—');
  });

  describe('edges', () => {
    it('uses the charged cost only when it is a real, non-negative number', () => {
      const usage = { prompt_tokens: 1_000_000, completion_tokens: 0 };
      for (const junk of [-1, Number.POSITIVE_INFINITY, Number.NaN, '0.5' as unknown as number, null as unknown as number]) {
        assert.equal(costOf({ ...usage, cost: junk }, sonnet), 3, String(junk));
      }
      assert.equal(costOf({ ...usage, cost: 0.25 }, sonnet), 0.25);
    });

    it('needs the price of each side that has tokens, and only that one', () => {
      const input = { inputPrice: 3 };
      const output = { outputPrice: 15 };
      assert.equal(estimateCost(10, 0, output), undefined);
      assert.equal(estimateCost(0, 10, input), undefined);
      assert.equal(estimateCost(0, 10, output), 0.00015);
      assert.equal(estimateCost(10, 0, input), 0.00003);
      assert.equal(estimateCost(0, 0, input), 0);
      assert.equal(estimateCost(0, 0, output), 0);
      assert.equal(estimateCost(0, 0, {}), undefined);
      assert.equal(estimateCost(-5, 10, output), 0.00015);
      assert.equal(estimateCost(Number.NaN, 10, output), 0.00015);
      assert.equal(estimateCost(10, 10, undefined), undefined);
      assert.equal(costOf({} as Usage, sonnet), 0);
    });

    it('rounds prices by size: whole dollars from $100, cents from $1, three digits below', () => {
      assert.equal(formatPrice(123.45), '$123');
      assert.equal(formatPrice(100), '$100');
      assert.equal(formatPrice(12.25), '$12.25');
      assert.equal(formatPrice(1), '$1');
      assert.equal(formatPrice(0.12345), '$0.123');
      assert.equal(formatPricePair({ outputPrice: 15 }), '? / $15 per M');
      assert.equal(formatUnitPrice({ amount: 0.5, unit: 'second' }), '$0.5/s');
    });

    it('shows negative costs (refunds) with a sign, and the smallest shown cost exactly', () => {
      assert.equal(formatCost(-0.5), '-$0.50');
      assert.equal(formatCost(-2), '-$2.00');
      assert.equal(formatCost(-0.0123), '-$0.0123');
      assert.equal(formatCost(1), '$1.00');
      assert.equal(formatCost(0.000001), '$0.000001');
      assert.equal(formatCost(-1e-9), '-<$0.000001');
      assert.equal(formatCost(Number.POSITIVE_INFINITY), '—');
    });

    it('switches token units exactly at a thousand and at what would round to a thousand k', () => {
      assert.equal(formatTokens(999), '999');
      assert.equal(formatTokens(1000), '1k');
      assert.equal(formatTokens(999_949), '999.9k');
      assert.equal(formatTokens(999_950), '1M');
      assert.equal(formatTokens(-1500), '-1.5k');
      assert.equal(formatTokens(-12), '-12');
      assert.equal(formatTokens(0), '0');
      assert.equal(formatTokens(Number.NaN), '—');
      assert.equal(formatTokens(2_500_000), '2.5M');
    });

    it('switches context window units the same way', () => {
      assert.equal(formatContextWindow(512), '512');
      assert.equal(formatContextWindow(999), '999');
      assert.equal(formatContextWindow(1000), '1K');
      assert.equal(formatContextWindow(999_499), '999K');
      assert.equal(formatContextWindow(999_500), '1M');
      assert.equal(formatContextWindow(-5), '—');
      assert.equal(formatContextWindow(Number.POSITIVE_INFINITY), '—');
    });
  });
});
