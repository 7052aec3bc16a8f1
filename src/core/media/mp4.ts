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
