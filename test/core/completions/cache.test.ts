import * as assert from 'node:assert/strict';
import { CompletionCache, KEY_CHARS } from '../../../src/core/completions/cache';

describe('core/completions/cache', () => {
  const prefix = 'function add(a, b) {\n  ';
  const suffix = '\n}\n';

  function filled(cache: CompletionCache, text: string, done = true) {
    const e = cache.add('file:///a.ts', prefix.length, prefix, suffix);
    e.text = text;
    e.done = done;
    return e;
  }

  it('serves the rest of a completion while it is typed through, and nothing once it is used up', () => {
    const cache = new CompletionCache();
    const entry = filled(cache, 'return a + b;');
    assert.deepEqual(cache.lookup('file:///a.ts', prefix.length, prefix, suffix), { entry, typed: 0, rest: 'return a + b;' });
    assert.equal(cache.lookup('file:///a.ts', prefix.length + 3, prefix + 'ret', suffix)?.rest, 'urn a + b;');
    assert.equal(cache.lookup('file:///a.ts', prefix.length + 13, prefix + 'return a + b;', suffix), undefined, 'typed all the way through');
  });

  it('misses when the typing leaves the completion, the lines below changed, or another document', () => {
    const cache = new CompletionCache();
    filled(cache, 'return a + b;');
    assert.equal(cache.lookup('file:///a.ts', prefix.length + 3, prefix + 'rex', suffix), undefined);
    assert.equal(cache.lookup('file:///a.ts', prefix.length, prefix, '\n}\nexport {};\n'), undefined);
    assert.equal(cache.lookup('file:///b.ts', prefix.length, prefix, suffix), undefined);
    assert.equal(cache.lookup('file:///a.ts', prefix.length - 1, prefix.slice(0, -1), suffix), undefined, 'before where it was asked for');
  });

  it('finds an entry still streaming even when the typing has caught up with it', () => {
    const cache = new CompletionCache();
    filled(cache, 'return', false);
    assert.deepEqual(cache.lookup('file:///a.ts', prefix.length + 6, prefix + 'return', suffix)?.rest, '');
  });

  it('keys on the end of the text before the cursor, so a window that moved still matches', () => {
    const cache = new CompletionCache();
    const long = 'x'.repeat(KEY_CHARS * 3) + prefix;
    const e = cache.add('file:///a.ts', 5000, long, suffix);
    e.text = 'return 1;';
    e.done = true;
    // The extension's window starts later once the cursor moved on: only the end is compared.
    assert.equal(cache.lookup('file:///a.ts', 5002, long.slice(100) + 're', suffix)?.rest, 'turn 1;');
  });

  it('holds at most its capacity, dropping the oldest', () => {
    const cache = new CompletionCache(2);
    for (const t of ['one', 'two', 'three']) filled(cache, t);
    assert.equal(cache.size, 2);
    assert.equal(cache.lookup('file:///a.ts', prefix.length, prefix, suffix)?.rest, 'three');
  });
});
