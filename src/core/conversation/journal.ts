// Version 3 of the conversation file: a journal, one JSON object per line, so a save appends what
// changed instead of rewriting the whole conversation (a long one is megabytes; an answer saved
// four times a second while it streams would rewrite them all each time).
//
//   {"version":3,"meta":{id, title, model, …}}      first line: the conversation without messages
//   {"o":"meta","v":{…}}                             the conversation's fields, all of them
//   {"o":"put","i":3,"m":{…message…}}                message 3, whole (3 = count: a new one)
//   {"o":"len","n":3}                                the messages after the third are gone
//   {"o":"fields","i":3,"v":{…}}                     message 3's fields except its parts
//   {"o":"part","i":3,"j":1,"p":{…part…}}            part 1 of message 3, whole (1 = count: new)
//   {"o":"text","i":3,"j":1,"s":"more words"}        appended to the `text` of part 1 of message 3
//
// Reading replays the lines in order. A line that cannot be read ends the replay: a save the
// process did not finish leaves a torn last line, and what came before it is the conversation as
// last saved whole. The store rewrites the file whole (atomically) when it finds one, when the
// file holds much more than the conversation, and for files of versions 1 and 2.
import { isInt, isObject } from '../protocol/guards';
import type { Conversation, Message, UserMessage } from './conversation';

export const JOURNAL_VERSION = 3;

/** The first line of a journal, parsed, if `firstLine` is one. */
export function journalHead(firstLine: string): Record<string, unknown> | undefined {
  if (!firstLine.startsWith('{"version":3,')) return undefined;
  try {
    const head = JSON.parse(firstLine) as unknown;
    return isObject(head) && head.version === JOURNAL_VERSION && isObject(head.meta) ? head.meta : undefined;
  } catch {
    return undefined;
  }
}

/** Replays a journal's lines into a conversation document (the version-2 shape: messages of parts). */
export class JournalReplay {
  private readonly messages: unknown[] = [];
  private stopped = false;

  constructor(private meta: Record<string, unknown>) {}

  /** True once a line could not be applied (everything after it is ignored). */
  get damaged(): boolean {
    return this.stopped;
  }

  /** Applies one line (without its newline); false, and nothing more is applied, when it cannot be. */
  apply(line: string): boolean {
    if (this.stopped) return false;
    if (!line) return true;
    let op: unknown;
    try {
      op = JSON.parse(line);
    } catch {
      op = undefined;
    }
    if (!isObject(op) || !this.applyOp(op)) this.stopped = true;
    return !this.stopped;
  }

  private applyOp(op: Record<string, unknown>): boolean {
    const msgs = this.messages;
    switch (op.o) {
      case 'meta':
        if (!isObject(op.v)) return false;
        this.meta = op.v;
        return true;
      case 'put':
        if (!isInt(op.i, 0, msgs.length) || !isObject(op.m)) return false;
        msgs[op.i] = op.m;
        return true;
      case 'len':
        if (!isInt(op.n, 0, msgs.length)) return false;
        msgs.length = op.n;
        return true;
      case 'fields': {
        const m = isInt(op.i, 0, msgs.length - 1) ? msgs[op.i] : undefined;
        if (!isObject(m) || !isObject(op.v)) return false;
        msgs[op.i as number] = { ...op.v, parts: m.parts };
        return true;
      }
      case 'part': {
        const parts = this.partsOf(op.i);
        if (!parts || !isInt(op.j, 0, parts.length) || !isObject(op.p)) return false;
        parts[op.j] = op.p;
        return true;
      }
      case 'text': {
        const parts = this.partsOf(op.i);
        const p = parts && isInt(op.j, 0, parts.length - 1) ? parts[op.j] : undefined;
        if (!isObject(p) || typeof p.text !== 'string' || typeof op.s !== 'string') return false;
        p.text += op.s;
        return true;
      }
      default:
        return false;
    }
  }

  private partsOf(i: unknown): unknown[] | undefined {
    const m = isInt(i, 0, this.messages.length - 1) ? this.messages[i] : undefined;
    return isObject(m) && Array.isArray(m.parts) ? m.parts : undefined;
  }

  /** The conversation so far, as a document for the usual checks (`isConversation`). */
  result(): Record<string, unknown> {
    return { ...this.meta, version: 2, messages: this.messages };
  }
}

/** Replays a whole journal text at once (tests, small files); the store feeds lines in slices. */
export function replayJournal(text: string): { data: Record<string, unknown>; damaged: boolean } | undefined {
  const lines = text.split('\n');
  const meta = journalHead(lines[0] ?? '');
  if (!meta) return undefined;
  const replay = new JournalReplay(meta);
  // The last piece is what follows the final newline: empty for a file saved whole.
  for (let i = 1; i < lines.length - 1; i++) replay.apply(lines[i]!);
  const torn = (lines[lines.length - 1] ?? '') !== '';
  return { data: replay.result(), damaged: replay.damaged || torn };
}

/** What the journal holds of a part: its text (appended to in place) and the rest of it as JSON. */
interface PartRecord {
  text: string | undefined;
  rest: string;
  /** About how many bytes it takes in a message written whole. */
  bytes: number;
}

interface MessageRecord {
  ref: Message;
  /** An answer's fields except its parts, as JSON; '' for a user message (written once, whole). */
  rest: string;
  parts: PartRecord[];
  /** About how many bytes of the file this message needs when written whole. */
  bytes: number;
}

