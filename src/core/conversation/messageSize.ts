// Whether a message can be sent to a model at all: its estimated tokens against the model's
// context window (less room for the answer), and the protocol's hard cap on characters. The chat
// view checks it before sending, so a message that cannot fit is kept in the input with what to
// do, instead of being sent (or dropped) and lost.
import { ASCII_CHARS_PER_TOKEN, DEFAULT_MAX_OUTPUT, estimateTokens } from '../edits/budget';

export interface MessageFit {
  fits: boolean;
  /** The message's estimated tokens (the extension's one estimator: deliberately high). */
  tokens: number;
  /** The most tokens a message may have for this model. */
  limit: number;
}

/** The most tokens one message may take of a context window: all of it but the room an answer needs. */
export function messageTokenLimit(contextWindow: number): number {
  return contextWindow - Math.min(DEFAULT_MAX_OUTPUT, Math.floor(contextWindow / 4));
}

/**
 * `maxChars` is the protocol's cap (what the host accepts at all). A model whose window the
 * catalogue does not know is held to the cap alone: better the gateway's own answer than refusing
 * a message the model could take.
 */
export function messageFit(text: string, contextWindow: number | undefined, maxChars: number): MessageFit {
  const capTokens = Math.floor(maxChars / ASCII_CHARS_PER_TOKEN);
  const limit = contextWindow && contextWindow > 0 ? Math.min(messageTokenLimit(contextWindow), capTokens) : capTokens;
  // Past the cap the answer is no anyway: spare walking ten million characters.
  const tokens = text.length > maxChars ? Math.max(limit + 1, Math.ceil(text.length / ASCII_CHARS_PER_TOKEN)) : estimateTokens(text);
  return { fits: text.length <= maxChars && tokens <= limit, tokens, limit };
}
