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
});
