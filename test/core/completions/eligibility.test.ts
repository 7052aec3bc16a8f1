import * as assert from 'node:assert/strict';
import { completionsToday, languageEnabled, limitReached, parseLimit, whyNot } from '../../../src/core/completions/eligibility';
import type { EligibilityInput } from '../../../src/core/completions/eligibility';
import type { DayTotals } from '../../../src/core/usage/usageTotals';
import { dayOf } from '../../../src/core/usage/usageTotals';

const OK: EligibilityInput = {
  enabled: true,
  inlineSuggestEnabled: true,
  languageId: 'typescript',
  languages: { '*': true, markdown: false },
  path: '/work/src/app.ts',
  scheme: 'file',
  trusted: true,
  allowUntrusted: false,
  hasKey: true,
  spentToday: 0.2,
  dailyLimit: 1,
};

describe('core/completions/eligibility', () => {
  it('allows an ordinary file when everything is on', () => {
    assert.equal(whyNot(OK), undefined);
  });

  it('names each reason not to ask', () => {
    assert.equal(whyNot({ ...OK, enabled: false }), 'off');
    assert.equal(whyNot({ ...OK, scheme: 'output' }), 'scheme');
    assert.equal(whyNot({ ...OK, inlineSuggestEnabled: false }), 'inlineSuggestOff');
    assert.equal(whyNot({ ...OK, languageId: 'markdown' }), 'language');
    assert.equal(whyNot({ ...OK, trusted: false }), 'untrusted');
    assert.equal(whyNot({ ...OK, trusted: false, allowUntrusted: true }), undefined);
    assert.equal(whyNot({ ...OK, hasKey: false }), 'noKey');
    assert.equal(whyNot({ ...OK, spentToday: 1 }), 'limit');
    assert.equal(whyNot({ ...OK, spentToday: 100, dailyLimit: undefined }), undefined);
  });

  it('never in files with secrets or that make the editor run code, whatever else allows it', () => {
    for (const path of ['/work/.env', '/work/.env.local', 'C:\\proj\\server.key', '/home/u/.ssh/config', '/work/.npmrc', '/work/.vscode/settings.json', '/work/.github/workflows/ci.yml']) {
      assert.equal(whyNot({ ...OK, path, allowUntrusted: true }), 'sensitive', path);
    }
  });

  it('per-language switches over the `*` default', () => {
    assert.equal(languageEnabled({}, 'python'), true);
    assert.equal(languageEnabled({ '*': false, python: true }, 'python'), true);
    assert.equal(languageEnabled({ '*': false, python: true }, 'go'), false);
    assert.equal(languageEnabled({ python: 'yes' }, 'python'), true, 'a value that is not a boolean is ignored');
  });

  it('reads the daily limit and today\'s completion spend', () => {
    assert.equal(parseLimit(2.5), 2.5);
    assert.equal(parseLimit(0), 0);
    assert.equal(parseLimit(null), undefined);
    assert.equal(parseLimit(-1), undefined);
    assert.equal(limitReached(0, 0), true, 'a limit of 0 stops every request');
    const now = new Date(2025, 4, 2, 15).getTime();
    const row = (day: string, source: DayTotals['source'], cost: number): DayTotals => ({ day, model: 'm', source, requests: 2, promptTokens: 10, completionTokens: 2, cost, unpriced: 0, estimated: 0 });
    const days = [row(dayOf(now - 86_400_000), 'completion', 5), row(dayOf(now), 'completion', 0.25), row(dayOf(now), 'chat', 3)];
    const t = completionsToday(days, now);
    assert.equal(t.cost, 0.25);
    assert.equal(t.requests, 2);
  });
});
