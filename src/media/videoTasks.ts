import * as vscode from 'vscode';
import { Disposable, toDisposable } from '../platform/lifecycle';
import type { VideoRequest, VideoTask } from '../core/api/types';
import { isTokenHubError } from '../core/client/errors';
import type { ErrorKind } from '../core/client/errors';
import { downloadToFile, videoCheck } from '../core/media/download';
import { MediaError, isMediaError } from '../core/media/errors';
import { baseName } from '../core/media/fileNames';
import type { BackoffSchedule } from '../core/media/polling';
import { pollVideoTask } from '../core/media/polling';
import type { GenerationRecord } from '../core/media/records';
import { tasksToResume } from '../core/media/records';
import { estimateVideoCost } from '../core/media/requests';
import type { MediaContext } from './mediaContext';
import { USER_CANCELLED } from './mediaContext';
import { describeMediaFailure, shortPrompt, showMediaFailure } from './mediaMessages';

const DISPOSED = 'disposed';
// Another window finished, cancelled or removed the task (global state is shared by windows).
const ENDED_ELSEWHERE = 'elsewhere';
// Failures of one poll that say nothing about the task: the next poll may well succeed.
const TRANSIENT: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['connection', 'connectTimeout', 'headersTimeout', 'idleTimeout', 'rateLimit', 'server', 'streamCut']);

interface RunningTask {
  controller: AbortController;
  done: Promise<vscode.Uri | undefined>;
}

/**
 * The video tasks this window polls: each one is stored before its first poll, polled with
 * back-off until the gateway ends it, then downloaded; the stored pending ones are resumed after a
 * reload. Disposing stops the polling but keeps the tasks stored, for the next window.
 */
export class VideoTasks extends Disposable {
  private readonly running = new Map<string, RunningTask>();
  private readonly _onDidUpdateTask = this._register(new vscode.EventEmitter<VideoTask>());
  /** Every state of every video task as the gateway reports it (creation, then each poll). */
  readonly onDidUpdateTask = this._onDidUpdateTask.event;

  constructor(
    private readonly ctx: MediaContext,
    /** Poll delays; replaceable (tests: milliseconds), applies to polls started later. */
    public schedule: BackoffSchedule,
    private readonly maxVideoBytes: number,
  ) {
    super();
    this._register(toDisposable(() => this.running.forEach((t) => t.controller.abort(DISPOSED))));
  }

  /** Creates the task at the gateway and stores it: from here on a reload resumes it. */
  async submit(request: VideoRequest, signal: AbortSignal): Promise<GenerationRecord> {
    const createdAt = this.ctx.clock.now();
    const task = await this.ctx.client.createVideo(request, { signal });
    const record: GenerationRecord = {
      id: task.id,
      kind: 'video',
      status: 'pending',
      taskState: task.status,
      model: request.model,
      prompt: request.prompt,
      createdAt,
      folder: this.ctx.files.folder().toString(),
      files: [],
      duration: request.duration,
      resolution: request.resolution,
      aspectRatio: request.aspect_ratio,
    };
    await this.ctx.store.put(record);
    this._onDidUpdateTask.fire(task);
    return record;
  }

