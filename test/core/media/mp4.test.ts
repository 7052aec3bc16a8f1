import * as assert from 'node:assert/strict';
import { isPlayableMp4, Mp4OutlineChecker, parseMp4, readBoxes, Mp4ParseError } from '../../../src/core/media/mp4';
import { sampleMp4 } from '../../simulator/media';
import { looksLikeMp4, sniffImage, imageMimeFromName } from '../../../src/core/media/sniff';

function box(type: string, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(8 + payload.length);
  new DataView(out.buffer).setUint32(0, out.length);
  out.set(Buffer.from(type, 'latin1'), 4);
  out.set(payload, 8);
  return out;
}
function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}
const ftyp = box('ftyp', concat(Buffer.from('isom'), new Uint8Array([0, 0, 2, 0]), Buffer.from('isomiso2mp41')));
const moov = box('moov', box('mvhd', new Uint8Array(100)));
const mdat = box('mdat', new Uint8Array(64).fill(7));

describe('core/media/mp4', () => {
  it('reads the top-level boxes of a well-formed file', () => {
    const file = concat(ftyp, moov, mdat);
    const info = parseMp4(file);
    assert.equal(info.majorBrand, 'isom');
    assert.deepEqual(info.compatibleBrands, ['isom', 'iso2', 'mp41']);
    assert.deepEqual(
      info.boxes.map((b) => [b.type, b.offset, b.size]),
      [
        ['ftyp', 0, ftyp.length],
        ['moov', ftyp.length, moov.length],
        ['mdat', ftyp.length + moov.length, mdat.length],
      ],
    );
    assert.ok(isPlayableMp4(file));
    assert.ok(looksLikeMp4(file));
  });

  it('accepts moov after mdat (non-faststart files)', () => {
    assert.ok(isPlayableMp4(concat(ftyp, mdat, moov)));
  });

  it('rejects a cut file: the last box claims more bytes than there are', () => {
    const file = concat(ftyp, moov, mdat);
    const cut = file.subarray(0, file.length - 10);
    assert.throws(() => parseMp4(cut), Mp4ParseError);
    assert.equal(isPlayableMp4(cut), false);
  });

  it('rejects a file without ftyp first, or without moov', () => {
    assert.throws(() => parseMp4(concat(moov, ftyp)), /ftyp/);
    assert.throws(() => parseMp4(concat(ftyp, mdat)), /moov/);
    assert.equal(isPlayableMp4(Buffer.from('<html>not found</html>')), false);
    assert.equal(isPlayableMp4(new Uint8Array(0)), false);
  });

  it('handles 64-bit sizes and size 0 (box to the end of the file)', () => {
    const large = new Uint8Array(16 + 4);
    const dv = new DataView(large.buffer);
    dv.setUint32(0, 1);
    large.set(Buffer.from('mdat'), 4);
    dv.setUint32(8, 0);
    dv.setUint32(12, large.length);
    const toEnd = concat(new Uint8Array([0, 0, 0, 0]), Buffer.from('free'), new Uint8Array(12));
    const file = concat(ftyp, moov, large, toEnd);
    const boxes = readBoxes(file);
    assert.deepEqual(boxes.map((b) => b.type), ['ftyp', 'moov', 'mdat', 'free']);
    assert.equal(boxes[2].size, large.length);
    assert.equal(boxes[3].size, toEnd.length);
  });

  it('rejects an impossible box size', () => {
    const bad = concat(ftyp, new Uint8Array([0, 0, 0, 4]), Buffer.from('moov'));
    assert.throws(() => readBoxes(bad), /impossible size/);
  });
});

/** The checker fed `file` in pieces cut at `cuts`: its outline, or the Mp4ParseError it threw. */
function streamed(file: Uint8Array, cuts: number[]): unknown {
  const checker = new Mp4OutlineChecker();
  try {
    let from = 0;
    for (const at of [...cuts, file.length]) {
      checker.push(file.subarray(from, at));
      from = at;
    }
    return checker.end();
  } catch (e) {
    assert.ok(e instanceof Mp4ParseError, String(e));
    return 'refused';
  }
}

function whole(file: Uint8Array): unknown {
  try {
    return parseMp4(file);
  } catch {
    return 'refused';
  }
}

