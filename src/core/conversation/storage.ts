// The stored format of a conversation file, versioned. Version 2 (today) holds messages as lists
// of parts; version 1 (the first builds, no `version` field) held a user message's `text`,
// `attachments` and `prompt`, and an answer's `text`, `reasoning` and `reasoningMs`. Every file a
// version-1 build wrote loads unchanged and is written back as version 2 on its next save.
import { isObject } from '../protocol/guards';

export const STORED_VERSION = 2;

/**
 * A conversation file's parsed JSON in the current format, converted in place from version 1;
 * undefined for a file from a newer build (it is left alone on disk, never overwritten with less).
 * Anything else is returned as it is, for `isConversation` to judge.
 */
export function upgradeStoredConversation(data: unknown): unknown {
  if (!isObject(data)) return data;
  if (data.version === STORED_VERSION) return data;
  if (typeof data.version === 'number' && data.version > STORED_VERSION) return undefined;
  if (data.version !== undefined || !Array.isArray(data.messages)) return data;
  for (const m of data.messages as unknown[]) {
    if (!isObject(m)) continue;
    if (m.role === 'user') upgradeUser(m);
    else if (m.role === 'assistant') upgradeAnswer(m);
  }
  data.version = STORED_VERSION;
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
