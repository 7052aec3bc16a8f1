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

export class MediaError extends Error {
  override readonly name = 'MediaError';
  constructor(readonly kind: MediaErrorKind, message: string, readonly detail?: string) {
    super(message);
  }
}

export function isMediaError(value: unknown): value is MediaError {
  return value instanceof MediaError;
}
