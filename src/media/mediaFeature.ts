import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { Disposable, toDisposable } from '../platform/lifecycle';
import { Commands, Settings, Views } from '../platform/ids';
import type { Services } from '../platform/services';
import type { SlashCommandHandler, SlashCommandResult } from '../platform/chatService';
import type { Usage, VideoTask } from '../core/api/types';
import type { TokenHubApi } from '../core/client/api';
import { isTokenHubError } from '../core/client/errors';
import type { ErrorKind } from '../core/client/errors';
import type { ModelInfo } from '../core/catalogue/types';
import { MAX_DOWNLOAD_BYTES, decodeBase64Image, downloadToFile, imageCheck, videoCheck } from '../core/media/download';
import { MediaError, isMediaError } from '../core/media/errors';
import { baseName } from '../core/media/fileNames';
import type { BackoffSchedule, Clock } from '../core/media/polling';
import { DEFAULT_BACKOFF, pollVideoTask, realClock } from '../core/media/polling';
import type { GenerationRecord } from '../core/media/records';
import { formatCost, tasksToResume } from '../core/media/records';
import type { FrameImage } from '../core/media/requests';
import {
  IMAGE_COUNTS,
  IMAGE_SIZES,
  VIDEO_ASPECT_RATIOS,
  VIDEO_DURATIONS,
  VIDEO_RESOLUTIONS,
  buildImageRequest,
  buildVideoRequest,
  estimateImageCost,
  estimateVideoCost,
  isValidImageSize,
} from '../core/media/requests';
import { imageMimeFromName, sniffImage } from '../core/media/sniff';
import { usageEntry } from '../core/usage/usageEntry';
import { GenerationStore } from './generationStore';
import { GenerationsTreeProvider } from './generationsView';
import { MediaFiles } from './mediaFiles';
import { describeMediaFailure, showMediaFailure } from './mediaMessages';

/** Arguments of `tokenhub.generateImage`; with a `prompt` the command asks nothing. */
export interface GenerateImageArgs {
  prompt?: string;
  model?: string;
  size?: string;
  n?: number;
  responseFormat?: 'b64_json' | 'url';
  /** Open the saved images (default true). */
  open?: boolean;
}

/** Arguments of `tokenhub.generateVideo`; with a `prompt` the command asks nothing. */
export interface GenerateVideoArgs {
  prompt?: string;
  model?: string;
  duration?: number;
  resolution?: string;
  aspectRatio?: string;
  /** An image in the workspace: a Uri, a URI string, an absolute path or a workspace-relative path. */
  firstFrame?: vscode.Uri | string;
  lastFrame?: vscode.Uri | string;
  /** Open and reveal the saved video (default true). */
  open?: boolean;
}

export interface MediaFeatureOptions {
  /** Poll delays (tests use milliseconds instead of seconds). */
  schedule?: BackoffSchedule;
  clock?: Clock;
  /** The client to use instead of `services.client` (tests wrap it to break downloads). */
  client?: TokenHubApi;
  /** The largest video accepted (default MAX_DOWNLOAD_BYTES; tests use a small one). */
  maxVideoBytes?: number;
  /** Resume stored pending tasks on construction, as after a reload (default true). */
  resumeOnStart?: boolean;
  /**
   * Register commands, the Generations view and `/image` (default true). A second instance in a
   * test (a simulated reload) runs without them, since ids can be registered only once.
   */
  registerContributions?: boolean;
}

const DISPOSED = 'disposed';
const USER_CANCELLED = 'user';
// Another window finished, cancelled or removed the task (global state is shared by windows).
const ENDED_ELSEWHERE = 'elsewhere';
const DEFAULT_IMAGE_MODEL = 'bytedance/doubao-seedream-5.0';
const DEFAULT_VIDEO_MODEL = 'bytedance/doubao-seedance-2.0';
const MAX_IMAGE_DOWNLOAD = 100 * 1024 * 1024;
// Failures of one poll that say nothing about the task: the next poll may well succeed.
const TRANSIENT: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['connection', 'connectTimeout', 'headersTimeout', 'idleTimeout', 'rateLimit', 'server', 'streamCut']);

