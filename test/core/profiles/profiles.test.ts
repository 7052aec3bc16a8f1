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
    assert.equal(knownGatewayOf('https://TokenHot.AI/v1'), 'tokenhot');
    assert.equal(knownGatewayOf('not a url'), undefined);
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
    assert.ok(!isCleartextRemote('nonsense'));
    assert.deepEqual(normalizeBaseUrl('   '), { problem: 'empty' });
    assert.deepEqual(normalizeBaseUrl('https://user@x/v1'), { problem: 'credentials' });
    assert.deepEqual(normalizeBaseUrl('https://:pw@x/v1'), { problem: 'credentials' });
    assert.deepEqual(normalizeBaseUrl('https://x/v1///'), { url: 'https://x/v1' });
    assert.equal(originOf('data:text/plain,x'), undefined, 'a URL without an origin has none to bind a key to');
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
    for (const v of [undefined, null, {}, 5]) assert.deepEqual(readDefinitions(v), [], String(v));
    assert.deepEqual(readDefinitions([null, 0, ['https://x.example/v1'], { baseUrl: 5 }]), []);
    const [spaced, unnamed, long] = readDefinitions([
      { name: '  My \n\t vLLM  ', baseUrl: 'http://localhost:8000/v1' },
      { name: 5, baseUrl: 'https://named.example:8443/v1' },
      { name: 'n'.repeat(70), baseUrl: 'https://long.example/v1', keyless: 'yes', free: 1 },
    ]);
    assert.equal(spaced.name, 'My vLLM');
    assert.equal(unnamed.name, 'named.example:8443', 'no name: the host');
    assert.equal(long.name, 'n'.repeat(60));
    assert.equal(long.keyless, undefined, 'only true turns keyless on');
    assert.equal(long.free, undefined);
  });

  it('new ids are slugs, unique, and never the default or a workspace one', () => {
    assert.equal(newProfileId('Tokenhot', []), 'tokenhot');
    assert.equal(newProfileId('Tokenhot', ['tokenhot']), 'tokenhot-2');
    assert.equal(newProfileId('TokenHub', []), 'tokenhub-2');
    assert.equal(newProfileId('ws 1', []), 'p-ws-1');
    assert.equal(newProfileId('本地', []), 'gateway');
    assert.equal(newProfileId('My  --  vLLM', []), 'my-vllm');
    assert.equal(newProfileId('--x--', []), 'x');
    assert.equal(newProfileId('a ws 1', []), 'a-ws-1', 'only an id that starts as a workspace one is changed');
    assert.equal(newProfileId('x', ['x', 'x-2']), 'x-3');
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
    for (const bad of ['null', '5', '"x"', '{"profiles":{}}', '{"profiles":"a"}']) assert.throws(() => importProfiles(bad, existing), /no gateway profiles/, bad);
    const twice = importProfiles(JSON.stringify([{ id: 'mine', name: 'Other', baseUrl: 'https://o.example/v1' }, { id: 'mine2', name: 'Other', baseUrl: 'https://o.example/v1' }]), existing);
    assert.deepEqual(twice, { added: [{ id: 'mine', name: 'Other', baseUrl: 'https://o.example/v1' }], skipped: 1 }, 'a free id is kept; the same URL and name twice is added once');
    const flags = JSON.parse(exportProfiles([{ id: 'l', name: 'L', baseUrl: 'http://localhost:1/v1', keyless: true, free: true }]));
    assert.deepEqual(flags.profiles, [{ id: 'l', name: 'L', baseUrl: 'http://localhost:1/v1', keyless: true, free: true }]);
  });
});
