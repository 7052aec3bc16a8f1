// A small ISO-BMFF (MP4) box reader: enough to tell a playable file from a truncated or foreign
// one before it is given a final name. It walks the top-level boxes and checks that each one
// fits inside the file; it never decodes media.

export interface Mp4Box {
  type: string;
  /** Offset of the box header from the start of the file. */
  offset: number;
  /** Whole box, header included. */
  size: number;
}

export interface Mp4Info {
  majorBrand: string;
  compatibleBrands: string[];
  boxes: Mp4Box[];
}

export class Mp4ParseError extends Error {
  override readonly name = 'Mp4ParseError';
}

function fourCC(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}

function readU32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) >>> 0) + (bytes[at + 1] << 16) + (bytes[at + 2] << 8) + bytes[at + 3];
}

/** The top-level boxes; throws when a box claims more bytes than the file has (a cut download). */
export function readBoxes(bytes: Uint8Array, start = 0, end = bytes.length): Mp4Box[] {
  const boxes: Mp4Box[] = [];
  let at = start;
  while (at < end) {
    if (end - at < 8) throw new Mp4ParseError(`truncated box header at ${at}`);
    let size = readU32(bytes, at);
    const type = fourCC(bytes, at + 4);
    let header = 8;
    if (size === 1) {
      // 64-bit "largesize" follows the type.
      if (end - at < 16) throw new Mp4ParseError(`truncated largesize at ${at}`);
      const hi = readU32(bytes, at + 8);
      const lo = readU32(bytes, at + 12);
      size = hi * 2 ** 32 + lo;
      header = 16;
    } else if (size === 0) {
      // "Extends to the end of the file" (allowed for the last box only).
      size = end - at;
    }
    if (size < header) throw new Mp4ParseError(`box '${type}' at ${at} has an impossible size ${size}`);
    if (at + size > end) throw new Mp4ParseError(`box '${type}' at ${at} needs ${size} bytes, only ${end - at} left`);
    if (!/^[\x20-\x7e]{4}$/.test(type)) throw new Mp4ParseError(`not a box type at ${at}`);
    boxes.push({ type, offset: at, size });
    at += size;
  }
  return boxes;
}

/**
 * Parses the file's outline and requires what a player needs: an `ftyp` box first and a `moov`
 * box (the index) somewhere. Throws Mp4ParseError otherwise.
 */
export function parseMp4(bytes: Uint8Array): Mp4Info {
  const boxes = readBoxes(bytes);
  const ftyp = boxes[0];
  if (!ftyp || ftyp.type !== 'ftyp') throw new Mp4ParseError('no ftyp box at the start');
  if (ftyp.size < 16) throw new Mp4ParseError('ftyp box too small');
  if (!boxes.some((b) => b.type === 'moov')) throw new Mp4ParseError('no moov box');
  const majorBrand = fourCC(bytes, ftyp.offset + 8);
  const compatibleBrands: string[] = [];
  for (let at = ftyp.offset + 16; at + 4 <= ftyp.offset + ftyp.size; at += 4) compatibleBrands.push(fourCC(bytes, at));
  return { majorBrand, compatibleBrands, boxes };
}

/** True when the bytes parse as an MP4 a player can open. */
export function isPlayableMp4(bytes: Uint8Array): boolean {
  try {
    parseMp4(bytes);
    return true;
  } catch {
    return false;
  }
}

// Enough of a box header to read its size and type: 8 bytes, or 16 with a 64-bit size.
const MAX_HEADER = 16;
// The start of `ftyp` (its brands) is kept; a real one is a few dozen bytes.
const MAX_FTYP_KEPT = 1024;

/**
 * The same outline check as `parseMp4`, made chunk by chunk as a download arrives, so a file never
 * has to be held whole (or read back) to be checked. It keeps one box header and the start of the
 * `ftyp` box, nothing else. `push` throws Mp4ParseError as soon as the bytes cannot be an MP4
 * (after the first 8 bytes for a foreign file); `end` throws for what only the end can tell (a
 * cut file, no `moov`).
 */
