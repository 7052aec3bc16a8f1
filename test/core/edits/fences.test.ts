import * as assert from 'node:assert/strict';
import { chooseBlock, extractCode, fenceFor, findFencedBlocks, looksLikeCode, trimBlankEdges } from '../../../src/core/edits/fences';

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
});
