// Image and video generation in the real extension host, against the simulator.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Commands, StorageKeys } from '../../../src/platform/ids';
import type { VideoStatus, VideoTask } from '../../../src/core/api/types';
import type { TokenHubApi } from '../../../src/core/client/api';
import { Mp4OutlineChecker, parseMp4 } from '../../../src/core/media/mp4';
import type { GenerationRecord } from '../../../src/core/media/records';
import { sniffImage } from '../../../src/core/media/sniff';
import { simClient } from '../../simulator/helpers';
import type { SimVideoFile } from '../../simulator/mediaTasks';
import { MediaFeature } from '../../../src/media/mediaFeature';
import { MediaFiles } from '../../../src/media/mediaFiles';
import { MemoryFileSystem } from '../../fakes/memoryFileSystem';
import { withDownload } from '../../fakes/tokenHubApi';
import { contextValueOf } from '../../../src/media/generationsView';
import { useSimulator, waitFor } from '../helpers';

const IMAGE_MODEL = 'bytedance/doubao-seedream-5.0';
const VIDEO_MODEL = 'bytedance/doubao-seedance-2.0';
const FAST = { initialMs: 10, factor: 1.5, maxMs: 40 };

function mediaFolder(): vscode.Uri {
  const ws = vscode.workspace.workspaceFolders?.[0];
  assert.ok(ws, 'the integration host opens a workspace folder');
  return vscode.Uri.joinPath(ws.uri, 'tokenhub-media');
}

/** Every file in the media folder (hidden temporary ones included). */
async function listMedia(): Promise<string[]> {
  try {
    return (await vscode.workspace.fs.readDirectory(mediaFolder())).map(([n]) => n).sort();
  } catch {
    return [];
  }
}

function openTabUris(): string[] {
  const out: string[] = [];
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      const input = tab.input as { uri?: vscode.Uri } | undefined;
      if (input?.uri) out.push(input.uri.toString());
    }
  }
  return out;
}

/** What a reload would resume: the pending tasks in global state. */
function storedPending(state: vscode.Memento): GenerationRecord[] {
  return (state.get<GenerationRecord[]>(StorageKeys.pendingVideoTasks) ?? []).filter((r) => r.status === 'pending');
}

function pick(body: unknown, keys: string[]): Record<string, unknown> {
  const o = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
}

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

