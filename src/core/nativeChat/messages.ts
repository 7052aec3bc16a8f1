import type { ChatMessage, ContentPart, ToolCall, ToolChoice, ToolDefinition } from '../api/types';
import type { ChatStreamEvent } from '../client/api';
import { estimateTokens, IMAGE_TOKENS, MESSAGE_OVERHEAD_TOKENS } from '../edits/budget';

// The mapping between VS Code's language-model messages (`LanguageModelChatRequestMessage` with its
// text, tool-call, tool-result and data parts) and our OpenAI-shaped `ChatMessage`s. It lives here,
// free of `vscode`, so it is unit-tested in plain Node: the parts are recognised by their shape
// (the same properties the VS Code classes carry), which also keeps it working when a part comes
// from another extension's copy of the classes.

/** `LanguageModelChatMessageRole`: User = 1, Assistant = 2, System = 3 (proposed in newer builds). */
export const LmRole = { user: 1, assistant: 2, system: 3 } as const;

/** A part as we understand it, after recognising VS Code's part by its shape. */
export type LmPart =
  | { kind: 'text'; text: string }
  | { kind: 'toolCall'; callId: string; name: string; input: unknown }
  | { kind: 'toolResult'; callId: string; content: LmPart[] }
  | { kind: 'data'; mimeType: string; data: Uint8Array }
  | { kind: 'unknown' };

/** The shape of `LanguageModelChatRequestMessage` (structural, so tests can pass plain objects). */
export interface LmMessageLike {
  readonly role: number;
  readonly content: ReadonlyArray<unknown> | string;
  readonly name?: string | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Recognises a VS Code language-model part by its properties (the classes are not importable here). */
export function classifyPart(part: unknown): LmPart {
  if (typeof part === 'string') return { kind: 'text', text: part };
  if (!isRecord(part)) return { kind: 'unknown' };
  // LanguageModelToolCallPart: callId, name, input.
  if (typeof part.callId === 'string' && typeof part.name === 'string' && 'input' in part) {
    return { kind: 'toolCall', callId: part.callId, name: part.name, input: part.input };
  }
  // LanguageModelToolResultPart (and ...Part2): callId, content[].
  if (typeof part.callId === 'string' && Array.isArray(part.content)) {
    return { kind: 'toolResult', callId: part.callId, content: part.content.map(classifyPart) };
  }
  // LanguageModelDataPart: mimeType, data (bytes).
  if (typeof part.mimeType === 'string' && part.data instanceof Uint8Array) {
    return { kind: 'data', mimeType: part.mimeType, data: part.data };
  }
  // LanguageModelTextPart: value (string). A prompt-tsx part also has `value`, but not a string one.
  if (typeof part.value === 'string') return { kind: 'text', text: part.value };
  return { kind: 'unknown' };
}

const textMime = /^(text\/|application\/(json|xml|javascript|x-[\w.+-]+))/i;

/** Base64 without Buffer, so this file stays runtime-neutral. */
export function bytesToBase64(bytes: Uint8Array): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += chars[(n >> 18) & 63] + chars[(n >> 12) & 63] + chars[(n >> 6) & 63] + chars[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += chars[(n >> 18) & 63] + chars[(n >> 12) & 63] + '==';
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += chars[(n >> 18) & 63] + chars[(n >> 12) & 63] + chars[(n >> 6) & 63] + '=';
  }
  return out;
}

export function imageDataUri(mimeType: string, data: Uint8Array): string {
  return `data:${mimeType};base64,${bytesToBase64(data)}`;
}

function decodeText(data: Uint8Array): string {
  return new TextDecoder().decode(data);
}

/** The text of a tool result: its text parts, and data parts that hold text (JSON, plain text). */
function toolResultText(content: readonly LmPart[]): { text: string; images: ContentPart[] } {
  const texts: string[] = [];
  const images: ContentPart[] = [];
  for (const p of content) {
    if (p.kind === 'text') texts.push(p.text);
    else if (p.kind === 'data' && p.mimeType.startsWith('image/')) images.push({ type: 'image_url', image_url: { url: imageDataUri(p.mimeType, p.data) } });
    else if (p.kind === 'data' && textMime.test(p.mimeType)) texts.push(decodeText(p.data));
  }
  return { text: texts.join(''), images };
}

