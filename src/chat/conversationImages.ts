import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Conversation, UserMessage } from '../core/conversation/conversation';
import type { StoreUserMessage } from '../core/conversation/journal';
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
  toStoredUserMessage,
} from '../core/conversation/storedImages';
import type { Logger } from '../core/log';
import { parseConversationFile } from './conversationFiles';

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The image files of the conversation store, kept apart from the conversation files: each image's
 * bytes are written once to `images/<sha256>.<ext>` (content-addressed, so two conversations with
 * the same picture share one file) and a conversation file holds a reference. This owns what is
 * known of those files, so the conversation store only asks how a user message is written.
 */
export class ConversationImages {
  readonly dir: string;
  /**
   * The hash of every image attachment written or read, by attachment object, so a save while
   * streaming does not decode and hash megabytes again. The data URI is kept to notice an
   * attachment whose data changed (the code never does that, but a stale hash would point at the
   * wrong picture).
   */
  private readonly hashes = new WeakMap<ImageAttachment, { dataUri: string; sha256: string; file: string }>();
  /** References a loaded message had whose image file was missing or damaged: saved back as they were. */
  private readonly unreadable = new WeakMap<UserMessage, StoredImageRef[]>();

  /** `tempFile`: the store's temp file names, so an image's and a conversation's never meet. */
  constructor(
    storeDir: string,
    private readonly tempFile: (dir: string, name: string) => string,
    private readonly log?: Logger,
  ) {
    this.dir = path.join(storeDir, 'images');
  }

  /**
   * Puts the pictures back into a conversation file's data (`read`: false leaves them out, as
   * History's search does not need them); `remember` then keeps what was found for the saves.
   */
  async resolve(data: unknown, read: boolean): Promise<ReturnType<typeof resolveStoredImages>> {
    const files = new Map<string, string | undefined>();
    if (read) {
      for (const ref of storedImageRefs(data)) {
        const name = imageFileName(ref);
        if (files.has(name)) continue;
        try {
          const file = path.join(this.dir, name);
          const big = (await fs.promises.stat(file)).size > MAX_IMAGE_FILE_BYTES;
          files.set(name, big ? undefined : dataUriOfImageFile(ref, await fs.promises.readFile(file)));
        } catch {
          files.set(name, undefined);
        }
      }
    }
    return resolveStoredImages(data, (ref) => files.get(imageFileName(ref)));
  }

  /** After the conversation `id` was read and checked: its images' hashes, and the pictures it lost. */
  remember({ resolved, unresolved }: ReturnType<typeof resolveStoredImages>, id: string): void {
    for (const { attachment, ref } of resolved) this.hashes.set(attachment, { dataUri: attachment.dataUri, sha256: ref.sha256, file: imageFileName(ref) });
    for (const { message: m, refs } of unresolved) {
      // The message and its text stay; only the picture is gone. Its reference is kept on disk,
      // so restoring the file (from a backup, another machine) brings the picture back.
      this.unreadable.set(m as unknown as UserMessage, refs);
      for (const ref of refs) this.log?.warn(`chat: image ${imageFileName(ref)} (${ref.name}) of conversation ${id} is missing or damaged; the message is shown without it`);
    }
  }

  /** How user messages are written: images by reference once their file exists, else inline. */
  storeUser(checkFiles = false): StoreUserMessage {
    const refOf = (a: ImageAttachment): string | undefined => {
      const known = this.hashes.get(a);
      if (!known || known.dataUri !== a.dataUri) return undefined;
      return !checkFiles || fs.existsSync(path.join(this.dir, known.file)) ? known.sha256 : undefined;
    };
    return (m) => toStoredUserMessage(m, refOf, this.unreadable.get(m));
  }

  /**
   * Makes sure the image's file exists (written atomically when it does not) and records its hash;
   * when it cannot, the image stays inline in the file (a data URI we do not accept, or a failed
   * write: the picture is then saved the old way rather than lost).
   */
  async write(a: ImageAttachment): Promise<void> {
    let known = this.hashes.get(a);
    let bytes: Buffer | undefined;
    if (!known || known.dataUri !== a.dataUri) {
      const content = imageContent(a);
      if (!content) return;
      bytes = content.bytes;
      known = { dataUri: a.dataUri, sha256: content.sha256, file: imageFileName(content) };
    }
    const name = known.file;
    const file = path.join(this.dir, name);
    try {
      if (!(await exists(file))) {
        bytes ??= imageContent(a)?.bytes;
        if (!bytes) return;
        await fs.promises.mkdir(this.dir, { recursive: true });
        const tmp = this.tempFile(this.dir, name);
        await fs.promises.writeFile(tmp, bytes);
        await fs.promises.rename(tmp, file);
      }
    } catch (e) {
      this.log?.error(`chat: could not save image ${name}; it stays inside the conversation file: ${message(e)}`);
      return;
    }
    this.hashes.set(a, known);
  }

  /**
   * Removes the image files that no conversation file in `storeDir` (`names` lists them) nor one
   * waiting to be saved (`pending`) refers to; both are asked only when there are images. The store runs it inside its write queue, so no save is half
   * done. When any conversation file cannot be read, nothing is removed: an image it uses must
   * never go.
   */
  async removeUnused(storeDir: string, names: () => Promise<string[]>, pending: () => Iterable<Conversation>): Promise<void> {
    let images: string[];
    try {
      images = (await fs.promises.readdir(this.dir)).filter(isImageFileName);
    } catch {
      return; // no images folder: nothing to clean
    }
    if (!images.length) return;
    const used = new Set<string>();
    for (const name of await names()) {
      let data: unknown;
      try {
        data = (await parseConversationFile(await fs.promises.readFile(path.join(storeDir, name), 'utf8'))).data;
      } catch (e) {
        data = undefined;
        this.log?.warn(`chat: could not read ${name}: ${message(e)}`);
      }
      if (!data) {
        this.log?.warn(`chat: kept all chat images: could not read ${name} to see which it uses`);
        return;
      }
      for (const ref of storedImageRefs(data)) used.add(imageFileName(ref));
    }
    for (const conv of pending()) {
      for (const m of conv.messages) {
        for (const a of imagesOf(m)) {
          const known = this.hashes.get(a);
          if (known) used.add(known.file);
        }
      }
    }
    for (const name of images) {
      if (used.has(name)) continue;
      await fs.promises.rm(path.join(this.dir, name), { force: true }).catch((e: unknown) => this.log?.warn(`chat: could not remove unused image ${name}: ${message(e)}`));
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