function videoGets(sim: { requests: { method: string; path: string }[] }, id: string): number {
  return sim.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/videos/generations/${id}`)).length;
}

describe('media: image and video generation', function () {
  this.timeout(60_000);
  const session = useSimulator();
  let media: MediaFeature;

  before(() => {
    media = session.api.media;
    media.setPolling(FAST);
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('generates images from URL answers, saves them under new names and opens them', async () => {
    const before = await listMedia();
    const uris = await vscode.commands.executeCommand<vscode.Uri[]>(Commands.generateImage, { prompt: 'A red fox in the snow', model: IMAGE_MODEL, size: '1024x1024', n: 2 });
    assert.equal(uris.length, 2);
    const req = session.sim.requests.find((r) => r.method === 'POST' && r.path.endsWith('/images/generations'));
    assert.deepEqual(pick(req?.body, ['model', 'prompt', 'n', 'size']), { model: IMAGE_MODEL, prompt: 'A red fox in the snow', n: 2, size: '1024x1024' });
    for (const uri of uris) {
      assert.ok(uri.toString().startsWith(mediaFolder().toString() + '/'), uri.toString());
      assert.match(uri.path, /\d{8}-\d{6}-a-red-fox-in-the-snow(-\d+)?\.png$/);
      const bytes = await vscode.workspace.fs.readFile(uri);
      assert.equal(sniffImage(bytes)?.ext, 'png');
    }
    assert.notEqual(uris[0].toString(), uris[1].toString());
    const after = await listMedia();
    assert.equal(after.length, before.length + 2);
    assert.ok(!after.some((n) => n.endsWith('.part')), `no temporary files left: ${after.join(', ')}`);
    await waitFor(() => uris.every((u) => openTabUris().includes(u.toString())), 10_000, 'both images to be open in editors');
    const rec = media.generations.find((r) => r.kind === 'image' && r.files.includes(uris[0].toString()));
    assert.equal(rec?.status, 'done');
    assert.equal(rec?.cost, 0.07, 'the cost the gateway reported');
    assert.equal(contextValueOf(rec!), 'generation-done');
  });

  it('handles b64_json answers and never overwrites an existing file', async () => {
    const first = await media.generateImage({ prompt: 'Same name', model: IMAGE_MODEL, responseFormat: 'b64_json', open: false });
    const firstBytes = await vscode.workspace.fs.readFile(first[0]);
    const second = await media.generateImage({ prompt: 'Same name', model: IMAGE_MODEL, responseFormat: 'b64_json', open: false });
    assert.equal(first.length, 1);
    assert.equal(second.length, 1);
    assert.notEqual(first[0].toString(), second[0].toString());
    assert.deepEqual(await vscode.workspace.fs.readFile(first[0]), firstBytes);
    assert.equal(sniffImage(await vscode.workspace.fs.readFile(second[0]))?.ext, 'png');
    assert.equal(session.sim.requests.filter((r) => (r.body as { response_format?: string } | undefined)?.response_format === 'b64_json').length, 2);
  });

  it('a model the gateway refuses leaves no file and a failed entry with the reason', async () => {
    const before = await listMedia();
    assert.deepEqual(await media.generateImage({ prompt: 'Refused model', model: 'nobody/no-such-model', open: false }), []);
    assert.deepEqual(await listMedia(), before);
    const rec = media.generations.find((r) => r.prompt === 'Refused model');
    assert.equal(rec?.status, 'failed');
    assert.ok((rec?.error ?? '').length > 10, rec?.error);
  });

  it('/image answers with markdown that shows the saved file', async () => {
    const progress: string[] = [];
    const token = new vscode.CancellationTokenSource();
    const { markdown: md } = await media.imageSlashCommand.run('a lighthouse [at] dawn', (m) => progress.push(m), token.token);
    const match = /^!\[a lighthouse \\\[at\\\] dawn\]\((file:[^)]+\.png)\)$/.exec(md);
    assert.ok(match, md);
    const uri = vscode.Uri.parse(match[1]);
    assert.equal(sniffImage(await vscode.workspace.fs.readFile(uri))?.ext, 'png');
    assert.ok(progress.length > 0);
  });

  it('a video task goes through its states, is downloaded, parses as MP4 and is opened', async () => {
    session.sim.enqueue({ match: { method: 'POST', path: '/videos/generations' }, videoStatuses: ['queued', 'running', 'running', 'succeeded'] });
    const seen: VideoStatus[] = [];
    const sub = media.onDidUpdateTask((t) => seen.push(t.status));
    const before = await listMedia();
    let uris: vscode.Uri[];
    try {
      uris = await vscode.commands.executeCommand<vscode.Uri[]>(Commands.generateVideo, { prompt: 'A golden retriever on a beach', model: VIDEO_MODEL, duration: 5, resolution: '720p', aspectRatio: '16:9' });
    } finally {
      sub.dispose();
    }
    assert.deepEqual(seen, ['queued', 'running', 'running', 'succeeded']);
    assert.equal(uris.length, 1);
    const create = session.sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/videos/generations')).pop();
    assert.deepEqual(pick(create?.body, ['model', 'prompt', 'duration', 'resolution', 'aspect_ratio', 'content']), {
      model: VIDEO_MODEL,
      prompt: 'A golden retriever on a beach',
      duration: 5,
      resolution: '720p',
      aspect_ratio: '16:9',
    });
    const info = parseMp4(await vscode.workspace.fs.readFile(uris[0]));
    assert.deepEqual(info.boxes.slice(0, 1).map((b) => b.type), ['ftyp']);
    assert.ok(info.boxes.some((b) => b.type === 'moov'));
    const after = await listMedia();
    assert.deepEqual(after.filter((n) => !before.includes(n)), [uris[0].path.split('/').pop()]);
    const rec = media.generations.find((r) => r.files.includes(uris[0].toString()));
    assert.equal(rec?.status, 'done');
    assert.equal(rec?.cost, 1, 'the cost the gateway reported (0.2 $/s × 5 s)');
    // The Generations view lists it with its cost, and Open/Remove apply (contextValue).
    const listed = media.generationsProvider.getChildren().find((r) => r.id === rec!.id);
    assert.ok(listed, 'listed in the Generations view');
    const item = media.generationsProvider.getTreeItem(listed);
    assert.equal(item.contextValue, 'generation-done');
    assert.match(String(item.description), /\$1\.00/);
    assert.equal(item.command?.command, Commands.openGeneration);
    assert.equal(storedPending(session.api.services.context.globalState).length, 0);
    await waitFor(() => openTabUris().includes(uris[0].toString()), 10_000, 'the video to be open');
  });

  it('sends first and last frames from the workspace as data URIs', async () => {
    const [frame] = await media.generateImage({ prompt: 'frame', model: IMAGE_MODEL, open: false });
    const frameBytes = await vscode.workspace.fs.readFile(frame);
    session.sim.enqueue({ match: { method: 'POST', path: '/videos/generations' }, videoStatuses: ['queued', 'succeeded'] });
    const uris = await media.generateVideo({ prompt: 'From frame to frame', model: VIDEO_MODEL, duration: 5, firstFrame: frame, lastFrame: vscode.workspace.asRelativePath(frame), open: false });
    assert.equal(uris.length, 1);
    const create = session.sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/videos/generations')).pop();
    const dataUri = `data:image/png;base64,${Buffer.from(frameBytes).toString('base64')}`;
    assert.deepEqual((create?.body as { content?: unknown }).content, [
      { type: 'image_url', image_url: { url: dataUri }, role: 'first_frame' },
      { type: 'image_url', image_url: { url: dataUri }, role: 'last_frame' },
    ]);
  });

  it('a failed task leaves no file, a clear message and no pending state', async () => {
    session.sim.enqueue({ match: { method: 'POST', path: '/videos/generations' }, videoStatuses: ['queued', 'running', 'failed'], videoError: 'The prompt was rejected by the content policy.' });
    const before = await listMedia();
    const uris = await media.generateVideo({ prompt: 'Something refused', model: VIDEO_MODEL, open: false });
    assert.deepEqual(uris, []);
    assert.deepEqual(await listMedia(), before);
    const rec = media.generations.find((r) => r.prompt === 'Something refused');
    assert.equal(rec?.status, 'failed');
    assert.match(rec?.error ?? '', /content policy/);
    assert.equal(contextValueOf(rec!), 'generation-failed');
    assert.equal(storedPending(session.api.services.context.globalState).length, 0);
  });

  it('a cancelled task leaves no file and is no longer polled or stored as pending', async () => {
    session.sim.enqueue({ match: { method: 'POST', path: '/videos/generations' }, videoStatuses: ['queued', ...Array<VideoStatus>(200).fill('running'), 'succeeded'] });
    const before = await listMedia();
    const running = media.generateVideo({ prompt: 'To be cancelled', model: VIDEO_MODEL, open: false });
    const rec = await waitFor(() => media.generations.find((r) => r.prompt === 'To be cancelled' && r.taskState === 'running'), 10_000, 'the task to run');
    assert.equal(contextValueOf(rec), 'generation-pending');
    assert.equal(storedPending(session.api.services.context.globalState).length, 1);
    await vscode.commands.executeCommand(Commands.cancelGeneration, rec);
    assert.deepEqual(await running, []);
    const gets = videoGets(session.sim, rec.id);
    assert.equal(media.generations.find((r) => r.id === rec.id)?.status, 'cancelled');
    assert.equal(storedPending(session.api.services.context.globalState).length, 0);
    assert.deepEqual(await listMedia(), before);
    // Still no more polls once another (short) task has gone all the way through.
    session.sim.enqueue({ match: { method: 'POST', path: '/videos/generations' }, videoStatuses: ['queued', 'running', 'failed'] });
    await media.generateVideo({ prompt: 'After the cancel', model: VIDEO_MODEL, open: false });
    assert.equal(videoGets(session.sim, rec.id), gets);
    await vscode.commands.executeCommand(Commands.removeGeneration, rec);
    assert.equal(media.generations.find((r) => r.id === rec.id), undefined);
  });

  it('a task cancelled in another window stops here too, without a file', async () => {
    session.sim.enqueue({ match: { method: 'POST', path: '/videos/generations' }, videoStatuses: ['queued', ...Array<VideoStatus>(200).fill('running'), 'succeeded'] });
    const before = await listMedia();
    const running = media.generateVideo({ prompt: 'Cancelled elsewhere', model: VIDEO_MODEL, open: false });
    const rec = await waitFor(() => media.generations.find((r) => r.prompt === 'Cancelled elsewhere' && r.taskState === 'running'), 10_000, 'the task to run');
    // The other window shares global state but does not poll this task itself.
    const otherWindow = new MediaFeature(session.api.services, { resumeOnStart: false, registerContributions: false });
    try {
      await otherWindow.cancel(rec.id);
    } finally {
      otherWindow.dispose();
    }
    assert.deepEqual(await running, []);
    assert.equal(media.generations.find((r) => r.id === rec.id)?.status, 'cancelled');
    assert.deepEqual(await listMedia(), before);
  });

  it('a download that breaks off leaves no file', async () => {
    const real = session.api.services.client;
    const broken: TokenHubApi = withDownload(real, async (url, o) => {
      const res = await real.download(url, o);
      async function* half(): AsyncIterable<Uint8Array> {
        for await (const chunk of res.body) {
          yield chunk.subarray(0, Math.floor(chunk.length / 2));
          return;
        }
      }
      return { contentLength: res.contentLength, body: half() };
    });
    const other = new MediaFeature(session.api.services, { client: broken, schedule: FAST, resumeOnStart: false, registerContributions: false });
    try {
      session.sim.enqueue({ match: { method: 'POST', path: '/videos/generations' }, videoStatuses: ['queued', 'succeeded'] });
      const before = await listMedia();
      const uris = await other.generateVideo({ prompt: 'Broken download', model: VIDEO_MODEL, open: false });
      assert.deepEqual(uris, []);
      assert.deepEqual(await listMedia(), before);
      const rec = other.generations.find((r) => r.prompt === 'Broken download');
      assert.equal(rec?.status, 'failed');
      assert.match(rec?.error ?? '', /broke off|not a playable/);
    } finally {
      other.dispose();
    }
  });

  it('a task that does not finish within the time limit is given up, with no file', async () => {
    // A clock that jumps two hours after the task is created: the default limit is 30 minutes.
    let calls = 0;
    const clock = { now: () => Date.now() + (calls++ > 0 ? 2 * 3600_000 : 0), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 10))) };
    const other = new MediaFeature(session.api.services, { schedule: FAST, clock, resumeOnStart: false, registerContributions: false });
    try {
      session.sim.enqueue({ match: { method: 'POST', path: '/videos/generations' }, videoStatuses: ['queued', 'running'] });
      const before = await listMedia();
      assert.deepEqual(await other.generateVideo({ prompt: 'Never ends', model: VIDEO_MODEL, open: false }), []);
      const rec = other.generations.find((r) => r.prompt === 'Never ends');
      assert.equal(rec?.status, 'failed');
      assert.match(rec?.error ?? '', /30/);
      assert.deepEqual(await listMedia(), before);
      assert.equal(storedPending(session.api.services.context.globalState).length, 0);
    } finally {
      other.dispose();
    }
  });

  it('a reload in the middle resumes the task from stored state', async () => {
    session.sim.enqueue({ match: { method: 'POST', path: '/videos/generations' }, videoStatuses: ['queued', 'running', 'running', 'running', 'running', 'running', 'running', 'succeeded'] });
    // The window before the reload: slow polls, so it is still waiting when it goes away.
    const first = new MediaFeature(session.api.services, { schedule: { initialMs: 200, factor: 1, maxMs: 200 }, resumeOnStart: false, registerContributions: false });
    const pending = first.generateVideo({ prompt: 'Survives a reload', model: VIDEO_MODEL, open: false });
    const rec = await waitFor(() => first.generations.find((r) => r.prompt === 'Survives a reload' && r.taskState === 'running'), 10_000, 'the task to run');
    first.dispose();
    assert.deepEqual(await pending, [], 'the old window stops without a result');
    assert.deepEqual(storedPending(session.api.services.context.globalState).map((r) => r.id), [rec.id], 'the task stays stored as pending');
    const getsBefore = videoGets(session.sim, rec.id);
    assert.ok(getsBefore < 7, 'the task had not finished');

    // The new window: constructed from the same state, it polls the stored task to the end.
    const seen: VideoTask[] = [];
    const second = new MediaFeature(session.api.services, { schedule: FAST, resumeOnStart: false, registerContributions: false });
    try {
      const sub = second.onDidUpdateTask((t) => seen.push(t));
      await second.resume();
      sub.dispose();
      assert.ok(seen.length > 0 && seen.every((t) => t.id === rec.id));
      assert.equal(seen[seen.length - 1].status, 'succeeded');
      assert.ok(videoGets(session.sim, rec.id) > getsBefore);
      const done = second.generations.find((r) => r.id === rec.id);
      assert.equal(done?.status, 'done');
      assert.equal(done?.createdAt, rec.createdAt, 'the original creation time (and so deadline) is kept');
      const info = parseMp4(await vscode.workspace.fs.readFile(vscode.Uri.parse(done!.files[0])));
      assert.ok(info.boxes.some((b) => b.type === 'moov'));
      assert.equal(storedPending(session.api.services.context.globalState).length, 0);
    } finally {
      second.dispose();
    }
  });
  describe('streamed video downloads', () => {
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
});