function stringifyInput(input: unknown): string {
  if (input === undefined || input === null) return '{}';
  try {
    return JSON.stringify(input);
  } catch {
    return '{}';
  }
}

function partTokens(part: LmPart): number {
  switch (part.kind) {
    case 'text':
      return estimateTokens(part.text);
    case 'toolCall':
      return estimateTokens(part.name) + estimateTokens(stringifyInput(part.input));
    case 'toolResult':
      return part.content.reduce((n, p) => n + partTokens(p), 0);
    case 'data':
      // As `toChatMessages` sends it: an image, text, or nothing (markers such as cache control).
      if (part.mimeType.startsWith('image/')) return IMAGE_TOKENS;
      return textMime.test(part.mimeType) ? estimateTokens(decodeText(part.data)) : 0;
    default:
      return 0;
  }
}

/**
 * `provideTokenCount`: a string, or one of VS Code's messages with its parts. Counted with the
 * extension's one estimator (core/edits/budget), so VS Code budgets a prompt as our code commands
 * and participant do.
 */
export function estimateLmTokens(input: string | LmMessageLike): number {
  if (typeof input === 'string') return estimateTokens(input);
  const parts = typeof input.content === 'string' ? [classifyPart(input.content)] : input.content.map(classifyPart);
  return MESSAGE_OVERHEAD_TOKENS + parts.reduce((n, p) => n + partTokens(p), 0);
}

/** Text only stays a plain string (every gateway takes that); with images it becomes parts. */
function toContent(parts: ContentPart[]): string | ContentPart[] {
  if (parts.every((p) => p.type === 'text')) return parts.map((p) => (p as { text: string }).text).join('');
  // Adjacent text pieces are joined so the request stays small and readable.
  const merged: ContentPart[] = [];
  for (const p of parts) {
    const last = merged[merged.length - 1];
    if (p.type === 'text' && last?.type === 'text') last.text += p.text;
    else merged.push(p.type === 'text' ? { ...p } : p);
  }
  return merged;
}

/**
 * VS Code's messages → the gateway's. Assistant tool calls become `tool_calls`; each tool result
 * (which VS Code puts in a user message) becomes its own `role: 'tool'` message right after them,
 * as the OpenAI protocol requires; images become `image_url` parts with a data URI. Data parts
 * VS Code uses as markers (cache control and the like) are dropped.
 */
export function toChatMessages(messages: readonly LmMessageLike[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const message of messages) {
    const parts = typeof message.content === 'string' ? [classifyPart(message.content)] : message.content.map(classifyPart);
    const name = message.name || undefined;
    if (message.role === LmRole.assistant) {
      const text = parts.flatMap((p) => (p.kind === 'text' ? [p.text] : [])).join('');
      const toolCalls: ToolCall[] = parts.flatMap((p) =>
        p.kind === 'toolCall' ? [{ id: p.callId, type: 'function' as const, function: { name: p.name, arguments: stringifyInput(p.input) } }] : [],
      );
      if (!text && toolCalls.length === 0) continue;
      const msg: ChatMessage = { role: 'assistant', content: text || (toolCalls.length ? null : '') };
      if (toolCalls.length) msg.tool_calls = toolCalls;
      if (name) msg.name = name;
      out.push(msg);
      continue;
    }
    const role = message.role === LmRole.system ? 'system' : 'user';
    const content: ContentPart[] = [];
    for (const p of parts) {
      if (p.kind === 'toolResult') {
        const result = toolResultText(p.content);
        out.push({ role: 'tool', tool_call_id: p.callId, content: result.text });
        // A tool message carries text only; images a tool returned go to the model as user content.
        content.push(...result.images);
      } else if (p.kind === 'text') {
        if (p.text) content.push({ type: 'text', text: p.text });
      } else if (p.kind === 'data') {
        if (p.mimeType.startsWith('image/') && role === 'user') content.push({ type: 'image_url', image_url: { url: imageDataUri(p.mimeType, p.data) } });
        else if (textMime.test(p.mimeType)) content.push({ type: 'text', text: decodeText(p.data) });
      }
    }
    if (content.length === 0) continue;
    const msg: ChatMessage = { role, content: toContent(content) };
    if (name && role === 'user') msg.name = name;
    out.push(msg);
  }
  return out;
}

