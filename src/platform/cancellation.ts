import type * as vscode from 'vscode';

/** One AbortSignal for a CancellationToken and/or a signal (the core takes signals only). */
export function linkedSignal(token: vscode.CancellationToken | undefined, signal: AbortSignal | undefined): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (token?.isCancellationRequested || signal?.aborted) controller.abort();
  const sub = token?.onCancellationRequested(abort);
  signal?.addEventListener('abort', abort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      sub?.dispose();
      signal?.removeEventListener('abort', abort);
    },
  };
}
