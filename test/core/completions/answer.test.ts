import * as assert from 'node:assert/strict';
import { cleanCompletion, completionFrom, extractAnswer, restAfterTyping } from '../../../src/core/completions/answer';
import { ctxOf, kept, run } from './answerCases';

describe('core/completions/answer', () => {
  describe('TypeScript', () => {
    run([
      {
        name: 'strips a Markdown fence inside the tags',
        file: 'function add(a: number, b: number): number {\n  |\n}\n',
        raw: '<COMPLETION>```ts\nreturn a + b;\n```</COMPLETION>',
        expected: 'return a + b;',
      },
      {
        name: 'drops the closing brace the editor already put after the cursor',
        file: 'function add(a: number, b: number): number {\n  |\n}\n',
        raw: '<COMPLETION>return a + b;\n}',
        expected: 'return a + b;',
      },
      {
        name: 'removes the echo of the line before the cursor',
        file: 'const total = |\n',
        raw: '<COMPLETION>const total = items.reduce((s, x) => s + x, 0);</COMPLETION>',
        expected: 'items.reduce((s, x) => s + x, 0);',
      },
      {
        name: 'in the middle of a line: one line, without the brackets that follow the cursor',
        file: 'console.log(|);\nconsole.log("done");\n',
        raw: '<COMPLETION>"total", total);\nconsole.log("more");</COMPLETION>',
        expected: '"total", total',
      },
      {
        name: 'keeps a closing bracket that closes its own call',
        file: 'const x = foo(|)\n',
        raw: '<COMPLETION>bar()</COMPLETION>',
        expected: 'bar()',
      },
      {
        name: 'removes a doubled closing bracket but keeps its own',
        file: 'const x = foo(|)\n',
        raw: '<COMPLETION>bar())</COMPLETION>',
        expected: 'bar()',
      },
      {
        name: 'removes the lines before the cursor written again, keeps the new line indented as the cursor stands',
        file: 'export function greet(name: string) {\n  const msg = `Hello, ${name}`;\n  |\n}\n',
        raw: '<COMPLETION>const msg = `Hello, ${name}`;\n  return msg;</COMPLETION>',
        expected: 'return msg;',
      },
      {
        name: 'keeps the indentation of the lines after the first',
        file: 'function f(xs: number[]) {\n  |\n}\n',
        raw: '<COMPLETION>for (const x of xs) {\n    console.log(x);\n  }\n  return xs.length;</COMPLETION>',
        expected: 'for (const x of xs) {\n    console.log(x);\n  }',
      },
      {
        name: 'drops an answer that only repeats the next line',
        file: 'function f() {\n  |\n  return 1;\n}\n',
        raw: '<COMPLETION>return 1;</COMPLETION>',
        expected: undefined,
      },
      {
        name: 'drops an answer that only repeats what follows on the line',
        file: 'foo(|a, b);\n',
        raw: '<COMPLETION>a</COMPLETION>',
        expected: undefined,
      },
      {
        name: 'drops an empty answer',
        file: 'let x = 1;|\n',
        raw: '<COMPLETION></COMPLETION>',
        expected: undefined,
      },
    ]);
  });

  describe('Python', () => {
    run([
      {
        name: 'does not indent the first line twice',
        file: 'def area(r):\n    |\n',
        raw: '<COMPLETION>    return 3.14159 * r * r</COMPLETION>',
        expected: 'return 3.14159 * r * r',
      },
      {
        name: 'at the end of a line that opens a block, the body goes on the next line',
        file: 'def area(r):|\n\nprint(area(2))\n',
        raw: '<COMPLETION>\n    return 3.14159 * r * r</COMPLETION>',
        expected: '\n    return 3.14159 * r * r',
      },
      {
        name: 'puts an indented first line after a block opener on a line of its own',
        file: 'def area(r):|\n',
        raw: '<COMPLETION>    return 3.14 * r * r</COMPLETION>',
        expected: '\n    return 3.14 * r * r',
      },
      {
        name: 'stops where the block ends',
        file: 'class Stack:\n    def __init__(self):\n        |\n',
        raw: '<COMPLETION>self.items = []\n\n    def push(self, x):\n        self.items.append(x)</COMPLETION>',
        expected: 'self.items = []',
      },
      {
        name: 'drops an answer that repeats the line after the cursor',
        file: 'def f(x):\n    |\n    return x\n',
        raw: '<COMPLETION>return x</COMPLETION>',
        expected: undefined,
      },
      {
        name: 'strips a fence written without the tags',
        file: 'def f(x):\n    |\n',
        raw: '```python\nreturn x * 2\n```',
        expected: 'return x * 2',
      },
      {
        name: 'removes a restarted function and the echoed line',
        file: 'def double(x):\n    ret|\n',
        raw: '<COMPLETION>def double(x):\n    return x * 2</COMPLETION>',
        expected: 'urn x * 2',
      },
    ]);
  });

  describe('Go', () => {
    run([
      {
        name: 'keeps tabs, stops before the brace that closes the enclosing block',
        file: 'func Sum(xs []int) int {\n\ttotal := 0\n\tfor _, x := range xs {\n\t\t|\n\t}\n\treturn total\n}\n',
        raw: '<COMPLETION>total += x\n\t}\n\treturn total\n}</COMPLETION>',
        expected: 'total += x',
      },
      {
        name: 'strips a fence and the indentation the cursor already has',
        file: 'func Sum(xs []int) int {\n\ttotal := 0\n\tfor _, x := range xs {\n\t\t|\n\t}\n}\n',
        raw: '```go\n\t\ttotal += x\n```',
        expected: 'total += x',
      },
      {
        name: 'removes the echo of the cursor line keeping its trailing space',
        file: 'func f() error {\n\tif err != nil {\n\t\treturn |\n\t}\n}\n',
        raw: '<COMPLETION>return nil, err</COMPLETION>',
        expected: 'nil, err',
      },
      {
        name: 'a block body after an opening brace',
        file: 'func (s *Server) Close() error {|\n',
        raw: '<COMPLETION>\n\treturn s.listener.Close()\n}</COMPLETION>',
        expected: '\n\treturn s.listener.Close()\n}',
      },
    ]);
  });

  describe('a file with Chinese comments', () => {
    run([
      {
        name: 'keeps Chinese text in the answer',
        file: '// 計算兩個數字的總和\nfunction 加總(a, b) {\n  // 回傳結果\n  |\n}\n',
        raw: '<COMPLETION>return a + b; // 總和</COMPLETION>',
        expected: 'return a + b; // 總和',
      },
      {
        name: 'removes the echo of a line with Chinese text',
        file: '# 取得使用者名稱\nname = |\n',
        raw: "<COMPLETION>name = input('請輸入名稱：')</COMPLETION>",
        expected: "input('請輸入名稱：')",
      },
      {
        name: 'removes a closing quote and bracket already after the cursor',
        file: 'print("你好，|")\n',
        raw: '<COMPLETION>世界")</COMPLETION>',
        expected: '世界',
      },
      {
        name: 'removes a repeated Chinese comment line',
        file: 'def 總和(a, b):\n    # 把兩個數字相加\n    |\n',
        raw: '<COMPLETION># 把兩個數字相加\n    return a + b</COMPLETION>',
        expected: 'return a + b',
      },
    ]);
  });

  describe('extractAnswer', () => {
    it('takes the text between the tags, or from a fence after a sentence, without hole markers', () => {
      assert.deepEqual(extractAnswer('<COMPLETION>x + 1</COMPLETION> trailing talk'), { text: 'x + 1', closed: true });
      assert.deepEqual(extractAnswer('Here you go:\n```ts\nfoo()\n```\nHope it helps'), { text: 'foo()', closed: true });
      assert.equal(extractAnswer('<COMPLETION>a{{FILL_HERE}}b</COMPLETION>').text, 'ab');
      assert.equal(extractAnswer('<COMPLETION>a{{FILL_HERE_2}}b', '{{FILL_HERE_2}}').text, 'ab');
    });

    it('while streaming: holds back a tag or fence that has only begun', () => {
      assert.deepEqual(extractAnswer('<COMPL'), { text: '', closed: false });
      assert.deepEqual(extractAnswer('<COMPLETION>foo()</COMP'), { text: 'foo()', closed: false });
      assert.deepEqual(extractAnswer('<COMPLETION>``'), { text: '', closed: false });
      assert.deepEqual(extractAnswer('<COMPLETION>```js\nfoo()\n``'), { text: 'foo()', closed: false });
    });
    it('reads old Mac and Windows line breaks as \\n', () => {
      assert.equal(extractAnswer('<COMPLETION>a\rb\r\nc</COMPLETION>').text, 'a\nb\nc');
      const block = ctxOf('function f(xs) {\n  |\n}\n');
      assert.equal(cleanCompletion('const n = 1;\r  return n;\r\n', block), 'const n = 1;\n  return n;');
    });

    it('a fence only where the answer starts (inside the tags), and an empty fenced block', () => {
      assert.deepEqual(extractAnswer('<COMPLETION>a\n```\nb</COMPLETION>'), { text: 'a\n```\nb', closed: true });
      assert.deepEqual(extractAnswer('<COMPLETION>\n  ```ts\nx\n```</COMPLETION>'), { text: 'x', closed: true });
      assert.deepEqual(extractAnswer('```ts\n```'), { text: '', closed: true });
    });

    it('holds back only what may still become a tag or a fence', () => {
      assert.deepEqual(extractAnswer('  <COMPL'), { text: '', closed: false });
      assert.deepEqual(extractAnswer('<COMPLETION>x</FI'), { text: 'x', closed: false });
      assert.deepEqual(extractAnswer('<COMPLETION>a <</COMPLETION>'), { text: 'a <', closed: true });
      assert.deepEqual(extractAnswer(' `'), { text: '', closed: false });
      assert.deepEqual(extractAnswer('<COMPLETION>s = `'), { text: 's = `', closed: false });
      assert.deepEqual(extractAnswer('<COMPLETION>`x`'), { text: '`x`', closed: false });
    });
  });

  describe('streaming (completionFrom)', () => {
    const block = ctxOf('function f(xs) {\n  |\n}\n');
    it('shows nothing until the first line is complete, then line by line, then the whole', () => {
      assert.equal(completionFrom('<COMPLETION>const n = xs.len', block, false), undefined);
      assert.deepEqual(completionFrom('<COMPLETION>const n = xs.length;\n  ret', block, false), { text: 'const n = xs.length;', replace: 0, complete: false, ended: false });
      assert.deepEqual(completionFrom('<COMPLETION>const n = xs.length;\n  return n;', block, true), { text: 'const n = xs.length;\n  return n;', replace: 0, complete: true, ended: false });
    });

    it('a line answer is complete at its first line break, and the rest of the stream is not needed', () => {
      const line = ctxOf('const total = |\n');
      assert.deepEqual(completionFrom('<COMPLETION>sum(xs);\nconsole.log', line, false), { text: 'sum(xs);', replace: 0, complete: true, ended: true });
    });

    it('a block that went past its end needs no more of the stream', () => {
      const so = completionFrom('<COMPLETION>total += x\n}\n\nfunc other() {\n', ctxOf('func f() {\n\tfor {\n\t\t|\n\t}\n}\n'), false);
      assert.deepEqual(so, { text: 'total += x', replace: 0, complete: true, ended: true });
    });
  });

  describe('restAfterTyping', () => {
    it('fits what is left to the brackets the editor closed meanwhile', () => {
      assert.deepEqual(restAfterTyping('"hi")', 'print(', ')\n'), kept('"hi"'));
      assert.deepEqual(restAfterTyping(')', 'print("hi"', ')\n'), kept(undefined));
      assert.deepEqual(restAfterTyping('b + c;\nreturn x;', 'a = ', '\n'), kept('b + c;\nreturn x;'));
      // Each kind of bracket closes its own opener: only the one written twice goes.
      assert.deepEqual(restAfterTyping('a[0]]', 'x = [', ']'), kept('a[0]'));
      assert.deepEqual(restAfterTyping('a{0}}', 'x = {', '}'), kept('a{0}'));
      assert.deepEqual(restAfterTyping('a(0))', 'x = (', ')'), kept('a(0)'));
      assert.deepEqual(restAfterTyping('f()', 'print(', ')'), kept('f()'));
      assert.deepEqual(restAfterTyping('"hi"', 'x = ', '"hi";'), kept(undefined));
      assert.deepEqual(restAfterTyping('   ', 'x = ', ';'), kept(undefined));
    });
  });
});
