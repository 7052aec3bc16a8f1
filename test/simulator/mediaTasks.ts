// Images and video tasks: generated images kept for their URLs, video tasks that advance one
// status per poll, and the result files served (with download faults) once a task succeeded.
import type * as http from 'node:http';
import { findModel } from './catalogue';
import type { SimModel } from './catalogue';
import { badRequest, sendJson, sleep, write } from './httpReplies';
import { makePng, sampleMp4 } from './media';
import type { RecordedRequest, SimScript } from './server';

/** How a finished video task's file is served (faults for download tests). */
export interface SimVideoFile {
  /**
   * Serve a file of exactly this many bytes: the sample MP4 followed by a `free` box (still a valid,
   * playable MP4), generated piece by piece as it is sent, never held whole.
   */
  sizeBytes?: number;
  /** Serve a web page padded to `sizeBytes`, still labelled video/mp4 (a CDN's error page). */
  notVideo?: boolean;
  /** Bytes per write (default 64 KiB). */
  chunkBytes?: number;
  /** Pause between writes. */
  delayMs?: number;
  /** Send no Content-Length (chunked transfer). */
  noContentLength?: boolean;
  /** After this many body bytes, close the connection (Content-Length still promised the whole). */
  cutAfterBytes?: number;
  /** After this many body bytes, stop writing and hold the connection open until the client goes. */
  stallAfterBytes?: number;
}

interface VideoTaskState {
  id: string;
  model: string;
  statuses: ('queued' | 'running' | 'succeeded' | 'failed')[];
  step: number;
  error?: string;
  createdAt: number;
  duration: number;
  file?: SimVideoFile;
}

/** What the media endpoints need from the simulator around them. */
export interface MediaHost {
  /** Where result files are served (`http://127.0.0.1:PORT`). */
  readonly origin: string;
  models(): readonly SimModel[];
  newId(): number;
  /** Tells waiters that a recorded request changed (`bytesSent`). */
  notify(): void;
}

/** Owns the images and video tasks made so far, and serves their files. */
/**
 * Video tasks made by every simulator in this process. A gateway never gives two tasks one id;
 * the extension keeps tasks (and the pollers of unfinished ones) beyond one simulator's life, so
 * ids that started again at 1 with each simulator let one test's task pass for another's.
 */
let videoTasksCreated = 0;

export class MediaTasks {
  private readonly videos = new Map<string, VideoTaskState>();
  private readonly images = new Map<string, Buffer>();

  constructor(private readonly host: MediaHost) {}

  imagesGen(requestBody: unknown, res: http.ServerResponse, script: SimScript): void {
    const body = requestBody as { model?: string; prompt?: string; n?: number; size?: string; response_format?: string } | undefined;
    if (!body?.prompt) return sendJson(res, 400, badRequest('`prompt` is required.', 'prompt'));
    const model = body.model ? findModel(this.host.models(), body.model) : undefined;
    if (!model) return sendJson(res, 404, { error: { message: `The model \`${body.model}\` does not exist.`, type: 'invalid_request_error', code: 'model_not_found' } });
    if (model.kind !== 'image') return sendJson(res, 400, badRequest(`\`${body.model}\` is not an image model.`, 'model'));
    const n = Math.min(Math.max(body.n ?? 1, 1), 4);
    const data = [];
    for (let i = 0; i < n; i++) {
      const png = makePng(64, 64, hash(body.prompt) + i);
      if (body.response_format === 'b64_json') data.push({ b64_json: png.toString('base64'), revised_prompt: body.prompt });
      else {
        const name = `img-${this.host.newId()}.png`;
        this.images.set(name, png);
        data.push({ url: `${this.host.origin}/files/images/${name}`, size: body.size ?? '2048x2048' });
      }
    }
    const usage = script.usage === false ? undefined : { generated_images: n, output_tokens: n * 4096, total_tokens: n * 4096 };
    const cost = model.unitPrice ? Number((model.unitPrice.amount * n).toFixed(6)) : undefined;
    sendJson(res, 200, { model: model.id, created: Math.floor(Date.now() / 1000), data, ...(usage ? { usage } : {}), ...(cost !== undefined ? { cost } : {}) }, script.headers);
  }

  videoCreate(requestBody: unknown, res: http.ServerResponse, script: SimScript): void {
    const body = requestBody as { model?: string; prompt?: string; duration?: number } | undefined;
    if (!body?.prompt) return sendJson(res, 400, badRequest('`prompt` is required.', 'prompt'));
    const model = body.model ? findModel(this.host.models(), body.model) : undefined;
    if (!model) return sendJson(res, 404, { error: { message: `The model \`${body.model}\` does not exist.`, type: 'invalid_request_error', code: 'model_not_found' } });
    if (model.kind !== 'video') return sendJson(res, 400, badRequest(`\`${body.model}\` is not a video model.`, 'model'));
    const id = `tsk-sim${++videoTasksCreated}`;
    const statuses = script.videoStatuses ?? ['queued', 'running', 'succeeded'];
    const task: VideoTaskState = {
      id,
      model: model.id,
      statuses,
      step: 0,
      error: script.videoError,
      createdAt: Math.floor(Date.now() / 1000),
      duration: body.duration ?? 5,
      file: script.videoFile,
    };
    this.videos.set(id, task);
    sendJson(res, 200, this.videoBody(task), script.headers);
  }

