import { MediaError } from './errors';

// Generated videos are a few MB to a few tens of MB; the cap keeps a misbehaving URL from
// filling memory.
export const MAX_DOWNLOAD_BYTES = 1024 * 1024 * 1024;

/**
 * Reads a download body to the end. A body shorter than its Content-Length (a connection cut in
 * the middle) or longer than the cap is an error, so a half file never reaches the disk.
 */
export async function collectBody(
  body: AsyncIterable<Uint8Array>,
  options: { contentLength?: number; maxBytes?: number; signal?: AbortSignal; onProgress?(received: number, total?: number): void } = {},
): Promise<Uint8Array> {
  const max = options.maxBytes ?? MAX_DOWNLOAD_BYTES;
  const chunks: Uint8Array[] = [];
  let received = 0;
  for await (const chunk of body) {
    if (options.signal?.aborted) throw new MediaError('cancelled', 'cancelled');
    received += chunk.byteLength;
    if (received > max) throw new MediaError('tooLarge', `download larger than ${max} bytes`);
    chunks.push(chunk);
    options.onProgress?.(received, options.contentLength);
  }
  if (options.signal?.aborted) throw new MediaError('cancelled', 'cancelled');
  if (options.contentLength !== undefined && received !== options.contentLength) {
    throw new MediaError('truncated', `received ${received} of ${options.contentLength} bytes`);
  }
  const out = new Uint8Array(received);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Decodes a `b64_json` image; rejects text that is not base64 rather than saving garbage. */
export function decodeBase64Image(b64: string): Uint8Array {
  const clean = b64.replace(/^data:[^;,]+;base64,/, '').replace(/\s+/g, '');
  if (!clean || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(clean)) throw new MediaError('notImage', 'b64_json is not base64');
  const buf = Buffer.from(clean, 'base64');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
