import * as assert from 'node:assert/strict';
import { DEFAULT_CONTEXT_WINDOW, estimateMessagesTokens, estimateTokens, expectedEditTokens, fitContextLines, planBudget } from '../../../src/core/edits/budget';

describe('core/edits/budget', () => {
  it('estimates tokens on the high side, counting non-ASCII characters one each', () => {
    assert.equal(estimateTokens(''), 0);
    assert.equal(estimateTokens('a'.repeat(35)), 10);
    assert.equal(estimateTokens('日本語'), 3);
    assert.ok(estimateMessagesTokens([{ role: 'user', content: 'a'.repeat(35) }]) > 10);
  });

  it('fits a small prompt and leaves the rest of the window for the answer', () => {
    const b = planBudget({ promptTokens: 1000, expectedOutputTokens: 500, contextWindow: 16000, maxOutputTokens: 4096 });
    assert.deepEqual(b, { fits: true, maxTokens: 4096, contextWindow: 16000, assumedWindow: false });
    const tight = planBudget({ promptTokens: 14000, expectedOutputTokens: 500, contextWindow: 16000, maxOutputTokens: 4096 });
    assert.ok(tight.fits && tight.maxTokens === 2000);
  });

  it('refuses a prompt that does not leave room for its answer in the window', () => {
    const b = planBudget({ promptTokens: 15800, expectedOutputTokens: 500, contextWindow: 16000, maxOutputTokens: 4096 });
    assert.equal(b.fits, false);
    assert.ok(!b.fits && b.reason === 'context' && b.neededTokens === 16300 && b.contextWindow === 16000);
  });

  it('refuses an answer that would exceed the model output limit (it would be cut off)', () => {
    const b = planBudget({ promptTokens: 100, expectedOutputTokens: 9000, contextWindow: 200000, maxOutputTokens: 8192 });
    assert.ok(!b.fits && b.reason === 'output' && b.maxOutputTokens === 8192);
  });

  it('assumes a default window when the catalogue does not know it, and says so', () => {
    const b = planBudget({ promptTokens: 100, expectedOutputTokens: 100 });
    assert.ok(b.fits && b.assumedWindow && b.contextWindow === DEFAULT_CONTEXT_WINDOW);
    const over = planBudget({ promptTokens: DEFAULT_CONTEXT_WINDOW, expectedOutputTokens: 100 });
    assert.ok(!over.fits && over.assumedWindow);
  });

  it('expects an edit answer at least as large as the code', () => {
    const code = 'x'.repeat(3500);
    assert.equal(expectedEditTokens(code, 1), 1256);
    assert.ok(expectedEditTokens(code, 1.5) > expectedEditTokens(code, 1));
  });

  it('gives up context lines before the selection', () => {
    assert.equal(fitContextLines(40, () => true), 40);
    assert.equal(fitContextLines(40, (n) => n <= 12), 10);
    assert.equal(fitContextLines(40, (n) => n <= 3), 2);
    assert.equal(fitContextLines(40, (n) => n === 0), 0);
    assert.equal(fitContextLines(40, () => false), undefined);
    const tried: number[] = [];
    fitContextLines(40, (n) => (tried.push(n), false));
    assert.deepEqual(tried, [40, 20, 10, 5, 2, 1, 0]);
  });
});
