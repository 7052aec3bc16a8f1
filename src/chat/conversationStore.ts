import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Conversation, ConversationSummary, UserMessage } from '../core/conversation/conversation';
import { summarize } from '../core/conversation/conversation';
import type { ImageAttachment, StoredImageRef } from '../core/conversation/storedImages';
import {
  dataUriOfImageFile,
  imageContent,
  imageFileName,
  imagesOf,
  isImageFileName,
  MAX_IMAGE_FILE_BYTES,
  resolveStoredImages,
  storedImageRefs,
  toStoredConversation,
} from '../core/conversation/storedImages';
import { upgradeStoredConversation } from '../core/conversation/storage';
import { isConversation, isSafeConversationId } from '../core/conversation/validate';
import type { Logger } from '../core/log';

const THROTTLE_MS = 250;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Conversations on disk: one JSON file per conversation under the extension's global storage.
 * Every write is atomic (a temp file, then rename), so a crash mid-write leaves the previous
 * complete file. While an answer streams, `saveSoon` writes at most every 250 ms; `flushSync`
 * (on deactivate) writes what is pending before the host goes away.
 *
 * Image attachments (data URIs of up to 20 MB) are not in the JSON, which is rewritten at every
 * token: each image's bytes are written once to `images/<sha256>.<ext>` (content-addressed, so
 * two conversations with the same picture share one file) and the JSON holds a reference. Files
 * written by older versions, with images inline, still load and are converted on their next save.
 */
export class ConversationStore {
  readonly imagesDir: string;
  private readonly dirty = new Map<string, Conversation>();
  private timer: NodeJS.Timeout | undefined;
  private seq = 0;
  private writing: Promise<void> = Promise.resolve();
  /**
   * The hash of every image attachment this store has written or read, by attachment object, so
   * a save while streaming does not decode and hash megabytes again. The data URI is kept to
   * notice an attachment whose data changed (the code never does that, but a stale hash would
   * point at the wrong picture).
   */
  private readonly hashes = new WeakMap<ImageAttachment, { dataUri: string; sha256: string; file: string }>();
  /** References a loaded message had whose image file was missing or damaged: saved back as they were. */
  private readonly unreadable = new WeakMap<UserMessage, StoredImageRef[]>();

  constructor(readonly dir: string, private readonly log?: Logger) {
    this.imagesDir = path.join(dir, 'images');
  }

  private file(id: string): string {
    if (!isSafeConversationId(id)) throw new Error('invalid conversation id');
    return path.join(this.dir, `${id}.json`);
  }

  private tempFile(dir: string, name: string): string {
    return path.join(dir, `.${name}.${process.pid}.${++this.seq}.tmp`);
  }

