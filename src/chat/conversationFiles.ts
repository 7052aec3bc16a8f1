// Reading conversation files of every version (1 and 2: one JSON document; 3: a journal of
// changes, src/core/conversation/journal.ts) into a checked Conversation, without holding the
// extension host's thread for long: the journal is replayed, and the messages checked, in slices
// that give the event loop back every few milliseconds (a long conversation is megabytes).
import type { Conversation } from '../core/conversation/conversation';
import { journalHead, JournalReplay } from '../core/conversation/journal';
import { STORED_VERSION, upgradeStoredConversation } from '../core/conversation/storage';
import { isConversation, isMessage } from '../core/conversation/validate';

/** How long a slice of reading may hold the thread before it yields. */
const SLICE_MS = 8;

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A clock that says when a slice has run long enough. */
export class Slicer {
  private deadline = performance.now() + SLICE_MS;

  /** Yields to the event loop when the slice is over. */
  async tick(): Promise<void> {
    if (performance.now() < this.deadline) return;
    await yieldToEventLoop();
    this.deadline = performance.now() + SLICE_MS;
  }
}

export interface ParsedFile {
  /** The document (messages of parts, images as references); undefined when unreadable or from a newer build. */
  readonly data: Record<string, unknown> | undefined;
  /** The file is a journal (version 3); otherwise a document to be rewritten as one. */
  readonly journal: boolean;
  /** A journal line could not be read (a torn last save): what came before it is the conversation. */
  readonly damaged: boolean;
  /** The file came from a newer build (it is left alone). */
  readonly newer: boolean;
}

/** A conversation file's text → its document, any version, in slices (of `slicer`'s, when the caller goes on slicing after it). */
export async function parseConversationFile(text: string, slicer = new Slicer()): Promise<ParsedFile> {
  const nl = text.indexOf('\n');
  const meta = journalHead(nl < 0 ? text : text.slice(0, nl));
  if (!meta) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return { data: undefined, journal: false, damaged: false, newer: nl >= 0 && isNewerHead(text.slice(0, nl)) };
    }
    const upgraded = upgradeStoredConversation(data);
    const newer = upgraded === undefined && data !== undefined;
    return { data: isRecord(upgraded) ? upgraded : undefined, journal: false, damaged: false, newer };
  }
  const replay = new JournalReplay(meta);
  let pos = nl + 1;
  let torn = false;
  while (pos < text.length) {
    const end = text.indexOf('\n', pos);
    if (end < 0) {
      torn = true; // the last save was cut short
      break;
    }
    if (!replay.apply(text.slice(pos, end))) break;
    pos = end + 1;
    await slicer.tick();
  }
  return { data: replay.result(), journal: true, damaged: replay.damaged || torn, newer: false };
}

/** Checks a document (images already resolved) message by message, in slices; the conversation, or undefined. */
export async function checkConversation(data: Record<string, unknown>, slicer = new Slicer()): Promise<Conversation | undefined> {
  const messages = data.messages;
  if (!Array.isArray(messages) || !isConversation({ ...data, messages: [] })) return undefined;
  for (const m of messages) {
    if (!isMessage(m)) return undefined;
    await slicer.tick();
  }
  // The format's version belongs to the file; in memory a conversation is just a conversation.
  delete data.version;
  return data as unknown as Conversation;
}

/** A first line naming a version past ours (a later build's journal). */
function isNewerHead(line: string): boolean {
  try {
    const head = JSON.parse(line) as unknown;
    return isRecord(head) && typeof head.version === 'number' && head.version > STORED_VERSION;
  } catch {
    return false;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
