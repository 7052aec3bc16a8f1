import type { ChatCompletion, ChatRequest, ImageRequest, ImageResult, RawModel, VideoRequest, VideoTask } from '../api/types';
import type { ChatStreamEvent, RequestOptions, TokenHubApi } from './api';
import type { ClientOptions } from './options';

// PLACEHOLDER: replaced by the real implementation (issue 3).
export class TokenHubClient implements TokenHubApi {
  constructor(readonly options: ClientOptions) {}
  async close(): Promise<void> {}
  listModels(_o?: RequestOptions): Promise<RawModel[]> {
    throw new Error('not implemented');
  }
  complete(_r: ChatRequest, _o?: RequestOptions): Promise<ChatCompletion> {
    throw new Error('not implemented');
  }
  // eslint-disable-next-line require-yield
  async *stream(_r: ChatRequest, _o?: RequestOptions): AsyncIterable<ChatStreamEvent> {
    throw new Error('not implemented');
  }
  generateImages(_r: ImageRequest, _o?: RequestOptions): Promise<ImageResult> {
    throw new Error('not implemented');
  }
  createVideo(_r: VideoRequest, _o?: RequestOptions): Promise<VideoTask> {
    throw new Error('not implemented');
  }
  getVideo(_id: string, _o?: RequestOptions): Promise<VideoTask> {
    throw new Error('not implemented');
  }
  download(_url: string, _o?: RequestOptions): Promise<{ contentLength?: number; body: AsyncIterable<Uint8Array> }> {
    throw new Error('not implemented');
  }
}
