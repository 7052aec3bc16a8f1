import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { redact, rememberSecret } from '../../src/core/log';
import type * as LogModule from '../../src/core/log';

/**
 * Keys of shapes no pattern knows: a local server's, a company gateway's, a JWT, base64 with
 * `+/=`, regex metacharacters, spaces, non-Latin letters, digits only. Each is hidden only if
 * redact uses the key it was given.
 */
const OTHER_SHAPES = [
  'local-llm-key-7',
  'AbC123xyz',
  'ghp_0123456789abcdefghijklmnopqrstuvwxyz',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl',
  'Zm9v+YmFy/YmF6==',
  'k.e*y(with)[regex]?$^|chars',
  'key with spaces',
  'ключ-секрет-42',
  '0123456789',
];

/** A value no other test uses (remembered secrets stay for the whole process). */
function unique(prefix: string): string {
  return `${prefix}${randomBytes(6).toString('hex')}`;
}

describe('core/log: redact', () => {
  it('the keys below are shapes the patterns alone do not hide', () => {
    for (const key of OTHER_SHAPES) assert.ok(redact(`key=${key};`).includes(key), key);
  });

  it('hides a known key of any shape, every occurrence, and keeps the text around it', () => {
    for (const key of OTHER_SHAPES) {
      const got = redact(`Incorrect API key provided: ${key}. You sent ${key}!`, [key]);
      assert.equal(got, 'Incorrect API key provided: [redacted]. You sent [redacted]!', key);
    }
  });

  it('hides a known key percent-encoded, as it appears in a URL', () => {
    const key = 'Zm9v+YmFy/YmF6==';
    const got = redact(`GET https://gw.example/v1/models?key=${encodeURIComponent(key)} failed`, [key]);
    assert.equal(got, 'GET https://gw.example/v1/models?key=[redacted] failed');
  });

  it('hides the longer of two keys where one contains the other, whole', () => {
    assert.equal(redact('a abcd-1234-efgh b abcd-1234 c', ['abcd-1234', 'abcd-1234-efgh']), 'a [redacted] b [redacted] c');
    assert.equal(redact('a abcd-1234-efgh b abcd-1234 c', ['abcd-1234-efgh', 'abcd-1234']), 'a [redacted] b [redacted] c');
  });

  it('ignores empty and too-short secrets instead of masking ordinary text', () => {
    assert.equal(redact('a cat sat on 12 mats', ['', 'a', 'at', '12', 'sat']), 'a cat sat on 12 mats');
    assert.equal(redact('a cat sits', ['sits']), 'a cat [redacted]');
  });

  it('hides Bearer tokens of any shape and TokenHub-style keys without being told them', () => {
    assert.equal(redact('Authorization: Bearer Zm9v+YmFy/YmF6=='), 'Authorization: Bearer [redacted]');
    assert.equal(redact('authorization: bearer local-key, next'), 'authorization: bearer [redacted], next');
    assert.equal(redact('Authorization: Bearer \t local-key'), 'Authorization: Bearer \t [redacted]', 'more than one space after Bearer');
    assert.equal(redact('{"h":"Bearer abc.def"}'), '{"h":"Bearer [redacted]"}');
    assert.equal(redact('keys th-abcdefgh12 and sk-ABCDEFGH_-9 and th-short'), 'keys [redacted] and [redacted] and th-short');
    assert.equal(redact('month-abcdefghij is a word'), 'month-abcdefghij is a word');
  });

  it('leaves text without secrets as it was', () => {
    const text = 'GET /models → 200 in 12 ms (th- and sk- alone are not keys)';
    assert.equal(redact(text, ['not-in-there']), text);
    assert.equal(redact('Stryker was here'), 'Stryker was here', 'no secret unless one is given or remembered');
  });

  it('hides a remembered key of any shape in every later redact, even with no secrets passed', () => {
    const key = unique('corp-gw:');
    assert.ok(redact(`echo ${key}`).includes(key), 'not hidden before it is remembered');
    rememberSecret(key);
    assert.equal(redact(`echo ${key}`), 'echo [redacted]');
    assert.equal(redact(`echo ${key} and pass`, ['pass-word']), 'echo [redacted] and pass');
  });

  it('remembers nothing empty or too short, and a key of the shortest length', () => {
    rememberSecret(undefined);
    rememberSecret('');
    rememberSecret('the');
    assert.equal(redact('the end'), 'the end');
    // Characters no other test writes: remembered keys stay for the whole process.
    rememberSecret('§¶†‡');
    assert.equal(redact('a §¶†‡ b'), 'a [redacted] b');
  });

  it('masks a secret remembered by another copy of the module (each production bundle has its own)', () => {
    const file = require.resolve('../../src/core/log');
    const first = require.cache[file];
    delete require.cache[file];
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const copy = require('../../src/core/log') as typeof LogModule;
      assert.notEqual(copy.redact, redact, 'a second copy of the module was loaded');
      const key = `odd${randomBytes(6).toString('hex')}`;
      rememberSecret(key);
      assert.equal(copy.redact(`failed with ${key}`), 'failed with [redacted]');
    } finally {
      require.cache[file] = first;
    }
  });
});
