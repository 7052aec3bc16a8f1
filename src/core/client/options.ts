import type { Logger } from '../log';

export interface ProxySettings {
  /** An explicit proxy URL (our setting, else VS Code's `http.proxy`); empty: the environment decides. */
  url?: string;
  /** VS Code's `http.proxyStrictSSL`: false accepts any certificate through the proxy and from the gateway. */
  strictSSL: boolean;
  /** Environment variables consulted when `url` is empty (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, lower-case too). */
  env: Record<string, string | undefined>;
  /** VS Code's `http.noProxy`: hosts reached directly, added to NO_PROXY. */
  noProxy?: readonly string[];
}

export interface ClientOptions {
  baseUrl: string;
  /** Read on every request, so a key set or cleared takes effect at once (no reload). */
  getApiKey: () => Promise<string | undefined>;
  /** A server that needs no key (a local one): requests go without Authorization when there is none. */
  keyOptional?: boolean;
  /**
   * The certificate authorities to trust, as PEM (`loadCaBundle`); undefined: Node's defaults.
   * The same array for every client that shares the list: its TLS context is built once.
   */
  ca?: readonly string[];
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  idleTimeoutMs: number;
  maxRetries: number;
  proxy: ProxySettings;
  userAgent: string;
  log?: Logger;
  /** Test seam: back-off waits go through it, so retry tests need no real sleeps. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Test seam for jitter. */
  random?: () => number;
}
