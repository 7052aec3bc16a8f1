import * as assert from 'node:assert/strict';
import { applyEdits, occurrences, similarity } from '../../../src/core/agent/edits';
import type { EditResult, SearchReplace } from '../../../src/core/agent/edits';
import { randomString, seeded } from './random';

function applied(text: string, edits: SearchReplace[]) {
  const r = applyEdits(text, edits);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r;
}

function failed(r: EditResult, index: number, why: RegExp) {
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.editIndex, index, r.error);
    assert.match(r.error, why);
  }
}

const SRC = ['function one() {', '  return 1;', '}', '', 'function two() {', '  return 2;', '}', ''].join('\n');

describe('core/agent/edits', () => {
  it('replaces a unique search text and says where the change is', () => {
    const r = applied(SRC, [{ search: '  return 2;', replace: '  return 22;' }]);
    assert.equal(r.text, SRC.replace('return 2;', 'return 22;'));
    assert.deepEqual(r.changes, [{ start: SRC.indexOf('  return 2;'), end: SRC.indexOf('  return 2;') + 12, line: 6 }]);
  });

  it('applies several edits against the original text, reporting changes in the order given', () => {
    const r = applied(SRC, [
      { search: 'function two', replace: 'function second' },
      { search: 'function one', replace: 'function first' },
    ]);
    assert.equal(r.text, SRC.replace('function one', 'function first').replace('function two', 'function second'));
    assert.equal(r.text.slice(r.changes[0].start, r.changes[0].end), 'function second');
    assert.equal(r.text.slice(r.changes[1].start, r.changes[1].end), 'function first');
    assert.deepEqual(r.changes.map((c) => c.line), [5, 1]);
  });

  it('searches the original text, not the text after earlier edits', () => {
    // The first edit creates a second "b"; the second edit still finds the one original "b".
    const r = applied('a b c', [
      { search: 'a', replace: 'b' },
      { search: 'b', replace: 'B' },
    ]);
    assert.equal(r.text, 'b B c');
  });

  it('numbers lines from a leading line break on', () => {
    failed(applyEdits('\nx\nx', [{ search: 'x', replace: 'y' }]), 0, /\(lines 2, 3\)/);
    assert.equal(applied('\nab', [{ search: 'b', replace: 'c' }]).changes[0].line, 2);
    assert.equal(applied('a\nb', [{ search: '\nb', replace: '\nc' }]).changes[0].line, 1);
  });

  it('lets edits touch without overlapping', () => {
    assert.equal(applied('abcd', [{ search: 'ab', replace: 'X' }, { search: 'cd', replace: 'Y' }]).text, 'XY');
  });

  it('can delete text and insert lines', () => {
    assert.equal(applied(SRC, [{ search: '\nfunction two() {\n  return 2;\n}\n', replace: '' }]).text, 'function one() {\n  return 1;\n}\n');
    assert.equal(applied('a\nc\n', [{ search: 'a\n', replace: 'a\nb\n' }]).text, 'a\nb\nc\n');
  });

  it('refuses a search text that occurs more than once, naming the count and lines', () => {
    failed(applyEdits(SRC, [{ search: '}', replace: '};' }]), 0, /occurs 2 times \(lines 3, 7\); include more/);
    const many = 'x\n'.repeat(12);
    failed(applyEdits(many, [{ search: 'x', replace: 'y' }]), 0, /occurs 12 times \(lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, …\)/);
    failed(applyEdits('x\n'.repeat(10), [{ search: 'x', replace: 'y' }]), 0, /\(lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10\)/);
  });

  it('counts overlapping occurrences: "aa" is ambiguous in "aaa"', () => {
    assert.deepEqual(occurrences('aaa', 'aa'), [0, 1]);
    failed(applyEdits('aaa', [{ search: 'aa', replace: 'b' }]), 0, /occurs 2 times/);
  });

  it('refuses a search text that is not there, and nothing is changed', () => {
    const r = applyEdits(SRC, [
      { search: 'function one', replace: 'function first' },
      { search: 'function three', replace: 'x' },
    ]);
    failed(r, 1, /^Edit 2: the search text was not found in the file\./);
  });

  it('hints when only indentation or spacing differs', () => {
    failed(applyEdits(SRC, [{ search: 'return   2;', replace: 'return 3;' }]), 0, /would match at line 6 if spaces and indentation were ignored/);
    failed(applyEdits(SRC, [{ search: 'function two() {\nreturn 2;\n}', replace: 'x' }]), 0, /would match at line 5 if spaces/);
    failed(applyEdits(SRC, [{ search: '\n\nfunction two() {\n    return 2;\n', replace: 'x' }]), 0, /would match at line 5 if spaces/);
    // First and last lines may be parts of lines; the lines between must match whole.
    failed(applyEdits('  let a = 1; // one\n  let b = 2;\n  let c = 3; // three\n', [{ search: 'one\nlet b = 2;\nlet c', replace: 'x' }]), 0, /at line 1 if spaces/);
    const r = applyEdits('  let a = 1; // one\n  let b = 2; // two\n  let c = 3;\n', [{ search: 'one\nlet b = 2;\nlet c', replace: 'x' }]);
    assert.ok(!r.ok && !/if spaces/.test(r.error), 'a middle line that differs is no near miss');
  });

  it('hints at a near miss only where it is one', () => {
    // Whitespace runs count as one space, not as nothing.
    let r = applyEdits('ab\n', [{ search: 'a b', replace: 'x' }]);
    assert.ok(!r.ok && !/if spaces/.test(r.error), r.ok ? '' : r.error);
    // A one-line search may sit in the middle of a line.
    failed(applyEdits('x = foo(a,  b) + 1;\n', [{ search: 'foo(a, b)', replace: 'y' }]), 0, /at line 1 if spaces/);
    // The first line must end with the search's first line, the last start with its last.
    r = applyEdits('x = 1; // one\nlet b = 2;\nlet c = 3;\n', [{ search: 'one\nlet b = 2;\nzzz', replace: 'y' }]);
    assert.ok(!r.ok && !/if spaces/.test(r.error), r.ok ? '' : r.error);
    r = applyEdits('x = 1; // one\nlet b = 2;\nlet c = 3;\n', [{ search: 'zzz\nlet b = 2;\nlet c', replace: 'y' }]);
    assert.ok(!r.ok && !/if spaces/.test(r.error), r.ok ? '' : r.error);
    // Blank lines around the search are not needed for a near miss, even at the ends of the file.
    failed(applyEdits('a\n  b', [{ search: 'a\nb\n\n', replace: 'x' }]), 0, /at line 1 if spaces/);
    failed(applyEdits('a\n  b', [{ search: '\n\na\nb', replace: 'x' }]), 0, /at line 1 if spaces/);
  });

  it('gives a search of only whitespace that is not there no hint, and does not throw', () => {
    const r = applyEdits('x = undefined\n', [{ search: '   \n  ', replace: 'y' }]);
    assert.ok(!r.ok);
    assert.match(r.error, /not found in the file\. Read the file again and copy the text exactly\.$/);
  });

  it('hints when only line endings differ', () => {
    failed(applyEdits('a\rb\rc', [{ search: 'a\nb', replace: 'x' }]), 0, /would match at line 1 if line endings were ignored/);
  });

  it('hints when the replacement is already there', () => {
    failed(applyEdits(SRC, [{ search: 'return 9;', replace: 'return 2;' }]), 0, /already in the file \(line 6\): this edit may have been made already/);
  });

  it('names the closest line when nothing else helps, quoting it trimmed', () => {
    failed(applyEdits(SRC, [{ search: 'function twoo() {', replace: 'x' }]), 0, /The closest line is 5: "function two\(\) \{"\./);
    failed(applyEdits(SRC, [{ search: '\n  retrun 2;', replace: 'x' }]), 0, /The closest line is 6: "return 2;"\./);
  });

  it('quotes at most 120 characters of the closest line', () => {
    const at = (n: number) => {
      const line = 'k'.repeat(n);
      const r = applyEdits(`${line}\n`, [{ search: 'k'.repeat(n - 3) + 'q', replace: 'y' }]);
      return r.ok ? '' : r.error;
    };
    assert.ok(at(120).includes(`"${'k'.repeat(120)}"`));
    assert.ok(at(121).includes(`"${'k'.repeat(120)}…"`));
  });

  it('takes the most similar line, the first of equals, from a similarity of one half', () => {
    failed(applyEdits('aa\n', [{ search: 'aaaa', replace: '§' }]), 0, /The closest line is 1: "aa"/);
    failed(applyEdits('abcdef1\nabcxyz2\n', [{ search: 'abcdefq', replace: '§' }]), 0, /The closest line is 1:/);
    failed(applyEdits('abcdzz\nabcdzz\n', [{ search: 'abcdqq', replace: '§' }]), 0, /The closest line is 1:/);
    failed(applyEdits('abcxyz2\nabcdef1\n', [{ search: 'abcdefq', replace: '§' }]), 0, /The closest line is 2:/);
  });

  it('gives no closest line when nothing is similar', () => {
    const r = applyEdits(SRC, [{ search: 'zzzz qqqq', replace: 'x' }]);
    assert.ok(!r.ok);
    assert.ok(!/closest/.test(r.error));
    assert.match(r.error, /Read the file again and copy the text exactly\.$/);
  });

  it('refuses an empty search, identical search and replace, and malformed edits', () => {
    failed(applyEdits(SRC, [{ search: '', replace: 'x' }]), 0, /search text is empty.*create_file/);
    failed(applyEdits(SRC, [{ search: 'return 1;', replace: 'return 1;' }]), 0, /changes nothing/);
    failed(applyEdits(SRC, [{ search: 'return 1;' } as unknown as SearchReplace]), 0, /must have a "search" and a "replace"/);
    failed(applyEdits(SRC, [null as unknown as SearchReplace]), 0, /must have/);
    failed(applyEdits(SRC, [{ search: 1, replace: 'x' } as unknown as SearchReplace]), 0, /must have/);
    failed(applyEdits(SRC, ['return 1;' as unknown as SearchReplace]), 0, /must have/);
    failed(applyEdits(SRC, [7 as unknown as SearchReplace]), 0, /must have/);
    failed(applyEdits(SRC, []), -1, /No edits/);
    failed(applyEdits(SRC, undefined as unknown as SearchReplace[]), -1, /No edits/);
    failed(applyEdits(undefined as unknown as string, [{ search: 'a', replace: 'b' }]), -1, /not a string/);
  });

  it('refuses overlapping edits, naming both, with the later one at fault', () => {
    failed(
      applyEdits(SRC, [
        { search: 'function one() {\n  return 1;', replace: 'x' },
        { search: 'return 1;\n}', replace: 'y' },
      ]),
      1,
      /Edit 2 overlaps edit 1 \(both change line 2\)/,
    );
    failed(
      applyEdits(SRC, [
        { search: 'return 2;\n}', replace: 'y' },
        { search: 'function two() {\n  return 2;', replace: 'x' },
      ]),
      1,
      /Edit 2 overlaps edit 1 \(both change line 6\)/,
    );
    failed(
      applyEdits(SRC, [
        { search: 'return 1', replace: 'x' },
        { search: 'return 2', replace: 'y' },
        { search: 'return 1', replace: 'z' },
      ]),
      2,
      /Edit 3 overlaps edit 1/,
    );
  });

  describe('line endings', () => {
    const CRLF = 'one\r\ntwo\r\nthree\r\n';

    it('matches a search written with LF in a CRLF file and writes the replacement with CRLF', () => {
      const r = applied(CRLF, [{ search: 'one\ntwo', replace: 'one\n1.5\ntwo' }]);
      assert.equal(r.text, 'one\r\n1.5\r\ntwo\r\nthree\r\n');
      assert.deepEqual(r.changes, [{ start: 0, end: 'one\r\n1.5\r\ntwo'.length, line: 1 }]);
    });

    it('writes CRLF into a CRLF file even when the search had no line break', () => {
      assert.equal(applied(CRLF, [{ search: 'two', replace: 'two\nplus' }]).text, 'one\r\ntwo\r\nplus\r\nthree\r\n');
    });

    it('matches a search written with CRLF in an LF file and writes LF', () => {
      assert.equal(applied('a\nb\nc\n', [{ search: 'a\r\nb', replace: 'a\r\nx' }]).text, 'a\nx\nc\n');
    });

    it('keeps a search with CRLF matching exactly in a CRLF file', () => {
      assert.equal(applied(CRLF, [{ search: 'two\r\n', replace: '' }]).text, 'one\r\nthree\r\n');
    });

    it('follows the line break most lines use in a mixed file, LF on a tie', () => {
      assert.equal(applied('a\r\nb\r\nc\nd', [{ search: 'd', replace: 'd\ne' }]).text, 'a\r\nb\r\nc\nd\r\ne');
      assert.equal(applied('a\nb\nc\r\nd', [{ search: 'd', replace: 'd\r\ne' }]).text, 'a\nb\nc\r\nd\ne');
      assert.equal(applied('a\r\nb\nc', [{ search: 'c', replace: 'c\r\nd' }]).text, 'a\r\nb\nc\nd');
    });

    it('in a mixed file, matches the other line break too and keeps the one of the text replaced', () => {
      assert.equal(applied('a\nb\nc\r\nd\n', [{ search: 'c\nd', replace: 'c\nx\nd' }]).text, 'a\nb\nc\r\nx\r\nd\n');
      assert.equal(applied('a\r\nb\r\nc\nd\r\n', [{ search: 'c\r\nd', replace: 'c\r\nx\r\nd' }]).text, 'a\r\nb\r\nc\nx\nd\r\n');
    });

    it('leaves the replacement as written in a file without line breaks', () => {
      assert.equal(applied('abc', [{ search: 'b', replace: 'b\r\nB' }]).text, 'abc'.replace('b', 'b\r\nB'));
    });
  });

  describe('the final newline', () => {
    it('keeps a final newline the edit removed, the same one', () => {
      assert.equal(applied('a\nb\n', [{ search: 'b\n', replace: 'c' }]).text, 'a\nc\n');
      assert.equal(applied('a\r\nb\r\n', [{ search: 'b\r\n', replace: 'c' }]).text, 'a\r\nc\r\n');
      assert.equal(applied('a\nb\nc\r\n', [{ search: 'c\r\n', replace: 'd' }]).text, 'a\nb\nd\r\n');
    });

    it('removes only the final line break of a file that had none', () => {
      assert.equal(applied('a\nb', [{ search: 'b', replace: 'c\n\n' }]).text, 'a\nc\n');
    });

    it('does not add a final newline the file did not have', () => {
      assert.equal(applied('a\nb', [{ search: 'b', replace: 'c\n' }]).text, 'a\nc');
      assert.equal(applied('a\r\nb', [{ search: 'b', replace: 'c\r\n' }]).text, 'a\r\nc');
      const r = applied('a', [{ search: 'a', replace: 'b\n' }]);
      assert.equal(r.text, 'b');
      assert.deepEqual(r.changes, [{ start: 0, end: 1, line: 1 }]);
    });

    it('leaves an emptied file empty', () => {
      assert.equal(applied('a\n', [{ search: 'a\n', replace: '' }]).text, '');
    });
  });

  it('tells surrogate pairs from lone surrogates, at the edges of each range', () => {
    // A match may end on a lone high surrogate, or before a lone low one.
    assert.deepEqual(occurrences('a\uD83Db', 'a\uD83D'), [0]);
    assert.deepEqual(occurrences('ab\uDE00', 'ab'), [0]);
    // High surrogates are D800–DBFF, low ones DC00–DFFF.
    assert.deepEqual(occurrences('\uD800\uDC00', '\uDC00'), []);
    assert.deepEqual(occurrences('\uDBFF\uDFFF', '\uDFFF'), []);
    assert.deepEqual(occurrences('\uD7FF\uDC00', '\uDC00'), [1]);
    assert.deepEqual(occurrences('\uDC00\uDC00', '\uDC00'), [0, 1]);
    assert.deepEqual(occurrences('\uD800\uDC00', '\uD800'), []);
    assert.deepEqual(occurrences('\uDBFF\uDFFF', '\uDBFF'), []);
    assert.deepEqual(occurrences('\uD800\uDBFF', '\uD800'), [0]);
    assert.deepEqual(occurrences('\uD800\uE000', '\uD800'), [0]);
  });

  it('never cuts a surrogate pair in half', () => {
    assert.deepEqual(occurrences('😀', '\uDE00'), []);
    assert.deepEqual(occurrences('😀', '\uD83D'), []);
    assert.deepEqual(occurrences('a😀b', '😀'), [1]);
    assert.deepEqual(occurrences('\uDE00x', '\uDE00'), [0]);
    failed(applyEdits('x😀', [{ search: '\uDE00', replace: 'y' }]), 0, /not found/);
    assert.deepEqual(occurrences('abc', ''), []);
  });

  it('scores similarity from 0 to 1', () => {
    assert.equal(similarity('abc', 'abc'), 1);
    assert.equal(similarity('a', 'a'), 1);
    assert.equal(similarity('ab', 'cd'), 0);
    assert.equal(similarity('', 'x'), 0);
    assert.equal(similarity('abcd', 'abce'), 2 * 2 / 6);
    assert.equal(similarity('aaaa', 'aa'), 2 * 1 / 4);
  });

  it('property: a unique search is replaced and everything else is kept byte for byte', () => {
    const rand = seeded(99);
    const alphabet = ['a', 'b', ' ', 'é', '😀', '{', '}', '\t'];
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const text = randomString(rand, alphabet, 30);
      if (text.length < 2) continue;
      const from = Math.floor(rand() * text.length);
      const to = from + 1 + Math.floor(rand() * Math.min(6, text.length - from));
      const search = text.slice(from, to);
      const replace = randomString(rand, ['x', 'y', ''], 4);
      const r = applyEdits(text, [{ search, replace }]);
      const unique = occurrences(text, search).length === 1;
      if (!r.ok) {
        assert.ok(!unique || replace === search, `${JSON.stringify(text)} ${JSON.stringify(search)}: ${r.error}`);
        continue;
      }
      assert.ok(unique, `${JSON.stringify(text)} ${JSON.stringify(search)} was applied`);
      checked++;
      const at = text.indexOf(search);
      assert.equal(r.text, text.slice(0, at) + replace + text.slice(at + search.length));
      assert.equal(r.text.slice(r.changes[0].start, r.changes[0].end), replace);
    }
    assert.ok(checked > 300, `only ${checked} cases checked`);
  });

  it('property: with line breaks, a result keeps every line break style and the final newline state', () => {
    const rand = seeded(4242);
    for (let i = 0; i < 2000; i++) {
      const crlf = rand() < 0.5;
      const eol = crlf ? '\r\n' : '\n';
      const lines = Array.from({ length: 1 + Math.floor(rand() * 6) }, (_, k) => `line ${k} ${randomString(rand, ['a', 'b', ' '], 3)}`);
      const final = rand() < 0.5;
      const text = lines.join(eol) + (final ? eol : '');
      const k = Math.floor(rand() * lines.length);
      const search = lines.slice(k, k + 2).join('\n') + (rand() < 0.3 ? '\n' : '');
      const replace = randomString(rand, ['x', '\n', 'y', '\r\n'], 5);
      const r = applyEdits(text, [{ search, replace }]);
      if (!r.ok) continue;
      if (final) assert.ok(/\n$/.test(r.text) || r.text === '', JSON.stringify({ text, search, replace, out: r.text }));
      else if (!/\n$/.test(replace)) assert.ok(!/\n$/.test(r.text), JSON.stringify({ text, search, replace, out: r.text }));
      if (!text.includes('\n')) continue; // no line break to follow: the replacement stays as written
      if (crlf) assert.ok(!/(^|[^\r])\n/.test(r.text), JSON.stringify({ text, search, replace, out: r.text }));
      else assert.ok(!r.text.includes('\r'), JSON.stringify({ text, search, replace, out: r.text }));
    }
  });
});
