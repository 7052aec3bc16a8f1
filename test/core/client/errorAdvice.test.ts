import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTION_TITLES, ADVICE, adviseError, formatTemplate } from '../../../src/core/client/errorAdvice';
import type { AdviceAction } from '../../../src/core/client/errorAdvice';
import { TokenHubError } from '../../../src/core/client/errors';
import type { ErrorKind } from '../../../src/core/client/errors';

const root = join(__dirname, '../../../..');
/** Every ErrorKind, read from the source so a new kind without advice fails this test. */
const KINDS = [...readFileSync(join(root, 'src/core/client/errors.ts'), 'utf8').matchAll(/^\s+\| '(\w+)'/gm)].map((m) => m[1] as ErrorKind);

describe('core/client/errorAdvice', () => {
  it('knows every error kind', () => {
    assert.ok(KINDS.length >= 18, KINDS.join());
    for (const kind of KINDS) {
      const a = adviseError(new TokenHubError(kind, 'x', { status: 500 }));
      assert.equal(a.kind, kind);
      assert.ok(a.template.length > 20, kind);
    }
  });

  it('says what to do next, with the right action', () => {
    const expect: [ErrorKind, object, AdviceAction | undefined, RegExp][] = [
      ['auth', {}, 'setApiKey', /No TokenHub API key/],
      ['auth', { status: 401 }, 'setApiKey', /did not accept your API key/],
      ['credit', { status: 402 }, 'openBilling', /out of credit/],
      ['model', { status: 404 }, 'selectModel', /Pick another model/],
      ['proxy', {}, 'openProxySettings', /proxy/],
      ['tls', {}, 'openProxySettings', /certificate/],
      ['notJson', { status: 502 }, 'openProxySettings', /captive portal/],
      ['connection', {}, 'openProxySettings', /connect/],
      ['headersTimeout', {}, 'openNetworkSettings', /timeout/],
      ['protocol', {}, 'showLog', /log/],
      ['budget', { code: 'day' }, 'openBudgetSettings', /^Not sent: today's spending has reached your daily TokenHub budget/],
      ['budget', { code: 'month' }, 'openBudgetSettings', /^Not sent: this month's spending has reached your monthly TokenHub budget/],
    ];
    for (const [kind, init, action, re] of expect) {
      const a = adviseError(new TokenHubError(kind, 'x', init));
      if (action) assert.ok(a.actions.includes(action), `${kind}: ${a.actions.join()}`);
      assert.match(formatTemplate(a.template, a.args), re);
    }
  });

  it('gives the wait of a rate limit in seconds', () => {
    const a = adviseError(new TokenHubError('rateLimit', 'x', { status: 429, retryAfterMs: 12_300 }));
    assert.equal(formatTemplate(a.template, a.args), 'TokenHub is rate limiting your requests. Wait 13 s, then try again.');
    assert.doesNotMatch(formatTemplate(adviseError(new TokenHubError('rateLimit', 'x', { status: 429 })).template, []), /\{0\}/);
  });

  it('says the partial answer was kept only when there was one', () => {
    for (const kind of ['streamCut', 'idleTimeout', 'streamError'] as const) {
      assert.match(adviseError(new TokenHubError(kind, 'x', { receivedChars: 5 })).template, /partial answer was kept/);
      assert.doesNotMatch(adviseError(new TokenHubError(kind, 'x', { receivedChars: 0 })).template, /partial answer/);
    }
  });

  it('passes on the gateway message with any key masked; handles non-TokenHub errors', () => {
    const a = adviseError(new TokenHubError('badRequest', 'x', { status: 400, gatewayMessage: 'max_tokens too big for th-abcdefghijklmnop' }));
    assert.equal(a.detail, 'max_tokens too big for [redacted]');
    const u = adviseError(new Error('boom'));
    assert.equal(u.key, 'unknown');
    assert.equal(u.detail, 'boom');
  });

  it('with the simulator, a refused key points to th-sim- keys, not to tokenhub.store', () => {
    const refused = new TokenHubError('auth', 'x', { status: 401 });
    const sim = adviseError(refused, { endpoint: 'simulator', host: '127.0.0.1:4000' });
    assert.equal(sim.key, 'authSimulator');
    assert.match(formatTemplate(sim.template, sim.args), /any key that starts with th-sim-/);
    assert.doesNotMatch(sim.template, /Dashboard|tokenhub\.store/);
    assert.deepEqual(sim.actions, ['setApiKey']);
    const local = adviseError(refused, { endpoint: 'local', host: 'localhost:8080' });
    assert.equal(formatTemplate(local.template, local.args), 'The gateway at localhost:8080 did not accept your API key. Set the key that this gateway expects.');
    assert.equal(adviseError(refused, { endpoint: null, host: 'tokenhub.store' }).key, 'auth');
    assert.equal(adviseError(new TokenHubError('auth', 'x'), { endpoint: 'simulator', host: 'h' }).key, 'authMissing');
  });

  it('a dead local endpoint is not reported as an internet problem', () => {
    for (const kind of ['connection', 'connectTimeout'] as const) {
      for (const endpoint of ['simulator', 'local'] as const) {
        const a = adviseError(new TokenHubError(kind, 'x'), { endpoint, host: '127.0.0.1:4000' });
        const text = formatTemplate(a.template, a.args);
        assert.match(text, /^Nothing answers at 127\.0\.0\.1:4000, the local address in the tokenhub\.baseUrl setting\./);
        assert.doesNotMatch(text, /internet/);
        assert.deepEqual(a.actions, ['openBaseUrlSetting']);
      }
      assert.match(adviseError(new TokenHubError(kind, 'x'), { endpoint: null, host: 'tokenhub.store' }).template, /internet connection/);
    }
  });

  it('src/platform/errorMessages.ts localises every template and title literally (for l10n extraction)', () => {
    const src = readFileSync(join(root, 'src/platform/errorMessages.ts'), 'utf8');
    const literal = (s: string) => `vscode.l10n.t('${s.replace(/'/g, "\\'")}'`;
    for (const [key, { template }] of Object.entries(ADVICE)) assert.ok(src.includes(literal(template)), `missing literal for ${key}`);
    for (const [key, title] of Object.entries(ACTION_TITLES)) assert.ok(src.includes(literal(title)), `missing title ${key}`);
  });
});
