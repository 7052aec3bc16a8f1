import { classifyPart } from './messages';
import type { LmMessageLike, LmPart } from './messages';

// VS Code asks a provider to count tokens to decide what fits the model's window. The gateway
// serves models with different tokenizers and has no counting endpoint, so this is an estimate
// that errs on the high side: about four characters per token for Latin text and code, one token
// per CJK character (those tokenizers split them finely), and a fixed charge per image.

/** What an image costs, roughly (a high-detail tile set on the OpenAI scale). */
export const IMAGE_TOKENS = 765;
/** Role markers and separators every message adds. */
export const MESSAGE_OVERHEAD_TOKENS = 4;

const wide = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/g;

export function estimateTextTokens(text: string): number {
  if (!text) return 0;
  const wideCount = text.match(wide)?.length ?? 0;
  const rest = text.length - wideCount;
  return wideCount + Math.ceil(rest / 4);
}

function partTokens(part: LmPart): number {
  switch (part.kind) {
    case 'text':
      return estimateTextTokens(part.text);
    case 'toolCall':
      return estimateTextTokens(part.name) + estimateTextTokens(JSON.stringify(part.input ?? {}) ?? '');
    case 'toolResult':
      return part.content.reduce((n, p) => n + partTokens(p), 0);
    case 'data':
      if (part.mimeType.startsWith('image/')) return IMAGE_TOKENS;
      return /^(text\/|application\/json)/.test(part.mimeType) ? Math.ceil(part.data.byteLength / 4) : 0;
    default:
      return 0;
  }
}

/** `provideTokenCount`: a string, or a whole message with its parts. */
export function estimateTokens(input: string | LmMessageLike): number {
  if (typeof input === 'string') return estimateTextTokens(input);
  const parts = typeof input.content === 'string' ? [classifyPart(input.content)] : input.content.map(classifyPart);
  return MESSAGE_OVERHEAD_TOKENS + parts.reduce((n, p) => n + partTokens(p), 0);
}
