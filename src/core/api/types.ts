// Wire shapes of the OpenAI-compatible API that TokenHub documents (../shared/seeds). Only what we
// send or read is typed; everything else a gateway adds is ignored, never rejected.

export type Role = 'system' | 'user' | 'assistant' | 'tool';

export interface TextPart {
  type: 'text';
  text: string;
}
export interface ImagePart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}
export type ContentPart = TextPart | ImagePart;

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatMessage {
  role: Role;
  content: string | ContentPart[] | null;
  name?: string;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
}

export interface ToolDefinition {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export type ToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

/** Every request parameter the docs list (004, "Request parameters"). */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  stop?: string | string[];
  tools?: ToolDefinition[];
  tool_choice?: ToolChoice;
  response_format?: { type: 'json_object' | 'text' } | { type: 'json_schema'; json_schema: unknown };
  user?: string;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens?: number;
  /** Some gateways report the charge themselves (USD). */
  cost?: number;
  prompt_tokens_details?: { cached_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number };
}

export interface ChatCompletion {
  id: string;
  model: string;
  text: string;
  reasoning: string;
  toolCalls: ToolCall[];
  finishReason: string | null;
  usage: Usage | null;
}

/** One entry of `GET /models` as gateways send it; every field but `id` is optional. */
export interface RawModel {
  id: string;
  object?: string;
  owned_by?: string;
  created?: number;
  [key: string]: unknown;
}

export interface ImageRequest {
  model: string;
  prompt: string;
  n?: number;
  size?: string;
  response_format?: 'b64_json' | 'url';
}
export interface ImageResult {
  images: { b64_json?: string; url?: string; revised_prompt?: string }[];
  usage: Usage | null;
  cost?: number;
}

export interface VideoContentItem {
  type: 'image_url';
  image_url: { url: string };
  role: 'first_frame' | 'last_frame' | 'reference_image';
}
export interface VideoRequest {
  model: string;
  prompt: string;
  duration?: number;
  resolution?: string;
  aspect_ratio?: string;
  content?: VideoContentItem[];
}
export type VideoStatus = 'queued' | 'running' | 'succeeded' | 'failed';
export interface VideoTask {
  id: string;
  model: string;
  status: VideoStatus;
  videoUrl?: string;
  error?: string;
  cost?: number;
  progress?: number;
}
