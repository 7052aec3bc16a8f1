/** A launcher's progress line on stderr, stamped with the time of day. */
export function log(message: string): void {
  process.stderr.write(`[host ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
