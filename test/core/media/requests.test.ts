import * as assert from 'node:assert/strict';
import { buildImageRequest, buildVideoRequest, estimateImageCost, estimateVideoCost, isValidImageSize, MAX_FRAME_BYTES, toDataUri } from '../../../src/core/media/requests';
import { MediaError } from '../../../src/core/media/errors';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('core/media/requests', () => {
  it('builds the documented image request (001: model, prompt, n, size)', () => {
    assert.deepEqual(buildImageRequest({ prompt: '  A serene mountain landscape at sunset ', model: 'bytedance/doubao-seedream-5.0', n: 1, size: '2048x2048' }), {
      model: 'bytedance/doubao-seedream-5.0',
      prompt: 'A serene mountain landscape at sunset',
      n: 1,
      size: '2048x2048',
    });
    assert.deepEqual(buildImageRequest({ prompt: 'x', model: 'm', responseFormat: 'b64_json' }), { model: 'm', prompt: 'x', response_format: 'b64_json' });
  });

  it('refuses an empty prompt, a bad count or a bad size', () => {
    assert.throws(() => buildImageRequest({ prompt: '  ', model: 'm' }), (e: unknown) => e instanceof MediaError && e.kind === 'badInput');
    assert.throws(() => buildImageRequest({ prompt: 'x', model: '' }), MediaError);
    assert.throws(() => buildImageRequest({ prompt: 'x', model: 'm', n: 0 }), /count/);
    assert.throws(() => buildImageRequest({ prompt: 'x', model: 'm', n: 1.5 }), /count/);
    assert.throws(() => buildImageRequest({ prompt: 'x', model: 'm', size: 'big' }), /size/);
    assert.ok(isValidImageSize('2K'));
    assert.ok(!isValidImageSize('2048*2048'));
  });

  it('builds the documented text-to-video request', () => {
    assert.deepEqual(
      buildVideoRequest({ prompt: 'A golden retriever running on a sunny beach', model: 'bytedance/doubao-seedance-2.0', duration: 5, resolution: '720p', aspectRatio: '16:9' }),
      { model: 'bytedance/doubao-seedance-2.0', prompt: 'A golden retriever running on a sunny beach', duration: 5, resolution: '720p', aspect_ratio: '16:9' },
    );
  });

  it('sends first and last frames as data URIs in content with their roles', () => {
    const req = buildVideoRequest({ prompt: 'p', model: 'm', duration: 5, firstFrame: { bytes: png, mime: 'image/png' }, lastFrame: { bytes: new Uint8Array([0xff, 0xd8, 0xff]), mime: 'image/jpeg' } });
    assert.deepEqual(req.content, [
      { type: 'image_url', image_url: { url: `data:image/png;base64,${Buffer.from(png).toString('base64')}` }, role: 'first_frame' },
      { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/' }, role: 'last_frame' },
    ]);
    assert.equal(buildVideoRequest({ prompt: 'p', model: 'm' }).content, undefined);
  });

  it('refuses frames that are not images or too large, and bad durations', () => {
    assert.throws(() => buildVideoRequest({ prompt: 'p', model: 'm', firstFrame: { bytes: png, mime: 'text/plain' } }), /not an image/);
    assert.throws(
      () => buildVideoRequest({ prompt: 'p', model: 'm', lastFrame: { bytes: new Uint8Array(MAX_FRAME_BYTES + 1), mime: 'image/png' } }),
      (e: unknown) => e instanceof MediaError && e.kind === 'tooLarge',
    );
    assert.throws(() => buildVideoRequest({ prompt: 'p', model: 'm', duration: -1 }), /duration/);
    assert.throws(() => buildVideoRequest({ prompt: '', model: 'm' }), /prompt/);
  });

  it('encodes a sub-array view correctly', () => {
    const whole = new Uint8Array([1, 2, 3, 4, 5]);
    assert.equal(toDataUri(whole.subarray(1, 3), 'image/png'), `data:image/png;base64,${Buffer.from([2, 3]).toString('base64')}`);
  });

  it('estimates cost from unit prices only when the unit matches', () => {
    assert.equal(estimateVideoCost({ amount: 0.168, unit: 'second' }, 5), 0.168 * 5);
    assert.equal(estimateVideoCost({ amount: 0.03, unit: 'image' }, 5), undefined);
    assert.equal(estimateVideoCost(undefined, 5), undefined);
    assert.equal(estimateImageCost({ amount: 0.03, unit: 'image' }, 2), 0.06);
    assert.equal(estimateImageCost({ amount: 0.03, unit: 'second' }, 2), undefined);
  });
});
