import { open, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { isTokenHubError } from '../client/errors';
import { MediaError } from './errors';
import { Mp4OutlineChecker, Mp4ParseError } from './mp4';
import type { Mp4Info } from './mp4';
import { sniffImage } from './sniff';
import type { ImageKind } from './sniff';

// Generated videos are a few MB to a few tens of MB; the cap keeps a misbehaving URL from
// filling the disk. Downloads are streamed to a file, so memory does not grow with the size.
export const MAX_DOWNLOAD_BYTES = 1024 * 1024 * 1024;

/**
 * Looks at a download as it arrives, before each chunk is written: `push` throws (a MediaError) to
 * refuse the bytes seen so far, `end` to refuse the whole, or returns what the file is.
 */
export interface ContentCheck<T> {
  push(chunk: Uint8Array): void;
  end(): T;
}

/** An MP4 checked box by box as it arrives (see Mp4OutlineChecker). */
export function videoCheck(): ContentCheck<Mp4Info> {
  const outline = new Mp4OutlineChecker();
  const refuse = (e: unknown): never => {
    throw e instanceof Mp4ParseError ? new MediaError('notVideo', e.message) : e;
  };
  return {
    push: (chunk) => {
      try {
        outline.push(chunk);
      } catch (e) {
        refuse(e);
      }
    },
    end: () => {
      try {
        return outline.end();
      } catch (e) {
        return refuse(e);
      }
    },
  };
}

// The longest signature sniffImage reads (WebP: RIFF....WEBP).
const IMAGE_HEAD = 12;

/** An image recognised by its first bytes; a body that starts like anything else is refused there. */
export function imageCheck(): ContentCheck<ImageKind> {
  const head = new Uint8Array(IMAGE_HEAD);
  let headLen = 0;
  let kind: ImageKind | undefined;
  return {
    push: (chunk) => {
      if (kind || headLen >= IMAGE_HEAD) return;
      const n = Math.min(chunk.length, IMAGE_HEAD - headLen);
      head.set(chunk.subarray(0, n), headLen);
      headLen += n;
      if (headLen < IMAGE_HEAD) return;
      kind = sniffImage(head);
      if (!kind) throw new MediaError('notImage', 'not an image');
    },
    end: () => {
      kind ??= sniffImage(head.subarray(0, headLen));
      if (!kind) throw new MediaError('notImage', 'not an image');
      return kind;
    },
  };
}

export interface DownloadToFileOptions<T> {
  check: ContentCheck<T>;
  contentLength?: number;
  maxBytes?: number;
  signal?: AbortSignal;
  onProgress?(received: number, total?: number): void;
}

/**
 * Streams a download body into a new file at `path` (created exclusively when the first bytes
 * have passed the check; never an existing file). Only the chunk in hand is held in memory.
 * A body that is refused by the check, longer than the cap, shorter than its Content-Length,
 * cancelled or broken off leaves no file: it is closed and deleted before the error is thrown.
 */
export async function downloadToFile<T>(body: AsyncIterable<Uint8Array>, path: string, options: DownloadToFileOptions<T>): Promise<{ bytes: number; result: T }> {
  const { check, contentLength, signal } = options;
  const max = options.maxBytes ?? MAX_DOWNLOAD_BYTES;
  let file: FileHandle | undefined;
  let created = false;
  const create = async () => {
    const f = await open(path, 'wx');
    created = true;
    return f;
  };
  let received = 0;
  try {
    // Thrown inside the loop (not before it) so that leaving it releases the connection.
    for await (const chunk of body) {
      if (signal?.aborted) throw new MediaError('cancelled', 'cancelled');
      if (contentLength !== undefined && contentLength > max) throw tooLarge(max);
      received += chunk.byteLength;
      if (received > max) throw tooLarge(max);
      check.push(chunk);
      file ??= await create();
      await writeAll(file, chunk);
      options.onProgress?.(received, contentLength);
    }
    if (signal?.aborted) throw new MediaError('cancelled', 'cancelled');
    if (contentLength !== undefined && received !== contentLength) {
      throw new MediaError('truncated', `received ${received} of ${contentLength} bytes`);
    }
    const result = check.end();
    file ??= await create();
    await file.close();
    file = undefined;
    return { bytes: received, result };
  } catch (e) {
    if (file) await file.close().catch(() => undefined);
    // Only a file this call created: `wx` failing means the name was someone else's.
    if (created) await rm(path, { force: true }).catch(() => undefined);
    throw downloadError(e, signal);
  }
}

function tooLarge(max: number): MediaError {
  return new MediaError('tooLarge', `download larger than ${max} bytes`);
}

/** A connection that closed mid-body is a broken-off download (not a chat answer "kept in part"). */
function downloadError(e: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted && !(e instanceof MediaError && e.kind === 'cancelled')) return new MediaError('cancelled', 'cancelled');
  if (isTokenHubError(e) && e.kind === 'streamCut') return new MediaError('truncated', e.message);
  return e;
}

async function writeAll(file: FileHandle, chunk: Uint8Array): Promise<void> {
  for (let at = 0; at < chunk.length; ) {
    const { bytesWritten } = await file.write(chunk, at, chunk.length - at);
    at += bytesWritten;
  }
}

/** Decodes a `b64_json` image; rejects text that is not base64 rather than saving garbage. */
export function decodeBase64Image(b64: string): Uint8Array {
  const clean = b64.replace(/^data:[^;,]+;base64,/, '').replace(/\s+/g, '');
  if (!clean || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(clean)) throw new MediaError('notImage', 'b64_json is not base64');
  const buf = Buffer.from(clean, 'base64');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