export class Mp4OutlineChecker {
  private received = 0;
  /** File offset of the next box header (Infinity after a box that runs to the end). */
  private nextBox = 0;
  private readonly header = new Uint8Array(MAX_HEADER);
  private headerLen = 0;
  private readonly boxes: Mp4Box[] = [];
  /** The start of the ftyp box (which is at offset 0), filled as it arrives. */
  private ftyp = new Uint8Array(0);
  private toEndAt = -1;

  push(chunk: Uint8Array): void {
    const start = this.received;
    this.received += chunk.length;
    if (start < this.ftyp.length) {
      const n = Math.min(chunk.length, this.ftyp.length - start);
      this.ftyp.set(chunk.subarray(0, n), start);
    }
    let i = 0;
    while (i < chunk.length) {
      const at = start + i;
      if (at < this.nextBox) {
        // Inside a box's payload: jump to the next header (or the end of this chunk).
        i = Math.min(chunk.length, i + (this.nextBox - at));
        continue;
      }
      this.header[this.headerLen++] = chunk[i++];
      if (this.readHeader() && this.ftyp.length && start + i < this.ftyp.length) {
        // The ftyp header just completed inside this chunk: keep the rest of the chunk's share of it.
        const n = Math.min(chunk.length - i, this.ftyp.length - (start + i));
        this.ftyp.set(chunk.subarray(i, i + n), start + i);
      }
    }
  }

  /** The file's outline once every byte has arrived; throws when it is cut or incomplete. */
  end(): Mp4Info {
    const total = this.received;
    if (this.headerLen > 0) throw new Mp4ParseError(`truncated box header at ${total - this.headerLen}`);
    const last = this.boxes[this.boxes.length - 1];
    if (this.toEndAt >= 0) last.size = total - this.toEndAt;
    else if (this.nextBox > total) throw new Mp4ParseError(`box '${last.type}' at ${last.offset} needs ${last.size} bytes, only ${total - last.offset} left`);
    const ftyp = this.boxes[0];
    if (!ftyp || ftyp.type !== 'ftyp') throw new Mp4ParseError('no ftyp box at the start');
    if (ftyp.size < 16) throw new Mp4ParseError('ftyp box too small');
    if (!this.boxes.some((b) => b.type === 'moov')) throw new Mp4ParseError('no moov box');
    const kept = this.ftyp.subarray(0, Math.min(ftyp.size, this.ftyp.length));
    const compatibleBrands: string[] = [];
    for (let at = 16; at + 4 <= kept.length; at += 4) compatibleBrands.push(fourCC(kept, at));
    return { majorBrand: fourCC(kept, 8), compatibleBrands, boxes: this.boxes.map((b) => ({ ...b })) };
  }

  /** Called with each new header byte; true when that byte completed a box header. */
  private readHeader(): boolean {
    const h = this.header;
    if (this.headerLen < 8) return false;
    let size = readU32(h, 0);
    const type = fourCC(h, 4);
    let headerSize = 8;
    if (size === 1) {
      if (this.headerLen < 16) return false;
      size = readU32(h, 8) * 2 ** 32 + readU32(h, 12);
      headerSize = 16;
    }
    const offset = this.nextBox;
    this.headerLen = 0;
    if (size === 0) {
      // "Extends to the end of the file": nothing after it is a box header.
      this.toEndAt = offset;
      this.nextBox = Infinity;
    } else {
      if (size < headerSize) throw new Mp4ParseError(`box '${type}' at ${offset} has an impossible size ${size}`);
      this.nextBox = offset + size;
    }
    if (!/^[\x20-\x7e]{4}$/.test(type)) throw new Mp4ParseError(`not a box type at ${offset}`);
    if (this.boxes.length === 0) {
      if (type !== 'ftyp') throw new Mp4ParseError('no ftyp box at the start');
      if (size !== 0 && size < 16) throw new Mp4ParseError('ftyp box too small');
      this.ftyp = new Uint8Array(size === 0 ? MAX_FTYP_KEPT : Math.min(size, MAX_FTYP_KEPT));
      this.ftyp.set(h.subarray(0, headerSize));
    }
    this.boxes.push({ type, offset, size });
    return true;
  }
}
