import * as assert from 'node:assert/strict';
import {
  DEFAULT_CONTEXT_WINDOW,
  DEFAULT_MAX_OUTPUT,
  estimateMessagesTokens,
  estimateTokens,
  expectedEditTokens,
  fitContextLines,
  fitPrompt,
  IMAGE_TOKENS,
  MESSAGE_OVERHEAD_TOKENS,
  planBudget,
} from '../../../src/core/edits/budget';
import type { ChatMessage } from '../../../src/core/api/types';

describe('core/edits/budget', () => {
  it('estimates tokens on the high side, counting non-ASCII characters one each', () => {
    assert.equal(estimateTokens(''), 0);
    assert.equal(estimateTokens('a'.repeat(35)), 10);
    assert.equal(estimateTokens('日本語'), 3);
    assert.ok(estimateMessagesTokens([{ role: 'user', content: 'a'.repeat(35) }]) > 10);
  });

  it('counts code at 3.5 characters a token and CJK, Vietnamese and emoji at a token per character or more', () => {
    // Code tokenizes finer than prose: four characters a token would undercount it.
    assert.equal(estimateTokens('if (a) { b(); }'), 5);
    assert.equal(estimateTokens('你好世界'), 4);
    // Eight ASCII characters and two accented ones.
    assert.equal(estimateTokens('Tiếng Việt'), Math.ceil(8 / 3.5) + 2);
    // An emoji is two UTF-16 units, and costs tokenizers two or more tokens.
    assert.equal(estimateTokens('🙂'), 2);
  });

  it('charges each message its overhead and each image a fixed amount', () => {
    const text = estimateMessagesTokens([{ role: 'user', content: 'abcdefg' }]);
    const withImage = estimateMessagesTokens([
      { role: 'user', content: [{ type: 'text', text: 'abcdefg' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
    ]);
    assert.equal(withImage - text, IMAGE_TOKENS);
    const two = estimateMessagesTokens([{ role: 'system', content: 'abcdefg' }, { role: 'user', content: 'abcdefg' }]);
    assert.equal(two - text, MESSAGE_OVERHEAD_TOKENS + 2);
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

  it('fits a prompt with as much context as the window leaves room for', () => {
    // Each context line adds 35 ASCII characters (10 tokens) to a 100-token selection.
    const build = (n: number) => ({ value: n, messages: [{ role: 'user' as const, content: 'x'.repeat(350 + 35 * n) }], expectedOutputTokens: 100 });
    const all = fitPrompt(30, { contextWindow: 100_000 }, build);
    assert.ok(all.fits && all.value === 30);
    // 3 + 4 + 100 + 10n + 100 ≤ 400 holds up to n = 19: the halving steps give 15.
    const some = fitPrompt(30, { contextWindow: 400 }, build);
    assert.ok(some.fits && some.value === 15 && some.budget.maxTokens === 400 - (3 + 4 + 100 + 150));
    const none = fitPrompt(30, { contextWindow: 150 }, build);
    assert.ok(!none.fits && none.budget.reason === 'context' && none.budget.promptTokens === 3 + 4 + 100);
    const tooLong = fitPrompt(30, { contextWindow: 100_000, maxOutputTokens: 50 }, build);
    assert.ok(!tooLong.fits && tooLong.budget.reason === 'output');
  });

  describe('edges', () => {
    it('counts a character from code 128 up as a token of its own', () => {
      assert.equal(estimateTokens('\u007f'.repeat(7)), 2);
      assert.equal(estimateTokens('\u0080'.repeat(7)), 7);
    });

    it('counts a message without content (a tool call) by its overhead only', () => {
      assert.equal(estimateMessagesTokens([{ role: 'assistant', content: null } as unknown as ChatMessage]), 3 + 4);
    });

    it('assumes the default window and output limit for zero or negative ones', () => {
      for (const bad of [0, -5]) {
        const b = planBudget({ promptTokens: 100, expectedOutputTokens: 10, contextWindow: bad, maxOutputTokens: bad });
        assert.deepEqual(b, { fits: true, maxTokens: DEFAULT_MAX_OUTPUT, contextWindow: DEFAULT_CONTEXT_WINDOW, assumedWindow: true }, String(bad));
      }
    });

    it('caps the default output limit by a small window', () => {
      const b = planBudget({ promptTokens: 100, expectedOutputTokens: 5000, contextWindow: 4000 });
      assert.deepEqual(b, { fits: false, reason: 'output', neededTokens: 5000, promptTokens: 100, contextWindow: 4000, maxOutputTokens: 4000, assumedWindow: false });
    });

    it('fits an answer of exactly the output limit, and a prompt and answer of exactly the window', () => {
      assert.deepEqual(planBudget({ promptTokens: 0, expectedOutputTokens: DEFAULT_MAX_OUTPUT }), { fits: true, maxTokens: DEFAULT_MAX_OUTPUT, contextWindow: DEFAULT_CONTEXT_WINDOW, assumedWindow: true });
      assert.deepEqual(planBudget({ promptTokens: DEFAULT_CONTEXT_WINDOW - 100, expectedOutputTokens: 100 }), { fits: true, maxTokens: 100, contextWindow: DEFAULT_CONTEXT_WINDOW, assumedWindow: true });
      assert.equal(planBudget({ promptTokens: DEFAULT_CONTEXT_WINDOW - 99, expectedOutputTokens: 100 }).fits, false);
    });

    it('tries context lines halving down to 4, then one by one to none', () => {
      const tried: number[] = [];
      assert.equal(
        fitContextLines(20, (n) => {
          tried.push(n);
          return false;
        }),
        undefined,
      );
      assert.deepEqual(tried, [20, 10, 5, 2, 1, 0]);
      tried.length = 0;
      fitContextLines(8, (n) => {
        tried.push(n);
        return false;
      });
      assert.deepEqual(tried, [8, 4, 3, 2, 1, 0]);
      assert.equal(fitContextLines(8, (n) => n <= 3), 3);
    });

    it('asks nothing for a negative maximum', () => {
      const tried: number[] = [];
      assert.equal(
        fitContextLines(-1, (n) => {
          tried.push(n);
          return true;
        }),
        undefined,
      );
      assert.deepEqual(tried, []);
    });
  });
});

