import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { decodeBase64Image, downloadToFile, imageCheck } from '../core/media/download';
import { MediaError } from '../core/media/errors';
import { baseName } from '../core/media/fileNames';
import type { GenerationRecord } from '../core/media/records';
import { buildImageRequest, estimateImageCost } from '../core/media/requests';
import { sniffImage } from '../core/media/sniff';
import { askImageParams } from './mediaDialogs';
import { imageQuestion } from './mediaPrices';
import type { MediaContext } from './mediaContext';
import { USER_CANCELLED } from './mediaContext';
import { describeMediaFailure, shortPrompt, showMediaFailure } from './mediaMessages';
import { DEFAULT_IMAGE_MODEL } from './mediaParams';
import type { GenerateImageArgs, ImageParams } from './mediaParams';

const MAX_IMAGE_DOWNLOAD = 100 * 1024 * 1024;

/** Images: one request, each image saved (never over an existing file) and listed as one generation. */
export class ImageGeneration {
  constructor(private readonly ctx: MediaContext) {}

  /** `tokenhub.generateImage`: asks what it was not given, then generates under a cancellable notification. */
  async generate(args: GenerateImageArgs = {}): Promise<vscode.Uri[]> {
    const params = args.prompt !== undefined ? this.withDefaults(args) : await askImageParams(this.ctx.services.models);
    if (!params) return [];
    if ((await this.approve(params, args.prompt === undefined || args.confirm === true)) !== 'ok') return [];
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Generating image: {0}', shortPrompt(params.prompt)), cancellable: true },
      async (_progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort(USER_CANCELLED));
        try {
          const uris = await this.create(params, controller.signal);
          if (args.open !== false) for (const uri of uris) await this.ctx.openFile(uri);
          return uris;
        } catch (e) {
          if (!controller.signal.aborted) showMediaFailure(e, this.ctx.timeoutMinutes);
          return [];
        } finally {
          sub.dispose();
        }
      },
    );
  }

  /** The arguments with a model: the given one, else the current image model, else the default. */
  withDefaults(args: GenerateImageArgs): ImageParams {
    return {
      ...args,
      prompt: args.prompt ?? '',
      model: args.model || this.ctx.services.models.currentId('image') || DEFAULT_IMAGE_MODEL,
    };
  }

  /** The confirm step with the batch's price (when `confirm`), then the budget. */
  approve(params: ImageParams, confirm: boolean, signal?: AbortSignal): Promise<'ok' | 'declined' | 'budget'> {
    return this.ctx.approve(imageQuestion(params.model, this.ctx.services.models.find(params.model), params.n ?? 1), confirm, signal);
  }

  /** Requests the images, saves each one (never over an existing file) and lists them. */
  async create(params: ImageParams, signal: AbortSignal): Promise<vscode.Uri[]> {
    const { client, store, files, clock } = this.ctx;
    const request = buildImageRequest({ prompt: params.prompt, model: params.model, size: params.size, n: params.n, responseFormat: params.responseFormat });
    const createdAt = clock.now();
    const folder = files.folder();
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
      result = await client.generateImages(request, { signal });
    } catch (e) {
      if (!signal.aborted) await store.put({ ...record, status: 'failed', error: describeMediaFailure(e, this.ctx.timeoutMinutes), finishedAt: clock.now() });
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
          uris.push(await files.save(folder, base, kind.ext, bytes, signal));
        } else if (image.url) {
          // The same streamed path as videos: checked as it arrives, written as it arrives.
          const url = image.url;
          const uri = await files.saveStream(
            folder,
            base,
            async (path) => {
              const dl = await client.download(url, { signal });
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
    const cost = result.cost ?? result.usage?.cost ?? estimateImageCost(this.ctx.services.models.find(request.model)?.unitPrice, uris.length);
    if (!uris.length) {
      const e = failure ?? new MediaError('noResult', 'no images in the answer');
      await store.put({ ...record, status: 'failed', error: describeMediaFailure(e, this.ctx.timeoutMinutes), finishedAt: clock.now(), cost });
      throw e;
    }
    // Some images saved, one broken: keep the good ones and say what happened to the other.
    if (failure) void vscode.window.showWarningMessage(describeMediaFailure(failure, this.ctx.timeoutMinutes));
    await store.put({ ...record, files: uris.map((u) => u.toString()), cost, finishedAt: clock.now() });
    await this.ctx.recordUsage(request.model, result.usage, cost);
    return uris;
  }
}
