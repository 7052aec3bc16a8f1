// Failures that belong to media generation itself (the client's own failures stay TokenHubError).
// The VS Code layer turns `kind` into a message in the user's language.
export type MediaErrorKind =
  | 'failed' // the gateway says the task failed
  | 'timeout' // the task did not finish within the user's limit
  | 'cancelled'
  | 'noResult' // an answer without images, or a finished task without a video URL
  | 'truncated' // the download ended before Content-Length bytes arrived
  | 'tooLarge'
  | 'notVideo' // the downloaded file does not parse as MP4
  | 'notImage'
  | 'badInput'; // a parameter the request cannot carry (empty prompt...)

// Media generation runs from a bundle of its own beside the extension's main bundle, so two
// copies of this class exist at run time: a mark both share keeps `instanceof` true for either.
const MARK = Symbol.for('tokenhub.MediaError');

export class MediaError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [MARK]?: unknown })[MARK] === true;
  }

  override readonly name = 'MediaError';
  readonly [MARK] = true;
  constructor(readonly kind: MediaErrorKind, message: string, readonly detail?: string) {
    super(message);
  }
}

export function isMediaError(value: unknown): value is MediaError {
  return value instanceof MediaError;
}
