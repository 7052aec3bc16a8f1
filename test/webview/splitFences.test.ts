// A question's text split into the user's words and fenced code blocks (the code is drawn as a
// code block, the words as typed): plain functions, in Node.
import * as assert from 'node:assert/strict';
import { splitFences } from '../../src/webview/markdown';

describe('webview/markdown: splitFences, a question\'s words and code blocks', () => {
  it('keeps words as typed, line breaks and all, around a closed block', () => {
    assert.deepEqual(splitFences('first line\nsecond line\n```ts\nconst a = 1;\n```\nafter\nmore'), [
      { fence: false, text: 'first line\nsecond line' },
      { fence: true, text: '```ts\nconst a = 1;\n```' },
      { fence: false, text: 'after\nmore' },
    ]);
  });

  it('a block first or last leaves no empty words; an unclosed block runs to the end', () => {
    assert.deepEqual(splitFences('```\ncode\n```'), [{ fence: true, text: '```\ncode\n```' }]);
    assert.deepEqual(splitFences('see:\n~~~~py\nx = 1\n~~~\nstill code'), [
      { fence: false, text: 'see:' },
      { fence: true, text: '~~~~py\nx = 1\n~~~\nstill code' },
    ]);
    assert.deepEqual(splitFences('words only'), [{ fence: false, text: 'words only' }]);
    assert.deepEqual(splitFences(''), [{ fence: false, text: '' }]);
  });

  it('only a fence of the same character, at least as long, closes a block; two blocks stay apart', () => {
    assert.deepEqual(splitFences('````\n```\n~~~~\n````\nbetween\n```\nb\n```'), [
      { fence: true, text: '````\n```\n~~~~\n````' },
      { fence: false, text: 'between' },
      { fence: true, text: '```\nb\n```' },
    ]);
  });

  it('a closing fence may be longer and end in blanks, nothing else: a line with more text does not close', () => {
    assert.deepEqual(splitFences('~~~\na\n~~~~ \t\nafter'), [
      { fence: true, text: '~~~\na\n~~~~ \t' },
      { fence: false, text: 'after' },
    ]);
    assert.deepEqual(splitFences('```\nx ```\n``` not a close\n```\nafter'), [
      { fence: true, text: '```\nx ```\n``` not a close\n```' },
      { fence: false, text: 'after' },
    ]);
  });

  it('lines that are not fences stay words: a backtick in the info string, a single tilde, two backticks', () => {
    const text = '```js `x`\n~ one tilde\n~~ two\n`` two backticks\n    ```indented four';
    assert.deepEqual(splitFences(text), [{ fence: false, text }]);
  });
});
