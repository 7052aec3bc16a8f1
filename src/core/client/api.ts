import type {
  ChatCompletion,
  ChatRequest,
  ImageRequest,
  ImageResult,
  RawModel,
  ToolCall,
  Usage,
  VideoRequest,
  VideoTask,
} from '../api/types';

export interface RequestOptions {
  /** Aborting closes the socket at once; no event is delivered after it. */
  signal?: AbortSignal;
}

/** What a streamed chat completion yields, in arrival order. */
export type ChatStreamEvent =
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string }
  /** A piece of a tool call; `index` identifies the call across pieces. */
  | { type: 'toolCallDelta'; index: number; id?: string; name?: string; argumentsDelta: string }
  /** Every tool call of the answer, assembled by index; sent once, before `finish`. */
  | { type: 'toolCalls'; calls: ToolCall[] }
  | { type: 'finish'; reason: string }
  /** The model that answered, as the stream names it (a gateway may route to another than the one asked for). */
  | { type: 'model'; model: string }
  | { type: 'usage'; usage: Usage };

/** The one client every feature talks to (implemented by `TokenHubClient`; faked in tests). */
export interface TokenHubApi {
  listModels(options?: RequestOptions): Promise<RawModel[]>;
  complete(request: ChatRequest, options?: RequestOptions): Promise<ChatCompletion>;
  stream(request: ChatRequest, options?: RequestOptions): AsyncIterable<ChatStreamEvent>;
  generateImages(request: ImageRequest, options?: RequestOptions): Promise<ImageResult>;
  createVideo(request: VideoRequest, options?: RequestOptions): Promise<VideoTask>;
  getVideo(id: string, options?: RequestOptions): Promise<VideoTask>;
  /** GET of a result URL (image or video); the body arrives as it is read. */
  download(url: string, options?: RequestOptions): Promise<{ contentLength?: number; body: AsyncIterable<Uint8Array> }>;
}
