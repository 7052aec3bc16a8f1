import * as assert from 'node:assert/strict';
import { expandToLines, fitReplacement, occurrences, placeEdit } from '../../../src/core/edits/placement';

function anchorOf(snapshot: string, selected: string, nth = 0) {
  const at = occurrences(snapshot, selected)[nth];
  assert.ok(at !== undefined, `"${selected}" not in snapshot`);
  return { snapshot, start: at, end: at + selected.length };
}

describe('core/edits/placement', () => {
  const doc = 'import a from "a";\n\nfunction one() {\n  return 1;\n}\n\nfunction two() {\n  return 2;\n}\n';

  it('keeps the range when the document did not change', () => {
    const anchor = anchorOf(doc, 'function two() {\n  return 2;\n}');
    assert.deepEqual(placeEdit(doc, anchor), { ok: true, start: anchor.start, end: anchor.end, how: 'unchanged' });
  });

  it('follows the selected text when lines were added above it', () => {
    const anchor = anchorOf(doc, 'function two() {\n  return 2;\n}');
    const now = '// header added later\n' + doc.replace('return 1;', 'return 1 + 0; // changed');
    const p = placeEdit(now, anchor);
    assert.ok(p.ok);
    assert.equal(now.slice(p.start, p.end), 'function two() {\n  return 2;\n}');
    assert.equal(p.how, 'moved');
  });

  it('refuses when the selected text itself was edited', () => {
    const anchor = anchorOf(doc, 'function two() {\n  return 2;\n}');
    assert.deepEqual(placeEdit(doc.replace('return 2;', 'return 22;'), anchor), { ok: false, reason: 'notFound' });
  });

  it('finds whole lines only as whole lines, not inside a line the user changed', () => {
    const anchor = anchorOf(doc, 'function two() {\n  return 2;\n}');
    const now = doc.replace('function two()', 'async function two()');
    assert.deepEqual(placeEdit(now, anchor), { ok: false, reason: 'notFound' });
    // A selection inside a line may be found inside a line.
    const partial = anchorOf(doc, 'return 2');
    const moved = placeEdit('// x\n' + doc, partial);
    assert.ok(moved.ok);
  });

  it('refuses when the selected text was deleted', () => {
    const anchor = anchorOf(doc, 'function one() {\n  return 1;\n}');
    assert.deepEqual(placeEdit('import a from "a";\n', anchor), { ok: false, reason: 'notFound' });
  });

  it('uses the surrounding text to tell apart identical copies', () => {
    const twice = 'class A {\n  run() {\n    go();\n  }\n}\nclass B {\n  run() {\n    go();\n  }\n}\n';
    const anchor = anchorOf(twice, '  run() {\n    go();\n  }\n', 1); // the copy in B
    const now = '// new line\n' + twice;
    const p = placeEdit(now, anchor);
    assert.ok(p.ok);
    assert.ok(now.slice(0, p.start).endsWith('class B {\n'), 'placed in class B');
  });

  it('refuses when identical copies cannot be told apart', () => {
    const snapshot = 'x();\nx();\n';
    const anchor = { snapshot, start: 0, end: 5 };
    // Both copies now have the same surroundings as each other; neither matches better.
    const now = 'y();\nx();\ny();\nx();\ny();\n';
    assert.deepEqual(placeEdit(now, anchor), { ok: false, reason: 'ambiguous' });
  });

  it('places an insertion point by the text around it', () => {
    const snapshot = 'a\nb\nc\n';
    const anchor = { snapshot, start: 2, end: 2 }; // before "b"
    const p = placeEdit('z\n' + snapshot, anchor);
    assert.deepEqual(p, { ok: true, start: 4, end: 4, how: 'moved' });
  });

  it('finds overlapping occurrences', () => {
    assert.deepEqual(occurrences('aaaa', 'aa'), [0, 1, 2]);
    assert.deepEqual(occurrences('abc', ''), []);
  });

  describe('fitReplacement', () => {
    it('restores the indentation the model dropped', () => {
      const original = '    if (a) {\n      b();\n    }\n';
      assert.equal(fitReplacement('if (a) {\n  c();\n}', original, '\n'), '    if (a) {\n      c();\n    }\n');
    });

    it('leaves indentation alone when the model kept it', () => {
      const original = '    x = 1\n';
      assert.equal(fitReplacement('    x = 2', original, '\n'), '    x = 2\n');
    });

    it('keeps the original trailing newline or its absence, and the document line endings', () => {
      assert.equal(fitReplacement('a\nb\n\n', 'x', '\n'), 'a\nb');
      assert.equal(fitReplacement('a\nb', 'x\r\n', '\r\n'), 'a\r\nb\r\n');
      assert.equal(fitReplacement('a\r\nb', 'x', '\r\n'), 'a\r\nb');
    });
  });

  describe('expandToLines', () => {
    const text = 'one\n  two\nthree\n';
    it('grows a partial selection to whole lines', () => {
      assert.deepEqual(expandToLines(text, 6, 8), { start: 4, end: 9 });
      assert.equal(text.slice(4, 9), '  two');
    });
    it('keeps a selection that ends at the start of a line (its line break in, that line out)', () => {
      assert.deepEqual(expandToLines(text, 4, 10), { start: 4, end: 10 });
    });
    it('handles the last line without a newline and CRLF', () => {
      assert.deepEqual(expandToLines('a\nbc', 3, 3), { start: 2, end: 4 });
      const crlf = 'a\r\nbc\r\nd';
      assert.deepEqual(expandToLines(crlf, 4, 4), { start: 3, end: 5 });
    });
  });

  describe('edges', () => {
    it('tells copies apart by the text before them alone, near the start of a long document', () => {
      const tail = `${'q'.repeat(4100)}\n`;
      const snapshot = `A\nDUP\n${tail}B\nDUP\n${tail}`;
      const now = `${snapshot}changed\n`;
      assert.deepEqual(placeEdit(now, { snapshot, start: 2, end: 5 }), { ok: true, start: 2, end: 5, how: 'moved' });
    });

    it('tells copies apart by the text after them alone', () => {
      const head = `${'q'.repeat(4100)}\n`;
      const snapshot = `${head}DUP\nA\n${head}DUP\nB\n`;
      const second = snapshot.lastIndexOf('DUP');
      const now = `${snapshot}changed\n`;
      assert.deepEqual(placeEdit(now, { snapshot, start: second, end: second + 3 }), { ok: true, start: second, end: second + 3, how: 'moved' });
    });

    it('refuses copies whose surroundings match equally well', () => {
      const snapshot = 'k\nDUP\nk';
      assert.deepEqual(placeEdit('k\nDUP\nk\nk\nDUP\nk', { snapshot, start: 2, end: 5 }), { ok: false, reason: 'ambiguous' });
    });

    it('finds whole lines at the very start and the very end of the document', () => {
      assert.deepEqual(placeEdit('f()\nnew', { snapshot: 'f()\nold', start: 0, end: 3 }), { ok: true, start: 0, end: 3, how: 'moved' });
      assert.deepEqual(placeEdit('b\na\nf()', { snapshot: 'a\nf()', start: 2, end: 5 }), { ok: true, start: 4, end: 7, how: 'moved' });
      assert.deepEqual(placeEdit('x\nf()\r\nz', { snapshot: 'f()\r\nz', start: 0, end: 3 }), { ok: true, start: 2, end: 5, how: 'moved' });
    });

    it('does not find a whole line inside a line, at the very start or end of the document either', () => {
      assert.deepEqual(placeEdit('xf()\nnew', { snapshot: 'f()\nold', start: 0, end: 3 }), { ok: false, reason: 'notFound' });
      assert.deepEqual(placeEdit('b\na\nf()x', { snapshot: 'a\nf()', start: 2, end: 5 }), { ok: false, reason: 'notFound' });
      assert.deepEqual(placeEdit('x\nf()y\r\nz', { snapshot: 'f()\r\nz', start: 0, end: 3 }), { ok: false, reason: 'notFound' });
      // Part of a line may be found as part of a line.
      assert.deepEqual(placeEdit('x\nf(a)\n', { snapshot: 'f()\n', start: 0, end: 2 }), { ok: true, start: 2, end: 4, how: 'moved' });
    });

    it('does not find a whole line where the line now goes on', () => {
      assert.deepEqual(placeEdit('x\nf() + 1\n', { snapshot: 'f()\n', start: 0, end: 3 }), { ok: false, reason: 'notFound' });
      assert.deepEqual(placeEdit('x\nf()\n', { snapshot: 'f()\n', start: 0, end: 3 }), { ok: true, start: 2, end: 5, how: 'moved' });
    });

    it('places an insertion point by at most 200 characters on each side', () => {
      const before = 'p'.repeat(300);
      const snapshot = `${before}END`;
      const anchor = { snapshot, start: 300, end: 300 };
      assert.deepEqual(placeEdit(`${'p'.repeat(150)}END z ${before}END`, anchor), { ok: true, start: 150 + 3 + 3 + 300, end: 456, how: 'moved' });
      assert.deepEqual(placeEdit(`${'p'.repeat(250)}END`, anchor), { ok: true, start: 250, end: 250, how: 'moved' });
      const after = { snapshot: `START${'q'.repeat(300)}`, start: 5, end: 5 };
      assert.deepEqual(placeEdit(`START${'q'.repeat(250)}X`, after), { ok: true, start: 5, end: 5, how: 'moved' });
    });

    it('refuses an insertion point whose surroundings are gone, or there twice', () => {
      assert.deepEqual(placeEdit('x', { snapshot: '', start: 0, end: 0 }), { ok: false, reason: 'notFound' });
      assert.deepEqual(placeEdit('xx', { snapshot: 'ab', start: 1, end: 1 }), { ok: false, reason: 'notFound' });
      assert.deepEqual(placeEdit('abab', { snapshot: 'ab', start: 1, end: 1 }), { ok: false, reason: 'ambiguous' });
    });

    it('fits a replacement to lone CR line ends too', () => {
      assert.equal(fitReplacement('a\rb', 'x\ry\r', '\n'), 'a\nb\n');
      assert.equal(fitReplacement('a\rb', 'x\ry', '\r\n'), 'a\r\nb');
    });

    it('indents by the least-indented line of the original, leaves blank lines blank', () => {
      assert.equal(fitReplacement('a\n   \nb', '    x', '\n'), '    a\n   \n    b');
      assert.equal(fitReplacement('x', '  a\n    b', '\n'), '  x');
      assert.equal(fitReplacement('x', '    a\n  b', '\n'), '  x');
      assert.equal(fitReplacement('x', 'a\n  b', '\n'), 'x');
      assert.equal(fitReplacement('x', '\n\n  a', '\n'), '  x');
    });

    it('grows a selection to whole lines from the character it starts on', () => {
      assert.deepEqual(expandToLines('ab\ncd', 2, 2), { start: 0, end: 2 });
      assert.deepEqual(expandToLines('ab\ncd', 3, 3), { start: 3, end: 5 });
      assert.deepEqual(expandToLines('ab\ncd\n', 0, 3), { start: 0, end: 3 });
      assert.deepEqual(expandToLines('ab\r\ncd', 0, 1), { start: 0, end: 2 });
    });
  });
});

