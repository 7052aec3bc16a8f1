// Downloads streamed to a file: checked as they arrive, capped, cancellable, and never left half
// written. The first half feeds fake bodies; the second goes through the real client to the
// simulator, which makes large or broken files on the fly.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { adviceKey } from '../../../src/core/client/errorAdvice';
import { TokenHubError } from '../../../src/core/client/errors';
import type { TokenHubClient } from '../../../src/core/client/tokenHubClient';
import { MAX_DOWNLOAD_BYTES, decodeBase64Image, downloadToFile, imageCheck, videoCheck } from '../../../src/core/media/download';
import type { ContentCheck } from '../../../src/core/media/download';
import { MediaError } from '../../../src/core/media/errors';
import type { MediaErrorKind } from '../../../src/core/media/errors';
import { Mp4OutlineChecker } from '../../../src/core/media/mp4';
import { waitFor } from '../../host/waitFor';
import { caught, simClient } from '../../simulator/helpers';
import { makePng, sampleMp4 } from '../../simulator/media';
import { Simulator } from '../../simulator/server';
import type { SimVideoFile } from '../../simulator/mediaTasks';

const MiB = 1024 * 1024;
const VIDEO_MODEL = 'bytedance/doubao-seedance-2.0';
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// Full collections on demand, so memory figures count live memory only. Two in a row: V8 frees
// dead array buffers in the background after a collection, and the next one waits for that.
setFlagsFromString('--expose-gc');
const fullGc = runInNewContext('gc') as () => void;
function gc(): void {
  fullGc();
  fullGc();
}

async function* chunks(...parts: Uint8Array[]): AsyncIterable<Uint8Array> {
  for (const p of parts) yield p;
}

/** A check that accepts anything and returns the byte count it saw. */
function anyBytes(): ContentCheck<number> {
  let n = 0;
  return { push: (c) => void (n += c.length), end: () => n };
}

