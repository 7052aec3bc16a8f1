// Which model answered, and whether that is the one that was asked for. Gateways route: the
// stream's `model` then names another model, and that one's prices apply. A dated snapshot of the
// model asked for (`gpt-4o` answered as `gpt-4o-2024-08-06`) or the same id with or without its
// provider prefix is the same model, not a routed answer.

const SNAPSHOT_SUFFIX = /^-(?:\d{4}-\d{2}-\d{2}|\d{8}|\d{4}|latest|preview|v\d+(?:[.:]\d+)*)$/;

function bare(id: string): string {
  const t = id.trim().toLowerCase();
  return t.slice(t.lastIndexOf('/') + 1);
}

/** True when `answered` is another model than `requested` (ids as the request and the stream give them). */
export function isRoutedAnswer(requested: string, answered: string | undefined): boolean {
  if (!answered?.trim()) return false;
  const r = bare(requested);
  const a = bare(answered);
  if (a === r) return false;
  if (a.startsWith(`${r}-`) && SNAPSHOT_SUFFIX.test(a.slice(r.length))) return false;
  if (r.startsWith(`${a}-`) && SNAPSHOT_SUFFIX.test(r.slice(a.length))) return false;
  return true;
}
