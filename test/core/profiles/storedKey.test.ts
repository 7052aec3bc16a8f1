import * as assert from 'node:assert/strict';
import { decodeStoredKey, encodeStoredKey } from '../../../src/core/profiles/storedKey';

describe('core/profiles/storedKey: a key and its origin in one SecretStorage value', () => {
  it('reads back what it wrote, key and origin together', () => {
    const value = encodeStoredKey('th-abc', 'https://tokenhub.store');
    assert.deepEqual(decodeStoredKey(value), { key: 'th-abc', origin: 'https://tokenhub.store' });
    assert.deepEqual(decodeStoredKey(`  ${value}\n`), { key: 'th-abc', origin: 'https://tokenhub.store' }, 'surrounding blanks');
    // A key with quotes or braces survives: JSON, not string pasting.
    assert.deepEqual(decodeStoredKey(encodeStoredKey('a"b}{c', 'http://127.0.0.1:8080')), { key: 'a"b}{c', origin: 'http://127.0.0.1:8080' });
  });

  it('reads a plain key as earlier builds stored it, trimmed, with no origin', () => {
    assert.deepEqual(decodeStoredKey(' th-old \n'), { key: 'th-old' });
  });

  it('finds no key in nothing, blanks, or a value it cannot read as a key bound to an origin', () => {
    for (const value of [undefined, '', '   ', '{', '{"key":"th-x"}', '{"origin":"https://a.example"}', '{"key":"  ","origin":"https://a.example"}', '{"key":"th-x","origin":" "}', '{"key":1,"origin":"https://a.example"}', '{"key":"th-x","origin":2}', '{}']) {
      assert.deepEqual(decodeStoredKey(value), {}, String(value));
    }
  });

  it('trims the key and origin it reads', () => {
    assert.deepEqual(decodeStoredKey('{"key":" th-x ","origin":" https://a.example "}'), { key: 'th-x', origin: 'https://a.example' });
  });
});
