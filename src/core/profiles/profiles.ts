import { createHash } from 'node:crypto';
import { isLoopbackUrl } from '../endpoint';
import { DEFAULT_PROFILE_ID, isProfileId } from './modelRef';

// Gateway profiles: a base URL, a name and (kept elsewhere, in SecretStorage) a key. The default
// profile is TokenHub at `tokenhub.baseUrl` with the key every earlier build stored, so nothing
// moves when profiles arrive; the others are defined in the `tokenhub.profiles` setting (user
// settings only: a workspace's definitions wait for the user's approval, keyed by a hash of
// their URL). Pure: reading, checking, naming, exporting and importing definitions.

/** Gateways the extension knows: their built-in catalogue and prices apply to them. */
export type KnownGateway = 'tokenhub' | 'tokenhot';

export interface GatewayInfo {
  name: string;
  baseUrl: string;
  /** Host names (and their subdomains) that are this gateway. */
  hosts: readonly string[];
  /** How its keys start, for the key input's placeholder. */
  keyPlaceholder: string;
  /** Where its users create keys. */
  keysPage: string;
}

export const GATEWAYS: Readonly<Record<KnownGateway, GatewayInfo>> = {
  tokenhub: { name: 'TokenHub', baseUrl: 'https://tokenhub.store/api/v1', hosts: ['tokenhub.store'], keyPlaceholder: 'th-…', keysPage: 'https://tokenhub.store/dashboard' },
  // Tokenhot's docs (../shared/seeds/003): base URL, Bearer `sk-…` keys, keys at /console/token.
  tokenhot: { name: 'Tokenhot', baseUrl: 'https://api.tokenhot.ai/v1', hosts: ['tokenhot.ai'], keyPlaceholder: 'sk-…', keysPage: 'https://api.tokenhot.ai/console/token' },
};

/** Servers people run on their own machine, with the OpenAI-compatible URL each listens on by default. */
export const LOCAL_SERVERS: readonly { name: string; baseUrl: string }[] = [
  { name: 'Ollama', baseUrl: 'http://localhost:11434/v1' },
  { name: 'LM Studio', baseUrl: 'http://localhost:1234/v1' },
  { name: 'vLLM', baseUrl: 'http://localhost:8000/v1' },
  { name: 'llama.cpp', baseUrl: 'http://localhost:8080/v1' },
];

/** A profile as the `tokenhub.profiles` setting and an export file hold it (never a key). */
export interface ProfileDefinition {
  id: string;
  name: string;
  baseUrl: string;
  /** Needs no key (a local server): requests go without Authorization unless a key is set anyway. */
  keyless?: boolean;
  /** Costs nothing (a server of one's own): answers are priced at $0. */
  free?: boolean;
}

export interface Profile extends ProfileDefinition {
  /** `default`: TokenHub at `tokenhub.baseUrl`; `user`: user settings; `workspace`: a workspace's, approved by the user. */
  source: 'default' | 'user' | 'workspace';
}