/** How a user message is written: image parts become references to their files (storedImages.ts). */
export type StoreUserMessage = (m: UserMessage) => unknown;

function metaJson(conv: Conversation): string {
  const { messages: _messages, ...meta } = conv;
  return JSON.stringify(meta);
}

function partRecord(p: object): PartRecord {
  const text = (p as { text?: unknown }).text;
  if (typeof text !== 'string') {
    const rest = JSON.stringify(p);
    return { text: undefined, rest, bytes: rest.length };
  }
  const rest = JSON.stringify({ ...p, text: undefined });
  return { text, rest, bytes: rest.length + text.length + 10 };
}

/**
 * What the file holds, message by message, so that a save can write only the difference. It keeps
 * references to the conversation's own objects and strings (no copies): a text that grew is still
 * the old string plus more, and a message that is the same object with the same fields is skipped.
 */
export class JournalState {
  private meta = '';
  private messages: MessageRecord[] = [];
  /** Bytes in the file. */
  fileBytes = 0;
  private metaBytes = 0;

  /** About how many bytes the conversation needs written whole. */
  get liveBytes(): number {
    let n = this.metaBytes;
    for (const m of this.messages) n += m.bytes;
    return n;
  }

  /** The file holds much more than the conversation (replaced parts, removed messages): time to write it whole. */
  get wasteful(): boolean {
    return this.fileBytes > 2 * this.liveBytes + 64 * 1024;
  }

  /** Message `m` is written at `i` (the same object): a user message there needs nothing more. */
  has(i: number, m: Message): boolean {
    return this.messages[i]?.ref === m;
  }

  /** The head line of a whole file (the lines of its messages follow: `putLine`). */
  head(conv: Conversation): string {
    this.meta = metaJson(conv);
    this.messages = [];
    const line = `{"version":3,"meta":${this.meta}}\n`;
    this.metaBytes = line.length;
    return line;
  }

  /** Message `i` whole, recorded as written. */
  putLine(i: number, m: Message, storeUser: StoreUserMessage): string {
    let line: string;
    if (m.role === 'user') {
      line = `{"o":"put","i":${i},"m":${JSON.stringify(storeUser(m))}}\n`;
      this.messages[i] = { ref: m, rest: '', parts: [], bytes: line.length };
    } else {
      const { parts, ...fields } = m;
      const records = parts.map(partRecord);
      line = `{"o":"put","i":${i},"m":${JSON.stringify(m)}}\n`;
      this.messages[i] = { ref: m, rest: JSON.stringify(fields), parts: records, bytes: line.length };
    }
    return line;
  }

  /**
   * Records a file that already holds `conv` (just loaded and replayed). Each message is
   * serialised once to know its size: `tick` lets a long conversation yield between them (at
   * once, a thousand messages held the extension host for some 30 ms).
   */
  async adopt(conv: Conversation, fileBytes: number, storeUser: StoreUserMessage, tick: () => Promise<void>): Promise<void> {
    this.head(conv);
    for (let i = 0; i < conv.messages.length; i++) {
      this.putLine(i, conv.messages[i]!, storeUser);
      await tick();
    }
    this.fileBytes = fileBytes;
  }

  /**
   * The lines that bring the file from what it holds to `conv`, recording them as written.
   * Messages before `from` are compared by identity only (while an answer streams only its
   * message changes; an explicit save compares everything).
   */
  diff(conv: Conversation, storeUser: StoreUserMessage, from = 0): string {
    let out = '';
    const meta = metaJson(conv);
    if (meta !== this.meta) {
      this.meta = meta;
      out += `{"o":"meta","v":${meta}}\n`;
    }
    const msgs = conv.messages;
    if (msgs.length < this.messages.length) {
      out += `{"o":"len","n":${msgs.length}}\n`;
      this.messages.length = msgs.length;
    }
    for (let i = 0; i < msgs.length; i++) {
      const m = msgs[i]!;
      const rec = this.messages[i];
      if (!rec || rec.ref !== m) out += this.putLine(i, m, storeUser);
      else if (i >= from && m.role === 'assistant') out += this.diffAnswer(i, m, rec, storeUser);
    }
    return out;
  }

  private diffAnswer(i: number, m: Extract<Message, { role: 'assistant' }>, rec: MessageRecord, storeUser: StoreUserMessage): string {
    if (m.parts.length < rec.parts.length) return this.putLine(i, m, storeUser);
    let out = '';
    const { parts, ...fields } = m;
    const rest = JSON.stringify(fields);
    if (rest !== rec.rest) {
      rec.bytes += rest.length - rec.rest.length;
      rec.rest = rest;
      out += `{"o":"fields","i":${i},"v":${rest}}\n`;
    }
    for (let j = 0; j < parts.length; j++) {
      const p = parts[j]!;
      const old = rec.parts[j];
      const now = partRecord(p);
      if (old && now.rest === old.rest && now.text === old.text) continue;
      if (old && now.rest === old.rest && now.text !== undefined && old.text !== undefined && now.text.startsWith(old.text)) {
        const added = now.text.slice(old.text.length);
        out += `{"o":"text","i":${i},"j":${j},"s":${JSON.stringify(added)}}\n`;
        rec.bytes += added.length;
        old.bytes += added.length;
        old.text = now.text;
        continue;
      }
      out += `{"o":"part","i":${i},"j":${j},"p":${JSON.stringify(p)}}\n`;
      rec.bytes += now.bytes - (old?.bytes ?? 0);
      rec.parts[j] = now;
    }
    return out;
  }
}
