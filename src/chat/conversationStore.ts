import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Conversation, ConversationSummary } from '../core/conversation/conversation';
import { summarize } from '../core/conversation/conversation';
import { JournalState } from '../core/conversation/journal';
import type { SearchEntry } from '../core/conversation/searchText';
import { searchEntry } from '../core/conversation/searchText';
import { imagesOf } from '../core/conversation/storedImages';
import { isSafeConversationId } from '../core/conversation/validate';
import type { Logger } from '../core/log';
import { checkConversation, parseConversationFile, Slicer } from './conversationFiles';
import { ConversationImages } from './conversationImages';

const THROTTLE_MS = 250;
/** While an answer streams, the last messages are compared in depth at each save; earlier ones by identity. */
const TAIL = 2;
/** History's search text is dropped when History has not been used for this long (it can be megabytes). */
const INDEX_IDLE_MS = 5 * 60_000;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Conversations on disk: one file per conversation under the extension's global storage, a journal
 * of changes (src/core/conversation/journal.ts). A save appends what changed since the file was
 * last read or written, so an answer streaming into a conversation of megabytes writes about what
 * the model says, not the whole conversation four times a second. The file is written whole, to a
 * temp file then renamed (a crash mid-write leaves the previous complete file), the first time, for
 * files of the older formats, after a torn save, and when it holds much more than the conversation.
 * While an answer streams, `saveSoon` writes at most every 250 ms; `flushSync` (on deactivate)
 * writes what is pending before the host goes away. Reading a long file gives the event loop back
 * every few milliseconds.
 *
 * Image attachments (data URIs of up to 20 MB) are not in the file: their files are written apart
 * (ConversationImages) and the file holds a reference. Files written by older versions, with
 * images inline, still load and are converted on their next save.
 */
export class ConversationStore {
  readonly imagesDir: string;
  /** The image files, written apart from the conversation files and referred to by them. */
  private readonly images: ConversationImages;
  private readonly dirty = new Map<string, Conversation>();
  private timer: NodeJS.Timeout | undefined;
  private seq = 0;
  private writing: Promise<void> = Promise.resolve();
  /** What each conversation's file holds, for the conversation object that last read or wrote it. */
  private readonly journals = new WeakMap<Conversation, JournalState>();
  /** The journal that matches each file now (an older object's journal no longer does). */
  private readonly current = new Map<string, WeakRef<JournalState>>();
  /** History's search text per file, with the file's size and time when it was read. */
  private readonly index = new Map<string, { size: number; mtimeMs: number; entry: SearchEntry }>();
  private indexTimer: NodeJS.Timeout | undefined;
  /** Bytes written to conversation files (not images) since the store was made: the benchmark reads it. */
  bytesWritten = 0;

  constructor(readonly dir: string, private readonly log?: Logger) {
    this.images = new ConversationImages(dir, (d, name) => this.tempFile(d, name), log);
    this.imagesDir = this.images.dir;
  }

  private file(id: string): string {
    if (!isSafeConversationId(id)) throw new Error('invalid conversation id');
    return path.join(this.dir, `${id}.json`);
  }

  private tempFile(dir: string, name: string): string {
    return path.join(dir, `.${name}.${process.pid}.${++this.seq}.tmp`);
  }

  /**
   * Reads a conversation, images and all; its journal is kept, so saves of this object append.
   * The file of a conversation from a newer build is left alone.
   */
  async load(id: string): Promise<Conversation | undefined> {
    // One slicer for reading, checking and adopting: each step starting a slice of its own let
    // the end of one and the start of the next hold the host together (some 30 ms for 5 MB).
    const slicer = new Slicer();
    const read = await this.read(id, true, slicer);
    if (!read) return undefined;
    const { conv, journal, bytes } = read;
    if (journal) {
      const state = new JournalState();
      await state.adopt(conv, bytes, this.images.storeUser(), () => slicer.tick());
      this.journals.set(conv, state);
      this.current.set(id, new WeakRef(state));
    } else {
      // Written whole on its next save (an older format, or a torn last save).
      this.current.delete(id);
    }
    return conv;
  }

  /** Reads and checks a file; `images` reads the pictures back (History's search does not need them). */
  private async read(id: string, images: boolean, slicer = new Slicer()): Promise<{ conv: Conversation; journal: boolean; bytes: number } | undefined> {
    if (!isSafeConversationId(id)) return undefined;
    let text: string;
    try {
      text = await fs.promises.readFile(this.file(id), 'utf8');
    } catch {
      return undefined;
    }
    const parsed = await parseConversationFile(text, slicer);
    if (parsed.newer) {
      this.log?.warn(`chat: conversation ${id} was saved by a newer version of TokenHub; it is left as it is`);
      return undefined;
    }
    const data = parsed.data;
    if (!data) return undefined;
    if (parsed.damaged) this.log?.warn(`chat: the last save of conversation ${id} was cut short; it opens as it was saved before, and is written whole on its next save`);
    const found = await this.images.resolve(data, images);
    const conv = await checkConversation(data, slicer);
    if (!conv || conv.id !== id) return undefined;
    if (images) this.images.remember(found, id);
    return { conv, journal: parsed.journal && !parsed.damaged, bytes: Buffer.byteLength(text) };
  }

