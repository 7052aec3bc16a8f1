// The answer clean-up rule by rule (answer.ts): each case is a slip a model makes, or a right answer
// that looks like one, and what must be inserted at the cursor.
import * as assert from 'node:assert/strict';
import { completionFrom, MAX_BLOCK_LINES, restAfterTyping, shownSoFar } from '../../../src/core/completions/answer';
import { HOLE } from '../../../src/core/completions/prompt';
import { ctxOf, kept, run } from './answerCases';

/** The model's reply, wrapped in the tags the prompt asks for. */
const tagged = (text: string) => `<COMPLETION>${text}</COMPLETION>`;

describe('core/completions/answer: rule by rule', () => {
  describe('lines before the cursor written again', () => {
    run([
      {
        name: 'drops an answer that only repeats the line before the cursor',
        file: 'export function greet(name: string) {\n  const msg = `Hello, ${name}`;\n  |\n}\n',
        raw: tagged('const msg = `Hello, ${name}`;'),
        expected: undefined,
      },
      {
        name: 'removes two echoed lines (the second indented) across a blank line of the file',
        file: 'def total(a, b):\n    s = a + b\n    \n    |\n',
        raw: tagged('def total(a, b):\n    s = a + b\n    return s'),
        expected: 'return s',
      },
      {
        name: 'keeps new lines that only partly match the lines before the cursor',
        file: 'setup();\nrun();\n|',
        raw: tagged('cleanup();\nrun();'),
        expected: 'cleanup();\nrun();',
      },
      {
        name: 'drops a restarted answer that does not go on with what the cursor line has',
        file: 'def double(x):\n    ret|\n',
        raw: tagged('def double(x):\n    y = x * 2'),
        expected: undefined,
      },
      {
        name: 'after a restart, cuts even a one-letter start of the cursor line',
        file: 'def double(x):\n    r|\n',
        raw: tagged('def double(x):\n    return x * 2'),
        expected: 'eturn x * 2',
      },
      {
        name: 'a lone closing brace like the line above closes another block: kept',
        file: 'function f(a) {\n  if (a) {\n    log(a);\n  }\n|',
        raw: tagged('}'),
        expected: '}',
      },
      {
        name: 'closing two more blocks after two closing lines is not an echo',
        file: 'class A {\n  m() {\n    for (;;) {\n      if (a) {\n        b();\n      }\n    }\n|',
        raw: tagged('  }\n}'),
        expected: '  }\n}',
      },
      {
        name: 'a lone `end` like the line above closes another block: kept',
        file: 'def total(xs)\n  if xs.empty?\n    return 0\n  end\n|',
        raw: tagged('end'),
        expected: 'end',
      },
    ]);
  });

  describe('the cursor line written again', () => {
    run([
      {
        name: 'a one-character head may begin the answer (`/` then `/ comment`)',
        file: 'function f() {\n  /|\n}\n',
        raw: tagged('/ Returns the sum.'),
        expected: '/ Returns the sum.',
      },
      {
        name: 'a three-character head written again with its indentation, keeping the space after it',
        file: 'if (ok) {\n  n =|\n}\n',
        raw: tagged('  n = 1;'),
        expected: ' 1;',
      },
      {
        name: 'a head that ends in a tab written again with spaces (Go struct alignment)',
        file: 'type User struct {\n\tName\t|\n}\n',
        raw: tagged('\tName   string'),
        expected: 'string',
      },
    ]);
  });

  describe('indentation and blank lines', () => {
    run([
      {
        name: 'an empty answer on an empty line inserts nothing',
        file: 'function f() {\n  |\n}\n',
        raw: tagged(''),
        expected: undefined,
      },
      {
        name: 'on an empty line, blank and whitespace lines at the start are dropped',
        file: 'function f() {\n  |\n}\n',
        raw: tagged('\n  \n  return 1;'),
        expected: 'return 1;',
      },
      {
        name: 'at the start of a line, the indentation the answer needs is kept',
        file: 'def f():\n|',
        raw: tagged('    return 1'),
        expected: '    return 1',
      },
      {
        name: 'after a block opener, a body indented by two spaces goes on the next line',
        file: 'function f() {|',
        raw: tagged('  return 1;'),
        expected: '\n  return 1;',
      },
      {
        name: 'after a block opener, one space and code stay on the line',
        file: 'if not items:|\n',
        raw: tagged(' sys.exit(1)  # nothing to do'),
        expected: ' sys.exit(1)  # nothing to do',
      },
      {
        name: 'in the middle of a statement, the space the answer starts with is kept',
        file: 'const total =|\n',
        raw: tagged(' a + b;'),
        expected: ' a + b;',
      },
      {
        name: 'a blank line inside a block does not end it',
        file: 'def f(x):\n    |\n',
        raw: tagged('y = x * 2\n  \n    return y'),
        expected: 'y = x * 2\n  \n    return y',
      },
    ]);

    it(`a block answer stops after ${MAX_BLOCK_LINES} lines and needs no more of the stream`, () => {
      const rows = Array.from({ length: MAX_BLOCK_LINES + 4 }, (_, i) => `  ${i},`);
      const so = completionFrom(tagged(rows.join('\n')), ctxOf('const xs = [\n|\n];\n'), true);
      assert.deepEqual(so, { text: rows.slice(0, MAX_BLOCK_LINES).join('\n'), replace: 0, complete: true, ended: true });
    });
  });

  describe('lines the code after the cursor already has', () => {
    run([
      {
        name: 'after an opening brace, drops the closing brace already on the next line',
        file: 'if (ready) {|\n}\n',
        raw: tagged('\n  start();\n}'),
        expected: '\n  start();',
      },
      {
        name: 'keeps a closing brace at another indentation (it closes another block)',
        file: 'function f() {\n  if (a) {|\n}\n',
        raw: tagged('\n    b();\n  }'),
        expected: '\n    b();\n  }',
      },
      {
        name: 'keeps a closing line at another indentation (it closes another call)',
        file: 'describe("a", () => {\n  it("b", () => {|\n});\n',
        raw: tagged('\n    run();\n  });'),
        expected: '\n    run();\n  });',
      },
      {
        name: 'drops the next line written again, and the blank lines after it',
        file: 'function f(x) {\n  |\n  return x;\n}\n',
        raw: tagged('x += 1;\n  return x;\n  \n'),
        expected: 'x += 1;',
      },
      {
        name: 'drops the next line written again, and the blank line before it',
        file: 'function f(x) {\n  |\n  return x;\n}\n',
        raw: tagged('x += 1;\n  \n  return x;'),
        expected: 'x += 1;',
      },
      {
        name: 'finds the next line across a blank line of the file',
        file: 'function f(x) {\n  |\n  \n  return x;\n}\n',
        raw: tagged('x += 1;\n  return x;'),
        expected: 'x += 1;',
      },
      {
        name: 'keeps new lines that only partly match the code after the cursor',
        file: 'function f() {\n  |\n  save();\n  return;\n}\n',
        raw: tagged('load();\n  save();\n  log();'),
        expected: 'load();\n  save();\n  log();',
      },
      {
        name: 'drops an answer that makes the cursor line a copy of the next line',
        file: 'function f(x) {\n  ret|\n  return x;\n}\n',
        raw: tagged('urn x;'),
        expected: undefined,
      },
      {
        name: 'drops an answer that makes the cursor line a copy of the next line, brackets after the cursor included',
        file: 'def f(x):\n    print(|)\n    print(x)\n',
        raw: tagged('x)'),
        expected: undefined,
      },
      {
        name: 'after a block opener, a new line and then the next line again: only the copy goes',
        file: 'if (a) {|\n  b();\n}\n',
        raw: tagged('\n  c();\n  b();'),
        expected: '\n  c();',
      },
    ]);
  });

  describe('brackets and quotes after the cursor', () => {
    run([
      {
        name: 'keeps an inner array that closes itself before the bracket after the cursor',
        file: 'const m = [[1, 2], |]\n',
        raw: tagged('[3, 4]'),
        expected: '[3, 4]',
      },
      {
        name: 'keeps an inner object that closes itself before the brace after the cursor',
        file: 'const o = { a: |}\n',
        raw: tagged('{ b: 1 }'),
        expected: '{ b: 1 }',
      },
      {
        name: 'keeps a call that closes itself inside two open calls',
        file: 'f(g(|))\n',
        raw: tagged('h()'),
        expected: 'h()',
      },
      {
        name: 'drops a closing double quote already after the cursor',
        file: 'const s = "|"\n',
        raw: tagged('hello"'),
        expected: 'hello',
      },
      {
        name: "drops a closing single quote already after the cursor",
        file: "name = '|'\n",
        raw: tagged("world'"),
        expected: 'world',
      },
      {
        name: 'drops a closing backtick and semicolon already after the cursor',
        file: 'const s = `|`;\n',
        raw: tagged('hi ${name}`;'),
        expected: 'hi ${name}',
      },
      {
        name: 'keeps the closing quote of a string written before another string (Python)',
        file: 'msg = (\n    "Hello, "\n    |"world"\n)\n',
        raw: tagged('"dear " '),
        expected: '"dear "',
      },
      {
        name: 'keeps the closing single quote of a string written before another string',
        file: "msg = (\n    'Hello, '\n    |'world'\n)\n",
        raw: tagged("'dear ' "),
        expected: "'dear '",
      },
      {
        name: 'drops the rest of the line written again after a new argument',
        file: 'f(|x) + 1\n',
        raw: tagged('a, x)'),
        expected: 'a, ',
      },
      {
        name: 'drops the semicolon already after the cursor',
        file: 'const a = |;\n',
        raw: tagged('b;'),
        expected: 'b',
      },
      {
        name: 'drops the comma already after the cursor',
        file: 'f(|, c)\n',
        raw: tagged('a,'),
        expected: 'a',
      },
      {
        name: 'drops the end of the line written again after a new term',
        file: 'return |b;\n',
        raw: tagged('a + b'),
        expected: 'a + ',
      },
      {
        name: 'keeps the comma that separates a new first argument from the next one',
        file: 'f(|x, y)\n',
        raw: tagged('w, '),
        expected: 'w,',
      },
      {
        name: 'drops an answer that only repeats the next argument',
        file: 'f(x,| y)\n',
        raw: tagged(' y'),
        expected: undefined,
      },
      {
        name: 'drops an answer that only repeats the next argument without its space',
        file: 'f(x,| y)\n',
        raw: tagged('y'),
        expected: undefined,
      },
      {
        name: 'drops an answer that is only the bracket after the cursor',
        file: 'foo(|)\n',
        raw: tagged(' )'),
        expected: undefined,
      },
    ]);
  });

  describe('restAfterTyping', () => {
    it('a rest over several lines closes its own brackets: the bracket the editor closed is not counted twice', () => {
      // `x = g(` then the completion `f(\n  1)`: the user typed `f(`, the editor closed it.
      assert.deepEqual(restAfterTyping('\n  1)', 'x = g(f(', ')'), kept('\n  1'));
      // Its last `)` closes the `f(` on its first line, not the `[` before the cursor.
      assert.deepEqual(restAfterTyping('f(\n  1)', 'x = [', ']'), kept('f(\n  1)'));
    });

    it('over brackets the editor closed that the rest writes itself: it replaces them, never ends `});)`', () => {
      const rest = ') => {\n    run();\n  });';
      // `setTimeout(` typed, then `(`: the editor closed each.
      assert.deepEqual(restAfterTyping(rest, '  setTimeout((', ')'), { text: rest, replace: 1 });
      assert.deepEqual(restAfterTyping(`(${rest}`, '  setTimeout(', ')'), { text: `(${rest}`, replace: 1 });
      assert.deepEqual(restAfterTyping(rest, '  setTimeout((', '))'), { text: rest, replace: 2 });
      assert.deepEqual(restAfterTyping('g(1));', 'x = f(', ') '), { text: 'g(1));', replace: 2 });
      // A bracket the rest needs after it stays, and so does anything that is not a closing mark.
      assert.deepEqual(restAfterTyping('x)', 'foo(bar(', ')'), kept('x)'));
      assert.deepEqual(restAfterTyping(rest, '  setTimeout((', '), 10);'), kept(') => {\n    run();\n  }'));
      // A closing mark the rest does not write is not its to replace, even where the brackets
      // would match better without it.
      assert.deepEqual(restAfterTyping('1, 2', 'f([', '])'), kept('1, 2'));
      assert.deepEqual(restAfterTyping('a', 'x = ', ')'), kept('a'));
      // Nor is code after the cursor, whatever the rest writes.
      assert.deepEqual(restAfterTyping('y)\n  z', 'f(', 'y)'), kept('y)\n  z'));
    });

    it('nothing left: only blanks, or what follows the cursor', () => {
      assert.deepEqual(restAfterTyping('  ', 'x = ', ''), kept(undefined));
      assert.deepEqual(restAfterTyping('\n  ', 'x = ', ''), kept(undefined));
      assert.deepEqual(restAfterTyping(' y', 'f(x,', ' y)'), kept(undefined));
      assert.deepEqual(restAfterTyping('y', 'f(x,', ' y)'), kept(undefined));
    });
  });

  describe('streaming', () => {
    const block = ctxOf('function f(xs) {\n  |\n}\n');

    it('an answer that starts by repeating the line before the cursor goes on streaming', () => {
      assert.deepEqual(completionFrom('<COMPLETION>function f(xs) {\n  con', block, false), { text: undefined, replace: 0, complete: false, ended: false });
      assert.deepEqual(completionFrom('<COMPLETION>function f(xs) {\n  const n = xs.length;\n  ret', block, false), {
        text: 'const n = xs.length;',
        replace: 0,
        complete: false,
        ended: false,
      });
    });

    it('nothing is shown while only a blank line has arrived', () => {
      assert.equal(shownSoFar('<COMPLETION>  \n  ret', HOLE, false), undefined);
      assert.equal(completionFrom('<COMPLETION>  \n  ret', block, false), undefined);
    });

    it('removes the numbered hole marker the prompt used', () => {
      const ctx = { ...ctxOf('x = |\n'), hole: '{{FILL_HERE_2}}' };
      assert.equal(completionFrom(tagged('a{{FILL_HERE_2}}b'), ctx, true)?.text, 'ab');
    });
  });
});
