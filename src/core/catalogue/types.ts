export type ModelKind = 'chat' | 'image' | 'video';

export interface ModelCapabilities {
  vision: boolean;
  tools: boolean;
  json: boolean;
  reasoning: boolean;
}

/** One model as the pickers, the chat and the cost display see it. */
export interface ModelInfo {
  /** The id as the gateway lists it, with its provider prefix where it has one (`anthropic/claude-sonnet-4-6`). */
  id: string;
  /** The provider's key (`anthropic`), and its display name (`Anthropic`). */
  provider: string;
  providerName: string;
  name: string;
  kind: ModelKind;
  /** Tokens; undefined where neither the gateway nor the built-in catalogue knows. */
  contextWindow?: number;
  maxOutputTokens?: number;
  /** USD per million tokens. */
  inputPrice?: number;
  outputPrice?: number;
  /** For media models: a price per image or per second of video, where known. */
  unitPrice?: { amount: number; unit: 'image' | 'second' };
  capabilities: ModelCapabilities;
  /** Where the entry came from: the live `/models` list, the built-in catalogue, or both. */
  source: 'live' | 'builtin' | 'merged';
  /** The gateway profile whose list holds it (set by the model service; src/core/profiles/modelRef.ts). */
  profile?: string;
  description?: string;
}
