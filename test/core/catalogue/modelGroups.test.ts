import * as assert from 'node:assert/strict';
import { builtinModels } from '../../../src/core/catalogue/builtin';
import { mergeCatalogue } from '../../../src/core/catalogue/mergeCatalogue';
import { groupByProvider, matchesFilter } from '../../../src/core/catalogue/modelGroups';
import { findModel } from '../../../src/core/catalogue/modelLookup';

describe('core/catalogue: grouping and filtering', () => {
  const models = builtinModels();

  it('groups by provider in the docs order', () => {
    const groups = groupByProvider(models.filter((m) => m.kind === 'chat'));
    assert.deepEqual(groups.slice(0, 4).map((g) => g.providerName), ['OpenAI', 'Anthropic', 'Google', 'xAI']);
    assert.equal(new Set(groups.map((g) => g.provider)).size, groups.length);
    const withUnknown = groupByProvider(mergeCatalogue([{ id: 'zeta/a' }, { id: 'alpha/b' }, { id: 'openai/gpt-5' }], []));
    assert.deepEqual(withUnknown.map((g) => g.provider), ['openai', 'alpha', 'zeta']);
  });

  it('filters by name, provider and capability words', () => {
    const sonnet = findModel(models, 'claude-sonnet-4-6')!;
    const chatDeepseek = findModel(models, 'deepseek-chat')!;
    assert.ok(matchesFilter(sonnet, ''));
    assert.ok(matchesFilter(sonnet, 'sonnet'));
    assert.ok(matchesFilter(sonnet, 'Anthropic vision'));
    assert.ok(!matchesFilter(chatDeepseek, 'vision'));
    assert.ok(matchesFilter(chatDeepseek, 'deepseek tools'));
    assert.ok(!matchesFilter(sonnet, 'sonnet openai'));
    const visionIds = models.filter((m) => matchesFilter(m, 'vision')).map((m) => m.id);
    assert.ok(visionIds.length > 0 && visionIds.every((id) => findModel(models, id)!.capabilities.vision));
  });
});