  /** Every stored conversation, newest first. Unreadable files are skipped (and logged). */
  async loadAll(): Promise<Conversation[]> {
    const out: Conversation[] = [];
    for (const name of await this.fileNames()) {
      const c = await this.read(name.slice(0, -5), true);
      if (c) out.push(this.dirty.get(c.conv.id) ?? c.conv);
      else this.log?.warn(`chat: skipped unreadable conversation file ${name}`);
    }
    return out.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async list(): Promise<ConversationSummary[]> {
    return (await this.loadAll()).map(summarize);
  }

  /**
   * What History lists and searches, newest first: each conversation's summary and its words,
   * read once per file and again only when the file changes (its size or time). A conversation
   * waiting to be saved is taken as it is in memory.
   */
  async searchEntries(): Promise<SearchEntry[]> {
    if (this.indexTimer) clearTimeout(this.indexTimer);
    this.indexTimer = setTimeout(() => this.index.clear(), INDEX_IDLE_MS);
    this.indexTimer.unref?.();
    const names = await this.fileNames();
    const seen = new Set(names.map((n) => n.slice(0, -5)));
    // Files are looked at a few at a time: one after the other, hundreds of them wait on the disk
    // (and on a busy machine) in turn.
    const entries = await inBatches(names, 16, async (name): Promise<SearchEntry | undefined> => {
      const id = name.slice(0, -5);
      const pending = this.dirty.get(id);
      if (pending) return searchEntry(pending);
      let stat: fs.Stats;
      try {
        stat = await fs.promises.stat(path.join(this.dir, name));
      } catch {
        return undefined;
      }
      const known = this.index.get(id);
      if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs) return known.entry;
      const read = await this.read(id, false);
      if (!read) {
        this.log?.warn(`chat: skipped unreadable conversation file ${name}`);
        return undefined;
      }
      const entry = searchEntry(read.conv);
      this.index.set(id, { size: stat.size, mtimeMs: stat.mtimeMs, entry });
      return entry;
    });
    for (const id of this.index.keys()) if (!seen.has(id)) this.index.delete(id);
    return entries.filter((e): e is SearchEntry => e !== undefined).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  private async fileNames(): Promise<string[]> {
    try {
      return (await fs.promises.readdir(this.dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
    } catch {
      return [];
    }
  }

  /**
   * Writes now what changed (images first), comparing every message; `'end'` compares only the
   * last ones in depth (a message was just added). Empty conversations are not stored.
   */
  async save(conv: Conversation, depth: 'all' | 'end' = 'all'): Promise<void> {
    this.dirty.delete(conv.id);
    return this.enqueue(() => this.write(conv, depth === 'all' ? 0 : conv.messages.length - TAIL), 'could not save conversation');
  }

  // Writes of one store (and the image clean-up of `delete`) are serialised, so an older snapshot
  // can never land after a newer one, and a clean-up never runs between an image and its file.
  private enqueue(run: () => Promise<void>, what: string): Promise<void> {
    const next = this.writing.then(run, run);
    this.writing = next.catch((e) => this.log?.error(`chat: ${what}: ${message(e)}`));
    return next;
  }

  /** The journal that says what the file of `conv` holds, when it still does. */
  private journalOf(conv: Conversation): JournalState | undefined {
    const state = this.journals.get(conv);
    return state && this.current.get(conv.id)?.deref() === state ? state : undefined;
  }

  /** Appends what changed since the file was read or written (messages before `from`: identity only), or writes it whole. */
  private async write(conv: Conversation, from: number): Promise<void> {
    if (!conv.messages.length) return;
    await fs.promises.mkdir(this.dir, { recursive: true });
    const journal = this.journalOf(conv);
    // Images of the user messages about to be written: their files first, so the file can refer to them.
    for (let i = 0; i < conv.messages.length; i++) {
      const m = conv.messages[i]!;
      if (m.role !== 'user' || journal?.has(i, m)) continue;
      for (const a of imagesOf(m)) await this.images.write(a);
    }
    if (!journal) return this.writeWhole(conv);
    const lines = journal.diff(conv, this.images.storeUser(), from);
    if (lines) {
      try {
        await this.append(conv.id, journal, lines);
      } catch (e) {
        // The file may now end in half a line: the next save writes it whole.
        this.current.delete(conv.id);
        throw e;
      }
    }
    if (from === 0 && journal.wasteful) await this.writeWhole(conv);
  }

  private async append(id: string, journal: JournalState, lines: string): Promise<void> {
    const buf = Buffer.from(lines, 'utf8');
    // At the journal's own end (not O_APPEND): anything a failed write left after it is overwritten.
    const fh = await fs.promises.open(this.file(id), 'r+');
    try {
      await fh.write(buf, 0, buf.length, journal.fileBytes);
    } finally {
      await fh.close();
    }
    journal.fileBytes += buf.length;
    this.bytesWritten += buf.length;
  }

  /** Writes the file whole, atomically; the conversation's journal starts from it. */
  private async writeWhole(conv: Conversation): Promise<void> {
    const journal = new JournalState();
    const storeUser = this.images.storeUser();
    const slicer = new Slicer();
    const lines = [journal.head(conv)];
    for (let i = 0; i < conv.messages.length; i++) {
      lines.push(journal.putLine(i, conv.messages[i]!, storeUser));
      await slicer.tick();
    }
    const text = lines.join('');
    const tmp = this.tempFile(this.dir, conv.id);
    await fs.promises.writeFile(tmp, text, 'utf8');
    await fs.promises.rename(tmp, this.file(conv.id));
    journal.fileBytes = Buffer.byteLength(text);
    this.bytesWritten += journal.fileBytes;
    this.journals.set(conv, journal);
    this.current.set(conv.id, new WeakRef(journal));
  }

  /** Writes within THROTTLE_MS; used for every token of a streaming answer. */
  saveSoon(conv: Conversation): void {
    this.dirty.set(conv.id, conv);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, THROTTLE_MS);
  }

  /** Writes what `saveSoon` holds: the messages at the end in depth (they are what changes while streaming). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const list = Array.from(this.dirty.values());
    this.dirty.clear();
    await Promise.all(list.map((c) => this.enqueue(() => this.write(c, c.messages.length - TAIL), 'could not save conversation').catch(() => undefined)));
    await this.writing;
  }

  /**
   * For deactivate: the host may exit right after, so no promises. What changed is appended (a
   * few bytes while an answer streams); a conversation without a journal is written whole. Images
   * were written by the save that stored their message; one that has no file yet (not expected)
   * stays inline rather than being decoded and hashed here.
   */
  flushSync(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const storeUser = this.images.storeUser(true);
    for (const conv of this.dirty.values()) {
      if (!conv.messages.length) continue;
      try {
        const journal = this.journalOf(conv);
        const lines = journal?.diff(conv, storeUser, 0);
        if (journal && lines !== undefined) {
          if (!lines) continue;
          const buf = Buffer.from(lines, 'utf8');
          const fd = fs.openSync(this.file(conv.id), 'r+');
          try {
            fs.writeSync(fd, buf, 0, buf.length, journal.fileBytes);
          } finally {
            fs.closeSync(fd);
          }
          journal.fileBytes += buf.length;
          this.bytesWritten += buf.length;
          continue;
        }
        const whole = new JournalState();
        const text = [whole.head(conv), ...conv.messages.map((m, i) => whole.putLine(i, m, storeUser))].join('');
        fs.mkdirSync(this.dir, { recursive: true });
        const tmp = this.tempFile(this.dir, conv.id);
        fs.writeFileSync(tmp, text, 'utf8');
        fs.renameSync(tmp, this.file(conv.id));
        whole.fileBytes = Buffer.byteLength(text);
        this.bytesWritten += whole.fileBytes;
        this.journals.set(conv, whole);
        this.current.set(conv.id, new WeakRef(whole));
      } catch (e) {
        this.current.delete(conv.id);
        this.log?.error(`chat: could not save conversation: ${message(e)}`);
      }
    }
    this.dirty.clear();
  }

  /** Deletes a conversation, then the image files no conversation refers to any more. */
  async delete(id: string): Promise<void> {
    this.dirty.delete(id);
    const file = this.file(id);
    await this.enqueue(async () => {
      await fs.promises.rm(file, { force: true });
      this.current.delete(id);
      this.index.delete(id);
      // The conversation is gone either way; a failed clean-up only leaves files for the next one.
      await this.images.removeUnused(this.dir, () => this.fileNames(), () => this.dirty.values()).catch((e: unknown) => this.log?.warn(`chat: could not clean up chat images: ${message(e)}`));
    }, 'could not delete conversation');
  }

}

/** `fn` over `items`, `size` at a time, results in order. */
async function inBatches<T, R>(items: readonly T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return out;
}