  videoGet(id: string, res: http.ServerResponse): void {
    const task = this.videos.get(id);
    if (!task) return sendJson(res, 404, { error: { message: `Task ${id} not found.`, type: 'invalid_request_error', code: 'task_not_found' } });
    task.step = Math.min(task.step + 1, task.statuses.length - 1);
    sendJson(res, 200, this.videoBody(task));
  }

  private videoBody(task: VideoTaskState): unknown {
    const status = task.statuses[Math.min(task.step, task.statuses.length - 1)];
    const out: Record<string, unknown> = { id: task.id, object: 'video.generation.task', model: task.model, status, created_at: task.createdAt };
    out.progress = status === 'succeeded' ? 100 : status === 'running' ? 50 : 0;
    if (status === 'succeeded') {
      out.data = [{ video_url: `${this.host.origin}/files/videos/${task.id}.mp4` }];
      const m = findModel(this.host.models(), task.model);
      if (m?.unitPrice) out.cost = Number((m.unitPrice.amount * task.duration).toFixed(6));
    }
    if (status === 'failed') out.error = { code: 'generation_failed', message: task.error ?? 'The video could not be generated.' };
    return out;
  }

  async serveFile(pathname: string, res: http.ServerResponse, rec: RecordedRequest): Promise<void> {
    const img = /^\/files\/images\/([^/]+)$/.exec(pathname);
    if (img && this.images.has(img[1])) {
      const b = this.images.get(img[1])!;
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(b.length) });
      res.end(b);
      return;
    }
    const vid = /^\/files\/videos\/([^/]+)\.mp4$/.exec(pathname);
    const task = vid ? this.videos.get(vid[1]) : undefined;
    if (task?.statuses.includes('succeeded')) {
      if (task.file) return this.serveVideoFile(task.file, res, rec);
      const b = sampleMp4();
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(b.length) });
      res.end(b);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Not found');
  }

  /** A video file with the faults of `file`, written piece by piece with back-pressure. */
  private async serveVideoFile(file: SimVideoFile, res: http.ServerResponse, rec: RecordedRequest): Promise<void> {
    const head = file.notVideo ? Buffer.from('<!DOCTYPE html>\n<html><head><title>Not Found</title></head><body>The file expired.</body></html>\n') : sampleMp4();
    const size = Math.max(file.sizeBytes ?? head.length, head.length);
    const pieces: Buffer[] = [head];
    if (size > head.length && !file.notVideo) {
      // The padding of an MP4 is one `free` box to the end (sizes above 4 GiB are not needed here).
      if (size - head.length < 8) throw new Error('sizeBytes must leave room for a free box header');
      const free = Buffer.alloc(8);
      free.writeUInt32BE(size - head.length, 0);
      free.write('free', 4, 'latin1');
      pieces.push(free);
    }
    res.writeHead(200, { 'content-type': 'video/mp4', ...(file.noContentLength ? {} : { 'content-length': String(size) }) });
    const chunkBytes = file.chunkBytes ?? 64 * 1024;
    const filler = Buffer.alloc(chunkBytes, file.notVideo ? 0x20 : 0);
    let sent = 0;
    const next = (): Buffer | undefined => {
      if (pieces.length) return pieces.shift();
      const left = size - sent;
      return left > 0 ? filler.subarray(0, Math.min(left, chunkBytes)) : undefined;
    };
    for (let piece = next(); piece; piece = next()) {
      if (res.destroyed) return;
      const limit = Math.min(file.cutAfterBytes ?? Infinity, file.stallAfterBytes ?? Infinity);
      if (sent + piece.length >= limit) {
        const part = piece.subarray(0, limit - sent);
        // Flushed to the socket before the cut, so the client really has the bytes.
        await new Promise<void>((resolve) => res.write(part, () => resolve()));
        rec.bytesSent = sent + part.length;
        this.host.notify();
        if (file.cutAfterBytes !== undefined && limit === file.cutAfterBytes) res.socket?.destroy();
        else if (!res.destroyed) await new Promise<void>((resolve) => res.once('close', () => resolve()));
        return;
      }
      await write(res, piece);
      sent += piece.length;
      rec.bytesSent = sent;
      if (file.delayMs) await sleep(file.delayMs);
    }
    res.end();
  }
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return Math.abs(h) % 200;
}
