// Waits for a condition by polling it, with a time limit and a message that says what did not
// happen: the one synchronisation helper of the integration and end-to-end tests (no bare sleeps).
// Plain Node, so the extension host and the e2e launcher both load it.

/**
 * Polls `condition` until it returns a truthy value (returned) or `timeoutMs` passes (throws with
 * `message` and the last value/error). For state that settles asynchronously, instead of sleeps.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  timeoutMs = 5000,
  message = 'condition',
  intervalMs = 25,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (e) {
      last = e;
    }
    if (Date.now() >= deadline) {
      const detail = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${message} (last: ${detail})`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The same for end-to-end tests, where each poll is a round trip to the browser: a slower pace. */
export function until<T>(condition: () => T | Promise<T>, timeoutMs: number, message: string): Promise<NonNullable<T>> {
  return waitFor(condition, timeoutMs, message, 100);
}
