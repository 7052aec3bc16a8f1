// Video tasks in the real extension host, against the simulator: states, cancel, limits, resume.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../../src/platform/ids';
import type { VideoStatus, VideoTask } from '../../../src/core/api/types';
import type { TokenHubApi } from '../../../src/core/client/api';
import { parseMp4 } from '../../../src/core/media/mp4';
import { MediaFeature } from '../../../src/media/mediaFeature';
import { withDownload } from '../../fakes/tokenHubApi';
import { contextValueOf } from '../../../src/media/generationsView';
import { waitFor } from '../helpers';
import { useMediaSuite, FAST, IMAGE_MODEL, listMedia, openTabUris, pick, storedPending, VIDEO_MODEL, videoGets } from './mediaHelpers';

describe('media: video tasks', function () {
  this.timeout(60_000);
  const suite = useMediaSuite();
  const session = suite.session;


  it('a video task goes through its states, is downloaded, parses as MP4 and is opened', async () => {
    session.sim.enqueue({ match: { method: 'POST', path: '/videos/generations' }, videoStatuses: ['queued', 'running', 'running', 'succeeded'] });
    const seen: VideoStatus[] = [];
    const sub = suite.media().onDidUpdateTask((t) => seen.push(t.status));
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
    const rec = suite.media().generations.find((r) => r.files.includes(uris[0].toString()));
    assert.equal(rec?.status, 'done');
    assert.equal(rec?.cost, 1, 'the cost the gateway reported (0.2 $/s × 5 s)');
    // The Generations view lists it with its cost, and Open/Remove apply (contextValue).
    const listed = suite.media().generationsProvider.getChildren().find((r) => r.id === rec!.id);
    assert.ok(listed, 'listed in the Generations view');
    const item = suite.media().generationsProvider.getTreeItem(listed);
    assert.equal(item.contextValue, 'generation-done');
    assert.match(String(item.description), /\$1\.00/);
    assert.equal(item.command?.command, Commands.openGeneration);
    assert.equal(storedPending(session.api.services.context.globalState).length, 0);
    await waitFor(() => openTabUris().includes(uris[0].toString()), 10_000, 'the video to be open');
  });

  it('sends first and last frames from the workspace as data URIs', async () => {
    const [frame] = await suite.media().generateImage({ prompt: 'frame', model: IMAGE_MODEL, open: false });
    const frameBytes = await vscode.workspace.fs.readFile(frame);
    session.sim.enqueue({ match: { method: 'POST', path: '/videos/generations' }, videoStatuses: ['queued', 'succeeded'] });
    const uris = await suite.media().generateVideo({ prompt: 'From frame to frame', model: VIDEO_MODEL, duration: 5, firstFrame: frame, lastFrame: vscode.workspace.asRelativePath(frame), open: false });
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
    const uris = await suite.media().generateVideo({ prompt: 'Something refused', model: VIDEO_MODEL, open: false });
    assert.deepEqual(uris, []);
    assert.deepEqual(await listMedia(), before);
    const rec = suite.media().generations.find((r) => r.prompt === 'Something refused');
    assert.equal(rec?.status, 'failed');
    assert.match(rec?.error ?? '', /content policy/);
    assert.equal(contextValueOf(rec!), 'generation-failed');
    assert.equal(storedPending(session.api.services.context.globalState).length, 0);
  });

  it('a cancelled task leaves no file and is no longer polled or stored as pending', async () => {
    session.sim.enqueue({ match: { method: 'POST', path: '/videos/generations' }, videoStatuses: ['queued', ...Array<VideoStatus>(200).fill('running'), 'succeeded'] });
    const before = await listMedia();
    const running = suite.media().generateVideo({ prompt: 'To be cancelled', model: VIDEO_MODEL, open: false });
    const rec = await waitFor(() => suite.media().generations.find((r) => r.prompt === 'To be cancelled' && r.taskState === 'running'), 10_000, 'the task to run');
    assert.equal(contextValueOf(rec), 'generation-pending');
    assert.equal(storedPending(session.api.services.context.globalState).length, 1);
    await vscode.commands.executeCommand(Commands.cancelGeneration, rec);
    assert.deepEqual(await running, []);
    const gets = videoGets(session.sim, rec.id);
    assert.equal(suite.media().generations.find((r) => r.id === rec.id)?.status, 'cancelled');
    assert.equal(storedPending(session.api.services.context.globalState).length, 0);
    assert.deepEqual(await listMedia(), before);
    // Still no more polls once another (short) task has gone all the way through.
    session.sim.enqueue({ match: { method: 'POST', path: '/videos/generations' }, videoStatuses: ['queued', 'running', 'failed'] });
    await suite.media().generateVideo({ prompt: 'After the cancel', model: VIDEO_MODEL, open: false });
    assert.equal(videoGets(session.sim, rec.id), gets);
    await vscode.commands.executeCommand(Commands.removeGeneration, rec);
    assert.equal(suite.media().generations.find((r) => r.id === rec.id), undefined);
  });

  it('a task cancelled in another window stops here too, without a file', async () => {
    session.sim.enqueue({ match: { method: 'POST', path: '/videos/generations' }, videoStatuses: ['queued', ...Array<VideoStatus>(200).fill('running'), 'succeeded'] });
    const before = await listMedia();
    const running = suite.media().generateVideo({ prompt: 'Cancelled elsewhere', model: VIDEO_MODEL, open: false });
    const rec = await waitFor(() => suite.media().generations.find((r) => r.prompt === 'Cancelled elsewhere' && r.taskState === 'running'), 10_000, 'the task to run');
    // The other window shares global state but does not poll this task itself.
    const otherWindow = new MediaFeature(session.api.services, { resumeOnStart: false, registerContributions: false });
    try {
      await otherWindow.cancel(rec.id);
    } finally {
      otherWindow.dispose();
    }
    assert.deepEqual(await running, []);
    assert.equal(suite.media().generations.find((r) => r.id === rec.id)?.status, 'cancelled');
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
});