  /** Polls one task to its end under the given progress; one poller per task id. */
  run(record: GenerationRecord, progress: vscode.Progress<{ message?: string }>, token?: vscode.CancellationToken): Promise<vscode.Uri | undefined> {
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

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  /** Resolves when every task this instance is polling has ended. */
  async whenIdle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()].map((t) => t.done));
  }

  /**
   * Resumes polling of the stored pending tasks (on activation, and from Refresh). Resolves
   * when all of them have ended; a finished one is announced with an Open button rather than
   * opened, since nobody is waiting for it in front of the screen.
   */
  async resume(): Promise<void> {
    const records = tasksToResume(this.ctx.store.all).filter((r) => !this.running.has(r.id));
    const folders = new Set(records.map((r) => r.folder).filter((f): f is string => !!f));
    for (const f of folders) await this.ctx.files.removeStaleTemps(vscode.Uri.parse(f));
    await Promise.all(
      records.map((record) =>
        vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Generating video: {0}', shortPrompt(record.prompt)), cancellable: true },
          async (progress, token) => {
            progress.report({ message: vscode.l10n.t('Resuming…') });
            const uri = await this.run(record, progress, token);
            if (uri) {
              const open = vscode.l10n.t('Open');
              const reveal = vscode.l10n.t('Reveal in Explorer');
              void vscode.window.showInformationMessage(vscode.l10n.t('The video "{0}" is ready.', shortPrompt(record.prompt)), open, reveal).then((choice) => {
                if (choice === open) void this.ctx.openFile(uri);
                else if (choice === reveal) void vscode.commands.executeCommand('revealInExplorer', uri);
              });
            }
          },
        ),
      ),
    );
  }

  /** Stops polling a pending task. There is no documented cancel endpoint: the gateway may still finish it. */
  async cancel(id: string): Promise<void> {
    const running = this.running.get(id);
    if (running) {
      running.controller.abort(USER_CANCELLED);
      await running.done;
      return;
    }
    const record = this.ctx.store.get(id);
    if (record?.status === 'pending') await this.ctx.store.update(id, { status: 'cancelled', finishedAt: this.ctx.clock.now() });
  }

  /** Whether the stored record still waits for this poller (not ended by another window or removed). */
  private stillPending(id: string): boolean {
    return this.ctx.store.get(id)?.status === 'pending';
  }

  private async pollAndSave(record: GenerationRecord, controller: AbortController, progress: vscode.Progress<{ message?: string }>): Promise<vscode.Uri | undefined> {
    const { client, store, files } = this.ctx;
    const signal = controller.signal;
    const timeoutMinutes = this.ctx.timeoutMinutes;
    let lastState = record.taskState;
    let lastProgress = record.progress;
    try {
      const task = await pollVideoTask({
        id: record.id,
        getVideo: (id, s) => client.getVideo(id, { signal: s }),
        startedAt: record.createdAt,
        timeoutMs: timeoutMinutes * 60_000,
        schedule: this.schedule,
        clock: this.ctx.clock,
        signal,
        isTransient: (e) => isTokenHubError(e) && TRANSIENT.has(e.kind),
        onUpdate: (t) => {
          if (!this.stillPending(record.id)) return controller.abort(ENDED_ELSEWHERE);
          progress.report({ message: stateMessage(t) });
          this._onDidUpdateTask.fire(t);
          if (t.status !== lastState || t.progress !== lastProgress) {
            lastState = t.status;
            lastProgress = t.progress;
            if (t.status === 'queued' || t.status === 'running') void store.update(record.id, { taskState: t.status, progress: t.progress });
          }
        },
      });
      if (signal.aborted) throw new MediaError('cancelled', 'cancelled');
      const videoUrl = task.videoUrl;
      if (!videoUrl) throw new MediaError('noResult', 'finished task without a video URL');
      const folder = record.folder ? vscode.Uri.parse(record.folder) : files.folder();
      // Streamed to a temporary file beside the final name, checked box by box as it arrives
      // (a foreign file is refused at its first bytes), so memory stays small whatever the size.
      const uri = await files.saveStream(
        folder,
        baseName(record.prompt, new Date(record.createdAt)),
        async (path) => {
          const dl = await client.download(videoUrl, { signal });
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
      const cost = task.cost ?? estimateVideoCost(this.ctx.services.models.find(record.model)?.unitPrice, record.duration);
      await store.update(record.id, { status: 'done', taskState: 'succeeded', files: [uri.toString()], cost, finishedAt: this.ctx.clock.now(), progress: 100 });
      await this.ctx.recordUsage(record.model, undefined, cost);
      return uri;
    } catch (e) {
      const reason: unknown = signal.aborted ? signal.reason : undefined;
      // The window is going away: the task stays stored as pending and the next window resumes it.
      if (reason === DISPOSED || reason === ENDED_ELSEWHERE) return undefined;
      if (reason === USER_CANCELLED || (isMediaError(e) && e.kind === 'cancelled')) {
        await store.update(record.id, { status: 'cancelled', finishedAt: this.ctx.clock.now() });
        return undefined;
      }
      const message = describeMediaFailure(e, timeoutMinutes);
      this.ctx.services.log.error(`video task ${record.id}: ${e instanceof Error ? e.message : String(e)}`);
      await store.update(record.id, { status: 'failed', error: message, finishedAt: this.ctx.clock.now(), ...(isMediaError(e) && e.kind === 'failed' ? { taskState: 'failed' as const } : {}) });
      showMediaFailure(e, timeoutMinutes);
      return undefined;
    }
  }
}

/** The progress line for a task's state. */
function stateMessage(task: VideoTask): string {
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