  async load(id: string): Promise<Conversation | undefined> {
    if (!isSafeConversationId(id)) return undefined;
    let data: unknown;
    try {
      data = JSON.parse(await fs.promises.readFile(this.file(id), 'utf8'));
    } catch {
      return undefined;
    }
    const images = new Map<string, string | undefined>();
    for (const ref of storedImageRefs(data)) {
      const name = imageFileName(ref);
      if (images.has(name)) continue;
      try {
        const file = path.join(this.imagesDir, name);
        const big = (await fs.promises.stat(file)).size > MAX_IMAGE_FILE_BYTES;
        images.set(name, big ? undefined : dataUriOfImageFile(ref, await fs.promises.readFile(file)));
      } catch {
        images.set(name, undefined);
      }
    }
    data = upgradeStoredConversation(data);
    if (data === undefined) {
      this.log?.warn(`chat: conversation ${id} was saved by a newer version of TokenHub; it is left as it is`);
      return undefined;
    }
    const { resolved, unresolved } = resolveStoredImages(data, (ref) => images.get(imageFileName(ref)));
    if (!isConversation(data) || data.id !== id) return undefined;
    // The format's version belongs to the file; in memory a conversation is just a conversation.
    delete (data as { version?: number }).version;
    for (const { attachment, ref } of resolved) this.hashes.set(attachment, { dataUri: attachment.dataUri, sha256: ref.sha256, file: imageFileName(ref) });
    for (const { message: m, refs } of unresolved) {
      // The message and its text stay; only the picture is gone. Its reference is kept on disk,
      // so restoring the file (from a backup, another machine) brings the picture back.
      this.unreadable.set(m as unknown as UserMessage, refs);
      for (const ref of refs) this.log?.warn(`chat: image ${imageFileName(ref)} (${ref.name}) of conversation ${id} is missing or damaged; the message is shown without it`);
    }
    return data;
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

  /** Writes now (atomically), images first. Empty conversations are not stored. */
  async save(conv: Conversation): Promise<void> {
    this.dirty.delete(conv.id);
    if (!conv.messages.length) return;
    const run = async () => {
      await fs.promises.mkdir(this.dir, { recursive: true });
      const refs = new Map<ImageAttachment, string>();
      for (const m of conv.messages) {
        for (const a of imagesOf(m)) {
          const sha256 = await this.writeImage(a);
          if (sha256) refs.set(a, sha256);
        }
      }
      const json = JSON.stringify(toStoredConversation(conv, (a) => refs.get(a), (m) => this.unreadable.get(m)));
      const tmp = this.tempFile(this.dir, conv.id);
      await fs.promises.writeFile(tmp, json, 'utf8');
      await fs.promises.rename(tmp, this.file(conv.id));
    };
    return this.enqueue(run, 'could not save conversation');
  }

  // Writes of one store (and the image clean-up of `delete`) are serialised, so an older snapshot
  // can never land after a newer one, and a clean-up never runs between an image and its JSON.
  private enqueue(run: () => Promise<void>, what: string): Promise<void> {
    const next = this.writing.then(run, run);
    this.writing = next.catch((e) => this.log?.error(`chat: ${what}: ${message(e)}`));
    return next;
  }

  /**
   * Makes sure the image's file exists (written atomically when it does not) and returns its hash;
   * undefined keeps the image inline in the JSON (a data URI we do not accept, or a failed write:
   * the picture is then saved the old way rather than lost). The existence check runs on every
   * save, so a file removed behind our back (another window's clean-up) is written again.
   */
  private async writeImage(a: ImageAttachment): Promise<string | undefined> {
    let known = this.hashes.get(a);
    let bytes: Buffer | undefined;
    if (!known || known.dataUri !== a.dataUri) {
      const content = imageContent(a);
      if (!content) return undefined;
      bytes = content.bytes;
      known = { dataUri: a.dataUri, sha256: content.sha256, file: imageFileName(content) };
    }
    const name = known.file;
    const file = path.join(this.imagesDir, name);
    try {
      if (!(await exists(file))) {
        bytes ??= imageContent(a)?.bytes;
        if (!bytes) return undefined;
        await fs.promises.mkdir(this.imagesDir, { recursive: true });
        const tmp = this.tempFile(this.imagesDir, name);
        await fs.promises.writeFile(tmp, bytes);
        await fs.promises.rename(tmp, file);
      }
    } catch (e) {
      this.log?.error(`chat: could not save image ${name}; it stays inside the conversation file: ${message(e)}`);
      return undefined;
    }
    this.hashes.set(a, known);
    return known.sha256;
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

  /**
   * For deactivate: the host may exit right after, so no promises. Only the small JSON is
   * written: images were written by the save that stored their message. An image that has no file
   * yet (not expected) stays inline rather than being decoded and hashed here.
   */
  flushSync(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const conv of this.dirty.values()) {
      if (!conv.messages.length) continue;
      try {
        const refOf = (a: ImageAttachment): string | undefined => {
          const known = this.hashes.get(a);
          if (!known || known.dataUri !== a.dataUri) return undefined;
          return fs.existsSync(path.join(this.imagesDir, known.file)) ? known.sha256 : undefined;
        };
        const json = JSON.stringify(toStoredConversation(conv, refOf, (m) => this.unreadable.get(m)));
        fs.mkdirSync(this.dir, { recursive: true });
        const tmp = this.tempFile(this.dir, conv.id);
        fs.writeFileSync(tmp, json, 'utf8');
        fs.renameSync(tmp, this.file(conv.id));
      } catch (e) {
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
      // The conversation is gone either way; a failed clean-up only leaves files for the next one.
      await this.removeUnusedImages().catch((e: unknown) => this.log?.warn(`chat: could not clean up chat images: ${message(e)}`));
    }, 'could not delete conversation');
  }

  /**
   * Removes the image files that no stored conversation (nor one waiting to be saved) refers to.
   * Runs inside the write queue, so no save is half done. When any conversation file cannot be
   * read, nothing is removed: an image it uses must never go.
   */
  private async removeUnusedImages(): Promise<void> {
    let images: string[];
    try {
      images = (await fs.promises.readdir(this.imagesDir)).filter(isImageFileName);
    } catch {
      return; // no images folder: nothing to clean
    }
    if (!images.length) return;
    const used = new Set<string>();
    for (const name of await fs.promises.readdir(this.dir)) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue;
      try {
        for (const ref of storedImageRefs(JSON.parse(await fs.promises.readFile(path.join(this.dir, name), 'utf8')))) used.add(imageFileName(ref));
      } catch (e) {
        this.log?.warn(`chat: kept all chat images: could not read ${name} to see which it uses (${message(e)})`);
        return;
      }
    }
    for (const conv of this.dirty.values()) {
      for (const m of conv.messages) {
        for (const a of imagesOf(m)) {
          const known = this.hashes.get(a);
          if (known) used.add(known.file);
        }
      }
    }
    for (const name of images) {
      if (used.has(name)) continue;
      await fs.promises.rm(path.join(this.imagesDir, name), { force: true }).catch((e: unknown) => this.log?.warn(`chat: could not remove unused image ${name}: ${message(e)}`));
    }
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.promises.access(file);
    return true;
  } catch {
    return false;
  }
}
