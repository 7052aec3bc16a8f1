// Whether the extension talks to the real gateway or to a local one (the project's simulator,
// `npm start`): the UI must say so, so nobody mistakes simulated answers for real ones.

/** True for localhost, 127.0.0.0/8, ::1 and 0.0.0.0 base URLs. */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  host = host.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '0.0.0.0' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * What the UI says about the endpoint: `simulator` when `npm start` (or a test) says so with
 * `TOKENHUB_SIMULATOR=1`; `local` for any other loopback base URL (a gateway run on this machine
 * is not a simulator); null for a real gateway. The status bar and the chat header both use this.
 */
export function endpointKind(baseUrl: string, env: Record<string, string | undefined> = {}): 'simulator' | 'local' | null {
  const flag = env.TOKENHUB_SIMULATOR?.trim().toLowerCase();
  if (flag === '1' || flag === 'true') return 'simulator';
  return isLoopbackUrl(baseUrl) ? 'local' : null;
}
