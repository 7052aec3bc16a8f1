import type { SecureContext } from 'node:tls';
import { Agent, EnvHttpProxyAgent } from 'undici';
import type { Dispatcher } from 'undici';
import { secureContextFor } from './certificates';
import type { ClientOptions, ProxySettings } from './options';
import type { Preconnector } from './preconnect';

/** The proxy configuration one client uses, resolved once from settings and environment. */
export interface ProxyPlan {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy: string;
  /**
   * Set when the proxy setting names a proxy auto-configuration script (a `.pac` or `wpad.dat`
   * URL): the bundled undici cannot run one, so requests fail with a message saying what to set.
   */
  pacScript?: string;
}

/** Whether a proxy setting is the URL of a PAC script rather than of a proxy. */
export function isPacUrl(value: string | undefined): boolean {
  const v = value?.trim();
  if (!v) return false;
  if (/^pac\+/i.test(v)) return true;
  try {
    const u = new URL(v.includes('://') ? v : `http://${v}`);
    return /\.pac$|(^|\/)wpad\.dat$/i.test(u.pathname);
  } catch {
    return false;
  }
}

function env(e: Record<string, string | undefined>, name: string): string | undefined {
  const v = e[name.toLowerCase()] ?? e[name.toUpperCase()];
  return v && v.trim() ? v.trim() : undefined;
}

/** An explicit proxy URL wins; else HTTPS_PROXY / HTTP_PROXY; NO_PROXY and `http.noProxy` apply to both. */
export function planProxy(p: ProxySettings): ProxyPlan {
  const noProxy = [env(p.env, 'no_proxy'), ...(p.noProxy ?? []).map((h) => h.trim())].filter(Boolean).join(',');
  const explicit = p.url?.trim();
  if (explicit && isPacUrl(explicit)) return { noProxy, pacScript: explicit.replace(/\/\/[^/@]*@/, '//') };
  if (explicit) return { httpProxy: explicit, httpsProxy: explicit, noProxy };
  const httpProxy = env(p.env, 'http_proxy');
  const httpsProxy = env(p.env, 'https_proxy') ?? httpProxy;
  return { httpProxy, httpsProxy, noProxy };
}

/** NO_PROXY matching as curl and undici do it: `*`, host suffixes (with or without a dot), optional port. */
export function bypassesProxy(url: URL, noProxy: string): boolean {
  if (!noProxy) return false;
  if (noProxy.trim() === '*') return true;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy.split(/[,\s]+/)) {
    if (!raw) continue;
    const m = /^(.*?)(?::(\d+))?$/.exec(raw.toLowerCase())!;
    const entry = m[1].replace(/^\*?\./, '.').replace(/^\[|\]$/g, '');
    if (m[2] && m[2] !== port) continue;
    if (entry.startsWith('.') ? host.endsWith(entry) || host === entry.slice(1) : host === entry || host.endsWith(`.${entry}`)) return true;
  }
  return false;
}

/** Which proxy (host:port, no credentials) a request to `url` goes through, or undefined. */
export function proxyFor(url: URL, plan: ProxyPlan): string | undefined {
  const proxy = url.protocol === 'https:' ? plan.httpsProxy : plan.httpProxy;
  if (!proxy || bypassesProxy(url, plan.noProxy)) return undefined;
  try {
    return new URL(proxy.includes('://') ? proxy : `http://${proxy}`).host;
  } catch {
    // Up to the last @: a password may hold an unencoded one.
    return proxy.replace(/^.*@/, '');
  }
}

/** The options of undici's connector for a client (a Preconnector opens its sockets with the same). */
export function connectOptions(o: ClientOptions): { timeout: number; rejectUnauthorized: boolean; secureContext?: SecureContext } {
  return { timeout: o.connectTimeoutMs, ...tlsOptions(o) };
}

/** How certificates are checked: our own roots only when they are checked at all (http.proxyStrictSSL: false checks none). */
function tlsOptions(o: ClientOptions): { rejectUnauthorized: boolean; secureContext?: SecureContext } {
  return o.proxy.strictSSL && o.ca ? { rejectUnauthorized: true, secureContext: secureContextFor(o.ca) } : { rejectUnauthorized: o.proxy.strictSSL };
}

/**
 * The client's own dispatcher: never the global one, which VS Code patches for its own traffic
 * (setting it would change VS Code's networking). A bundled undici is not patched by VS Code, so
 * proxies are applied here.
 */
export function createDispatcher(o: ClientOptions, plan: ProxyPlan = planProxy(o.proxy), preconnector?: Preconnector): Dispatcher {
  const tls = tlsOptions(o);
  const common = {
    connect: { timeout: o.connectTimeoutMs, ...tls },
    headersTimeout: o.headersTimeoutMs,
    bodyTimeout: o.idleTimeoutMs,
    // Streams can be long; keep sockets around between requests of one conversation.
    keepAliveTimeout: 30_000,
  };
  if (!plan.httpProxy && !plan.httpsProxy) return new Agent(preconnector ? { ...common, connect: preconnector.connect } : common);
  const normal = (u: string | undefined) => (u ? (u.includes('://') ? u : `http://${u}`) : '');
  return new EnvHttpProxyAgent({
    ...common,
    // Empty strings (not undefined) so undici does not fall back to process.env behind our back.
    httpProxy: normal(plan.httpProxy),
    httpsProxy: normal(plan.httpsProxy),
    noProxy: plan.noProxy,
    requestTls: tls,
    proxyTls: tls,
  });
}
