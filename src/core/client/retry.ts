import type { TokenHubError } from './errors';

/** Longest server-requested wait we sit through ourselves; longer ones go back to the user. */
export const MAX_RETRY_AFTER_MS = 60_000;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;

/** HTTP statuses worth another try when nothing reached the user yet (openai-node's list). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Network failures worth another try: the request may never have reached the gateway. */
export function isRetryableNetworkError(e: TokenHubError): boolean {
  if (e.kind === 'connection' || e.kind === 'connectTimeout') return true;
  // A temporary resolver failure, not an unknown host.
  return e.kind === 'dns' && e.code === 'EAI_AGAIN';
}

/**
 * How long to wait before retry number `attempt + 1`: the server's `retry-after(-ms)` when it gave
 * one (undefined when that is longer than we are willing to wait: the error then goes to the user,
 * with the wait), else exponential back-off 0.5 s, 1 s, 2 s... capped at 8 s, minus up to 25 % jitter.
 */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined, random: () => number = Math.random): number | undefined {
  if (retryAfterMs !== undefined) return retryAfterMs <= MAX_RETRY_AFTER_MS ? retryAfterMs : undefined;
  const base = Math.min(BASE_DELAY_MS * 2 ** attempt, MAX_DELAY_MS);
  return Math.round(base * (1 - random() * 0.25));
}

/** The default wait: a timer that an abort cuts short (rejecting, so the caller stops). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
