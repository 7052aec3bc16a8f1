import * as assert from 'node:assert/strict';
import { imageResultFromJson, videoTaskFromJson } from '../../../src/core/client/mediaResults';

// The gateway's own charge for a generation is read wherever it puts it, and its absence stays
// an absence (the media feature then prices from the catalogue, or says the price is unknown).
describe('core/client/mediaResults: the charge the gateway reports', () => {
  it('an image answer: the top-level cost, else usage.cost, else none (never $0)', () => {
    assert.equal(imageResultFromJson({ data: [{ url: 'u' }], cost: 0.0123 }).cost, 0.0123);
    assert.equal(imageResultFromJson({ data: [{ url: 'u' }], usage: { prompt_tokens: 0, completion_tokens: 0, cost: 0.02 } }).cost, 0.02);
    assert.equal(imageResultFromJson({ data: [{ url: 'u' }], cost: 0.0123, usage: { cost: 0.5 } }).cost, 0.0123, 'the answer\'s own field first');
    const none = imageResultFromJson({ data: [{ url: 'u' }] });
    assert.equal(none.cost, undefined);
    assert.ok(!('cost' in none));
    assert.equal(imageResultFromJson({ data: [], cost: 0 }).cost, 0, 'a charge of $0 the gateway states is kept');
  });

  it('a video task: its cost when stated, none otherwise', () => {
    assert.equal(videoTaskFromJson({ id: 't', status: 'succeeded', cost: 0.84 }, 'm').cost, 0.84);
    assert.ok(!('cost' in videoTaskFromJson({ id: 't', status: 'succeeded' }, 'm')));
    assert.ok(!('cost' in videoTaskFromJson({ id: 't', status: 'succeeded', cost: 'free' }, 'm')));
  });
});
