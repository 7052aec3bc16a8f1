// An in-memory TokenHubApi for unit tests that need no network. Script what each call returns;
// every call is recorded. For protocol-level behaviour use the simulator (test/simulator) instead.
import type { ChatCompletion, ChatRequest, ImageRequest, ImageResult, RawModel, VideoRequest, VideoTask } from '../../src/core/api/types';
import type { ChatStreamEvent, RequestOptions, TokenHubApi } from '../../src/core/client/api';
import { TokenHubError } from '../../src/core/client/errors';

export interface FakeCall {
  method: keyof TokenHubApi;
  args: unknown[];
}

function next<T>(queue: (T | Error)[], what: string): T {
  if (queue.length === 0) throw new Error(`FakeTokenHubApi: nothing scripted for ${what}`);
  const v = queue.length > 1 ? queue.shift()! : queue[0]; // the last entry repeats
  if (v instanceof Error) throw v;
  return v;
}

export class FakeTokenHubApi implements TokenHubApi {
  readonly calls: FakeCall[] = [];
  models: RawModel[] = [];
  /** One entry per stream() call (the last repeats): the events to yield, or `{ events, error }` to throw `error` after them. */
  streams: (ChatStreamEvent[] | { events: ChatStreamEvent[]; error: Error })[] = [];
  completions: (ChatCompletion | Error)[] = [];
  images: (ImageResult | Error)[] = [];
  videos: (VideoTask | Error)[] = [];
  files = new Map<string, Uint8Array>();

  /** A stream that says `text` in one text event, then finishes with usage. */
  static reply(text: string, usage = { prompt_tokens: 1, completion_tokens: 1 }): ChatStreamEvent[] {
    return [
      { type: 'text', text },
      { type: 'finish', reason: 'stop' },
      { type: 'usage', usage },
    ];
  }

  async listModels(options?: RequestOptions): Promise<RawModel[]> {
    this.calls.push({ method: 'listModels', args: [options] });
    throwIfAborted(options);
    return this.models;
  }

  async complete(request: ChatRequest, options?: RequestOptions): Promise<ChatCompletion> {
    this.calls.push({ method: 'complete', args: [request, options] });
    throwIfAborted(options);
    return next(this.completions, 'complete()');
  }

  async *stream(request: ChatRequest, options?: RequestOptions): AsyncIterable<ChatStreamEvent> {
    this.calls.push({ method: 'stream', args: [request, options] });
    if (this.streams.length === 0) throw new Error('FakeTokenHubApi: nothing scripted for stream()');
    const s = this.streams.length > 1 ? this.streams.shift()! : this.streams[0];
    const events = Array.isArray(s) ? s : s.events;
    for (const ev of events) {
      throwIfAborted(options);
      await Promise.resolve(); // deliver asynchronously, as the real client does
      yield ev;
    }
    if (!Array.isArray(s)) throw s.error;
  }

  async generateImages(request: ImageRequest, options?: RequestOptions): Promise<ImageResult> {
    this.calls.push({ method: 'generateImages', args: [request, options] });
    throwIfAborted(options);
    return next(this.images, 'generateImages()');
  }

  async createVideo(request: VideoRequest, options?: RequestOptions): Promise<VideoTask> {
    this.calls.push({ method: 'createVideo', args: [request, options] });
    throwIfAborted(options);
    return next(this.videos, 'createVideo()');
  }

  async getVideo(id: string, options?: RequestOptions): Promise<VideoTask> {
    this.calls.push({ method: 'getVideo', args: [id, options] });
    throwIfAborted(options);
    return next(this.videos, 'getVideo()');
  }

  async download(url: string, options?: RequestOptions): Promise<{ contentLength?: number; body: AsyncIterable<Uint8Array> }> {
    this.calls.push({ method: 'download', args: [url, options] });
    throwIfAborted(options);
    const bytes = this.files.get(url);
    if (!bytes) throw new TokenHubError('badRequest', `Download failed (HTTP 404): ${url}`, { status: 404 });
    return {
      contentLength: bytes.length,
      body: (async function* () {
        yield bytes;
      })(),
    };
  }
}

function throwIfAborted(options?: RequestOptions): void {
  if (options?.signal?.aborted) throw new TokenHubError('cancelled', 'The request was cancelled.');
}

/** A real client whose `download` is replaced (to watch or break the body); every other call goes to `real`. */
export function withDownload(real: TokenHubApi, download: TokenHubApi['download']): TokenHubApi {
  return {
    listModels: (o) => real.listModels(o),
    complete: (r, o) => real.complete(r, o),
    stream: (r, o) => real.stream(r, o),
    generateImages: (r, o) => real.generateImages(r, o),
    createVideo: (r, o) => real.createVideo(r, o),
    getVideo: (id, o) => real.getVideo(id, o),
    download,
  };
}
