import * as assert from 'node:assert/strict';
import { DEFAULT_PROFILE_ID } from '../../../src/core/profiles/modelRef';
import {
  EXPORT_FORMAT,
  exportProfiles,
  gatewayOfProfile,
  importProfiles,
  isCleartextRemote,
  knownGatewayOf,
  newProfileId,
  normalizeBaseUrl,
  originOf,
  readDefinitions,
  urlHash,
  workspaceProfileId,
} from '../../../src/core/profiles/profiles';

describe('core/profiles/profiles', () => {
  it('knows TokenHub and Tokenhot by host; the default profile is TokenHub wherever it points', () => {
    assert.equal(knownGatewayOf('https://tokenhub.store/api/v1'), 'tokenhub');
    assert.equal(knownGatewayOf('https://api.tokenhot.ai/v1'), 'tokenhot');
    assert.equal(knownGatewayOf('https://tokenhot.ai.evil.example/v1'), undefined);
    assert.equal(knownGatewayOf('http://localhost:11434/v1'), undefined);
    assert.equal(gatewayOfProfile({ id: DEFAULT_PROFILE_ID, baseUrl: 'http://127.0.0.1:9/api/v1' }), 'tokenhub');
    assert.equal(gatewayOfProfile({ id: 'mine', baseUrl: 'http://127.0.0.1:9/api/v1' }), undefined);
  });

  it('base URLs: http(s) only, no credentials, query or fragment; trailing slashes dropped', () => {
    assert.deepEqual(normalizeBaseUrl(' https://api.tokenhot.ai/v1/ '), { url: 'https://api.tokenhot.ai/v1' });
    assert.deepEqual(normalizeBaseUrl(''), { problem: 'empty' });
    assert.deepEqual(normalizeBaseUrl('not a url'), { problem: 'invalid' });
    assert.deepEqual(normalizeBaseUrl('ftp://x/v1'), { problem: 'scheme' });
    assert.deepEqual(normalizeBaseUrl('https://user:pw@x/v1'), { problem: 'credentials' });
    assert.deepEqual(normalizeBaseUrl('https://x/v1?key=1'), { problem: 'queryOrFragment' });
    assert.equal(originOf('https://api.tokenhot.ai/v1'), 'https://api.tokenhot.ai');
    assert.equal(originOf('nonsense'), undefined);
    assert.ok(isCleartextRemote('http://192.168.1.5:8000/v1'));
    assert.ok(!isCleartextRemote('http://localhost:11434/v1') && !isCleartextRemote('https://x/v1'));
  });

  it('reads the setting: junk dropped, ids kept or made from names, never the default id or a workspace id', () => {
    const defs = readDefinitions([
      { id: 'tokenhot', name: 'Tokenhot', baseUrl: 'https://api.tokenhot.ai/v1', apiKey: 'sk-must-not-survive' },
      { name: 'My vLLM', baseUrl: 'http://localhost:8000/v1/', keyless: true, free: true },
      { id: 'tokenhub', name: 'Impostor', baseUrl: 'https://evil.example/v1' },
      { id: 'ws-0123456789ab', name: 'Sneaky', baseUrl: 'https://evil2.example/v1' },
      { id: 'tokenhot', name: 'Duplicate id', baseUrl: 'https://x.example/v1' },
      { name: 'No URL' },
      'junk',
    ]);
    assert.deepEqual(defs.map((d) => d.id), ['tokenhot', 'my-vllm', 'impostor', 'sneaky']);
    assert.equal(JSON.stringify(defs).includes('sk-must-not-survive'), false, 'a key in the setting is never read');
    assert.deepEqual(defs[1], { id: 'my-vllm', name: 'My vLLM', baseUrl: 'http://localhost:8000/v1', keyless: true, free: true });
    assert.deepEqual(readDefinitions('not an array'), []);
  });

  it('new ids are slugs, unique, and never the default or a workspace one', () => {
    assert.equal(newProfileId('Tokenhot', []), 'tokenhot');
    assert.equal(newProfileId('Tokenhot', ['tokenhot']), 'tokenhot-2');
    assert.equal(newProfileId('TokenHub', []), 'tokenhub-2');
    assert.equal(newProfileId('ws 1', []), 'p-ws-1');
    assert.equal(newProfileId('本地', []), 'gateway');
  });

  it('workspace profiles get ids and approvals from their URL alone', () => {
    assert.equal(urlHash('https://x.example/v1/'), urlHash('https://x.example/v1'));
    assert.notEqual(urlHash('https://x.example/v1'), urlHash('https://y.example/v1'));
    assert.match(workspaceProfileId('https://x.example/v1'), /^ws-[0-9a-f]{12}$/);
  });

  it('export holds definitions only; import adds new ones with fresh ids and skips what is there', () => {
    const text = exportProfiles([{ id: 'tokenhot', name: 'Tokenhot', baseUrl: 'https://api.tokenhot.ai/v1' }]);
    const json = JSON.parse(text);
    assert.equal(json.format, EXPORT_FORMAT);
    assert.deepEqual(json.profiles, [{ id: 'tokenhot', name: 'Tokenhot', baseUrl: 'https://api.tokenhot.ai/v1' }]);

    const existing = [{ id: 'tokenhot', name: 'Tokenhot', baseUrl: 'https://api.tokenhot.ai/v1' }];
    const file = JSON.stringify({
      profiles: [
        { id: 'tokenhot', name: 'Tokenhot', baseUrl: 'https://api.tokenhot.ai/v1' },
        { id: 'tokenhot', name: 'Tokenhot EU', baseUrl: 'https://eu.tokenhot.ai/v1', key: 'sk-nope' },
        { name: 'bad', baseUrl: 'javascript:alert(1)' },
      ],
    });
    const r = importProfiles(file, existing);
    assert.equal(r.skipped, 2);
    assert.deepEqual(r.added, [{ id: 'tokenhot-eu', name: 'Tokenhot EU', baseUrl: 'https://eu.tokenhot.ai/v1' }]);
    assert.throws(() => importProfiles('{', existing), /not JSON/);
    assert.throws(() => importProfiles('{"a":1}', existing), /no gateway profiles/);
    assert.equal(importProfiles('[{"name":"L","baseUrl":"http://localhost:1234/v1","keyless":true}]', []).added[0]?.keyless, true);
  });
});
