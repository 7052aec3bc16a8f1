import * as assert from 'node:assert/strict';
import { completionMode, cursorWindow, importLines, linesOf } from '../../../src/core/completions/cursor';

describe('core/completions/cursor', () => {
  it('takes whole lines before and after the cursor, bounded by the limits', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${String(i).padStart(2, '0')}`);
    const src = linesOf(lines.join('\n'));
    const w = cursorWindow(src, 50, 4, { prefixChars: 30, suffixChars: 20, importChars: 100, importScanLines: 10 });
    // 7 characters + newline per whole line; the cursor's line gives `line` before and ` 50` after.
    assert.equal(w.prefix, 'line 47\nline 48\nline 49\nline');
    assert.equal(w.suffix, ' 50\nline 51\nline 52');
    assert.equal(w.prefixAtTop, false);
    assert.equal(w.suffixAtEnd, false);
  });

  it('reads only the lines of the window, however long the file', () => {
    let reads = 0;
    const src = { lineCount: 1_000_000, lineText: () => (reads++, 'x'.repeat(40)) };
    cursorWindow(src, 500_000, 10);
    assert.ok(reads < 400, `${reads} lines read`);
  });

  it('finds imports in TypeScript, Python and Go (a Go import block whole)', () => {
    const ts = linesOf("import { a } from './a';\nimport type { B } from './b';\nconst fs = require('fs');\n\nexport const x = 1;\n");
    assert.equal(importLines(ts, 5), "import { a } from './a';\nimport type { B } from './b';\nconst fs = require('fs');");
    const py = linesOf('import os\nfrom typing import List\n\nx = 1\n');
    assert.equal(importLines(py, 4), 'import os\nfrom typing import List');
    const go = linesOf('package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() {}\n');
    assert.equal(importLines(go, 8), 'package main\nimport (\n\t"fmt"\n\t"os"\n)');
  });

  it('sends imports only when the window does not reach the top of the file', () => {
    const text = ['import os', ...Array.from({ length: 50 }, () => 'x = 1'), 'y = '].join('\n');
    const near = cursorWindow(linesOf(text), 51, 4);
    assert.equal(near.prefixAtTop, true);
    assert.equal(near.imports, '');
    const far = cursorWindow(linesOf(text), 51, 4, { prefixChars: 40, suffixChars: 40, importChars: 100, importScanLines: 100 });
    assert.equal(far.imports, 'import os');
  });

  it('one line in the middle of a line or after ordinary code; a block on an empty line or after an opener', () => {
    assert.equal(completionMode('foo(', ')\n'), 'line');
    assert.equal(completionMode('const x = ', '\n'), 'line');
    assert.equal(completionMode('  return a', ' + b;\n'), 'line');
    assert.equal(completionMode('function f() {\n  ', '\n}'), 'block');
    assert.equal(completionMode('def f(x):', '\n'), 'block');
    assert.equal(completionMode('items.map((x) =>', ''), 'block');
    assert.equal(completionMode('', ''), 'block');
  });
});
