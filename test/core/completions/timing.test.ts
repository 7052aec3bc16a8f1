import * as assert from 'node:assert/strict';
import { AdaptiveDebounce, DEFAULT_DEBOUNCE, WarmPolicy } from '../../../src/core/completions/timing';

function typed(gaps: number[], d = new AdaptiveDebounce()): AdaptiveDebounce {
  let t = 0;
  d.keystroke(t);
  for (const g of gaps) d.keystroke((t += g));
  return d;
}

describe('core/completions/timing', () => {
  it('waits longer for a slow typist than for a fast one, within bounds', () => {
    const fast = typed(Array(30).fill(60)).delayMs();
    const slow = typed(Array(30).fill(180)).delayMs();
    assert.ok(fast < slow, `fast ${fast} ms < slow ${slow} ms`);
    assert.ok(fast >= DEFAULT_DEBOUNCE.minMs && slow <= DEFAULT_DEBOUNCE.maxMs);
    assert.equal(typed(Array(30).fill(10)).delayMs(), DEFAULT_DEBOUNCE.minMs);
    assert.equal(typed(Array(30).fill(900)).delayMs(), DEFAULT_DEBOUNCE.maxMs);
  });

  it('does not count pauses as the typing rhythm', () => {
    const d = typed(Array(30).fill(80));
    const before = d.delayMs();
    typed([5000, 80, 80], d);
    assert.ok(Math.abs(d.delayMs() - before) <= 2, `${before} → ${d.delayMs()}`);
  });

  it('warms the connection at most once per quiet spell', () => {
    const w = new WarmPolicy(20_000);
    assert.equal(w.shouldWarm(0), true);
    assert.equal(w.shouldWarm(5_000), false);
    w.used(10_000);
    assert.equal(w.shouldWarm(29_000), false);
    assert.equal(w.shouldWarm(30_001), true);
  });
});
