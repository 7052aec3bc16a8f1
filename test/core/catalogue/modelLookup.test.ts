import * as assert from 'node:assert/strict';
import { builtinModels } from '../../../src/core/catalogue/builtin';
import { mergeCatalogue } from '../../../src/core/catalogue/mergeCatalogue';
import { bareId, modelKey } from '../../../src/core/catalogue/modelIds';
import { editDistance, findModel, suggestModelIds } from '../../../src/core/catalogue/modelLookup';
import type { ModelInfo } from '../../../src/core/catalogue/types';

describe('core/catalogue: ids with and without prefix', () => {
  const models = builtinModels();

  it('finds a model by its full id, its bare id, or another spelling', () => {
    assert.equal(bareId('anthropic/claude-sonnet-4-6'), 'claude-sonnet-4-6');
    assert.equal(modelKey('anthropic/Claude-Sonnet-4.6'), 'claude-sonnet-4-6');
    assert.equal(findModel(models, 'anthropic/claude-sonnet-4-6')?.id, 'anthropic/claude-sonnet-4-6');
    assert.equal(findModel(models, 'claude-sonnet-4-6')?.id, 'anthropic/claude-sonnet-4-6');
    assert.equal(findModel(models, 'CLAUDE-SONNET-4-6')?.id, 'anthropic/claude-sonnet-4-6');
    assert.equal(findModel(models, ' gpt-4.1 ')?.id, 'openai/gpt-4.1');
    assert.equal(findModel(models, 'claude-sonnet-9'), undefined);
    assert.equal(findModel(models, ''), undefined);
  });

  it('does not let a prefixed id match another provider of the same model name', () => {
    const two: ModelInfo[] = mergeCatalogue([{ id: 'azure/gpt-4.1' }, { id: 'openai/gpt-4.1' }], []);
    assert.equal(findModel(two, 'openai/gpt-4.1')?.id, 'openai/gpt-4.1');
    assert.equal(findModel(two, 'azure/gpt-4.1')?.id, 'azure/gpt-4.1');
    assert.equal(findModel(two, 'gpt-4.1')?.id, 'azure/gpt-4.1', 'a bare id takes the first listed');
    assert.equal(findModel(two, 'google/gpt-4.1'), undefined);
    // A gateway listing bare ids still accepts the prefixed spelling.
    assert.equal(findModel(mergeCatalogue([{ id: 'claude-sonnet-4-6' }], []), 'anthropic/claude-sonnet-4-6')?.id, 'claude-sonnet-4-6');
  });

  it('suggests the closest known ids for an unknown one', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('same', 'same'), 0);
    assert.equal(suggestModelIds(models, 'anthropic/claude-sonet-4-6')[0], 'anthropic/claude-sonnet-4-6');
    assert.equal(suggestModelIds(models, 'gpt4.1')[0], 'openai/gpt-4.1');
    assert.equal(suggestModelIds(models, 'deepseek-chta')[0], 'deepseek/deepseek-chat');
    assert.ok(suggestModelIds(models, 'claude-sonnet').every((id) => id.includes('sonnet')));
    assert.deepEqual(suggestModelIds(models, 'zzzzzzzzzzzzzz'), [], 'nothing close: no noise');
    assert.ok(suggestModelIds(models, 'seedream-5', 3, 'image').every((id) => models.find((m) => m.id === id)?.kind === 'image'));
    assert.ok(suggestModelIds(models, 'x', 2).length <= 2);
  });
});
