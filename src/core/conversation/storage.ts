// The stored format of a conversation file, versioned. Version 3 (today) is a journal of changes,
// one JSON object per line (./journal.ts), that replays into a version-2 document. Version 2 was
// one JSON document holding messages as lists of parts; version 1 (the first builds, no `version`
// field) held a user message's `text`, `attachments` and `prompt`, and an answer's `text`,
// `reasoning` and `reasoningMs`. Files of versions 1 and 2 load unchanged and are written back as
// version 3 on their next save.
import { isObject } from '../protocol/guards';
import { JOURNAL_VERSION } from './journal';

/** The version the store writes. */
export const STORED_VERSION = JOURNAL_VERSION;
/** The document shape conversations are read into, whatever the file's version: messages of parts. */
export const DOCUMENT_VERSION = 2;

/**
 * A conversation document (a version-1 or version-2 file's JSON, or a replayed journal) in the
 * current shape, converted in place from version 1; undefined for a document from a newer build
 * (it is left alone on disk, never overwritten with less). Anything else is returned as it is, for
 * `isConversation` to judge.
 */
export function upgradeStoredConversation(data: unknown): unknown {
  if (!isObject(data)) return data;
  if (data.version === DOCUMENT_VERSION) return data;
  if (typeof data.version === 'number' && data.version > DOCUMENT_VERSION) return undefined;
  if (data.version !== undefined || !Array.isArray(data.messages)) return data;
  for (const m of data.messages as unknown[]) {
    if (!isObject(m)) continue;
    if (m.role === 'user') upgradeUser(m);
    else if (m.role === 'assistant') upgradeAnswer(m);
  }
  data.version = DOCUMENT_VERSION;
  return data;
}

function upgradeUser(m: Record<string, unknown>): void {
  if (m.parts !== undefined) return;
  const parts: unknown[] = [];
  for (const a of Array.isArray(m.attachments) ? (m.attachments as unknown[]) : []) {
    if (!isObject(a)) {
      parts.push(a); // left for the guard to refuse
      continue;
    }
    const { kind, ...rest } = a;
    if (kind === 'image') parts.push({ type: 'image', ...rest });
    else if (kind === 'selection' || kind === 'file') parts.push({ type: 'attachment', kind, ...rest });
    else parts.push(a);
  }
  if (typeof m.text === 'string' && m.text) parts.push({ type: 'text', text: m.text });
  else if (m.text !== undefined && typeof m.text !== 'string') parts.push({ type: 'text', text: m.text });
  delete m.attachments;
  delete m.text;
  m.parts = parts;
}

function upgradeAnswer(m: Record<string, unknown>): void {
  if (m.parts !== undefined) return;
  const parts: unknown[] = [];
  if (typeof m.reasoning === 'string' && m.reasoning) {
    parts.push(typeof m.reasoningMs === 'number' ? { type: 'reasoning', text: m.reasoning, ms: m.reasoningMs } : { type: 'reasoning', text: m.reasoning });
  } else if (m.reasoning !== undefined && typeof m.reasoning !== 'string') parts.push({ type: 'reasoning', text: m.reasoning });
  if (typeof m.text === 'string' && m.text) parts.push({ type: 'text', text: m.text });
  else if (m.text !== undefined && typeof m.text !== 'string') parts.push({ type: 'text', text: m.text });
  delete m.text;
  delete m.reasoning;
  delete m.reasoningMs;
  m.parts = parts;
}
