import * as assert from 'node:assert/strict';
import { DEFAULT_CONTEXT_WINDOW } from '../../../src/core/edits/budget';
import { checkCost, checkFit, inputCost } from '../../../src/core/mentions/contextFit';

const items = [
  { label: 'small.ts', tokens: 100 },
  { label: 'big.log', tokens: 90_000 },
  { label: 'Problems', tokens: 0 },
  { label: 'mid.ts', tokens: 20_000 },
  { label: 'Terminal', tokens: 30_000 },
];

describe('core/mentions/contextFit', () => {
  it('fits when the prompt leaves the answer its room in the window', () => {
    assert.deepEqual(checkFit({ promptTokens: 100_000, contextWindow: 128_000, reservedOutput: 8_000, items }), { fits: true, limit: 120_000, assumedWindow: false });
    assert.equal(checkFit({ promptTokens: 120_000, contextWindow: 128_000, reservedOutput: 8_000, items }).fits, true, 'exactly the limit');
  });

  it('does not fit past it, and names the biggest items, largest first, at most three', () => {
    const r = checkFit({ promptTokens: 150_000, contextWindow: 128_000, reservedOutput: 8_000, items });
    assert.equal(r.fits, false);
    assert.ok(!r.fits);
    assert.equal(r.limit, 120_000);
    assert.equal(r.promptTokens, 150_000);
    assert.deepEqual(r.biggest.map((i) => i.label), ['big.log', 'Terminal', 'mid.ts']);
  });

  it('keeps at most half the window for the answer', () => {
    assert.deepEqual(checkFit({ promptTokens: 3_900, contextWindow: 8_000, reservedOutput: 16_384, items: [] }), { fits: true, limit: 4_000, assumedWindow: false });
    assert.equal(checkFit({ promptTokens: 4_100, contextWindow: 8_000, reservedOutput: 16_384, items: [] }).fits, false);
  });

  it('never refuses on an assumed window (the catalogue does not know the model)', () => {
    const r = checkFit({ promptTokens: DEFAULT_CONTEXT_WINDOW * 3, reservedOutput: 8_000, items });
    assert.equal(r.fits, true);
    assert.ok(r.fits && r.assumedWindow);
  });

  it('input cost is tokens × the input price per million; unknown stays unknown, never $0', () => {
    assert.equal(inputCost(1_000_000, 3), 3);
    assert.equal(inputCost(2_000, 0), 0, 'a free model is $0, known');
    assert.equal(inputCost(2_000, undefined), undefined);
    assert.equal(inputCost(2_000, Number.NaN), undefined);
  });

  it('asks before sending only when the known cost is above the amount set', () => {
    assert.deepEqual(checkCost(100_000, 3, 0.25), { ask: true, cost: 0.3 });
    assert.deepEqual(checkCost(100_000, 3, 0.3), { ask: false }, 'at the amount: no question');
    assert.deepEqual(checkCost(100_000, undefined, 0.01), { ask: false }, 'price unknown');
    assert.deepEqual(checkCost(100_000, 3, 0), { ask: false }, 'switched off');
  });
});
