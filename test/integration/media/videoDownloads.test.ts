// Video downloads in the real extension host, against the simulator: streamed to a temporary file, with faults.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TokenHubApi } from '../../../src/core/client/api';
import { Mp4OutlineChecker } from '../../../src/core/media/mp4';
import { simClient } from '../../simulator/helpers';
import type { SimVideoFile } from '../../simulator/mediaTasks';
import { MediaFeature } from '../../../src/media/mediaFeature';
import { MediaFiles } from '../../../src/media/mediaFiles';
import { MemoryFileSystem } from '../../fakes/memoryFileSystem';
import { withDownload } from '../../fakes/tokenHubApi';
import { waitFor } from '../helpers';
import { useMediaSuite, FAST, listMedia, mediaFolder, VIDEO_MODEL } from './mediaHelpers';

const MiB = 1024 * 1024;

/** The hidden temporary files in the media folder, with their sizes (read straight from disk). */
function partFiles(): { name: string; size: number }[] {
  const dir = mediaFolder().fsPath;
  try {
    return readdirSync(dir)
      .filter((n) => n.endsWith('.part'))
      .map((name) => {
        try {
          return { name, size: statSync(join(dir, name)).size };
        } catch {
          return { name, size: 0 };
        }
      });
  } catch {
    return [];
  }
}

interface DownloadWatch {
  /** Chunks the feature asked for. */
  pulled: number;
  yielded: number;
  /** Most bytes handed to the feature and not yet in a temporary file, seen when it asks for more. */
  maxHeld: number;
  /** The largest temporary file seen in the media folder. */
  maxOnDisk: number;
}

/** The real client, with the video download body watched: what the feature keeps in memory. */
function watchingClient(real: TokenHubApi): { client: TokenHubApi; watch: DownloadWatch } {
  const watch: DownloadWatch = { pulled: 0, yielded: 0, maxHeld: 0, maxOnDisk: 0 };
  const measure = () => {
    const onDisk = partFiles().reduce((n, f) => n + f.size, 0);
    watch.maxOnDisk = Math.max(watch.maxOnDisk, onDisk);
    watch.maxHeld = Math.max(watch.maxHeld, watch.yielded - onDisk);
  };
  const client: TokenHubApi = withDownload(real, async (url, o) => {
    const res = await real.download(url, o);
    async function* body(): AsyncIterable<Uint8Array> {
      for await (const chunk of res.body) {
        measure();
        watch.pulled++;
        watch.yielded += chunk.length;
        yield chunk;
      }
      measure();
    }
    return { contentLength: res.contentLength, body: body() };
  });
  return { client, watch };
}

