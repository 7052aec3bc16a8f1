import * as assert from 'node:assert/strict';
import { DEFAULT_PROFILE_ID, formatModelRef, isProfileId, parseModelRef, profileOrDefault, sameRef } from '../../../src/core/profiles/modelRef';

describe('core/profiles/modelRef', () => {
  it('a bare id is the default profile, whatever it contains (/, :, @)', () => {
    for (const id of ['anthropic/claude-sonnet-4-6', 'llama3:8b', 'qwen2.5-coder:7b', '@cf/meta/llama-3-8b', 'arn:aws:bedrock:us-east-1::foundation-model/x']) {
      assert.deepEqual(parseModelRef(id), { profile: DEFAULT_PROFILE_ID, model: id }, id);
      assert.equal(formatModelRef({ profile: DEFAULT_PROFILE_ID, model: id }), id, 'the default profile keeps the bare id');
    }
  });

  it('`profile|model` names another profile and round-trips', () => {
    const ref = { profile: 'tokenhot', model: 'openai/gpt-5' };
    assert.equal(formatModelRef(ref), 'tokenhot|openai/gpt-5');
    assert.deepEqual(parseModelRef('tokenhot|openai/gpt-5'), ref);
    assert.deepEqual(parseModelRef(' local-ollama|llama3:8b '), { profile: 'local-ollama', model: 'llama3:8b' });
  });

  it('a `|` after something that is not a profile id stays part of the model id', () => {
    assert.deepEqual(parseModelRef('Weird Model|x'), { profile: DEFAULT_PROFILE_ID, model: 'Weird Model|x' });
    assert.deepEqual(parseModelRef('a/b|c'), { profile: DEFAULT_PROFILE_ID, model: 'a/b|c' });
  });

  it('objects from commands and files: {profile, model}, {modelId}, {id}; no profile means the default', () => {
    assert.deepEqual(parseModelRef({ profile: 'tokenhot', model: 'gpt-5' }), { profile: 'tokenhot', model: 'gpt-5' });
    assert.deepEqual(parseModelRef({ modelId: 'gpt-5' }), { profile: DEFAULT_PROFILE_ID, model: 'gpt-5' });
    assert.deepEqual(parseModelRef({ id: 'tokenhot|gpt-5' }), { profile: 'tokenhot', model: 'gpt-5' });
    assert.deepEqual(parseModelRef({ profile: 'NOT AN ID', model: 'gpt-5' }), { profile: DEFAULT_PROFILE_ID, model: 'gpt-5' });
  });

  it('nothing to refer to: undefined', () => {
    for (const v of ['', '   ', 'tokenhot|', null, undefined, 3, [], {}, { model: '' }]) assert.equal(parseModelRef(v), undefined, JSON.stringify(v));
  });

  it('profile ids, sameness and the default for old records', () => {
    assert.ok(isProfileId('tokenhot') && isProfileId('ws-0123abcd') && isProfileId('a'));
    assert.ok(!isProfileId('Tokenhot') && !isProfileId('-x') && !isProfileId('a b') && !isProfileId('a'.repeat(41)));
    assert.ok(sameRef({ profile: 'a', model: 'm' }, { profile: 'a', model: 'm' }));
    assert.ok(!sameRef({ profile: 'a', model: 'm' }, { profile: 'b', model: 'm' }));
    assert.equal(profileOrDefault(undefined), DEFAULT_PROFILE_ID);
    assert.equal(profileOrDefault('tokenhot'), 'tokenhot');
    assert.equal(profileOrDefault('Not An Id'), DEFAULT_PROFILE_ID);
    assert.equal(profileOrDefault(''), DEFAULT_PROFILE_ID);
    assert.ok(!sameRef({ profile: 'a', model: 'm' }, { profile: 'a', model: 'n' }));
    assert.ok(!sameRef(undefined, undefined) && !sameRef({ profile: 'a', model: 'm' }, undefined) && !sameRef(undefined, { profile: 'a', model: 'm' }));
  });

  it('spaces around the profile or the model are not part of them', () => {
    assert.deepEqual(parseModelRef('tokenhot|  gpt-5 '), { profile: 'tokenhot', model: 'gpt-5' });
    assert.deepEqual(parseModelRef({ profile: ' tokenhot ', model: ' gpt-5 ' }), { profile: 'tokenhot', model: 'gpt-5' });
    assert.deepEqual(parseModelRef({ modelId: '  ' }), undefined);
  });
});