describe('core/media/mp4 Mp4OutlineChecker (chunk by chunk)', () => {
  const large = (() => {
    const b = new Uint8Array(16 + 4);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, 1);
    b.set(Buffer.from('mdat'), 4);
    dv.setUint32(12, b.length);
    return b;
  })();
  const toEnd = concat(new Uint8Array([0, 0, 0, 0]), Buffer.from('free'), new Uint8Array(12));
  const files: Record<string, Uint8Array> = {
    'well-formed': concat(ftyp, moov, mdat),
    'moov last': concat(ftyp, mdat, moov),
    '64-bit size and size 0': concat(ftyp, moov, large, toEnd),
    'the real sample': new Uint8Array(sampleMp4()),
    cut: concat(ftyp, moov, mdat).subarray(0, ftyp.length + moov.length + mdat.length - 10),
    'cut in a header': concat(ftyp, moov, mdat.subarray(0, 5)),
    'no ftyp first': concat(moov, ftyp),
    'no moov': concat(ftyp, mdat),
    'small ftyp': concat(box('ftyp', new Uint8Array(4)), moov),
    'impossible size': concat(ftyp, new Uint8Array([0, 0, 0, 4]), Buffer.from('moov')),
    'not a box type': concat(ftyp, moov, new Uint8Array([0, 0, 0, 8, 1, 2, 3, 4])),
    html: new Uint8Array(Buffer.from('<html>not found</html>')),
    empty: new Uint8Array(0),
  };

  it('agrees with parseMp4 on every file, however the bytes are split', () => {
    for (const [name, file] of Object.entries(files)) {
      const expected = whole(file);
      assert.deepEqual(streamed(file, []), expected, `${name}: in one piece`);
      assert.deepEqual(streamed(file, Array.from({ length: file.length }, (_, i) => i)), expected, `${name}: byte by byte`);
      for (let cut = 1; cut < file.length; cut++) assert.deepEqual(streamed(file, [cut]), expected, `${name}: cut at ${cut}`);
    }
    assert.notEqual(whole(files['the real sample']), 'refused');
    assert.equal(whole(files.cut), 'refused');
  });

  it('refuses a foreign file at its first 8 bytes, before the rest arrives', () => {
    const checker = new Mp4OutlineChecker();
    assert.throws(() => checker.push(Buffer.from('<!DOCTYPE html><html>')), /ftyp/);
    const slow = new Mp4OutlineChecker();
    slow.push(Buffer.from('<!DOC'));
    assert.throws(() => slow.push(Buffer.from('TYPE')), /ftyp/);
  });

  it('walks a large file chunk by chunk, skipping the payloads', () => {
    const checker = new Mp4OutlineChecker();
    const mdatHeader = new Uint8Array(8);
    new DataView(mdatHeader.buffer).setUint32(0, 8 + 32 * 1024 * 1024);
    mdatHeader.set(Buffer.from('mdat'), 4);
    checker.push(concat(ftyp, moov, mdatHeader));
    const chunk = new Uint8Array(1024 * 1024);
    for (let i = 0; i < 32; i++) checker.push(chunk);
    const info = checker.end();
    assert.deepEqual(info.boxes.map((b) => [b.type, b.size]), [
      ['ftyp', ftyp.length],
      ['moov', moov.length],
      ['mdat', 8 + 32 * 1024 * 1024],
    ]);
    assert.equal(info.majorBrand, 'isom');
    assert.deepEqual(info.compatibleBrands, ['isom', 'iso2', 'mp41']);
  });
});

describe('core/media/sniff', () => {
  it('recognises PNG, JPEG, WebP and GIF by their first bytes', () => {
    assert.equal(sniffImage(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))?.ext, 'png');
    assert.equal(sniffImage(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))?.ext, 'jpg');
    assert.equal(sniffImage(concat(Buffer.from('RIFF'), new Uint8Array(4), Buffer.from('WEBPVP8 ')))?.ext, 'webp');
    assert.equal(sniffImage(Buffer.from('GIF89a'))?.ext, 'gif');
    assert.equal(sniffImage(Buffer.from('{"error":"x"}')), undefined);
    assert.equal(sniffImage(new Uint8Array([0x89, 0x50])), undefined);
  });

  it('maps picked file names to MIME types', () => {
    assert.equal(imageMimeFromName('a/b/Frame.JPEG'), 'image/jpeg');
    assert.equal(imageMimeFromName('x.png'), 'image/png');
    assert.equal(imageMimeFromName('x.txt'), undefined);
  });
});
