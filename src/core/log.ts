/** The logging surface core code writes to; the VS Code layer backs it with a LogOutputChannel. */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const nullLogger: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** Shorter "secrets" are ignored: masking every `a` or `12` would wreck the text and hide nothing. */
const MIN_SECRET = 4;

// One set per process, not per copy of this module: the production build copies it into every
// bundle that uses it (esbuild.mjs), and a key remembered by one must be masked by all.
const REMEMBERED = Symbol.for('tokenhub.rememberedSecrets');
const remembered: Set<string> = ((globalThis as Record<symbol, unknown>)[REMEMBERED] ??= new Set<string>()) as Set<string>;

/**
 * A secret every later `redact` masks, even where the caller has no secrets to pass (an unknown
 * error's message, say). The extension remembers each key it reads or is given, whatever its shape.
 */
export function rememberSecret(secret: string | undefined): void {
  if (secret && secret.length >= MIN_SECRET) remembered.add(secret);
}

/**
 * Replaces every secret in `text` with a marker. Applied to every log line, error message and
 * anything else that leaves the process, so a key can never be written out by accident.
 * Known secrets (passed or remembered) are masked whatever their shape, also percent-encoded (as
 * in a URL), longest first (so a key that contains another is not half shown); besides them,
 * Bearer tokens and TokenHub-style keys (`th-…`, `sk-…`).
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  // Remembered secrets were checked when they were remembered.
  const known = [...remembered, ...secrets.filter((s) => s && s.length >= MIN_SECRET)];
  for (const s of known.flatMap((k) => [k, encodeURIComponent(k)]).sort((a, b) => b.length - a.length)) {
    out = out.split(s).join('[redacted]');
  }
  return out
    .replace(/(Bearer\s+)[^\s"',;]+/gi, '$1[redacted]')
    .replace(/\b(th|sk)-[A-Za-z0-9_-]{8,}\b/g, '[redacted]');
}
