// How image attachments are stored beside a conversation's JSON rather than inside it. An image
// is up to 20 MB of data URI, and the JSON is rewritten every 250 ms while an answer streams, so
// the JSON keeps only a reference (the SHA-256 of the image's bytes) and the bytes go once into a
// content-addressed file `<sha256>.<ext>`. In memory (and in the webview protocol) an image is
// still an `Attachment` with its data URI: only the store sees references. Pure (Node's crypto
// and Buffer, no disk), so the host's store does the files and these functions the rest.
import { createHash } from 'node:crypto';
import { hasOnlyKeys, isObject, isOneOf, isString } from '../protocol/guards';
import type { Attachment, Conversation, Message, UserMessage } from './conversation';
import { IMAGE_MIME_TYPES, MAX_IMAGE_DATA_URI, isImageDataUri } from './validate';

export type ImageMimeType = (typeof IMAGE_MIME_TYPES)[number];
export type ImageAttachment = Extract<Attachment, { kind: 'image' }>;

/** What the conversation JSON holds in place of an image attachment. */
export interface StoredImageRef {
  kind: 'image';
  name: string;
  mimeType: ImageMimeType;
  /** Lower-case hex SHA-256 of the image's bytes: also its file name. */
  sha256: string;
}

const EXTENSIONS: Record<ImageMimeType, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' };
const SHA256 = /^[0-9a-f]{64}$/;
/** Only names this module makes are image files: anything else in the folder is not ours to touch. */
const IMAGE_FILE = /^([0-9a-f]{64})\.(png|jpg|gif|webp)$/;

/** No image file of ours is larger (its data URI would exceed the attachment limit): a bigger one is not read. */
export const MAX_IMAGE_FILE_BYTES = Math.floor(MAX_IMAGE_DATA_URI / 4) * 3;

export function isStoredImageRef(v: unknown): v is StoredImageRef {
  return (
    isObject(v) &&
    v.kind === 'image' &&
    hasOnlyKeys(v, ['kind', 'name', 'mimeType', 'sha256']) &&
    isString(v.name, 500) &&
    isOneOf(v.mimeType, IMAGE_MIME_TYPES) &&
    isString(v.sha256) &&
    SHA256.test(v.sha256)
  );
}

/** The file an image is stored in. The extension is part of the name, so the same bytes attached
 * under two MIME types are two files and each reads back with the type it was sent with. */
export function imageFileName(ref: { sha256: string; mimeType: ImageMimeType }): string {
  return `${ref.sha256}.${EXTENSIONS[ref.mimeType]}`;
}

export function isImageFileName(name: string): boolean {
  return IMAGE_FILE.test(name);
}

