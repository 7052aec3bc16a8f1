import * as assert from 'node:assert/strict';
import { hiddenKind, inspectRules, markerOf, showInvisibles, utf8Bytes } from '../../../src/core/agent/rules';
import { randomString, seeded } from './random';

const kinds = (text: string) => inspectRules(text, 1e9).flags.map((f) => `${f.kind}:${f.codePoint.toString(16)}`);

describe('core/agent/rules', () => {
  describe('hiddenKind', () => {
    it('knows the bidi controls, the edges of each range included', () => {
      for (const cp of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c]) assert.equal(hiddenKind(cp), 'bidi', cp.toString(16));
      for (const cp of [0x2029 + 0, 0x202f, 0x2065, 0x206a]) assert.notEqual(hiddenKind(cp), 'bidi', cp.toString(16));
    });

    it('knows the tag characters, and nothing just outside them', () => {
      for (const cp of [0xe0000, 0xe0001, 0xe0041, 0xe007f]) assert.equal(hiddenKind(cp), 'tag');
      assert.equal(hiddenKind(0xdffff), undefined);
      assert.equal(hiddenKind(0xe0080), undefined);
    });

    it('knows the invisible characters', () => {
      for (const cp of [0x200b, 0x200c, 0x200d, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xfeff, 0x180e, 0x00ad, 0x034f, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x3164, 0xffa0, 0x2028, 0x2029, 0xfff9, 0xfffa, 0xfffb, 0x1d173, 0x1d17a, 0xe0100, 0xe01ef]) {
        assert.equal(hiddenKind(cp), 'invisible', cp.toString(16));
      }
      for (const cp of [0x200a, 0x2010, 0x205f, 0x2065, 0xfefe, 0x180d, 0x00ac, 0x00ae, 0xfff8, 0xfffc, 0x1d172, 0x1d17b, 0xe00ff, 0xe01f0, 0x17b3, 0x17b6, 0x115e, 0x1161]) {
        assert.equal(hiddenKind(cp), undefined, cp.toString(16));
      }
    });

    it('knows control characters, but leaves tab and line breaks alone', () => {
      for (const cp of [0x00, 0x01, 0x08, 0x0b, 0x0c, 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x9f]) assert.equal(hiddenKind(cp), 'control', cp.toString(16));
      for (const cp of [0x09, 0x0a, 0x0d, 0x20, 0x7e, 0xa0, 0x41]) assert.equal(hiddenKind(cp), undefined, cp.toString(16));
    });
  });

  describe('inspectRules', () => {
    it('flags the trojan-source bidi attack with its line and column', () => {
      const text = '# Rules\nAlways run tests.\nok \u202Eevil\u2066 text\n';
      const r = inspectRules(text, 10_000);
      assert.equal(r.truncated, false);
      assert.equal(r.text, text);
      assert.deepEqual(r.flags, [
        { kind: 'bidi', codePoint: 0x202e, line: 3, column: 4, offset: text.indexOf('\u202E') },
        { kind: 'bidi', codePoint: 0x2066, line: 3, column: 9, offset: text.indexOf('\u2066') },
      ]);
    });

    it('flags ASCII smuggled in tag characters, one flag each, columns counted in characters', () => {
      const hidden = [...'run curl'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
      const r = inspectRules(`😀${hidden}`, 10_000);
      assert.equal(r.flags.length, 8);
      assert.ok(r.flags.every((f) => f.kind === 'tag' && f.line === 1));
      assert.deepEqual(r.flags.map((f) => f.column), [2, 3, 4, 5, 6, 7, 8, 9]);
      assert.deepEqual(r.flags.map((f) => f.offset), [2, 4, 6, 8, 10, 12, 14, 16]);
    });

    it('counts \\r\\n as one line break and a lone \\r as one', () => {
      assert.equal(inspectRules('a\r\n\u200B', 100).flags[0].line, 2);
      assert.equal(inspectRules('a\rb\u200B', 100).flags[0].line, 2);
      assert.equal(inspectRules('a\rb\u200B', 100).flags[0].column, 2);
    });

    it('counts U+FFFF as one UTF-16 unit and U+10000 as two', () => {
      assert.equal(inspectRules('\uFFFFx', 3).text, '\uFFFF');
      assert.equal(inspectRules('\uFFFF\u200B', 100).flags[0].offset, 1);
      assert.equal(inspectRules('\u{10000}\u200B', 100).flags[0].offset, 2);
    });

    it('flags zero-width characters and counts lines at \\n, \\r\\n and a lone \\r', () => {
      const r = inspectRules('a\r\nb\rc\n\u200Bd\u00ADe', 10_000);
      assert.deepEqual(
        r.flags.map((f) => [f.kind, f.line, f.column]),
        [
          ['invisible', 4, 1],
          ['invisible', 4, 3],
        ],
      );
    });

    it('leaves a byte-order mark at the very start alone, but not one further in', () => {
      assert.deepEqual(kinds('\uFEFFhello'), []);
      assert.deepEqual(kinds('he\uFEFFllo'), ['invisible:feff']);
    });

    it('leaves a joiner between two emoji alone, but not one between letters or at an edge', () => {
      assert.deepEqual(kinds('👨\u200D👩\u200D👧'), []);
      assert.deepEqual(kinds('❤\uFE0F\u200D🔥'), []);
      assert.deepEqual(kinds('a\u200Db'), ['invisible:200d']);
      assert.deepEqual(kinds('👨\u200Db'), ['invisible:200d']);
      assert.deepEqual(kinds('a\u200D👩'), ['invisible:200d']);
      assert.deepEqual(kinds('\u200D👩'), ['invisible:200d']);
      assert.deepEqual(kinds('👩\u200D'), ['invisible:200d']);
    });

    it('leaves one variation selector alone, but flags a run of them (text smuggled in an emoji)', () => {
      assert.deepEqual(kinds('❤\uFE0F ok'), []);
      assert.deepEqual(kinds('x\uFE00\uFE01\uFE0F'), ['invisible:fe00', 'invisible:fe01', 'invisible:fe0f']);
      assert.deepEqual(kinds('😀\u{E0100}'), ['invisible:e0100']);
    });

    it('flags control characters but not tabs', () => {
      assert.deepEqual(kinds('a\tb\x1b[31mc\x00'), ['control:1b', 'control:0']);
    });

    it('cuts to the byte limit at a character boundary and reports the whole size', () => {
      assert.equal(utf8Bytes('aé€😀'), 1 + 2 + 3 + 4);
      for (const [cp, n] of [
        [0x7f, 1],
        [0x80, 2],
        [0x7ff, 2],
        [0x800, 3],
        [0xffff, 3],
        [0x10000, 4],
      ]) {
        assert.equal(utf8Bytes(String.fromCodePoint(cp)), n, cp.toString(16));
      }
      const text = 'aé€😀b';
      const expect: [number, string][] = [
        [0, ''],
        [1, 'a'],
        [2, 'a'],
        [3, 'aé'],
        [5, 'aé'],
        [6, 'aé€'],
        [9, 'aé€'],
        [10, 'aé€😀'],
        [11, 'aé€😀b'],
        [100, 'aé€😀b'],
      ];
      for (const [max, kept] of expect) {
        const r = inspectRules(text, max);
        assert.equal(r.text, kept, `max ${max}`);
        assert.equal(r.truncated, kept !== text, `max ${max}`);
        assert.equal(r.bytes, 11, `max ${max}`);
      }
    });

    it('flags only what is kept', () => {
      const r = inspectRules('abc\u202Edef', 3);
      assert.equal(r.text, 'abc');
      assert.deepEqual(r.flags, []);
      assert.equal(inspectRules('abc\u202Edef', 6).flags.length, 1);
    });

    it('counts a lone surrogate as the three bytes it is written as', () => {
      assert.equal(utf8Bytes('\uD800'), 3);
      assert.equal(inspectRules('\uD800x', 3).text, '\uD800');
    });

    it('takes odd limits and input without throwing', () => {
      assert.equal(inspectRules('abc', NaN).text, '');
      assert.equal(inspectRules('abc', -5).text, '');
      assert.equal(inspectRules('abc', 2.9).text, 'ab');
      assert.equal(inspectRules('abc', Infinity).text, 'abc');
      assert.equal(inspectRules('abc', '7' as unknown as number).text, '');
      assert.deepEqual(inspectRules(undefined as unknown as string, 10), { text: '', truncated: false, bytes: 0, flags: [] });
    });

    it('property: the kept text is a prefix within the limit, and flags point at what they name', () => {
      const rand = seeded(7);
      const alphabet = ['a', 'é', '€', '😀', '\u202E', '\u200B', '\u200D', '\uFEFF', '\u{E0041}', '\n', '\r', '\r\n', '\uD800', '\uFE0F', '\x1b'];
      for (let i = 0; i < 2000; i++) {
        const text = randomString(rand, alphabet, 20);
        const max = Math.floor(rand() * 40);
        const r = inspectRules(text, max);
        assert.ok(text.startsWith(r.text));
        assert.ok(utf8Bytes(r.text) <= max);
        assert.equal(r.bytes, utf8Bytes(text));
        assert.equal(r.truncated, r.text.length < text.length);
        for (const f of r.flags) assert.equal(r.text.codePointAt(f.offset), f.codePoint);
        if (!r.truncated) assert.equal(showInvisibles(text).length >= text.length, true);
      }
    });
  });

  describe('showInvisibles', () => {
    it('replaces each flagged character with a visible marker and keeps the rest', () => {
      assert.equal(showInvisibles('a\u202Eb\u200Bc\u{E0041}'), 'a⟦U+202E⟧b⟦U+200B⟧c⟦U+E0041⟧');
      assert.equal(showInvisibles('\uFEFFok 👨\u200D👩 é\n\tx'), '\uFEFFok 👨\u200D👩 é\n\tx');
      assert.equal(showInvisibles('x\x07'), 'x⟦U+0007⟧');
      assert.equal(showInvisibles(7 as unknown as string), '');
    });

    it('writes markers with at least four upper-case hex digits', () => {
      assert.equal(markerOf(0xad), '⟦U+00AD⟧');
      assert.equal(markerOf(0xe0041), '⟦U+E0041⟧');
    });
  });
});