interface RunningTask {
  controller: AbortController;
  done: Promise<vscode.Uri | undefined>;
}

function shortPrompt(prompt: string, max = 40): string {
  const p = prompt.replace(/\s+/g, ' ').trim();
  return p.length > max ? `${p.slice(0, max - 1)}…` : p;
}

/** Alt text for markdown: no brackets or line breaks that would end it early. */
function markdownAlt(text: string): string {
  return shortPrompt(text, 100).replace(/[[\]\\]/g, (c) => `\\${c}`);
}

function idArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && typeof (arg as { id?: unknown }).id === 'string') return (arg as { id: string }).id;
  return undefined;
}

/**
 * Image and video generation (issue 7): the two commands, `/image` in the chat, the Generations
 * view, and video tasks that are polled with back-off and resumed after a reload.
 */
export class MediaFeature extends Disposable {
  private readonly store: GenerationStore;
  private readonly files: MediaFiles;
  private readonly running = new Map<string, RunningTask>();
  private readonly client: TokenHubApi;
  private readonly maxVideoBytes: number;
  private schedule: BackoffSchedule;
  private clock: Clock;
  private readonly _onDidUpdateTask = this._register(new vscode.EventEmitter<VideoTask>());
  /** Every state of every video task as the gateway reports it (creation, then each poll). */
  readonly onDidUpdateTask = this._onDidUpdateTask.event;
  readonly generationsProvider: GenerationsTreeProvider;
  /** The `/image <prompt>` chat command (registered with the chat; exposed for tests). */
  readonly imageSlashCommand: SlashCommandHandler;
  /** The `/video <prompt>` chat command. */
  readonly videoSlashCommand: SlashCommandHandler;

  constructor(
    protected readonly services: Services,
    options: MediaFeatureOptions = {},
  ) {
    super();
    this.schedule = options.schedule ?? DEFAULT_BACKOFF;
    this.clock = options.clock ?? realClock;
    this.client = options.client ?? services.client;
    this.maxVideoBytes = options.maxVideoBytes ?? MAX_DOWNLOAD_BYTES;
    this.store = this._register(new GenerationStore(services.context.globalState));
    this.files = new MediaFiles(services.settings, vscode.Uri.joinPath(services.context.globalStorageUri, 'media'));
    this.generationsProvider = this._register(new GenerationsTreeProvider(this.store));
    this.imageSlashCommand = {
      description: vscode.l10n.t('Generate an image from a prompt'),
      run: (args, progress, token) => this.runImageSlashCommand(args, progress, token),
    };
    this.videoSlashCommand = {
      description: vscode.l10n.t('Generate a video from a prompt'),
      run: (args, progress, token) => this.runVideoSlashCommand(args, progress, token),
    };
    // Stop polling (but keep the tasks stored) when the window goes: the next one resumes them.
    this._register(toDisposable(() => this.running.forEach((t) => t.controller.abort(DISPOSED))));

    if (options.registerContributions !== false) {
      this._register(vscode.window.createTreeView(Views.generations, { treeDataProvider: this.generationsProvider }));
      this._register(vscode.commands.registerCommand(Commands.generateImage, (args?: GenerateImageArgs) => this.generateImage(args)));
      this._register(vscode.commands.registerCommand(Commands.generateVideo, (args?: GenerateVideoArgs) => this.generateVideo(args)));
      this._register(
        vscode.commands.registerCommand(Commands.refreshGenerations, () => {
          this.generationsProvider.refresh();
          void this.resume();
        }),
      );
      this._register(vscode.commands.registerCommand(Commands.openGeneration, (arg?: unknown) => this.open(idArg(arg))));
      this._register(vscode.commands.registerCommand(Commands.cancelGeneration, (arg?: unknown) => this.cancel(idArg(arg))));
      this._register(vscode.commands.registerCommand(Commands.removeGeneration, (arg?: unknown) => this.remove(idArg(arg))));
      this._register(services.chat.registerSlashCommand('image', this.imageSlashCommand));
      this._register(services.chat.registerSlashCommand('video', this.videoSlashCommand));
    }
    if (options.resumeOnStart !== false) void this.resume();
  }

