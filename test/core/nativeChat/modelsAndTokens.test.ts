import * as assert from 'node:assert/strict';
import type { ModelInfo } from '../../../src/core/catalogue/types';
import { estimateTokens, IMAGE_TOKENS, MESSAGE_OVERHEAD_TOKENS } from '../../../src/core/edits/budget';
import { estimateLmTokens, LmRole } from '../../../src/core/nativeChat/messages';
import {
  chatModelsForLm,
  DEFAULT_CONTEXT_WINDOW,
  familyAndVersion,
  lmModelId,
  tokenLimits,
  toLmModelShape,
} from '../../../src/core/nativeChat/modelInformation';
import { followupCommands, historyMessages, isCodeCommand, pickAnswerModel } from '../../../src/core/nativeChat/participant';

function model(over: Partial<ModelInfo>): ModelInfo {
  return {
    id: 'anthropic/claude-sonnet-4-6',
    provider: 'anthropic',
    providerName: 'Anthropic',
    name: 'Claude Sonnet 4.6',
    kind: 'chat',
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    inputPrice: 3,
    outputPrice: 15,
    capabilities: { vision: true, tools: true, json: true, reasoning: true },
    source: 'builtin',
    ...over,
  };
}

describe('core/nativeChat/modelInformation', () => {
  it('describes a catalogue model with its limits and capabilities', () => {
    assert.deepEqual(toLmModelShape(model({})), {
      id: 'anthropic/claude-sonnet-4-6',
      name: 'Claude Sonnet 4.6',
      family: 'claude-sonnet-4-6',
      version: 'claude-sonnet-4-6',
      maxInputTokens: 136_000,
      maxOutputTokens: 64_000,
      capabilities: { imageInput: true, toolCalling: true },
    });
    const plain = toLmModelShape(model({ id: 'deepseek-chat', name: '', capabilities: { vision: false, tools: false, json: false, reasoning: false } }));
    assert.equal(plain.name, 'deepseek-chat');
    assert.deepEqual(plain.capabilities, { imageInput: false, toolCalling: false });
  });

  it('splits a dated id into family and version', () => {
    assert.deepEqual(familyAndVersion('openai/gpt-4o-2024-11-20'), { family: 'gpt-4o', version: '2024-11-20' });
    assert.deepEqual(familyAndVersion('claude-3-5-haiku-20241022'), { family: 'claude-3-5-haiku', version: '20241022' });
  });

  it('keeps input plus output inside the window, with defaults for unknown models', () => {
    assert.deepEqual(tokenLimits({ contextWindow: 128_000, maxOutputTokens: 16_000 }), { maxInputTokens: 112_000, maxOutputTokens: 16_000 });
    // An output limit as large as the window would leave no room for the prompt: capped at half.
    assert.deepEqual(tokenLimits({ contextWindow: 32_000, maxOutputTokens: 32_000 }), { maxInputTokens: 16_000, maxOutputTokens: 16_000 });
    const d = tokenLimits({});
    assert.equal(d.maxInputTokens + d.maxOutputTokens, DEFAULT_CONTEXT_WINDOW);
  });

  it('offers chat models only, once each', () => {
    const list = [model({}), model({ id: 'seedream-4', kind: 'image' }), model({}), model({ id: 'gpt-5', kind: 'chat' })];
    assert.deepEqual(chatModelsForLm(list).map((m) => m.id), ['anthropic/claude-sonnet-4-6', 'gpt-5']);
  });

});

