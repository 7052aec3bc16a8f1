// How image attachments are stored beside a conversation's JSON rather than inside it. An image
// is up to 20 MB of data URI, and the JSON is rewritten every 250 ms while an answer streams, so
// the JSON keeps only a reference (the SHA-256 of the image's bytes) and the bytes go once into a
// content-addressed file `<sha256>.<ext>`. In memory (and in the webview protocol) an image is
// an image part with its data URI: only the store sees references. Pure (Node's crypto and
// Buffer, no disk), so the host's store does the files and these functions the rest. The JSON
// here is the current stored format (storage.ts upgrades older files first).
import { createHash } from 'node:crypto';
import { hasOnlyKeys, isObject, isOneOf, isString } from '../protocol/guards';
import type { Conversation, Message, UserMessage } from './conversation';
import type { ImagePart } from './parts';
import { DOCUMENT_VERSION } from './storage';
import { IMAGE_MIME_TYPES, MAX_IMAGE_DATA_URI, isImageDataUri } from './validate';

export type ImageMimeType = (typeof IMAGE_MIME_TYPES)[number];
/** An image as the conversation holds it in memory (with its data URI). */
export type ImageAttachment = ImagePart;

/** What the conversation JSON holds in place of an image part. */
export interface StoredImageRef {
  type: 'image';
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
    v.type === 'image' &&
    hasOnlyKeys(v, ['type', 'name', 'mimeType', 'sha256']) &&
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
 * A user message as written to disk: every image part `refOf` gives a hash for becomes a
 * reference; any other stays inline (with its data URI). `kept` are references the message had on
 * disk that could not be read back, so a missing file's reference is not erased by the next save.
 * Only what changes is copied; nothing is mutated.
 */
export function toStoredUserMessage(m: UserMessage, refOf: (a: ImageAttachment) => string | undefined, kept?: readonly StoredImageRef[]): unknown {
  if (!kept?.length && !m.parts.some((p) => p.type === 'image')) return m;
  const parts = m.parts.map((p): unknown => {
    if (p.type !== 'image') return p;
    const sha256 = refOf(p);
    return sha256 && isOneOf(p.mimeType, IMAGE_MIME_TYPES) ? ({ type: 'image', name: p.name, mimeType: p.mimeType, sha256 } satisfies StoredImageRef) : p;
  });
  return { ...m, parts: kept?.length ? [...parts, ...kept] : parts };
}

/** The whole conversation as a document, user messages as toStoredUserMessage writes them. */
export function toStoredConversation(
  conv: Conversation,
  refOf: (a: ImageAttachment) => string | undefined,
  kept: (m: UserMessage) => readonly StoredImageRef[] | undefined = () => undefined,
): Record<string, unknown> {
  const messages = conv.messages.map((m): unknown => (m.role === 'user' ? toStoredUserMessage(m, refOf, kept(m)) : m));
  return { ...conv, version: DOCUMENT_VERSION, messages };
}

/**
 * The image references of a conversation file's parsed JSON, in the current format or the first
 * one (references among a user message's `attachments`, with `kind`); nothing is assumed valid.
 */
export function storedImageRefs(data: unknown): StoredImageRef[] {
  if (!isObject(data) || !Array.isArray(data.messages)) return [];
  const out: StoredImageRef[] = [];
  for (const m of data.messages) {
    if (!isObject(m) || m.role !== 'user') continue;
    for (const p of Array.isArray(m.parts) ? m.parts : []) if (isStoredImageRef(p)) out.push(p);
    for (const a of Array.isArray(m.attachments) ? m.attachments : []) {
      const ref = isObject(a) && a.kind === 'image' ? { type: 'image', name: a.name, mimeType: a.mimeType, sha256: a.sha256 } : undefined;
      if (isStoredImageRef(ref)) out.push(ref);
    }
  }
  return out;
}

export interface UnresolvedImages {
  /** The message object (inside the returned data) the images were removed from. */
  message: Record<string, unknown>;
  refs: StoredImageRef[];
}

/**
 * Turns a conversation file's parsed JSON (current format) back into the in-memory shape, in
 * place: each reference becomes an image part with the data URI `resolve` gives. A reference it
 * cannot resolve (file missing or corrupt) is taken out of the message, so the rest of the
 * conversation still loads, and listed in `unresolved` for the caller to log and keep;
 * `resolved` lists the parts made, with their references, so the caller need not hash them
 * again. Run `isConversation` on the result.
 */
export function resolveStoredImages(
  data: unknown,
  resolve: (ref: StoredImageRef) => string | undefined,
): { data: unknown; resolved: { attachment: ImageAttachment; ref: StoredImageRef }[]; unresolved: UnresolvedImages[] } {
  const resolved: { attachment: ImageAttachment; ref: StoredImageRef }[] = [];
  const unresolved: UnresolvedImages[] = [];
  if (!isObject(data) || !Array.isArray(data.messages)) return { data, resolved, unresolved };
  for (const m of data.messages as unknown[]) {
    if (!isObject(m) || m.role !== 'user' || !Array.isArray(m.parts)) continue;
    if (!m.parts.some(isStoredImageRef)) continue;
    const missing: StoredImageRef[] = [];
    const parts: unknown[] = [];
    for (const p of m.parts as unknown[]) {
      if (!isStoredImageRef(p)) {
        parts.push(p);
        continue;
      }
      const dataUri = resolve(p);
      if (dataUri === undefined) missing.push(p);
      else {
        const attachment: ImageAttachment = { type: 'image', name: p.name, mimeType: p.mimeType, dataUri };
        parts.push(attachment);
        resolved.push({ attachment, ref: p });
      }
    }
    m.parts = parts;
    if (missing.length) unresolved.push({ message: m, refs: missing });
  }
  return { data, resolved, unresolved };
}

/** The image parts of a message (for the store's bookkeeping). */
export function imagesOf(m: Message): ImageAttachment[] {
  return m.role === 'user' ? m.parts.filter((p): p is ImageAttachment => p.type === 'image') : [];
}