  /** Every generation in the list, newest first. */
  get generations(): GenerationRecord[] {
    return this.store.all;
  }

  /** Changes how fast tasks are polled (tests: milliseconds). Applies to polls started later. */
  setPolling(schedule: BackoffSchedule, clock?: Clock): void {
    this.schedule = schedule;
    if (clock) this.clock = clock;
  }

  /** Resolves when every task this instance is polling has ended. */
  async whenIdle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()].map((t) => t.done));
  }

  private get timeoutMinutes(): number {
    const m = this.services.settings.get<number>(Settings.videoTimeoutMinutes, 30);
    return Number.isFinite(m) && m > 0 ? m : 30;
  }

  // --- images -------------------------------------------------------------------------------

  async generateImage(args: GenerateImageArgs = {}): Promise<vscode.Uri[]> {
    const params = args.prompt !== undefined ? this.imageDefaults(args) : await this.askImageParams();
    if (!params) return [];
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Generating image: {0}', shortPrompt(params.prompt)), cancellable: true },
      async (_progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort(USER_CANCELLED));
        try {
          const uris = await this.createImages(params, controller.signal);
          if (args.open !== false) for (const uri of uris) await this.openFile(uri);
          return uris;
        } catch (e) {
          if (!controller.signal.aborted) showMediaFailure(e, this.timeoutMinutes);
          return [];
        } finally {
          sub.dispose();
        }
      },
    );
  }

  private imageDefaults(args: GenerateImageArgs): Required<Pick<GenerateImageArgs, 'prompt' | 'model'>> & GenerateImageArgs {
    return {
      ...args,
      prompt: args.prompt ?? '',
      model: args.model || this.services.models.currentId('image') || DEFAULT_IMAGE_MODEL,
    };
  }

  private async runImageSlashCommand(args: string, progress: (markdown: string) => void, token: vscode.CancellationToken): Promise<SlashCommandResult> {
    const prompt = args.trim();
    if (!prompt) return { markdown: vscode.l10n.t('Write what to draw after /image, for example: /image a lighthouse at dawn, watercolour') };
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort(USER_CANCELLED));
    try {
      const params = this.imageDefaults({ prompt, n: 1 });
      progress(vscode.l10n.t('Generating an image with {0}…', params.model));
      const uris = await this.createImages(params, controller.signal);
      // Local file URIs: the chat view serves them to the webview with asWebviewUri, so the
      // picture shown is the saved file, never the gateway's remote URL.
      return { markdown: uris.map((u) => `![${markdownAlt(prompt)}](${u.toString()})`).join('\n\n'), files: uris };
    } catch (e) {
      if (controller.signal.aborted) return { markdown: vscode.l10n.t('Cancelled.') };
      return { markdown: describeMediaFailure(e, this.timeoutMinutes) };
    } finally {
      sub.dispose();
    }
  }

  /** A video from the chat: cancelling the chat request leaves the task running (the Generations view shows it). */
  private async runVideoSlashCommand(args: string, progress: (markdown: string) => void, token: vscode.CancellationToken): Promise<SlashCommandResult> {
    const prompt = args.trim();
    if (!prompt) return { markdown: vscode.l10n.t('Describe the video after /video.') };
    progress(vscode.l10n.t('Generating a video. It also shows in the Generations view.'));
    let sub: vscode.Disposable | undefined;
    const cancelled = new Promise<'cancelled'>((resolve) => (sub = token.onCancellationRequested(() => resolve('cancelled'))));
    try {
      const result = await Promise.race([this.generateVideo({ prompt }), cancelled]);
      if (result === 'cancelled') return { markdown: vscode.l10n.t('The video goes on generating; the Generations view shows it when it is done.') };
      if (result.length === 0) return { markdown: vscode.l10n.t('No video was made; the notification says why.') };
      return { markdown: vscode.l10n.t('The video is saved in the workspace.'), files: result };
    } finally {
      sub?.dispose();
    }
  }

  /** Requests the images, saves each one (never over an existing file) and lists them. */
  private async createImages(params: GenerateImageArgs & { prompt: string; model: string }, signal: AbortSignal): Promise<vscode.Uri[]> {
    const request = buildImageRequest({ prompt: params.prompt, model: params.model, size: params.size, n: params.n, responseFormat: params.responseFormat });
    const createdAt = this.clock.now();
    const folder = this.files.folder();
    const record: GenerationRecord = {
      id: `img-${createdAt.toString(36)}-${randomBytes(3).toString('hex')}`,
      kind: 'image',
      status: 'done',
      model: request.model,
      prompt: request.prompt,
      createdAt,
      files: [],
    };
    let result;
    try {
      result = await this.client.generateImages(request, { signal });
    } catch (e) {
      if (!signal.aborted) await this.store.put({ ...record, status: 'failed', error: describeMediaFailure(e, this.timeoutMinutes), finishedAt: this.clock.now() });
      throw e;
    }
    const base = baseName(request.prompt, new Date(createdAt));
    const uris: vscode.Uri[] = [];
    let failure: unknown;
    for (const image of result.images) {
      try {
        if (image.b64_json) {
          const bytes = decodeBase64Image(image.b64_json);
          const kind = sniffImage(bytes);
          if (!kind) throw new MediaError('notImage', 'not an image');
          uris.push(await this.files.save(folder, base, kind.ext, bytes, signal));
        } else if (image.url) {
          // The same streamed path as videos: checked as it arrives, written as it arrives.
          const url = image.url;
          const uri = await this.files.saveStream(
            folder,
            base,
            async (path) => {
              const dl = await this.client.download(url, { signal });
              const { result } = await downloadToFile(dl.body, path, { check: imageCheck(), contentLength: dl.contentLength, signal, maxBytes: MAX_IMAGE_DOWNLOAD });
              return result.ext;
            },
            signal,
          );
          uris.push(uri);
        }
      } catch (e) {
        if (signal.aborted) throw e;
        failure ??= e;
      }
    }
    const cost = result.cost ?? result.usage?.cost ?? estimateImageCost(this.services.models.find(request.model)?.unitPrice, uris.length);
    if (!uris.length) {
      const e = failure ?? new MediaError('noResult', 'no images in the answer');
      await this.store.put({ ...record, status: 'failed', error: describeMediaFailure(e, this.timeoutMinutes), finishedAt: this.clock.now(), cost });
      throw e;
    }
    // Some images saved, one broken: keep the good ones and say what happened to the other.
    if (failure) void vscode.window.showWarningMessage(describeMediaFailure(failure, this.timeoutMinutes));
    await this.store.put({ ...record, files: uris.map((u) => u.toString()), cost, finishedAt: this.clock.now() });
    await this.recordUsage(request.model, result.usage, cost);
    return uris;
  }

  private async askImageParams(): Promise<(GenerateImageArgs & { prompt: string; model: string }) | undefined> {
    const prompt = await vscode.window.showInputBox({
      title: vscode.l10n.t('Generate Image'),
      prompt: vscode.l10n.t('Describe the image'),
      placeHolder: vscode.l10n.t('A serene mountain landscape at sunset'),
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Write a prompt.')),
    });
    if (!prompt?.trim()) return undefined;
    const model = await this.pickModel('image');
    if (!model) return undefined;
    const size = await this.pickValue(vscode.l10n.t('Image size'), [...IMAGE_SIZES], true);
    if (!size) return undefined;
    const n = await this.pickValue(vscode.l10n.t('How many images'), IMAGE_COUNTS.map(String), false);
    if (!n) return undefined;
    return { prompt, model, size, n: Number(n) };
  }

  // --- videos -------------------------------------------------------------------------------

  async generateVideo(args: GenerateVideoArgs = {}): Promise<vscode.Uri[]> {
    let params: (GenerateVideoArgs & { prompt: string; model: string }) | undefined;
    try {
      params = args.prompt !== undefined ? { ...args, prompt: args.prompt, model: args.model || this.services.models.currentId('video') || DEFAULT_VIDEO_MODEL } : await this.askVideoParams();
    } catch (e) {
      showMediaFailure(e, this.timeoutMinutes);
      return [];
    }
    if (!params) return [];
    const p = params;
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Generating video: {0}', shortPrompt(p.prompt)), cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort(USER_CANCELLED));
        let task: VideoTask;
        let record: GenerationRecord;
        try {
          const firstFrame = p.firstFrame ? await this.readFrame(p.firstFrame) : undefined;
          const lastFrame = p.lastFrame ? await this.readFrame(p.lastFrame) : undefined;
          const request = buildVideoRequest({ prompt: p.prompt, model: p.model, duration: p.duration, resolution: p.resolution, aspectRatio: p.aspectRatio, firstFrame, lastFrame });
          progress.report({ message: vscode.l10n.t('Sending the request…') });
          const createdAt = this.clock.now();
          task = await this.client.createVideo(request, { signal: controller.signal });
          record = {
            id: task.id,
            kind: 'video',
            status: 'pending',
            taskState: task.status,
            model: request.model,
            prompt: request.prompt,
            createdAt,
            folder: this.files.folder().toString(),
            files: [],
            duration: request.duration,
            resolution: request.resolution,
            aspectRatio: request.aspect_ratio,
          };
          // Stored before the first poll: from here on a reload resumes the task.
          await this.store.put(record);
          this._onDidUpdateTask.fire(task);
        } catch (e) {
          sub.dispose();
          if (!controller.signal.aborted) showMediaFailure(e, this.timeoutMinutes);
          return [];
        }
        sub.dispose();
        const uri = await this.runTask(record, progress, token);
        if (uri && args.open !== false) await this.openFile(uri, true);
        return uri ? [uri] : [];
      },
    );
  }

  private async askVideoParams(): Promise<(GenerateVideoArgs & { prompt: string; model: string }) | undefined> {
    const prompt = await vscode.window.showInputBox({
      title: vscode.l10n.t('Generate Video'),
      prompt: vscode.l10n.t('Describe the video'),
      placeHolder: vscode.l10n.t('A golden retriever running on a sunny beach'),
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Write a prompt.')),
    });
    if (!prompt?.trim()) return undefined;
    const model = await this.pickModel('video');
    if (!model) return undefined;
    const duration = await this.pickValue(vscode.l10n.t('Duration (seconds)'), VIDEO_DURATIONS.map(String), false);
    if (!duration) return undefined;
    const resolution = await this.pickValue(vscode.l10n.t('Resolution'), [...VIDEO_RESOLUTIONS], false);
    if (!resolution) return undefined;
    const aspectRatio = await this.pickValue(vscode.l10n.t('Aspect ratio'), [...VIDEO_ASPECT_RATIOS], false);
    if (!aspectRatio) return undefined;
    const firstFrame = await this.pickFrame(vscode.l10n.t('First frame (optional)'));
    if (firstFrame === undefined) return undefined;
    // Seedance takes a last frame only together with a first one.
    const lastFrame = firstFrame ? await this.pickFrame(vscode.l10n.t('Last frame (optional)')) : null;
    if (lastFrame === undefined) return undefined;
    return { prompt, model, duration: Number(duration), resolution, aspectRatio, firstFrame: firstFrame ?? undefined, lastFrame: lastFrame ?? undefined };
  }

  /** A workspace image, or null for "none"; undefined when the picker was dismissed. */
  private async pickFrame(title: string): Promise<vscode.Uri | null | undefined> {
    const found = await vscode.workspace.findFiles('**/*.{png,jpg,jpeg,webp}', '**/{node_modules,.git}/**', 500);
    type Item = vscode.QuickPickItem & { uri: vscode.Uri | null };
    const items: Item[] = [
      { label: vscode.l10n.t('$(circle-slash) None'), uri: null },
      ...found.map((uri) => ({ label: `$(file-media) ${uri.path.split('/').pop()}`, description: vscode.workspace.asRelativePath(uri), uri })),
    ];
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Pick an image from the workspace'), matchOnDescription: true, ignoreFocusOut: true });
    return picked ? picked.uri : undefined;
  }

  private frameUri(ref: vscode.Uri | string): vscode.Uri {
    if (typeof ref !== 'string') return ref;
    if (/^[a-z][a-z0-9+.-]+:\/\//i.test(ref)) return vscode.Uri.parse(ref);
    if (ref.startsWith('/') || /^[a-z]:[\\/]/i.test(ref)) return vscode.Uri.file(ref);
    const ws = vscode.workspace.workspaceFolders?.[0];
    if (!ws) throw new MediaError('badInput', `no workspace folder for ${ref}`);
    return vscode.Uri.joinPath(ws.uri, ref);
  }

  private async readFrame(ref: vscode.Uri | string): Promise<FrameImage> {
    const uri = this.frameUri(ref);
    const bytes = await vscode.workspace.fs.readFile(uri);
    const mime = sniffImage(bytes)?.mime ?? imageMimeFromName(uri.path);
    if (!mime) throw new MediaError('notImage', `${uri.path} is not an image`);
    return { bytes, mime };
  }

  /** Polls one task to its end under the given progress; one poller per task id. */
  private runTask(record: GenerationRecord, progress: vscode.Progress<{ message?: string }>, token?: vscode.CancellationToken): Promise<vscode.Uri | undefined> {
    const existing = this.running.get(record.id);
    if (existing) return existing.done;
    const controller = new AbortController();
    if (this.isDisposed) controller.abort(DISPOSED);
    const sub = token?.onCancellationRequested(() => controller.abort(USER_CANCELLED));
    const done = this.pollAndSave(record, controller, progress).finally(() => {
      sub?.dispose();
      this.running.delete(record.id);
    });
    this.running.set(record.id, { controller, done });
    return done;
  }

  private stateMessage(task: VideoTask): string {
    const pct = task.progress !== undefined && task.progress > 0 && task.progress < 100 ? ` (${Math.round(task.progress)}%)` : '';
    switch (task.status) {
      case 'queued':
        return vscode.l10n.t('Queued at the gateway…');
      case 'running':
        return vscode.l10n.t('Generating{0}…', pct);
      case 'succeeded':
        return vscode.l10n.t('Downloading the video…');
      case 'failed':
        return vscode.l10n.t('Failed.');
    }
  }

  /** Whether the stored record still waits for this poller (not ended by another window or removed). */
  private stillPending(id: string): boolean {
    return this.store.get(id)?.status === 'pending';
  }

  private async pollAndSave(record: GenerationRecord, controller: AbortController, progress: vscode.Progress<{ message?: string }>): Promise<vscode.Uri | undefined> {
    const signal = controller.signal;
    const timeoutMinutes = this.timeoutMinutes;
    let lastState = record.taskState;
    let lastProgress = record.progress;
    try {
      const task = await pollVideoTask({
        id: record.id,
        getVideo: (id, s) => this.client.getVideo(id, { signal: s }),
        startedAt: record.createdAt,
        timeoutMs: timeoutMinutes * 60_000,
        schedule: this.schedule,
        clock: this.clock,
        signal,
        isTransient: (e) => isTokenHubError(e) && TRANSIENT.has(e.kind),
        onUpdate: (t) => {
          if (!this.stillPending(record.id)) return controller.abort(ENDED_ELSEWHERE);
          progress.report({ message: this.stateMessage(t) });
          this._onDidUpdateTask.fire(t);
          if (t.status !== lastState || t.progress !== lastProgress) {
            lastState = t.status;
            lastProgress = t.progress;
            if (t.status === 'queued' || t.status === 'running') void this.store.update(record.id, { taskState: t.status, progress: t.progress });
          }
        },
      });
      if (signal.aborted) throw new MediaError('cancelled', 'cancelled');
      const videoUrl = task.videoUrl;
      if (!videoUrl) throw new MediaError('noResult', 'finished task without a video URL');
      const folder = record.folder ? vscode.Uri.parse(record.folder) : this.files.folder();
      // Streamed to a temporary file beside the final name, checked box by box as it arrives
      // (a foreign file is refused at its first bytes), so memory stays small whatever the size.
      const uri = await this.files.saveStream(
        folder,
        baseName(record.prompt, new Date(record.createdAt)),
        async (path) => {
          const dl = await this.client.download(videoUrl, { signal });
          let shown = -1;
          await downloadToFile(dl.body, path, {
            check: videoCheck(),
            contentLength: dl.contentLength,
            maxBytes: this.maxVideoBytes,
            signal,
            onProgress: (received, total) => {
              const pct = total ? Math.floor((received / total) * 100) : -1;
              if (pct < 0 || pct === shown) return;
              shown = pct;
              progress.report({ message: vscode.l10n.t('Downloading the video… {0}%', pct) });
            },
          });
          // Two windows may both have resumed the task: only one saves it.
          if (!this.stillPending(record.id)) {
            controller.abort(ENDED_ELSEWHERE);
            throw new MediaError('cancelled', 'ended elsewhere');
          }
          return 'mp4';
        },
        signal,
      );
      const cost = task.cost ?? estimateVideoCost(this.services.models.find(record.model)?.unitPrice, record.duration);
      await this.store.update(record.id, { status: 'done', taskState: 'succeeded', files: [uri.toString()], cost, finishedAt: this.clock.now(), progress: 100 });
      await this.recordUsage(record.model, undefined, cost);
      return uri;
    } catch (e) {
      const reason: unknown = signal.aborted ? signal.reason : undefined;
      // The window is going away: the task stays stored as pending and the next window resumes it.
      if (reason === DISPOSED || reason === ENDED_ELSEWHERE) return undefined;
      if (reason === USER_CANCELLED || (isMediaError(e) && e.kind === 'cancelled')) {
        await this.store.update(record.id, { status: 'cancelled', finishedAt: this.clock.now() });
        return undefined;
      }
      const message = describeMediaFailure(e, timeoutMinutes);
      this.services.log.error(`video task ${record.id}: ${e instanceof Error ? e.message : String(e)}`);
      await this.store.update(record.id, { status: 'failed', error: message, finishedAt: this.clock.now(), ...(isMediaError(e) && e.kind === 'failed' ? { taskState: 'failed' as const } : {}) });
      showMediaFailure(e, timeoutMinutes);
      return undefined;
    }
  }

  /**
   * Resumes polling of the stored pending tasks (on activation, and from Refresh). Resolves
   * when all of them have ended; a finished one is announced with an Open button rather than
   * opened, since nobody is waiting for it in front of the screen.
   */
  async resume(): Promise<void> {
    const records = tasksToResume(this.store.all).filter((r) => !this.running.has(r.id));
    const folders = new Set(records.map((r) => r.folder).filter((f): f is string => !!f));
    for (const f of folders) await this.files.removeStaleTemps(vscode.Uri.parse(f));
    await Promise.all(
      records.map((record) =>
        vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Generating video: {0}', shortPrompt(record.prompt)), cancellable: true },
          async (progress, token) => {
            progress.report({ message: vscode.l10n.t('Resuming…') });
            const uri = await this.runTask(record, progress, token);
            if (uri) {
              const open = vscode.l10n.t('Open');
              void vscode.window.showInformationMessage(vscode.l10n.t('The video "{0}" is ready.', shortPrompt(record.prompt)), open).then((choice) => {
                if (choice === open) void this.openFile(uri, true);
              });
            }
          },
        ),
      ),
    );
  }

  // --- the list -----------------------------------------------------------------------------

  async open(id: string | undefined): Promise<void> {
    const record = id ? this.store.get(id) : undefined;
    if (!record?.files.length) return;
    for (const f of record.files) {
      const uri = vscode.Uri.parse(f);
      try {
        await vscode.workspace.fs.stat(uri);
      } catch {
        void vscode.window.showWarningMessage(vscode.l10n.t('The file {0} no longer exists.', vscode.workspace.asRelativePath(uri)));
        continue;
      }
      await this.openFile(uri, record.kind === 'video');
    }
  }

  /** Stops polling a pending task. There is no documented cancel endpoint: the gateway may still finish it. */
  async cancel(id: string | undefined): Promise<void> {
    if (!id) return;
    const running = this.running.get(id);
    if (running) {
      running.controller.abort(USER_CANCELLED);
      await running.done;
      return;
    }
    const record = this.store.get(id);
    if (record?.status === 'pending') await this.store.update(id, { status: 'cancelled', finishedAt: this.clock.now() });
  }

  /** Removes the entry from the list (the saved files stay where they are). */
  async remove(id: string | undefined): Promise<void> {
    if (!id) return;
    if (this.running.has(id)) await this.cancel(id);
    await this.store.remove(id);
  }

  // --- helpers ------------------------------------------------------------------------------

  private async openFile(uri: vscode.Uri, reveal = false): Promise<void> {
    try {
      await vscode.commands.executeCommand('vscode.open', uri, { preview: false });
      if (reveal) await vscode.commands.executeCommand('revealInExplorer', uri);
    } catch (e) {
      this.services.log.error(`could not open ${uri.toString()}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** `cost` is the generation's own (gateway charge or unit-price estimate): media prices are per image or second, not per token. */
  private async recordUsage(model: string, usage: Usage | null | undefined, cost: number | undefined): Promise<void> {
    try {
      await this.services.usage.record(usageEntry(model, 'media', usage, undefined, cost));
    } catch {
      // The ledger is a record, not a reason to fail a generation that worked.
    }
  }

  private async pickModel(kind: 'image' | 'video'): Promise<string | undefined> {
    let models = this.services.models.models.filter((m) => m.kind === kind);
    if (!models.length) {
      await this.services.models.refresh().catch(() => undefined);
      models = this.services.models.models.filter((m) => m.kind === kind);
    }
    const current = this.services.models.currentId(kind) || (kind === 'image' ? DEFAULT_IMAGE_MODEL : DEFAULT_VIDEO_MODEL);
    type Item = vscode.QuickPickItem & { id?: string };
    const price = (m: ModelInfo) => {
      if (!m.unitPrice) return undefined;
      const c = formatCost(m.unitPrice.amount);
      return m.unitPrice.unit === 'image' ? vscode.l10n.t('{0} per image', c ?? '') : vscode.l10n.t('{0} per second', c ?? '');
    };
    const items: Item[] = models.map((m) => ({ label: m.name || m.id, description: [m.id, m.id === current ? vscode.l10n.t('current') : undefined].filter(Boolean).join(' · '), detail: price(m), id: m.id }));
    if (!models.some((m) => m.id === current)) items.unshift({ label: current, description: vscode.l10n.t('current'), id: current });
    items.sort((a, b) => Number(b.id === current) - Number(a.id === current));
    const other: Item = { label: vscode.l10n.t('$(edit) Other model id…') };
    const picked = await vscode.window.showQuickPick([...items, other], {
      title: kind === 'image' ? vscode.l10n.t('Image model') : vscode.l10n.t('Video model'),
      matchOnDescription: true,
      ignoreFocusOut: true,
    });
    if (!picked) return undefined;
    if (picked.id) return picked.id;
    const typed = await vscode.window.showInputBox({ title: vscode.l10n.t('Model id'), value: current, ignoreFocusOut: true });
    return typed?.trim() || undefined;
  }

  /** A quick pick of fixed values; `allowCustom` adds an item that asks for a typed size. */
  private async pickValue(title: string, values: string[], allowCustom: boolean): Promise<string | undefined> {
    type Item = vscode.QuickPickItem & { value?: string };
    const items: Item[] = values.map((v) => ({ label: v, value: v }));
    if (allowCustom) items.push({ label: vscode.l10n.t('$(edit) Custom size…') });
    const picked = await vscode.window.showQuickPick(items, { title, ignoreFocusOut: true });
    if (!picked) return undefined;
    if (picked.value) return picked.value;
    const typed = await vscode.window.showInputBox({
      title,
      placeHolder: '1024x1024',
      ignoreFocusOut: true,
      validateInput: (v) => (isValidImageSize(v) ? undefined : vscode.l10n.t('Write a size such as 1024x1024 or 2K.')),
    });
    return typed?.trim() || undefined;
  }
}