describe('core/nativeChat/messages: token counts for VS Code (provideTokenCount)', () => {
  it('counts a string as the code commands count it, one token per CJK character', () => {
    // The one estimator (core/edits/budget): what VS Code budgets with is what our commands refuse by.
    for (const text of ['', 'abcdefgh', 'x'.repeat(4000), '你好世界', 'Tiếng Việt', 'const a = 1; // ok']) assert.equal(estimateLmTokens(text), estimateTokens(text));
    assert.equal(estimateLmTokens('abcdefgh'), 3);
    assert.equal(estimateLmTokens('你好世界'), 4);
  });

  it('counts a whole message with its parts, images at a fixed charge', () => {
    const n = estimateLmTokens({ role: LmRole.user, content: [{ value: 'abcdefgh' }, { data: new Uint8Array(10), mimeType: 'image/png' }], name: undefined });
    assert.equal(n, MESSAGE_OVERHEAD_TOKENS + 3 + IMAGE_TOKENS);
    const withTools = estimateLmTokens({
      role: LmRole.user,
      content: [{ callId: 'c', content: [{ value: 'x'.repeat(42) }] }],
      name: undefined,
    });
    assert.equal(withTools, MESSAGE_OVERHEAD_TOKENS + 12);
    const call = estimateLmTokens({ role: LmRole.assistant, content: [{ callId: 'c', name: 'get_weather', input: { city: 'Paris' } }], name: undefined });
    assert.equal(call, MESSAGE_OVERHEAD_TOKENS + estimateTokens('get_weather') + estimateTokens('{"city":"Paris"}'));
  });

  it('counts data parts as they are sent: text by its content, markers not at all', () => {
    const json = new TextEncoder().encode('{"a":"日本"}');
    assert.equal(estimateLmTokens({ role: LmRole.user, content: [{ data: json, mimeType: 'application/json' }] }), MESSAGE_OVERHEAD_TOKENS + estimateTokens('{"a":"日本"}'));
    assert.equal(estimateLmTokens({ role: LmRole.user, content: [{ data: new Uint8Array(64), mimeType: 'cache_control' }] }), MESSAGE_OVERHEAD_TOKENS);
  });
});

describe('core/nativeChat/participant', () => {
  it('answers with the picked model when it is ours, else with the current chat model', () => {
    assert.equal(pickAnswerModel({ vendor: 'tokenhub', id: 'gpt-5' }, 'tokenhub', 'deepseek-chat'), 'gpt-5');
    assert.equal(pickAnswerModel({ vendor: 'copilot', id: 'gpt-4.1' }, 'tokenhub', 'deepseek-chat'), 'deepseek-chat');
    assert.equal(pickAnswerModel(undefined, 'tokenhub', ''), undefined);
  });

  it('keeps the latest history that fits, starting with a user turn', () => {
    const turns = [
      { role: 'user' as const, text: 'a'.repeat(10) },
      { role: 'assistant' as const, text: 'b'.repeat(10) },
      { role: 'user' as const, text: 'c'.repeat(10) },
      { role: 'assistant' as const, text: 'd'.repeat(10) },
    ];
    assert.equal(historyMessages(turns).length, 4);
    // 25 characters keep the last two turns only.
    assert.deepEqual(historyMessages(turns, 25), [
      { role: 'user', content: 'c'.repeat(10) },
      { role: 'assistant', content: 'd'.repeat(10) },
    ]);
    // 15 characters would keep only an assistant turn: nothing is sent.
    assert.deepEqual(historyMessages(turns, 15), []);
  });

  it('offers next steps that are code commands', () => {
    assert.deepEqual(followupCommands('explain'), ['refactor', 'doc', 'tests']);
    assert.deepEqual(followupCommands('image'), []);
    for (const c of ['explain', 'refactor', 'fix', 'doc', 'tests', undefined]) for (const f of followupCommands(c)) assert.ok(isCodeCommand(f));
  });
});

describe('core/nativeChat: model ids across gateway profiles', () => {
  const base = { provider: 'openai', providerName: 'OpenAI', name: 'GPT-5', kind: 'chat' as const, capabilities: { vision: false, tools: true, json: true, reasoning: false }, source: 'live' as const };

  it('the default profile\'s ids are unchanged; another profile\'s name it, and the same model on two profiles is two models', () => {
    const models = [
      { ...base, id: 'openai/gpt-5', profile: 'tokenhub' },
      { ...base, id: 'openai/gpt-5' },
      { ...base, id: 'openai/gpt-5', profile: 'tokenhot' },
    ];
    assert.deepEqual(chatModelsForLm(models).map(lmModelId), ['openai/gpt-5', 'tokenhot|openai/gpt-5']);
    assert.equal(toLmModelShape(models[2]!).family, 'gpt-5', 'the family is the model\'s, whatever the profile');
  });
});
