// Usage is kept per gateway profile: the Usage view splits by it, and budgets per profile will read it.
import * as assert from 'node:assert/strict';
import type { UsageRecord } from '../../../src/core/usage/usageTotals';
import { addUsage, emptyUsage, parseRecord, parseUsageState, toStored } from '../../../src/core/usage/usageTotals';
import { usagePeriods } from '../../../src/core/usage/usagePeriods';

const now = new Date(2026, 10, 20, 12).getTime();

function rec(model: string, cost: number | undefined, profile?: string): UsageRecord {
  const r: UsageRecord = { at: now, model, source: 'chat', promptTokens: 100, completionTokens: 10 };
  if (cost !== undefined) r.cost = cost;
  if (profile) r.profile = profile;
  return r;
}

describe('core/usage: records of several gateway profiles', () => {
  it('one model on two profiles is two rows; the default profile (or none, from older builds) is one', () => {
    const state = emptyUsage();
    for (const r of [rec('gpt-5', 0.01), rec('gpt-5', 0.02, 'tokenhub'), rec('gpt-5', 0.04, 'tokenhot'), rec('llama3:8b', 0, 'local-ollama')]) addUsage(state, r);
    assert.deepEqual(
      state.days.map((d) => [d.model, d.profile ?? '(default)', d.requests]),
      [
        ['gpt-5', '(default)', 2],
        ['gpt-5', 'tokenhot', 1],
        ['llama3:8b', 'local-ollama', 1],
      ],
    );
  });

  it('the profile survives storing and reading back; rows and records without one stay the default\'s', () => {
    const state = emptyUsage();
    addUsage(state, rec('gpt-5', 0.04, 'tokenhot'));
    addUsage(state, rec('gpt-5', 0.01));
    const stored = toStored(state);
    assert.equal(stored.days.find((r) => r[9] === 'tokenhot')?.[1], 'gpt-5');
    assert.equal(stored.days.find((r) => r[9] === undefined)?.length, 9, 'a default-profile row is stored as before');
    const back = parseUsageState(JSON.parse(JSON.stringify(stored)))!;
    assert.deepEqual(back.days.map((d) => d.profile), ['tokenhot', undefined]);
    assert.deepEqual(back.recent.map((r) => r.profile), ['tokenhot', undefined]);
    assert.equal(parseRecord({ ...rec('x', 1), profile: 'NOT VALID' })?.profile, undefined, 'junk is not a profile');
  });

  it('periods split by profile when more than one was used, most expensive first', () => {
    const state = emptyUsage();
    for (const r of [rec('gpt-5', 0.01), rec('gpt-5', 0.04, 'tokenhot'), rec('claude-opus-4-6', 0.05, 'tokenhot')]) addUsage(state, r);
    const today = usagePeriods(state, now).find((p) => p.id === 'today')!;
    assert.deepEqual(
      today.profiles.map((p) => [p.profile, p.totals.requests, Math.round(p.totals.cost * 100) / 100, p.models.map((m) => m.model)]),
      [
        ['tokenhot', 2, 0.09, ['claude-opus-4-6', 'gpt-5']],
        ['tokenhub', 1, 0.01, ['gpt-5']],
      ],
    );
    assert.equal(today.models.length, 3, 'the same model on two profiles is two rows');

    const single = emptyUsage();
    addUsage(single, rec('gpt-5', 0.01));
    assert.deepEqual(usagePeriods(single, now)[0]!.profiles, [], 'one profile: nothing to split');
  });
});
