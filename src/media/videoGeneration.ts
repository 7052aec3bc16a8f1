import * as vscode from 'vscode';
import { MediaError } from '../core/media/errors';
import type { GenerationRecord } from '../core/media/records';
import type { FrameImage } from '../core/media/requests';
import { buildVideoRequest } from '../core/media/requests';
import { imageMimeFromName, sniffImage } from '../core/media/sniff';
import { askVideoParams } from './mediaDialogs';
import { videoQuestion } from './mediaPrices';
import type { MediaContext } from './mediaContext';
import { USER_CANCELLED } from './mediaContext';
import { shortPrompt, showMediaFailure } from './mediaMessages';
import { DEFAULT_VIDEO_MODEL } from './mediaParams';
import type { GenerateVideoArgs, VideoParams } from './mediaParams';
import type { VideoTasks } from './videoTasks';

/** `tokenhub.generateVideo`: settles the parameters, reads the frames, submits the task and waits for it. */
export class VideoGeneration {
  constructor(
    private readonly ctx: MediaContext,
    private readonly tasks: VideoTasks,
  ) {}

  /** The arguments with a model: the given one, else the current video model, else the default. */
  withDefaults(args: GenerateVideoArgs & { prompt: string }): VideoParams {
    return { ...args, model: args.model || this.ctx.services.models.currentId('video') || DEFAULT_VIDEO_MODEL };
  }

  /** The confirm step with the price for the chosen duration and model (when `confirm`), then the budget. */
  approve(p: VideoParams, confirm: boolean): Promise<'ok' | 'declined' | 'budget'> {
    return this.ctx.approve(videoQuestion(p.model, this.ctx.services.models.find(p.model), p.duration, p.resolution), confirm);
  }

  /** `approved`: the caller has been through `approve` already. */
  async generate(args: GenerateVideoArgs = {}, approved = false): Promise<vscode.Uri[]> {
    let params: VideoParams | undefined;
    try {
      params = args.prompt !== undefined ? this.withDefaults({ ...args, prompt: args.prompt }) : await askVideoParams(this.ctx.services.models);
    } catch (e) {
      showMediaFailure(e, this.ctx.timeoutMinutes);
      return [];
    }
    if (!params) return [];
    const p = params;
    if (!approved && (await this.approve(p, args.prompt === undefined || args.confirm === true)) !== 'ok') return [];
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Generating video: {0}', shortPrompt(p.prompt)), cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort(USER_CANCELLED));
        let record: GenerationRecord;
        try {
          const firstFrame = p.firstFrame ? await readFrame(p.firstFrame) : undefined;
          const lastFrame = p.lastFrame ? await readFrame(p.lastFrame) : undefined;
          const request = buildVideoRequest({ prompt: p.prompt, model: p.model, duration: p.duration, resolution: p.resolution, aspectRatio: p.aspectRatio, firstFrame, lastFrame });
          progress.report({ message: vscode.l10n.t('Sending the request…') });
          record = await this.tasks.submit(request, controller.signal);
        } catch (e) {
          sub.dispose();
          if (!controller.signal.aborted) showMediaFailure(e, this.ctx.timeoutMinutes);
          return [];
        }
        sub.dispose();
        const uri = await this.tasks.run(record, progress, token);
        if (uri && args.open !== false) {
          await this.ctx.openFile(uri);
          this.ctx.offerReveal(uri);
        }
        return uri ? [uri] : [];
      },
    );
  }
}

function frameUri(ref: vscode.Uri | string): vscode.Uri {
  if (typeof ref !== 'string') return ref;
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(ref)) return vscode.Uri.parse(ref);
  if (ref.startsWith('/') || /^[a-z]:[\\/]/i.test(ref)) return vscode.Uri.file(ref);
  const ws = vscode.workspace.workspaceFolders?.[0];
  if (!ws) throw new MediaError('badInput', `no workspace folder for ${ref}`);
  return vscode.Uri.joinPath(ws.uri, ref);
}

async function readFrame(ref: vscode.Uri | string): Promise<FrameImage> {
  const uri = frameUri(ref);
  const bytes = await vscode.workspace.fs.readFile(uri);
  const mime = sniffImage(bytes)?.mime ?? imageMimeFromName(uri.path);
  if (!mime) throw new MediaError('notImage', `${uri.path} is not an image`);
  return { bytes, mime };
}
