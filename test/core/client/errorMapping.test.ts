import * as assert from 'node:assert/strict';
import { errorFromNetwork, errorFromResponse, parseErrorBody, retryAfterMs } from '../../../src/core/client/errorMapping';
import type { NetworkContext } from '../../../src/core/client/errorMapping';
import { TokenHubError } from '../../../src/core/client/errors';
import { isRetryableNetworkError, isRetryableStatus, retryDelayMs } from '../../../src/core/client/retry';

describe('core/client/errorMapping', () => {
  describe('parseErrorBody reads every gateway shape', () => {
    const cases: [string, string, { message?: string; code?: string; html?: boolean }][] = [
      ['OpenAI object', '{"error":{"message":"Bad key","type":"invalid_request_error","code":"invalid_api_key"}}', { message: 'Bad key', code: 'invalid_api_key' }],
      ['error string', '{"error":"Model not found","code":404}', { message: 'Model not found', code: '404' }],
      ['bare message', '{"message":"Too many requests","code":"rate_limited"}', { message: 'Too many requests', code: 'rate_limited' }],
      ['detail string', '{"detail":"Not authenticated"}', { message: 'Not authenticated' }],
      ['detail list', '{"detail":[{"msg":"field required"},{"msg":"bad type"}]}', { message: 'field required; bad type' }],
      ['errors list', '{"errors":[{"message":"first"}]}', { message: 'first' }],
      ['OpenRouter metadata.raw', '{"error":{"code":502,"metadata":{"raw":"provider down"}}}', { message: 'provider down', code: '502' }],
      ['plain text', 'upstream connect error or disconnect/reset before headers', { message: 'upstream connect error or disconnect/reset before headers' }],
      ['HTML', '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>x</body></html>', { html: true, message: '502 Bad Gateway' }],
      ['broken JSON', '{"error": ', { message: '{"error":' }],
    ];
    for (const [name, body, want] of cases) {
      it(name, () => {
        const got = parseErrorBody(body);
        assert.equal(got.html, want.html ?? false);
        assert.equal(got.message, want.message);
        if (want.code) assert.equal(got.code, want.code);
      });
    }
    it('clips very long messages', () => {
      assert.ok(parseErrorBody('x'.repeat(5000)).message!.length < 600);
    });
  });

  describe('retryAfterMs', () => {
    it('prefers retry-after-ms, then seconds, then an HTTP date', () => {
      assert.equal(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' }), 250);
      assert.equal(retryAfterMs({ 'retry-after': '3' }), 3000);
      assert.equal(retryAfterMs({ 'retry-after': '0.5' }), 500);
      const now = Date.parse('2026-11-22T10:00:00Z');
      assert.equal(retryAfterMs({ 'retry-after': 'Sun, 22 Nov 2026 10:00:07 GMT' }, now), 7000);
      assert.equal(retryAfterMs({ 'retry-after': 'Sun, 22 Nov 2026 09:00:00 GMT' }, now), 0);
      assert.equal(retryAfterMs({ 'retry-after': 'soon' }), undefined);
      assert.equal(retryAfterMs({}), undefined);
    });
  });

  describe('errorFromResponse', () => {
    const f = (status: number, body: string, headers: Record<string, string> = {}) => errorFromResponse(status, headers, body, 'chat', ['th-secret-key-12345'], 'm/x');
    it('maps statuses and gateway codes to kinds', () => {
      assert.equal(f(401, '{}').kind, 'auth');
      assert.equal(f(403, '{"error":{"message":"no","code":"insufficient_quota"}}').kind, 'credit');
      assert.equal(f(402, '').kind, 'credit');
      assert.equal(f(404, '').kind, 'model');
      assert.equal(f(400, '{"error":{"message":"The model `x` does not exist"}}').kind, 'model');
      assert.equal(f(400, '{"error":{"message":"Insufficient balance"}}').kind, 'credit');
      assert.equal(f(400, '{"error":{"message":"bad"}}').kind, 'badRequest');
      assert.equal(f(407, '').kind, 'proxy');
      assert.equal(f(429, '').kind, 'rateLimit');
      assert.equal(f(429, '{"error":{"type":"insufficient_quota"}}').kind, 'credit');
      assert.equal(f(503, '').kind, 'server');
      assert.equal(f(502, '<html><title>Bad</title></html>').kind, 'notJson');
      assert.equal(errorFromResponse(404, {}, '', 'video', [], undefined).kind, 'badRequest');
    });
    it('keeps the wait of a 429 and says it', () => {
      const e = f(429, '', { 'retry-after': '7' });
      assert.equal(e.retryAfterMs, 7000);
      assert.match(e.message, /7 s/);
    });
    it('masks the key in the gateway message', () => {
      const e = f(401, '{"error":{"message":"Incorrect API key provided: th-secret-key-12345"}}');
      assert.ok(!e.message.includes('th-secret-key-12345'));
      assert.ok(!e.gatewayMessage!.includes('th-secret-key-12345'));
    });
  });

  describe('errorFromNetwork', () => {
    const ctx: NetworkContext = { host: 'tokenhub.store', connectTimeoutMs: 15000, headersTimeoutMs: 120000, idleTimeoutMs: 900000, afterHeaders: false, secrets: ['th-secret-key-12345'] };
    const err = (code: string, message = code) => Object.assign(new Error(message), { code });
    const cases: [string, unknown, Partial<NetworkContext>, string][] = [
      ['refused', err('ECONNREFUSED'), {}, 'connection'],
      ['reset', err('ECONNRESET'), {}, 'connection'],
      ['undici socket', err('UND_ERR_SOCKET', 'other side closed'), {}, 'connection'],
      ['not found', err('ENOTFOUND'), {}, 'dns'],
      ['resolver again', err('EAI_AGAIN'), {}, 'dns'],
      ['expired cert', err('CERT_HAS_EXPIRED'), {}, 'tls'],
      ['self-signed', err('DEPTH_ZERO_SELF_SIGNED_CERT'), {}, 'tls'],
      ['unable to verify', err('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), {}, 'tls'],
      ['connect timeout', err('UND_ERR_CONNECT_TIMEOUT'), {}, 'connectTimeout'],
      ['headers timeout', err('UND_ERR_HEADERS_TIMEOUT'), {}, 'headersTimeout'],
      ['body timeout', err('UND_ERR_BODY_TIMEOUT'), { afterHeaders: true, receivedChars: 12 }, 'idleTimeout'],
      ['cut after headers', err('UND_ERR_SOCKET', 'other side closed'), { afterHeaders: true, receivedChars: 12 }, 'streamCut'],
      ['aborted', err('UND_ERR_ABORTED'), {}, 'cancelled'],
      ['proxy refused CONNECT', err('UND_ERR_ABORTED', 'Proxy response (407) !== 200 when HTTP Tunneling'), { proxy: 'proxy:3128' }, 'proxy'],
      ['proxy down', err('ECONNREFUSED'), { proxy: 'proxy:3128' }, 'proxy'],
      ['proxy host unknown', err('ENOTFOUND'), { proxy: 'proxy:3128' }, 'proxy'],
      ['wrapped cause', Object.assign(new Error('fetch failed'), { cause: err('ECONNREFUSED') }), {}, 'connection'],
    ];
    for (const [name, e, extra, kind] of cases) {
      it(`${name} → ${kind}`, () => {
        const got = errorFromNetwork(e, { ...ctx, ...extra });
        assert.ok(got instanceof TokenHubError);
        assert.equal(got.kind, kind, got.message);
        if (extra.receivedChars) assert.match(got.message, /12 characters/);
      });
    }
    it('keeps a redacted copy of the cause, not the original object', () => {
      const original = Object.assign(new Error('failed for Bearer th-secret-key-12345'), { code: 'ECONNRESET', headers: { authorization: 'Bearer th-secret-key-12345' } });
      const got = errorFromNetwork(original, ctx);
      assert.notEqual(got.cause, original);
      assert.ok(!JSON.stringify(got.cause).includes('th-secret'));
      assert.ok(!String((got.cause as Error).message).includes('th-secret'));
      assert.equal((got.cause as { code?: string }).code, 'ECONNRESET');
    });
  });

  describe('retry policy', () => {
    it('retries 408, 409, 429 and 5xx only', () => {
      for (const s of [408, 409, 429, 500, 502, 503, 504, 599]) assert.ok(isRetryableStatus(s), String(s));
      for (const s of [200, 400, 401, 402, 403, 404, 413, 422]) assert.ok(!isRetryableStatus(s), String(s));
    });
    it('retries connection failures and temporary DNS, not TLS, timeouts after connect, or unknown hosts', () => {
      const k = (kind: TokenHubError['kind'], code?: string) => isRetryableNetworkError(new TokenHubError(kind, 'x', { code }));
      assert.ok(k('connection'));
      assert.ok(k('connectTimeout'));
      assert.ok(k('dns', 'EAI_AGAIN'));
      assert.ok(!k('dns', 'ENOTFOUND'));
      assert.ok(!k('tls'));
      assert.ok(!k('headersTimeout'));
      assert.ok(!k('cancelled'));
    });
    it('backs off exponentially with up to 25% jitter, capped at 8 s', () => {
      assert.equal(retryDelayMs(0, undefined, () => 0), 500);
      assert.equal(retryDelayMs(1, undefined, () => 0), 1000);
      assert.equal(retryDelayMs(2, undefined, () => 0.999999), 1500);
      assert.equal(retryDelayMs(10, undefined, () => 0), 8000);
      for (let i = 0; i < 50; i++) {
        const d = retryDelayMs(3, undefined)!;
        assert.ok(d >= 3000 && d <= 4000, String(d));
      }
    });
    it('honours the server wait up to 60 s, and declines longer ones', () => {
      assert.equal(retryDelayMs(0, 0), 0);
      assert.equal(retryDelayMs(0, 60_000), 60_000);
      assert.equal(retryDelayMs(0, 60_001), undefined);
    });
  });
});
