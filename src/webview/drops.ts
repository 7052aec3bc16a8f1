// What a drop on the chat carries, as URIs. VS Code's Explorer and editor tabs put their items on
// the drag in several forms (the DOM lowercases the types): `application/vnd.code.uri-list` with
// every item, one per line; `resourceurls`, a JSON array (files only); and `text/uri-list`, which
// holds only the first item (a Chromium limitation VS Code works around with the first form).
import { MAX_DROPPED } from '../core/protocol/chatProtocol';

const URI_TYPES = ['application/vnd.code.uri-list', 'resourceurls', 'text/uri-list'];

/** Whether a drag carries workspace items (not files from the operating system). */
export function carriesUris(types: readonly string[]): boolean {
  return types.some((t) => URI_TYPES.includes(t.toLowerCase()));
}

function uriLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && /^[a-z][\w+.-]*:/i.test(l));
}

/** The URIs a drop carries, the fullest form first, each once, at most MAX_DROPPED. */
export function droppedUris(data: Pick<DataTransfer, 'getData' | 'types'>): string[] {
  const types = Array.from(data.types, (t) => t.toLowerCase());
  const found: string[] = [];
  if (types.includes('application/vnd.code.uri-list')) found.push(...uriLines(data.getData('application/vnd.code.uri-list')));
  if (!found.length && types.includes('resourceurls')) {
    try {
      const list: unknown = JSON.parse(data.getData('resourceurls'));
      if (Array.isArray(list)) for (const u of list) if (typeof u === 'string') found.push(...uriLines(u));
    } catch {
      // Not the JSON it should be: the other forms may still have it.
    }
  }
  if (!found.length && types.includes('text/uri-list')) found.push(...uriLines(data.getData('text/uri-list')));
  return [...new Set(found)].slice(0, MAX_DROPPED);
}