/** An image attachment's bytes and their hash; undefined when its data URI is not one we accept. */
export function imageContent(a: ImageAttachment): { mimeType: ImageMimeType; bytes: Buffer; sha256: string } | undefined {
  if (!isOneOf(a.mimeType, IMAGE_MIME_TYPES) || !isImageDataUri(a.dataUri)) return undefined;
  const prefix = `data:${a.mimeType};base64,`;
  if (!a.dataUri.startsWith(prefix)) return undefined;
  const bytes = Buffer.from(a.dataUri.slice(prefix.length), 'base64');
  return { mimeType: a.mimeType, bytes, sha256: sha256Of(bytes) };
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The data URI of an image file read back, or undefined when the bytes are not the ones the
 * reference names (a truncated or replaced file) or would not pass the attachment guard.
 */
export function dataUriOfImageFile(ref: StoredImageRef, bytes: Uint8Array): string | undefined {
  if (sha256Of(bytes) !== ref.sha256) return undefined;
  const uri = `data:${ref.mimeType};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
  return isImageDataUri(uri) ? uri : undefined;
}

/**
 * The conversation as written to disk: every image attachment `refOf` gives a hash for becomes a
 * reference; any other stays inline (the format older versions wrote, still read). `kept` adds
 * references a user message had on disk that could not be read back, so a missing file's
 * reference is not erased by the next save. Only what changes is copied; nothing is mutated.
 */
export function toStoredConversation(
  conv: Conversation,
  refOf: (a: ImageAttachment) => string | undefined,
  kept: (m: UserMessage) => readonly StoredImageRef[] | undefined = () => undefined,
): unknown {
  const messages = conv.messages.map((m): unknown => {
    if (m.role !== 'user') return m;
    const extra = kept(m);
    if (!extra?.length && !m.attachments.some((a) => a.kind === 'image')) return m;
    const attachments = m.attachments.map((a): unknown => {
      if (a.kind !== 'image') return a;
      const sha256 = refOf(a);
      return sha256 && isOneOf(a.mimeType, IMAGE_MIME_TYPES) ? ({ kind: 'image', name: a.name, mimeType: a.mimeType, sha256 } satisfies StoredImageRef) : a;
    });
    return { ...m, attachments: extra?.length ? [...attachments, ...extra] : attachments };
  });
  return { ...conv, messages };
}

/** The image references of a conversation file's parsed JSON (any shape: nothing is assumed valid). */
export function storedImageRefs(data: unknown): StoredImageRef[] {
  if (!isObject(data) || !Array.isArray(data.messages)) return [];
  const out: StoredImageRef[] = [];
  for (const m of data.messages) {
    if (!isObject(m) || m.role !== 'user' || !Array.isArray(m.attachments)) continue;
    for (const a of m.attachments) if (isStoredImageRef(a)) out.push(a);
  }
  return out;
}

export interface UnresolvedImages {
  /** The message object (inside the returned data) the images were removed from. */
  message: Record<string, unknown>;
  refs: StoredImageRef[];
}

/**
 * Turns a conversation file's parsed JSON back into the in-memory shape, in place: each reference
 * becomes an image attachment with the data URI `resolve` gives. A reference it cannot resolve
 * (file missing or corrupt) is taken out of the message, so the rest of the conversation still
 * loads, and listed in `unresolved` for the caller to log and keep; `resolved` lists the
 * attachments made, with their references, so the caller need not hash them again. Run
 * `isConversation` on the result.
 */
export function resolveStoredImages(
  data: unknown,
  resolve: (ref: StoredImageRef) => string | undefined,
): { data: unknown; resolved: { attachment: ImageAttachment; ref: StoredImageRef }[]; unresolved: UnresolvedImages[] } {
  const resolved: { attachment: ImageAttachment; ref: StoredImageRef }[] = [];
  const unresolved: UnresolvedImages[] = [];
  if (!isObject(data) || !Array.isArray(data.messages)) return { data, resolved, unresolved };
  for (const m of data.messages as unknown[]) {
    if (!isObject(m) || m.role !== 'user' || !Array.isArray(m.attachments)) continue;
    if (!m.attachments.some(isStoredImageRef)) continue;
    const missing: StoredImageRef[] = [];
    const attachments: unknown[] = [];
    for (const a of m.attachments as unknown[]) {
      if (!isStoredImageRef(a)) {
        attachments.push(a);
        continue;
      }
      const dataUri = resolve(a);
      if (dataUri === undefined) missing.push(a);
      else {
        const attachment: ImageAttachment = { kind: 'image', name: a.name, mimeType: a.mimeType, dataUri };
        attachments.push(attachment);
        resolved.push({ attachment, ref: a });
      }
    }
    m.attachments = attachments;
    if (missing.length) unresolved.push({ message: m, refs: missing });
  }
  return { data, resolved, unresolved };
}

/** The image attachments of a message (for the store's bookkeeping). */
export function imagesOf(m: Message): ImageAttachment[] {
  return m.role === 'user' ? m.attachments.filter((a): a is ImageAttachment => a.kind === 'image') : [];
}
