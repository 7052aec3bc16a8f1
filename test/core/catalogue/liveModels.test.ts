import * as assert from 'node:assert/strict';
import { parseModelList, readRawModel, toPerMillion } from '../../../src/core/catalogue/liveModels';
import { mergeCatalogue } from '../../../src/core/catalogue/mergeCatalogue';

describe('core/catalogue: reading /models', () => {
  it('accepts {data:[...]}, {models:[...]}, bare arrays and plain id strings', () => {
    assert.deepEqual(parseModelList({ object: 'list', data: [{ id: 'a/x' }, { id: 'b/y' }] }).map((m) => m.id), ['a/x', 'b/y']);
    assert.deepEqual(parseModelList({ models: [{ id: 'a/x' }] }).map((m) => m.id), ['a/x']);
    assert.deepEqual(parseModelList({ data: { models: [{ id: 'nested' }] } }).map((m) => m.id), ['nested']);
    assert.deepEqual(parseModelList([{ id: 'bare' }, 'plain-string', { model: 'by-model-field' }]).map((m) => m.id), ['bare', 'plain-string', 'by-model-field']);
    // Junk and duplicates are dropped rather than failing the whole list.
    assert.deepEqual(parseModelList([{ id: 'a' }, { id: 'a' }, null, 42, { no: 'id' }, { id: '  ' }]).map((m) => m.id), ['a']);
    assert.deepEqual(parseModelList('<html>'), []);
    assert.deepEqual(parseModelList(null), []);
  });

  it('reads prices per token and per million, and context windows under every common name', () => {
    assert.equal(toPerMillion('0.000003'), 3);
    assert.equal(toPerMillion(3), 3);
    assert.equal(toPerMillion('0.075'), 0.075);
    assert.equal(toPerMillion(0), 0);
    assert.equal(toPerMillion('free'), undefined);
    assert.equal(toPerMillion(-1), undefined);
    assert.equal(toPerMillion(0.5, false), 500000);

    const openRouter = readRawModel({
      id: 'anthropic/claude-sonnet-4.6',
      name: 'Anthropic: Claude Sonnet 4.6',
      context_length: 1_000_000,
      pricing: { prompt: '0.000003', completion: '0.000015', image: '0.0048' },
      architecture: { input_modalities: ['text', 'image'], output_modalities: ['text'] },
      top_provider: { max_completion_tokens: 64000 },
      supported_parameters: ['tools', 'tool_choice', 'reasoning', 'max_tokens'],
    });
    assert.equal(openRouter.name, 'Claude Sonnet 4.6');
    assert.equal(openRouter.provider, 'anthropic');
    assert.equal(openRouter.kind, 'chat');
    assert.equal(openRouter.contextWindow, 1_000_000);
    assert.equal(openRouter.maxOutputTokens, 64000);
    assert.equal(openRouter.inputPrice, 3);
    assert.equal(openRouter.outputPrice, 15);
    assert.equal(openRouter.unitPrice, undefined, 'pricing.image of a chat model is an input price, not a per-image price');
    assert.deepEqual(openRouter.capabilities, { vision: true, tools: true, json: false, reasoning: true });

    assert.equal(readRawModel({ id: 'x', context_window: 8192 }).contextWindow, 8192);
    assert.equal(readRawModel({ id: 'x', max_context_length: 4096 }).contextWindow, 4096);
    assert.equal(readRawModel({ id: 'x', pricing: { input: 2, output: 8 } }).inputPrice, 2);
    assert.equal(readRawModel({ id: 'x', input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 }).outputPrice, 2);
    assert.equal(readRawModel({ id: 'x', pricing: { prompt: '0.5', completion: '1', unit: 'per_token' } }).inputPrice, 500000);

    const caps = readRawModel({ id: 'x', capabilities: { vision: false, function_calling: true, json_mode: true } }).capabilities;
    assert.deepEqual(caps, { vision: false, tools: true, json: true });
    assert.deepEqual(readRawModel({ id: 'x', capabilities: ['vision', 'reasoning'] }).capabilities, { vision: true, reasoning: true });
    assert.deepEqual(readRawModel({ id: 'x', supports_vision: true }).capabilities, { vision: true });
    // Says nothing: nothing claimed.
    assert.deepEqual(readRawModel({ id: 'x', object: 'model', owned_by: 'system' }).capabilities, {});
  });

  it('detects image and video models from modalities, declared type or the id', () => {
    assert.equal(readRawModel({ id: 'x', architecture: { modality: 'text+image->image' } }).kind, 'image');
    assert.equal(readRawModel({ id: 'x', architecture: { modality: 'text->video' } }).kind, 'video');
    assert.equal(readRawModel({ id: 'x', type: 'image_generation' }).kind, 'image');
    const video = readRawModel({ id: 'kwaivgi/kling-v2.6-std', pricing: { per_second: '0.168' }, architecture: { modality: 'text+image->video' } });
    assert.deepEqual(video.unitPrice, { amount: 0.168, unit: 'second' });
    assert.equal(video.capabilities.vision, undefined, 'image input of a video model is not chat vision');
    const image = readRawModel({ id: 'bytedance/doubao-seedream-5.0', pricing: { image: '0.035' }, architecture: { modality: 'text+image->image' } });
    assert.deepEqual(image.unitPrice, { amount: 0.035, unit: 'image' });
    // No hints at all: the id decides (in the merge).
    const merged = mergeCatalogue([{ id: 'vendor/some-seedance-pro' }, { id: 'vendor/gpt-image-9' }, { id: 'vendor/plain-llm' }], []);
    assert.deepEqual(merged.map((m) => m.kind), ['video', 'image', 'chat']);
  });
});