describe('media: streamed video downloads', function () {
  this.timeout(60_000);
  const suite = useMediaSuite();
  const session = suite.session;


  /**
   * A MediaFeature like a second window's, on a watched client. The client is built from the
   * same modules as this MediaFeature (not the extension's bundled one), so its typed errors are
   * recognised as they are in the bundle.
   */
  function featureWith(file: SimVideoFile, options: { maxVideoBytes?: number } = {}) {
    const real = simClient(session.sim);
    const { client, watch } = watchingClient(real);
    const feature = new MediaFeature(session.api.services, { client, schedule: FAST, resumeOnStart: false, registerContributions: false, ...options });
    session.sim.enqueue({ match: { method: 'POST', path: '/videos/generations' }, videoStatuses: ['queued', 'succeeded'], videoFile: file });
    const dispose = async () => {
      feature.dispose();
      await real.close();
    };
    return { feature, watch, dispose };
  }

  function fileRequest() {
    const rec = session.sim.requests.filter((r) => r.path.startsWith('/files/videos/')).pop();
    assert.ok(rec, 'the video was requested');
    return rec;
  }

  it('a 64 MB video is written to a temporary file beside the final one as it arrives, holding almost none of it in memory', async () => {
    const size = 64 * MiB;
    const { feature, watch, dispose } = featureWith({ sizeBytes: size });
    try {
      const before = await listMedia();
      const [uri] = await feature.generateVideo({ prompt: 'A very long video', model: VIDEO_MODEL, open: false });
      assert.ok(uri, 'saved');
      try {
        assert.equal(statSync(uri.fsPath).size, size);
        assert.ok(watch.pulled > 64, `many chunks (${watch.pulled})`);
        assert.ok(watch.maxOnDisk > 0, 'the temporary file was in the media folder, beside the final name');
        // Each chunk was in the file before the next was asked for: memory does not grow with the video.
        assert.ok(watch.maxHeld <= 1 * MiB, `held ${watch.maxHeld} bytes of a ${size}-byte video`);
        const checker = new Mp4OutlineChecker();
        checker.push(await vscode.workspace.fs.readFile(uri));
        assert.ok(checker.end().boxes.some((b) => b.type === 'moov'));
        assert.deepEqual((await listMedia()).filter((n) => !before.includes(n)), [uri.path.split('/').pop()], 'no temporary file left');
        assert.equal(feature.generations.find((r) => r.prompt === 'A very long video')?.status, 'done');
      } finally {
        await vscode.workspace.fs.delete(uri, { useTrash: false });
      }
    } finally {
      await dispose();
    }
  });

  it('a video over the size cap is stopped while streaming and leaves no partial file', async () => {
    const { feature, watch, dispose } = featureWith({ sizeBytes: 32 * MiB, noContentLength: true }, { maxVideoBytes: 4 * MiB });
    try {
      const before = await listMedia();
      assert.deepEqual(await feature.generateVideo({ prompt: 'Too big', model: VIDEO_MODEL, open: false }), []);
      assert.ok(watch.maxOnDisk >= 3 * MiB, `a partial file was written (${watch.maxOnDisk} bytes)`);
      assert.ok(watch.yielded <= 5 * MiB, `reading stopped at the cap (${watch.yielded} bytes)`);
      assert.deepEqual(await listMedia(), before, 'and deleted');
      const rec = feature.generations.find((r) => r.prompt === 'Too big');
      assert.equal(rec?.status, 'failed');
      assert.match(rec?.error ?? '', /too large/);
      await session.sim.waitFor(() => fileRequest().closedByClient);
    } finally {
      await dispose();
    }
  });

  it('cancelling in the middle of the download stops the transfer and deletes the partial file', async () => {
    const { feature, dispose } = featureWith({ sizeBytes: 64 * MiB, stallAfterBytes: 2 * MiB });
    try {
      const before = await listMedia();
      const running = feature.generateVideo({ prompt: 'Cancelled while downloading', model: VIDEO_MODEL, open: false });
      await waitFor(() => partFiles().some((f) => f.size >= 2 * MiB), 20_000, 'the first 2 MB in a temporary file');
      const rec = feature.generations.find((r) => r.prompt === 'Cancelled while downloading');
      assert.ok(rec);
      await feature.cancel(rec.id);
      assert.deepEqual(await running, []);
      assert.deepEqual(partFiles(), []);
      assert.deepEqual(await listMedia(), before);
      assert.equal(feature.generations.find((r) => r.id === rec.id)?.status, 'cancelled');
      await session.sim.waitFor(() => fileRequest().closedByClient);
    } finally {
      await dispose();
    }
  });

  it('a connection cut in the middle of the download deletes the partial file and says it broke off', async () => {
    const { feature, watch, dispose } = featureWith({ sizeBytes: 16 * MiB, cutAfterBytes: 3 * MiB });
    try {
      const before = await listMedia();
      assert.deepEqual(await feature.generateVideo({ prompt: 'Cut off', model: VIDEO_MODEL, open: false }), []);
      assert.ok(watch.maxOnDisk > 0, 'a partial file was written');
      assert.deepEqual(await listMedia(), before, 'and deleted');
      const rec = feature.generations.find((r) => r.prompt === 'Cut off');
      assert.equal(rec?.status, 'failed');
      assert.match(rec?.error ?? '', /broke off/);
    } finally {
      await dispose();
    }
  });

  it('a file that is not a video is refused at its first bytes, before it is written', async () => {
    const { feature, watch, dispose } = featureWith({ sizeBytes: 64 * MiB, notVideo: true });
    try {
      const before = await listMedia();
      assert.deepEqual(await feature.generateVideo({ prompt: 'A web page', model: VIDEO_MODEL, open: false }), []);
      assert.equal(watch.pulled, 1, 'only the first chunk was read');
      assert.equal(watch.maxOnDisk, 0, 'nothing was written');
      assert.deepEqual(await listMedia(), before);
      const rec = feature.generations.find((r) => r.prompt === 'A web page');
      assert.equal(rec?.status, 'failed');
      assert.match(rec?.error ?? '', /not a playable MP4/);
      await session.sim.waitFor(() => fileRequest().closedByClient);
    } finally {
      await dispose();
    }
  });

  it('in a folder of another file system, the file is streamed to the OS temp folder, then copied in', async () => {
    const memFs = new MemoryFileSystem();
    const registration = vscode.workspace.registerFileSystemProvider('tokenhub-test-mem', memFs);
    try {
      const files = new MediaFiles(session.api.services.settings, vscode.Uri.parse('tokenhub-test-mem:/fallback'));
      const folder = vscode.Uri.parse('tokenhub-test-mem:/media');
      const bytes = new Uint8Array(3 * MiB).fill(7);
      const given: string[] = [];
      const uri = await files.saveStream(folder, 'clip', async (path) => {
        given.push(path);
        writeFileSync(path, bytes, { flag: 'wx' });
        return 'mp4';
      });
      assert.equal(uri.toString(), 'tokenhub-test-mem:/media/clip.mp4');
      assert.deepEqual(memFs.files(), ['/media/clip.mp4'], 'no temporary file left beside it');
      assert.equal((await vscode.workspace.fs.readFile(uri)).length, bytes.length);
      assert.ok(given[0].startsWith(tmpdir()), given[0]);
      assert.ok(!existsSync(given[0]), 'the local temporary file is gone');
      // A failed write leaves nothing in either place.
      await assert.rejects(
        files.saveStream(folder, 'broken', async (path) => {
          given.push(path);
          writeFileSync(path, 'half', { flag: 'wx' });
          throw new Error('the connection broke');
        }),
        /the connection broke/,
      );
      assert.ok(!existsSync(given[1]));
      assert.deepEqual(memFs.files(), ['/media/clip.mp4']);
    } finally {
      registration.dispose();
    }
  });
});
