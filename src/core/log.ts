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

/**
 * Replaces every secret in `text` with a marker. Applied to every log line, error message and
 * anything else that leaves the process, so a key can never be written out by accident.
 * Besides the known secrets it masks Bearer tokens and TokenHub-style keys (`th-…`, `sk-…`).
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  }
  return out
    .replace(/(Bearer\s+)[^\s"',;]+/gi, '$1[redacted]')
    .replace(/\b(th|sk)-[A-Za-z0-9_-]{8,}\b/g, '[redacted]');
}