async function expectMedia(p: Promise<unknown>, kind: MediaErrorKind): Promise<MediaError> {
  const e = await caught(() => p);
  assert.ok(e instanceof MediaError, `expected a MediaError ${kind}, got ${String(e)}`);
  assert.equal(e.kind, kind, e.message);
  return e;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

interface Watch {
  /** Chunks the consumer asked for. */
  pulled: number;
  yielded: number;
  /** Most bytes handed to the consumer and not yet in the file, seen when it asks for more. */
  maxHeld: number;
  /** The largest the file at `path` was seen (a partial file that existed, when it is gone after). */
  maxOnDisk: number;
  /** Most growth of live memory (heap + array buffers) over the start, after forced collections. */
  maxGrowth: number;
  /** Whether the consumer stopped the body (break, throw) rather than reading it to the end. */
  stopped: boolean;
}

/**
 * Wraps a download body to see what the consumer keeps: each time it asks for the next chunk,
 * everything handed over before should be in the file at `path`, and (every `gcEvery` bytes) live
 * memory should not have grown with it.
 */
function watched(body: AsyncIterable<Uint8Array>, path: string, gcEvery = Infinity): { body: AsyncIterable<Uint8Array>; watch: Watch } {
  const watch: Watch = { pulled: 0, yielded: 0, maxHeld: 0, maxOnDisk: 0, maxGrowth: 0, stopped: true };
  const live = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  gc();
  const base = live();
  let nextGc = gcEvery;
  const measure = () => {
    const onDisk = sizeOf(path);
    watch.maxOnDisk = Math.max(watch.maxOnDisk, onDisk);
    watch.maxHeld = Math.max(watch.maxHeld, watch.yielded - onDisk);
    if (watch.yielded >= nextGc) {
      nextGc += gcEvery;
      gc();
      watch.maxGrowth = Math.max(watch.maxGrowth, live() - base);
    }
  };
  async function* wrap(): AsyncIterable<Uint8Array> {
    for await (const chunk of body) {
      measure();
      watch.pulled++;
      watch.yielded += chunk.length;
      yield chunk;
    }
    measure();
    watch.stopped = false;
  }
  return { body: wrap(), watch };
}

describe('core/media/download', () => {
  let dir: string;
  let target: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tokenhub-dl-'));
    target = join(dir, '.video.0123abcd.part');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  describe('downloadToFile (fake bodies)', () => {
    it('writes a complete body to the file, reporting progress', async () => {
      const progress: [number, number | undefined][] = [];
      const out = await downloadToFile(chunks(new Uint8Array([1, 2]), new Uint8Array([3])), target, { check: anyBytes(), contentLength: 3, onProgress: (r, t) => progress.push([r, t]) });
      assert.deepEqual(out, { bytes: 3, result: 3 });
      assert.deepEqual([...readFileSync(target)], [1, 2, 3]);
      assert.deepEqual(progress, [
        [2, 3],
        [3, 3],
      ]);
      const other = join(dir, 'nine');
      await downloadToFile(chunks(new Uint8Array([9])), other, { check: anyBytes() });
      assert.deepEqual([...readFileSync(other)], [9]);
    });

    it('a body shorter than its Content-Length (a cut download) leaves no file', async () => {
      await expectMedia(downloadToFile(chunks(new Uint8Array([1, 2])), target, { check: anyBytes(), contentLength: 10 }), 'truncated');
      assert.deepEqual(readdirSync(dir), []);
    });

    it('stops a body over the cap as it streams, and refuses an announced size over it at once', async () => {
      const stream = watched(chunks(new Uint8Array(4), new Uint8Array(4), new Uint8Array(4), new Uint8Array(4)), target);
      await expectMedia(downloadToFile(stream.body, target, { check: anyBytes(), maxBytes: 10 }), 'tooLarge');
      assert.equal(stream.watch.pulled, 3, 'the fourth chunk was never asked for');
      assert.ok(stream.watch.stopped, 'the body was closed');
      assert.deepEqual(readdirSync(dir), []);
      const announced = watched(chunks(new Uint8Array(4), new Uint8Array(4)), target);
      await expectMedia(downloadToFile(announced.body, target, { check: anyBytes(), maxBytes: 10, contentLength: 11 }), 'tooLarge');
      assert.equal(announced.watch.pulled, 1);
      assert.deepEqual(readdirSync(dir), []);
      assert.equal(MAX_DOWNLOAD_BYTES, 1024 * MiB);
    });

    it('stops on abort and leaves no file', async () => {
      const ac = new AbortController();
      async function* body(): AsyncIterable<Uint8Array> {
        yield new Uint8Array(5);
        ac.abort();
        yield new Uint8Array(5);
      }
      await expectMedia(downloadToFile(body(), target, { check: anyBytes(), signal: ac.signal }), 'cancelled');
      assert.deepEqual(readdirSync(dir), []);
    });

    it('an error from the body is passed on, a connection cut becomes "truncated", and no file is left', async () => {
      async function* broken(e: Error): AsyncIterable<Uint8Array> {
        yield new Uint8Array(3);
        throw e;
      }
      await assert.rejects(downloadToFile(broken(new Error('disk on fire')), target, { check: anyBytes() }), /disk on fire/);
      assert.deepEqual(readdirSync(dir), []);
      const cut = new TokenHubError('streamCut', 'The connection closed in the middle of the answer.');
      const e = await expectMedia(downloadToFile(broken(cut), target, { check: anyBytes() }), 'truncated');
      assert.match(e.message, /closed in the middle/);
      assert.deepEqual(readdirSync(dir), []);
    });

    it('bytes the check refuses are never written: no file is created at all', async () => {
      const stream = watched(chunks(new Uint8Array(Buffer.from('<html>gone</html>')), new Uint8Array(1000)), target);
      await expectMedia(downloadToFile(stream.body, target, { check: videoCheck() }), 'notVideo');
      assert.equal(stream.watch.pulled, 1);
      assert.deepEqual(readdirSync(dir), []);
    });

    it('never replaces a file already at the path, nor deletes it on failure', async () => {
      writeFileSync(target, 'someone else');
      await assert.rejects(downloadToFile(chunks(png), target, { check: imageCheck() }), /EEXIST/);
      assert.equal(readFileSync(target, 'utf8'), 'someone else');
    });

    it('imageCheck: tells the kind from the first bytes, and refuses a non-image there', async () => {
      const pngFile = new Uint8Array(makePng(8, 8));
      const out = await downloadToFile(chunks(pngFile.subarray(0, 5), pngFile.subarray(5)), target, { check: imageCheck() });
      assert.equal(out.result.ext, 'png');
      assert.deepEqual(readFileSync(target), Buffer.from(pngFile));
      const gif = join(dir, 'gif');
      assert.equal((await downloadToFile(chunks(new Uint8Array(Buffer.from('GIF89a'))), gif, { check: imageCheck() })).result.ext, 'gif');
      const stream = watched(chunks(new Uint8Array(Buffer.from('{"error":"expired link"}')), new Uint8Array(1000)), target + '2');
      await expectMedia(downloadToFile(stream.body, target + '2', { check: imageCheck() }), 'notImage');
      assert.equal(stream.watch.pulled, 1);
      assert.ok(!existsSync(target + '2'));
    });

    it('videoCheck: accepts a real MP4 and refuses a cut one at the end', async () => {
      const mp4 = new Uint8Array(sampleMp4());
      const out = await downloadToFile(chunks(mp4.subarray(0, 100), mp4.subarray(100)), target, { check: videoCheck() });
      assert.ok(out.result.boxes.some((b) => b.type === 'moov'));
      const cut = join(dir, 'cut');
      await expectMedia(downloadToFile(chunks(mp4.subarray(0, mp4.length - 10)), cut, { check: videoCheck() }), 'notVideo');
      assert.ok(!existsSync(cut));
    });

    it('decodes b64_json (with or without a data: prefix) and refuses non-base64', () => {
      const b64 = Buffer.from(png).toString('base64');
      assert.deepEqual([...decodeBase64Image(b64)], [...png]);
      assert.deepEqual([...decodeBase64Image(`data:image/png;base64,${b64}`)], [...png]);
      assert.throws(() => decodeBase64Image('not base64 at all!'), MediaError);
      assert.throws(() => decodeBase64Image(''), MediaError);
    });
  });

  describe('through the client, from the simulator', function () {
    this.timeout(60_000);
    let sim: Simulator;
    let client: TokenHubClient;
    beforeEach(async () => {
      sim = await Simulator.start();
      client = simClient(sim);
    });
    afterEach(async () => {
      await client.close();
      await sim.close();
    });

    /** A finished task whose file is served as `file` says; returns its URL. */
    async function videoUrl(file: SimVideoFile): Promise<string> {
      sim.enqueue({ match: { method: 'POST', path: '/videos/generations' }, videoStatuses: ['succeeded'], videoFile: file });
      const task = await client.createVideo({ model: VIDEO_MODEL, prompt: 'x' });
      assert.ok(task.videoUrl);
      return task.videoUrl;
    }

    function fileRequest() {
      const rec = sim.requests.find((r) => r.path.startsWith('/files/'));
      assert.ok(rec, 'the file was requested');
      return rec;
    }

    it('a 64 MB video streams to disk: memory stays far below its size', async () => {
      const size = 64 * MiB;
      const url = await videoUrl({ sizeBytes: size });
      const dl = await client.download(url);
      assert.equal(dl.contentLength, size);
      const stream = watched(dl.body, target, 8 * MiB);
      const out = await downloadToFile(stream.body, target, { check: videoCheck(), contentLength: dl.contentLength });
      assert.equal(out.bytes, size);
      assert.equal(statSync(target).size, size);
      assert.deepEqual(out.result.boxes.map((b) => b.type), ['ftyp', 'moov', 'free', 'mdat', 'free']);
      assert.ok(stream.watch.pulled > 64, `many chunks (${stream.watch.pulled})`);
      // Every chunk was in the file before the next one was asked for.
      assert.ok(stream.watch.maxHeld <= 1 * MiB, `held ${stream.watch.maxHeld} bytes not yet written`);
      assert.ok(stream.watch.maxGrowth < 16 * MiB, `live memory grew by ${(stream.watch.maxGrowth / MiB).toFixed(1)} MB for a 64 MB video`);
      // And the file on disk is the whole video, checked again from the disk in pieces.
      const again = new Mp4OutlineChecker();
      const bytes = readFileSync(target);
      for (let at = 0; at < bytes.length; at += 4 * MiB) again.push(bytes.subarray(at, at + 4 * MiB));
      assert.deepEqual(again.end().boxes, out.result.boxes);
    });

    it('over the cap: the transfer is stopped and no partial file is left', async () => {
      const url = await videoUrl({ sizeBytes: 32 * MiB, noContentLength: true });
      const dl = await client.download(url);
      assert.equal(dl.contentLength, undefined, 'the cap is enforced while streaming, not from a header');
      const stream = watched(dl.body, target);
      await expectMedia(downloadToFile(stream.body, target, { check: videoCheck(), maxBytes: 4 * MiB }), 'tooLarge');
      assert.ok(stream.watch.maxOnDisk >= 3 * MiB, `a partial file was being written (${stream.watch.maxOnDisk} bytes)`);
      assert.ok(stream.watch.yielded <= 5 * MiB, `reading stopped at the cap (${stream.watch.yielded} bytes read)`);
      assert.deepEqual(readdirSync(dir), [], 'and it is gone');
      await sim.waitFor(() => fileRequest().closedByClient);
      assert.ok((fileRequest().bytesSent ?? 0) < 16 * MiB, `the server stopped early (${fileRequest().bytesSent} bytes sent)`);
    });

    it('cancel in the middle stops the transfer and deletes the partial file', async () => {
      const url = await videoUrl({ sizeBytes: 64 * MiB, stallAfterBytes: 2 * MiB });
      const ac = new AbortController();
      const dl = await client.download(url, { signal: ac.signal });
      const running = downloadToFile(dl.body, target, { check: videoCheck(), contentLength: dl.contentLength, signal: ac.signal });
      await waitFor(() => sizeOf(target) >= 2 * MiB, 10_000, 'the first 2 MB on disk');
      ac.abort();
      await expectMedia(running, 'cancelled');
      assert.deepEqual(readdirSync(dir), []);
      await sim.waitFor(() => fileRequest().closedByClient);
    });

    it('a connection cut mid-body deletes the partial file and says the download broke off', async () => {
      const url = await videoUrl({ sizeBytes: 16 * MiB, cutAfterBytes: 3 * MiB });
      const dl = await client.download(url);
      const stream = watched(dl.body, target);
      const e = await expectMedia(downloadToFile(stream.body, target, { check: videoCheck(), contentLength: dl.contentLength }), 'truncated');
      assert.ok(stream.watch.maxOnDisk > 0, 'a partial file was being written');
      assert.match(e.message, /closed|received/);
      assert.deepEqual(readdirSync(dir), [], 'and it is gone');
    });

    it('a cut without Content-Length (chunked) is caught too', async () => {
      const url = await videoUrl({ sizeBytes: 16 * MiB, cutAfterBytes: 3 * MiB, noContentLength: true });
      const dl = await client.download(url);
      await expectMedia(downloadToFile(dl.body, target, { check: videoCheck() }), 'truncated');
      assert.deepEqual(readdirSync(dir), []);
    });

    it('a body that is not a video is refused at its first bytes, before it is written', async () => {
      const url = await videoUrl({ sizeBytes: 64 * MiB, notVideo: true });
      const dl = await client.download(url);
      const stream = watched(dl.body, target);
      await expectMedia(downloadToFile(stream.body, target, { check: videoCheck(), contentLength: dl.contentLength }), 'notVideo');
      assert.equal(stream.watch.pulled, 1, 'only the first chunk was read');
      assert.ok(stream.watch.stopped);
      assert.deepEqual(readdirSync(dir), []);
      await sim.waitFor(() => fileRequest().closedByClient);
      assert.ok((fileRequest().bytesSent ?? 0) < 16 * MiB, `the server stopped early (${fileRequest().bytesSent} bytes sent)`);
    });

    it('a download that goes silent fails with the idle timeout, without claiming a partial answer was kept', async () => {
      const quick = simClient(sim, { idleTimeoutMs: 300 });
      try {
        const url = await videoUrl({ sizeBytes: 8 * MiB, stallAfterBytes: 1 * MiB });
        const dl = await quick.download(url);
        const e = await caught(() => downloadToFile(dl.body, target, { check: videoCheck(), contentLength: dl.contentLength }));
        assert.ok(e instanceof TokenHubError, String(e));
        assert.equal(e.kind, 'idleTimeout');
        assert.equal(adviceKey(e.kind, e.status, e.receivedChars ?? 0, e.retryAfterMs), 'idleTimeout');
        assert.doesNotMatch(e.message, /kept/);
        assert.deepEqual(readdirSync(dir), []);
      } finally {
        await quick.close();
      }
    });

    it('an image URL goes through the same path', async () => {
      const img = await client.generateImages({ model: 'bytedance/doubao-seedream-5.0', prompt: 'a fox' });
      const dl = await client.download(img.images[0].url!);
      const out = await downloadToFile(dl.body, target, { check: imageCheck(), contentLength: dl.contentLength });
      assert.equal(out.result.ext, 'png');
      assert.equal(statSync(target).size, dl.contentLength);
    });
  });
});
