import type { ChatCompletion, ChatRequest, ImageRequest, ImageResult, RawModel, VideoRequest, VideoTask } from '../api/types';
import type { ChatStreamEvent, RequestOptions, TokenHubApi } from './api';
import { completionFromJson } from './chatStream';
import { streamChat } from './chatStreamRequest';
import { TokenHubError } from './errors';
import { HttpTransport } from './httpTransport';
import { imageResultFromJson, videoTaskFromJson } from './mediaResults';
import type { ClientOptions } from './options';
import { download } from './resultDownload';

/**
 * The one HTTP client: each endpoint of the gateway as a typed call. The request plumbing
 * (dispatcher, proxies, retries, typed errors) is `HttpTransport`; the SSE stream is read in
 * `streamChat`; result files are fetched by `download`.
 */
export class TokenHubClient implements TokenHubApi {
  private readonly http: HttpTransport;

  constructor(readonly options: ClientOptions) {
    this.http = new HttpTransport(options);
  }

  /** Lets running requests finish, then closes the sockets. */
  close(): Promise<void> {
    return this.http.close();
  }

  /** Opens the connection to the gateway now, so the next request does not wait for it. */
  warm(): Promise<void> {
    return this.http.warm();
  }

  async listModels(o?: RequestOptions): Promise<RawModel[]> {
    const json = await this.http.json({ endpoint: 'models', method: 'GET', url: this.http.url('/models'), accept: 'application/json', auth: true }, o);
    const data = Array.isArray(json) ? json : (json as { data?: unknown }).data;
    if (!Array.isArray(data)) throw new TokenHubError('protocol', 'The model list from TokenHub has no `data` array.');
    return data.filter((m): m is RawModel => !!m && typeof (m as RawModel).id === 'string');
  }

  async complete(req: ChatRequest, o?: RequestOptions): Promise<ChatCompletion> {
    const body = JSON.stringify({ ...req, stream: false });
    // Unstreamed, the headers come only when the whole answer is ready (minutes for a reasoning
    // model), so the wait for them is allowed as long as a silent stream would be.
    const headersTimeoutMs = Math.max(this.options.headersTimeoutMs, this.options.idleTimeoutMs);
    const json = await this.http.json(
      { endpoint: 'chat', method: 'POST', url: this.http.url('/chat/completions'), body, accept: 'application/json', auth: true, model: req.model, headersTimeoutMs },
      o,
    );
    return completionFromJson(json as Record<string, unknown>);
  }

  /** Returns the stream itself (no wrapping generator): each event costs one `next()`, as if read directly. */
  stream(req: ChatRequest, o?: RequestOptions): AsyncIterable<ChatStreamEvent> {
    return streamChat(this.http, req, o);
  }

  async generateImages(req: ImageRequest, o?: RequestOptions): Promise<ImageResult> {
    const json = await this.http.json(
      { endpoint: 'images', method: 'POST', url: this.http.url('/images/generations'), body: JSON.stringify(req), accept: 'application/json', auth: true, model: req.model },
      o,
    );
    return imageResultFromJson(json as Parameters<typeof imageResultFromJson>[0]);
  }

  async createVideo(req: VideoRequest, o?: RequestOptions): Promise<VideoTask> {
    const json = await this.http.json(
      { endpoint: 'videos', method: 'POST', url: this.http.url('/videos/generations'), body: JSON.stringify(req), accept: 'application/json', auth: true, model: req.model },
      o,
    );
    return videoTaskFromJson(json as Record<string, unknown>, req.model);
  }

  async getVideo(id: string, o?: RequestOptions): Promise<VideoTask> {
    const json = await this.http.json({ endpoint: 'video', method: 'GET', url: this.http.url(`/videos/generations/${encodeURIComponent(id)}`), accept: 'application/json', auth: true }, o);
    return videoTaskFromJson(json as Record<string, unknown>, '');
  }

  download(url: string, o?: RequestOptions): Promise<{ contentLength?: number; body: AsyncIterable<Uint8Array> }> {
    return download(this.http, url, o);
  }
}
