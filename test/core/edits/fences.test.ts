import * as assert from 'node:assert/strict';
import { chooseBlock, extractCode, fenceFor, findFencedBlocks, looksLikeCode, trimBlankEdges } from '../../../src/core/edits/fences';
import type { FencedBlock } from '../../../src/core/edits/fences';

describe('core/edits/fences', () => {
  it('takes only the code inside the fence, not the explanation around it', () => {
    const answer = 'Here is the refactored function:\n\n```ts\nfunction add(a: number, b: number) {\n  return a + b;\n}\n```\n\nI renamed `x` to `a`.';
    const got = extractCode(answer, 'typescript');
    assert.deepEqual(got, { code: 'function add(a: number, b: number) {\n  return a + b;\n}', from: 'fence', complete: true });
  });

  it('among several blocks prefers the one in the document language, then the largest', () => {
    const answer = [
      'Run this first:',
      '```bash',
      'npm install --save-dev some-long-package-name another-long-package-name',
      '```',
      'Then the code:',
      '```python',
      'def f(x):',
      '    return x * 2',
      '```',
      'And a longer JavaScript version for comparison:',
      '```js',
      'function f(x) {',
      '  // a much longer block than the Python one above',
      '  return x * 2;',
      '}',
      '```',
    ].join('\n');
    assert.equal(extractCode(answer, 'python')?.code, 'def f(x):\n    return x * 2');
    assert.equal(extractCode(answer, 'javascript')?.code, 'function f(x) {\n  // a much longer block than the Python one above\n  return x * 2;\n}');
    // No block in the document language: untagged beats other languages, the largest wins.
    const mixed = '```\nsmall()\n```\n```\nlarger_call(1, 2, 3)\n```\n```bash\nrm -rf build && make everything-else-too\n```';
    assert.equal(extractCode(mixed, 'go')?.code, 'larger_call(1, 2, 3)');
  });

  it('recognises language aliases on the fence (py, typescript, golang)', () => {
    assert.equal(extractCode('```md\nnot this one at all, it is long\n```\n```py\nx = 1\n```', 'python')?.code, 'x = 1');
    assert.equal(extractCode('```text\nlong output long output long output\n```\n```typescript\nlet a = 1;\n```', 'typescript')?.code, 'let a = 1;');
    assert.equal(extractCode('```python:src/app.py\nprint(1)\n```', 'python')?.code, 'print(1)');
  });

  it('keeps shorter fences inside a longer one (nested backticks)', () => {
    const inner = 'const md = `\n```js\nconsole.log(1)\n```\n`;';
    const answer = `Here:\n\n\`\`\`\`ts\n${inner}\n\`\`\`\`\nDone.`;
    assert.equal(extractCode(answer, 'typescript')?.code, inner);
    const tilde = '~~~python\ns = """\n```\nnot a fence end\n```\n"""\n~~~';
    assert.equal(extractCode(tilde, 'python')?.code, 's = """\n```\nnot a fence end\n```\n"""');
  });

  it('does not close a fence with a shorter one or one with an info string', () => {
    const blocks = findFencedBlocks('````\na\n```\nb\n```js\nc\n````');
    assert.equal(blocks.length, 1);
    assert.equal(blocks[0].code, 'a\n```\nb\n```js\nc');
    assert.equal(blocks[0].closed, true);
  });

  it('reports an unclosed fence (still streaming) as incomplete, with what arrived so far', () => {
    const got = extractCode('Sure:\n```go\nfunc main() {\n\tfmt.Println(', 'go');
    assert.deepEqual(got, { code: 'func main() {\n\tfmt.Println(', from: 'fence', complete: false });
    assert.equal(extractCode('Sure:\n``', 'go'), undefined);
  });

  it('strips the fence indentation of a block inside a list item', () => {
    const answer = '1. Replace it with:\n   ```js\n   if (a) {\n     b();\n   }\n   ```';
    assert.equal(extractCode(answer, 'javascript')?.code, 'if (a) {\n  b();\n}');
  });

  it('handles CRLF answers', () => {
    assert.equal(extractCode('```c\r\nint x = 1;\r\nint y = 2;\r\n```\r\n', 'c')?.code, 'int x = 1;\nint y = 2;');
  });

  it('without a fence takes the whole answer only when it looks like code', () => {
    const code = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';
    assert.deepEqual(extractCode(code, 'typescript'), { code: code.trimEnd(), from: 'plain', complete: true });
    const python = 'def add(a, b):\n    """Add two numbers."""\n    return a + b';
    assert.equal(extractCode(python, 'python')?.from, 'plain');
    assert.equal(extractCode('I cannot refactor this code because it is already as simple as it can be.', 'typescript'), undefined);
    assert.equal(extractCode('Sure! Here is what I would change:\n- rename the variable to something clearer\n- extract the loop into a helper', 'typescript'), undefined);
    assert.equal(extractCode('', 'typescript'), undefined);
    assert.equal(extractCode('```ts\n\n```', 'typescript'), undefined, 'an empty block is no code');
  });

  it('classifies prose and code', () => {
    assert.equal(looksLikeCode('const x = compute(a, b);\nconsole.log(x);'), true);
    assert.equal(looksLikeCode('This function adds two numbers and returns the result.\nIt is pure.'), false);
    assert.equal(looksLikeCode('The code below is fine.\nx = 1'), false);
  });

  it('chooses nothing when every block is empty', () => {
    assert.equal(chooseBlock(findFencedBlocks('```\n\n```\n```js\n   \n```'), 'javascript'), undefined);
  });

  it('trims blank lines at the edges but keeps the first line\'s indentation', () => {
    assert.equal(trimBlankEdges('\n\n    x = 1\n  \n'), '    x = 1');
    assert.equal(trimBlankEdges('   '), '');
  });

  it('picks a fence longer than any backtick run in the code', () => {
    assert.equal(fenceFor('plain'), '```');
    assert.equal(fenceFor('a ``` b'), '````');
    assert.equal(fenceFor('`````'), '``````');
  });

  describe('edges', () => {
    /** A line's kind, read through looksLikeCode: alone it says code or not; after a code line, prose (false) or neutral (true). */
    const kind = (line: string) => (looksLikeCode(line) ? 'code' : looksLikeCode(`x = 1;\n${line}`) ? 'neutral' : 'prose');

    it('tells prose, code and neither apart line by line', () => {
      const table: [string, 'code' | 'prose' | 'neutral'][] = [
        ['This is a plain English sentence.', 'prose'],
        ['This is not done', 'neutral'],
        ['This is not done.', 'prose'],
        ['Do it now please.', 'prose'],
        ['Do it now.', 'neutral'],
        ['this is not done.', 'neutral'],
        ['this Is not done.', 'neutral'],
        ['(This is in brackets now.', 'prose'],
        ['Pay 10 and 20 for the big box.', 'prose'],
        ['Pay 10 and 20 for 30 box.', 'neutral'],
        ['Use the value a < b or 12 here.', 'neutral'],
        ['This sets the total to x = 1.', 'code'],
        ['Sure:', 'prose'],
        ['Here it is:', 'prose'],
        ['here it is:', 'code'],
        ['## Installing the package', 'prose'],
        ['## Setup', 'neutral'],
        ['## Call run() first', 'code'],
        ['Installing ## the package now', 'neutral'],
        ['- Install the package first', 'prose'],
        ['* Install the package first', 'prose'],
        ['12. Open the settings page', 'prose'],
        ['1.  Open the settings page', 'prose'],
        ['- Install it', 'neutral'],
        ['-- Install the package first', 'prose'],
        ['- a = b then c d e', 'code'],
        ['- set it; now', 'neutral'],
        ['-1 Install the package first', 'neutral'],
        ['the quick brown fox jumps over', 'prose'],
        ['the quick brown fox', 'neutral'],
        ['the quick brown fox jumps 42', 'prose'],
        ['the quick brown fox jumps 42 43', 'neutral'],
        ['return x;', 'code'],
        ['const a = 1', 'code'],
        ['}', 'code'],
        ['foo(bar)', 'code'],
        ['x += 1', 'code'],
        ['a && b', 'code'],
        ["it's, well, fine-ish ok", 'neutral'],
        ['the quick  brown  fox  jumps', 'prose'],
        ['the quick brown fox 12abc', 'neutral'],
        ['This is not. done', 'neutral'],
        ['Here it is: go', 'neutral'],
        ['x Here it is:', 'code'],
        ['A ! ! ! ! B:', 'prose'],
        ['A ! ! ! ! ! B:', 'code'],
        ['x ## Installing the package', 'neutral'],
        ['##  Installing the package', 'prose'],
        ['12 - Install the stuff', 'neutral'],
        ['the quick brown fox jumps over a dog 1 2', 'prose'],
      ];
      const got = table.map(([line]) => [line, kind(line)]);
      assert.deepEqual(got, table);
    });

    it('an answer starting with prose is not code, and code must outnumber prose three to one and fill half the lines', () => {
      const c = 'const a = 1;';
      const prose = 'This line is an English sentence.';
      assert.equal(looksLikeCode(`Here is the code:\n${c}\n${c}\n${c}\n${c}`), false);
      assert.equal(looksLikeCode(`${c}\n${c}\n${prose}\n${c}`), true);
      assert.equal(looksLikeCode(`${c}\n${c}\n${prose}`), false);
      assert.equal(looksLikeCode(`${c}\n## Setup`), true);
      assert.equal(looksLikeCode(`${c}\n## Setup\n## Build`), false);
      assert.equal(looksLikeCode('## Setup\n## Build'), false);
      assert.equal(looksLikeCode(`${c}\n\n\n\n`), true, 'blank lines do not count');
      assert.equal(looksLikeCode('\n \n'), false);
      assert.equal(looksLikeCode(`${c}\n   \n\t`), true, 'lines of spaces do not count either');
    });

    it('reads fences after lone CR line ends too', () => {
      assert.deepEqual(findFencedBlocks('```ts\rx\r```'), [{ info: 'ts', language: 'ts', code: 'x', closed: true }]);
      assert.deepEqual(extractCode('const a = 1;\rconst b = 2;'), { code: 'const a = 1;\nconst b = 2;', from: 'plain', complete: true });
      assert.deepEqual(extractCode('const a = 1;\r\nconst b = 2;'), { code: 'const a = 1;\nconst b = 2;', from: 'plain', complete: true });
    });

    it('a backtick fence with a backtick in its info string is inline code; a tilde fence may have one', () => {
      assert.deepEqual(findFencedBlocks('``` a`b\ncode\n```'), [{ info: '', language: '', code: '', closed: false }]);
      assert.deepEqual(findFencedBlocks('~~~ a`b\ncode\n~~~'), [{ info: 'a`b', language: 'a`b', code: 'code', closed: true }]);
    });

    it('closes a fence only on a line of fence characters alone, spaces around allowed', () => {
      assert.deepEqual(findFencedBlocks('```  ts  \ncode\n```   '), [{ info: 'ts', language: 'ts', code: 'code', closed: true }]);
      assert.deepEqual(findFencedBlocks('```\ncode\nx ```\n```'), [{ info: '', language: '', code: 'code\nx ```', closed: true }]);
      assert.deepEqual(findFencedBlocks('```\ncode\n``` x\n```'), [{ info: '', language: '', code: 'code\n``` x', closed: true }]);
    });

    it('strips a fence\'s indentation only as far as each line has it, tabs included', () => {
      assert.deepEqual(findFencedBlocks('  ```\n  a\n b\nc\n  ```'), [{ info: '', language: '', code: 'a\nb\nc', closed: true }]);
      assert.deepEqual(findFencedBlocks('\t```\n\tx\n\t```'), [{ info: '', language: '', code: 'x', closed: true }]);
    });

    it('reads the language from any info string form', () => {
      const lang = (info: string) => findFencedBlocks(`\`\`\`${info}\nx\n\`\`\``)[0]!.language;
      assert.deepEqual(['{.rust}', '{ .rust }', '{  .rust}', '{rust}', 'python:src/a.py', 'ts title="x"', 'TS', 'ts{x}', 'ts,linenos', ''].map(lang), ['rust', 'rust', 'rust', 'rust', 'python', 'ts', 'ts', 'ts', 'ts', '']);
    });

    const block = (language: string, code: string): FencedBlock => ({ info: language, language, code, closed: true });

    it('chooses without a document language the largest block, a diff included', () => {
      const diff = block('diff', '- a\n+ b\n+ c');
      assert.equal(chooseBlock([diff, block('', 'x')]), diff);
    });

    it('prefers an untagged block to one in another language, and any code block to a diff or, for non-shell files, a shell session', () => {
      const untagged = block('', 'x');
      const python = block('python', 'print(1)\nprint(2)');
      assert.equal(chooseBlock([untagged, python], 'typescript'), untagged);
      assert.equal(chooseBlock([block('diff', 'a long diff block'), python], 'typescript'), python);
      assert.equal(chooseBlock([block('bash', 'a long shell session'), python], 'typescript'), python);
      const sh = block('sh', 'echo');
      assert.equal(chooseBlock([block('diff', 'a long diff block'), sh], 'bat'), sh);
      assert.equal(chooseBlock([block('diff', 'a long diff block'), sh], 'powershell'), sh);
      assert.equal(chooseBlock([block('console', 'a long console'), block('zsh', 'echo')], 'shellscript')!.language, 'zsh');
      assert.equal(chooseBlock([block('diff', 'a long diff block'), block('ps1', 'x')], 'shellscript')!.language, 'ps1');
      const onlyDiff = block('diff', '- a');
      assert.equal(chooseBlock([onlyDiff], 'typescript'), onlyDiff, 'a diff when nothing else is there');
    });

    it('among equals keeps the largest, and the first of equal size', () => {
      const big = block('ts', 'const a = 1;\nconst b = 2;');
      const small = block('ts', 'const c;');
      assert.equal(chooseBlock([big, small], 'typescript'), big);
      assert.equal(chooseBlock([small, big], 'typescript'), big);
      const first = block('ts', 'aaa');
      assert.equal(chooseBlock([first, block('ts', 'bbb')], 'typescript'), first);
    });

    it('waits while a line of one or two backticks may be a fence still arriving', () => {
      for (const tail of ['``', '`', '  ``', '``  ', '\t`']) assert.equal(extractCode(`const a = 1;\n${tail}`), undefined, JSON.stringify(tail));
      for (const tail of ['foo(``)', 'x``;', '`` foo();', 'f(`x`);', 'const s = ``']) assert.ok(extractCode(`const a = 1;\n${tail}`), JSON.stringify(tail));
    });

    it('trims blank lines at the edges only', () => {
      assert.equal(trimBlankEdges('\ncode\nmore'), 'code\nmore');
      assert.equal(trimBlankEdges('code  '), 'code  ');
      assert.equal(trimBlankEdges('  \n\t\n  code\n  \n'), '  code');
      assert.equal(trimBlankEdges('   '), '');
    });
  });
});
