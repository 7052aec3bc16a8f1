import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTION_TITLES, NAMED_ADVICE, ADVICE, adviseError, formatTemplate } from '../../../src/core/client/errorAdvice';
import type { AdviceAction } from '../../../src/core/client/errorAdvice';
import { PAC_UNSUPPORTED, PROFILE_MISSING, TokenHubError } from '../../../src/core/client/errors';
import type { ErrorKind } from '../../../src/core/client/errors';
import { rememberSecret } from '../../../src/core/log';

const root = join(__dirname, '../../../..');
/**
 * Every ErrorKind, read from the source so a new kind without advice fails this test. Only the
 * union's members count, however the file is laid out (mutation testing reprints it).
 */
const errorsTs = readFileSync(join(root, 'src/core/client/errors.ts'), 'utf8').replace(/\/\/.*$/gm, '');
const KINDS = [.../type ErrorKind =([^;]*);/.exec(errorsTs)![1]!.matchAll(/'(\w+)'/g)].map((m) => m[1] as ErrorKind);

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
      ['budget', { code: 'profileDay' }, 'openBudgetSettings', /^Not sent: today's spending through TokenHub has reached this profile's daily budget/],
      ['budget', { code: 'profileMonth' }, 'openBudgetSettings', /^Not sent: this month's spending through TokenHub has reached this profile's monthly budget/],
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

  it('masks the key the extension knows in any error shown, whatever its shape', () => {
    // A company gateway's key: no pattern recognises it, only the remembered value can hide it.
    const key = `corp:${randomBytes(6).toString('hex')}/Zm9v==`;
    rememberSecret(key);
    assert.equal(adviseError(new Error(`request to gw failed with key ${key}`)).detail, 'request to gw failed with key [redacted]');
    const e = new TokenHubError('badRequest', 'x', { status: 400, gatewayMessage: `bad key ${key}` });
    assert.equal(adviseError(e).detail, 'bad key [redacted]');
  });

  it('src/platform/errorText.ts localises every template and title literally (for l10n extraction)', () => {
    const src = readFileSync(join(root, 'src/platform/errorText.ts'), 'utf8');
    const literal = (s: string) => `vscode.l10n.t('${s.replace(/'/g, "\\'")}'`;
    for (const [key, { template }] of Object.entries(ADVICE)) assert.ok(src.includes(literal(template)), `missing literal for ${key}`);
    for (const [key, title] of Object.entries(ACTION_TITLES)) assert.ok(src.includes(literal(title)), `missing title ${key}`);
    for (const [key, template] of Object.entries(NAMED_ADVICE)) assert.ok(src.includes(literal(template!)), `missing named literal for ${key}`);
  });

  it('picks the advice key from the kind, the status, what arrived and the wait', () => {
    const key = (kind: ErrorKind, init: object = {}) => adviseError(new TokenHubError(kind, 'x', init)).key;
    assert.deepEqual(
      [key('auth'), key('auth', { status: 401 }), key('rateLimit', { retryAfterMs: 1 }), key('rateLimit'), key('idleTimeout', { receivedChars: 1 }), key('idleTimeout'), key('streamCut', { receivedChars: 1 }), key('streamCut'), key('streamError', { receivedChars: 1 }), key('streamError'), key('server')],
      ['authMissing', 'auth', 'rateLimitWait', 'rateLimit', 'idleTimeoutKept', 'idleTimeout', 'streamCutKept', 'streamCut', 'streamErrorKept', 'streamError', 'server'],
    );
    // A PAC script and a missing profile have advice of their own; other proxy and model errors do not.
    assert.deepEqual(
      [key('proxy'), key('proxy', { code: PAC_UNSUPPORTED }), key('proxy', { code: 'ECONNREFUSED' }), key('model'), key('model', { code: PROFILE_MISSING }), key('model', { code: 'model_not_found' })],
      ['proxy', 'proxyPac', 'proxy', 'model', 'profileMissing', 'model'],
    );
  });

  it('fills in the wait only for a rate limit with one, at least a second', () => {
    assert.deepEqual(adviseError(new TokenHubError('server', 'x', { retryAfterMs: 5000 })).args, []);
    assert.deepEqual(adviseError(new TokenHubError('rateLimit', 'x', { retryAfterMs: 10 })).args, ['1']);
    assert.deepEqual(adviseError(new TokenHubError('rateLimit', 'x', { retryAfterMs: 2001 })).args, ['3']);
  });

  it('advises any other error with the generic text and its own buttons, no arguments', () => {
    const a = adviseError(new Error('boom'));
    assert.deepEqual({ key: a.key, kind: a.kind, args: a.args, actions: a.actions }, { key: 'unknown', kind: undefined, args: [], actions: ADVICE.unknown.actions });
    assert.equal(adviseError('a string').detail, undefined);
  });

  it("shows the gateway's words except for a cancellation or a web page", () => {
    for (const kind of ['cancelled', 'notJson'] as const) assert.equal(adviseError(new TokenHubError(kind, 'x', { gatewayMessage: 'words' })).detail, undefined, kind);
    for (const kind of ['server', 'badRequest', 'auth'] as const) assert.equal(adviseError(new TokenHubError(kind, 'x', { gatewayMessage: 'words' })).detail, 'words', kind);
  });

  it('fills placeholders of any number, and leaves unknown ones as they are', () => {
    const args = Array.from({ length: 11 }, (_, i) => `a${i}`);
    assert.equal(formatTemplate('{0} and {10}, not {11}', args), 'a0 and a10, not {11}');
  });
});