/** The gateway a base URL belongs to, by host; undefined for any other server. */
export function knownGatewayOf(baseUrl: string): KnownGateway | undefined {
  let host: string;
  try {
    host = new URL(baseUrl).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  for (const [id, g] of Object.entries(GATEWAYS) as [KnownGateway, GatewayInfo][]) {
    if (g.hosts.some((h) => host === h || host.endsWith(`.${h}`))) return id;
  }
  return undefined;
}

/**
 * Which known gateway a profile is: the default profile is TokenHub wherever it points (a
 * simulator or a mirror of it, as in every earlier build); the others by their host.
 */
export function gatewayOfProfile(profile: Pick<Profile, 'id' | 'baseUrl'>): KnownGateway | undefined {
  return profile.id === DEFAULT_PROFILE_ID ? 'tokenhub' : knownGatewayOf(profile.baseUrl);
}

export type BaseUrlProblem = 'empty' | 'invalid' | 'scheme' | 'credentials' | 'queryOrFragment';

/**
 * A base URL as requests use it (no trailing slash), or why it cannot be one. Credentials in the
 * URL are refused: they would travel with every request and show wherever the URL is shown.
 */
export function normalizeBaseUrl(raw: string): { url: string } | { problem: BaseUrlProblem } {
  const text = raw.trim();
  if (!text) return { problem: 'empty' };
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return { problem: 'invalid' };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return { problem: 'scheme' };
  if (u.username || u.password) return { problem: 'credentials' };
  if (u.search || u.hash) return { problem: 'queryOrFragment' };
  return { url: u.toString().replace(/\/+$/, '') };
}

/** `https://host:port`, the unit a key is bound to; undefined for a URL that is not one. */
export function originOf(url: string): string | undefined {
  try {
    const o = new URL(url).origin;
    return o === 'null' ? undefined : o;
  } catch {
    return undefined;
  }
}

/** Whether a key typed for `url` would travel unencrypted to another machine. */
export function isCleartextRemote(url: string): boolean {
  try {
    return new URL(url).protocol === 'http:' && !isLoopbackUrl(url);
  } catch {
    return false;
  }
}

/** A hash of a base URL: approvals of workspace profiles are kept by it (a changed URL needs a new approval). */
export function urlHash(baseUrl: string): string {
  const n = normalizeBaseUrl(baseUrl);
  return createHash('sha256').update('url' in n ? n.url : baseUrl.trim()).digest('hex');
}

/** A workspace profile's id: from its URL, so it can never take the id (and key) of a user's profile. */
export function workspaceProfileId(baseUrl: string): string {
  return `ws-${urlHash(baseUrl).slice(0, 12)}`;
}

/** An id for a new profile from its name (`My vLLM` → `my-vllm`), unique among `taken`. */
export function newProfileId(name: string, taken: Iterable<string>): string {
  const used = new Set([...taken, DEFAULT_PROFILE_ID]);
  const slug =
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 32)
      .replace(/-+$/, '') || 'gateway';
  const base = /^(ws-)/.test(slug) ? `p-${slug}` : slug;
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

const MAX_NAME = 60;

/**
 * One definition from a setting or a file, checked: a base URL that `normalizeBaseUrl` accepts, a
 * name (the host when there is none), an id (from the name when there is none). Undefined for junk.
 * Key fields, if a hand-written file has them, are ignored: keys live only in SecretStorage.
 */
export function readDefinition(value: unknown, taken: Iterable<string> = []): ProfileDefinition | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const o = value as Record<string, unknown>;
  const url = typeof o.baseUrl === 'string' ? normalizeBaseUrl(o.baseUrl) : { problem: 'empty' as const };
  if (!('url' in url)) return undefined;
  const rawName = typeof o.name === 'string' ? o.name.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME) : '';
  const name = rawName || new URL(url.url).host;
  const id = isProfileId(o.id) && o.id !== DEFAULT_PROFILE_ID && !o.id.startsWith('ws-') ? o.id : newProfileId(name, taken);
  const def: ProfileDefinition = { id, name, baseUrl: url.url };
  if (o.keyless === true) def.keyless = true;
  if (o.free === true) def.free = true;
  return def;
}

/** The definitions of a setting's value (an array), junk and repeated ids dropped. */
export function readDefinitions(value: unknown): ProfileDefinition[] {
  if (!Array.isArray(value)) return [];
  const out: ProfileDefinition[] = [];
  const ids = new Set<string>([DEFAULT_PROFILE_ID]);
  for (const item of value) {
    const def = readDefinition(item, ids);
    if (!def || ids.has(def.id)) continue;
    ids.add(def.id);
    out.push(def);
  }
  return out;
}

/** What a setting stores for a definition: only the fields that say something. */
export function toStoredDefinition(def: ProfileDefinition): ProfileDefinition {
  const out: ProfileDefinition = { id: def.id, name: def.name, baseUrl: def.baseUrl };
  if (def.keyless) out.keyless = true;
  if (def.free) out.free = true;
  return out;
}

export const EXPORT_FORMAT = 'tokenhub-profiles';

/** The export file: the definitions as JSON, never a key. */
export function exportProfiles(defs: readonly ProfileDefinition[]): string {
  return `${JSON.stringify({ format: EXPORT_FORMAT, version: 1, profiles: defs.map(toStoredDefinition) }, null, 2)}\n`;
}

export interface ImportResult {
  /** Definitions to add, with ids unique among the existing ones. */
  added: ProfileDefinition[];
  /** Entries already there (the same base URL and name), or unreadable. */
  skipped: number;
}

/**
 * Reads an export file (or a bare array of definitions) against the profiles there are. Throws an
 * Error with a plain English message when the text is not such a file at all.
 */
export function importProfiles(text: string, existing: readonly ProfileDefinition[]): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('The file is not JSON.');
  }
  const list = Array.isArray(json) ? json : json && typeof json === 'object' && Array.isArray((json as { profiles?: unknown }).profiles) ? (json as { profiles: unknown[] }).profiles : undefined;
  if (!list) throw new Error('The file holds no gateway profiles.');
  const ids = new Set(existing.map((p) => p.id));
  const same = new Set(existing.map((p) => `${p.baseUrl}\n${p.name}`));
  const added: ProfileDefinition[] = [];
  let skipped = 0;
  for (const item of list) {
    const def = readDefinition(item, ids);
    if (!def || same.has(`${def.baseUrl}\n${def.name}`)) {
      skipped++;
      continue;
    }
    if (ids.has(def.id)) def.id = newProfileId(def.name, ids);
    ids.add(def.id);
    same.add(`${def.baseUrl}\n${def.name}`);
    added.push(def);
  }
  return { added, skipped };
}
