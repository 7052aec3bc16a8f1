import * as assert from 'node:assert/strict';
import { TailBuffer, terminalText } from '../../../src/core/mentions/terminalText';

describe('core/mentions/terminalText', () => {
  it('removes colours, cursor moves and the shell integration markers', () => {
    const raw = '\x1b]633;C\x07\x1b[1;31mError:\x1b[0m build failed\r\n\x1b[2K\x1b[1Gdone\x1b]633;D;1\x07\r\n';
    assert.equal(terminalText(raw), 'Error: build failed\ndone');
  });

  it('keeps each line as it was last redrawn (progress bars), and applies backspaces', () => {
    assert.equal(terminalText('progress 10%\rprogress 50%\rprogress 100%\nnext'), 'progress 100%\nnext');
    assert.equal(terminalText('abc\rX'), 'Xbc', 'a shorter redraw overwrites only its start');
    assert.equal(terminalText('tyop\b\bpo'), 'typo');
  });

  it('drops other control characters and trailing blanks', () => {
    assert.equal(terminalText('a\x07b   \n\n\nc\x00'), 'ab\n\n\nc');
  });

  it('a tail buffer keeps the end of a long output and says how much it dropped', () => {
    const b = new TailBuffer(10);
    for (let i = 0; i < 100; i++) b.push(`${i % 10}`);
    assert.equal(b.text(), '0123456789');
    assert.equal(b.dropped, 90);
    const small = new TailBuffer(100);
    small.push('hello');
    assert.equal(small.text(), 'hello');
    assert.equal(small.dropped, 0);
  });
});
