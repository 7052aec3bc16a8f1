import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Conversation, ConversationSummary } from '../core/conversation/conversation';
import { summarize } from '../core/conversation/conversation';
import { isConversation, isSafeConversationId } from '../core/conversation/validate';
import type { Logger } from '../core/log';

const THROTTLE_MS = 250;

/**
 * Conversations on disk: one JSON file per conversation under the extension's global storage.
 * Every write is atomic (a temp file, then rename), so a crash mid-write leaves the previous
 * complete file. While an answer streams, `saveSoon` writes at most every 250 ms; `flushSync`
 * (on deactivate) writes what is pending before the host goes away.
 */
export class ConversationStore {
  private readonly dirty = new Map<string, Conversation>();
  private timer: NodeJS.Timeout | undefined;
  private seq = 0;
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly dir: string, private readonly log?: Logger) {}

  private file(id: string): string {
    if (!isSafeConversationId(id)) throw new Error('invalid conversation id');
    return path.join(this.dir, `${id}.json`);
  }

  private tempFile(id: string): string {
    return path.join(this.dir, `.${id}.${process.pid}.${++this.seq}.tmp`);
  }

  async load(id: string): Promise<Conversation | undefined> {
    if (!isSafeConversationId(id)) return undefined;
    try {
      const data: unknown = JSON.parse(await fs.promises.readFile(this.file(id), 'utf8'));
      return isConversation(data) && data.id === id ? data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Every stored conversation, newest first. Unreadable files are skipped (and logged). */
  async loadAll(): Promise<Conversation[]> {
    let names: string[];
    try {
      names = await fs.promises.readdir(this.dir);
    } catch {
      return [];
    }
    const out: Conversation[] = [];
    for (const name of names) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue;
      const c = await this.load(name.slice(0, -5));
      if (c) out.push(this.dirty.get(c.id) ?? c);
      else this.log?.warn(`chat: skipped unreadable conversation file ${name}`);
    }
    return out.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async list(): Promise<ConversationSummary[]> {
    return (await this.loadAll()).map(summarize);
  }

  /** Writes now (atomically). Empty conversations are not stored. */
  async save(conv: Conversation): Promise<void> {
    this.dirty.delete(conv.id);
    if (!conv.messages.length) return;
    const json = JSON.stringify(conv);
    const run = async () => {
      await fs.promises.mkdir(this.dir, { recursive: true });
      const tmp = this.tempFile(conv.id);
      await fs.promises.writeFile(tmp, json, 'utf8');
      await fs.promises.rename(tmp, this.file(conv.id));
    };
    // Writes of one store are serialised so an older snapshot can never land after a newer one.
    const next = this.writing.then(run, run);
    this.writing = next.catch((e) => this.log?.error(`chat: could not save conversation: ${e instanceof Error ? e.message : String(e)}`));
    return next;
  }

  /** Writes within THROTTLE_MS; used for every token of a streaming answer. */
  saveSoon(conv: Conversation): void {
    this.dirty.set(conv.id, conv);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, THROTTLE_MS);
  }

  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const list = Array.from(this.dirty.values());
    await Promise.all(list.map((c) => this.save(c).catch(() => undefined)));
    await this.writing;
  }

  /** For deactivate: the host may exit right after, so no promises. */
  flushSync(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const conv of this.dirty.values()) {
      if (!conv.messages.length) continue;
      try {
        fs.mkdirSync(this.dir, { recursive: true });
        const tmp = this.tempFile(conv.id);
        fs.writeFileSync(tmp, JSON.stringify(conv), 'utf8');
        fs.renameSync(tmp, this.file(conv.id));
      } catch (e) {
        this.log?.error(`chat: could not save conversation: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    this.dirty.clear();
  }

  async delete(id: string): Promise<void> {
    this.dirty.delete(id);
    await this.writing;
    await fs.promises.rm(this.file(id), { force: true });
  }
}