/** The shape of `LanguageModelChatTool`. */
export interface LmToolLike {
  readonly name: string;
  readonly description: string;
  readonly inputSchema?: object | undefined;
}

/** `LanguageModelChatToolMode`: Auto = 1, Required = 2. */
export const LmToolMode = { auto: 1, required: 2 } as const;

export function toToolDefinitions(tools: readonly LmToolLike[] | undefined): ToolDefinition[] | undefined {
  if (!tools || tools.length === 0) return undefined;
  return tools.map((t) => ({
    type: 'function' as const,
    function: {
      name: t.name,
      description: t.description || undefined,
      // Gateways reject a function without parameters on some upstreams: send an empty object schema.
      parameters: (t.inputSchema as Record<string, unknown> | undefined) ?? { type: 'object', properties: {} },
    },
  }));
}

export function toToolChoice(mode: number | undefined, tools: readonly LmToolLike[] | undefined): ToolChoice | undefined {
  if (!tools || tools.length === 0) return undefined;
  if (mode === LmToolMode.required) {
    return tools.length === 1 ? { type: 'function', function: { name: tools[0].name } } : 'required';
  }
  return 'auto';
}

/** The request options VS Code callers may pass in `modelOptions` that we forward, checked by type. */
export function pickModelOptions(modelOptions: Readonly<Record<string, unknown>> | undefined): {
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  stop?: string | string[];
} {
  const o = modelOptions ?? {};
  const out: { temperature?: number; top_p?: number; max_tokens?: number; stop?: string | string[] } = {};
  if (typeof o.temperature === 'number' && Number.isFinite(o.temperature)) out.temperature = o.temperature;
  if (typeof o.top_p === 'number' && Number.isFinite(o.top_p)) out.top_p = o.top_p;
  const max = o.max_tokens ?? o.maxTokens;
  if (typeof max === 'number' && Number.isInteger(max) && max > 0) out.max_tokens = max;
  if (typeof o.stop === 'string' || (Array.isArray(o.stop) && o.stop.every((s) => typeof s === 'string'))) out.stop = o.stop as string | string[];
  return out;
}

/** A tool call's arguments as the object VS Code's `LanguageModelToolCallPart` wants. */
export function parseToolArguments(args: string): object {
  const trimmed = args.trim();
  if (!trimmed) return {};
  try {
    const value: unknown = JSON.parse(trimmed);
    return isRecord(value) && !Array.isArray(value) ? value : { value };
  } catch {
    // A model that sent broken JSON: hand the raw text over rather than dropping the call.
    return { arguments: args };
  }
}

/** What the provider reports to VS Code, in order: text pieces and finished tool calls. */
export type LmResponsePiece = { kind: 'text'; text: string } | { kind: 'toolCall'; callId: string; name: string; input: object };

/** One stream event → what to report (reasoning, deltas and finish are not parts of VS Code's answer). */
export function toResponsePieces(event: ChatStreamEvent): LmResponsePiece[] {
  switch (event.type) {
    case 'text':
      return event.text ? [{ kind: 'text', text: event.text }] : [];
    case 'toolCalls':
      return event.calls.map((c, i) => ({ kind: 'toolCall' as const, callId: c.id || `call_${i}`, name: c.function.name, input: parseToolArguments(c.function.arguments) }));
    default:
      return [];
  }
}
