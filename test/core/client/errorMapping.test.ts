import * as assert from 'node:assert/strict';
import { errorFromNetwork, errorFromResponse, parseErrorBody, retryAfterMs } from '../../../src/core/client/errorMapping';
import type { Endpoint, NetworkContext } from '../../../src/core/client/errorMapping';
import { TokenHubError } from '../../../src/core/client/errors';
import { abortableSleep, isRetryableNetworkError, isRetryableStatus, retryDelayMs } from '../../../src/core/client/retry';

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
      // The proxy's host name failing to resolve, even temporarily, goes to the user.
      assert.ok(!k('proxy', 'EAI_AGAIN'));
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

  describe('every failure, with the message users and logs see', () => {
    const j = JSON.stringify;
    it('HTTP errors: kind, message, gateway message, code, wait', () => {
      const cases: [number, Record<string, string>, string, Endpoint, Record<string, unknown>][] = [
      [400, {}, j({ error: { message: 'max_tokens is too large', type: 'invalid_request_error', param: 'max_tokens' } }), 'chat', {"kind": "badRequest", "message": "TokenHub rejected the request (HTTP 400). The gateway said: max_tokens is too large", "status": 400, "code": "invalid_request_error", "gatewayMessage": "max_tokens is too large"}],
      [422, {}, j({ detail: [{ loc: ['body'], msg: 'field required' }, 'plain', null] }), 'chat', {"kind": "badRequest", "message": "TokenHub rejected the request (HTTP 422). The gateway said: field required; plain; null", "status": 422, "gatewayMessage": "field required; plain; null"}],
      [401, {}, '', 'chat', {"kind": "auth", "message": "TokenHub did not accept the API key (HTTP 401). Set a valid key.", "status": 401}],
      [401, {}, j({ error: { message: 'Incorrect API key provided: th-secret-key-12345' } }), 'chat', {"kind": "auth", "message": "TokenHub did not accept the API key (HTTP 401). Set a valid key. The gateway said: Incorrect API key provided: [redacted]", "status": 401, "gatewayMessage": "Incorrect API key provided: [redacted]"}],
      [403, {}, j({ error: { message: 'forbidden', code: 'access_denied' } }), 'chat', {"kind": "auth", "message": "TokenHub did not accept the API key (HTTP 403). Set a valid key. The gateway said: forbidden", "status": 403, "code": "access_denied", "gatewayMessage": "forbidden"}],
      [403, {}, j({ error: { message: 'nope', error_type: 'invalid_api_key' } }), 'chat', {"kind": "auth", "message": "TokenHub did not accept the API key (HTTP 403). Set a valid key. The gateway said: nope", "status": 403, "gatewayMessage": "nope"}],
      [402, {}, j({ error: { message: 'Payment required' } }), 'chat', {"kind": "credit", "message": "Your TokenHub account has no credit left (HTTP 402). Add credit in the TokenHub billing page. The gateway said: Payment required", "status": 402, "gatewayMessage": "Payment required"}],
      [400, {}, j({ error: { message: 'Your balance is too low', code: 'billing_hard_limit' } }), 'chat', {"kind": "credit", "message": "Your TokenHub account has no credit left (HTTP 400). Add credit in the TokenHub billing page. The gateway said: Your balance is too low", "status": 400, "code": "billing_hard_limit", "gatewayMessage": "Your balance is too low"}],
      [400, {}, j({ error: { message: 'insufficient credits left' } }), 'chat', {"kind": "credit", "message": "Your TokenHub account has no credit left (HTTP 400). Add credit in the TokenHub billing page. The gateway said: insufficient credits left", "status": 400, "gatewayMessage": "insufficient credits left"}],
      [400, {}, j({ error: { message: 'insufficient credit left' } }), 'chat', {"kind": "credit", "message": "Your TokenHub account has no credit left (HTTP 400). Add credit in the TokenHub billing page. The gateway said: insufficient credit left", "status": 400, "gatewayMessage": "insufficient credit left"}],
      [400, {}, j({ error: { message: 'unknown model foo', code: 'model_not_found' } }), 'chat', {"kind": "model", "message": "The model \"m/x\" is not available on TokenHub (HTTP 400). Pick another model. The gateway said: unknown model foo", "status": 400, "code": "model_not_found", "gatewayMessage": "unknown model foo"}],
      [404, {}, '', 'chat', {"kind": "model", "message": "The model \"m/x\" is not available on TokenHub (HTTP 404). Pick another model.", "status": 404}],
      [404, {}, '', 'images', {"kind": "model", "message": "The model \"m/x\" is not available on TokenHub (HTTP 404). Pick another model.", "status": 404}],
      [404, {}, '', 'videos', {"kind": "model", "message": "The model \"m/x\" is not available on TokenHub (HTTP 404). Pick another model.", "status": 404}],
      [404, {}, j({ error: { message: 'no such route' } }), 'models', {"kind": "badRequest", "message": "TokenHub rejected the request (HTTP 404). The gateway said: no such route", "status": 404, "gatewayMessage": "no such route"}],
      [404, {}, '', 'video', {"kind": "badRequest", "message": "TokenHub rejected the request (HTTP 404).", "status": 404}],
      [404, {}, '', 'download', {"kind": "badRequest", "message": "TokenHub rejected the request (HTTP 404).", "status": 404}],
      [407, {}, '', 'chat', {"kind": "proxy", "message": "The proxy refused the request (HTTP 407). Check the proxy settings and credentials.", "status": 407}],
      [408, {}, '', 'chat', {"kind": "server", "message": "TokenHub or the model provider had a server error (HTTP 408). Try again later.", "status": 408}],
      [409, {}, j({ message: 'busy' }), 'chat', {"kind": "server", "message": "TokenHub or the model provider had a server error (HTTP 409). Try again later. The gateway said: busy", "status": 409, "gatewayMessage": "busy"}],
      [413, {}, 'Request Entity Too Large', 'chat', {"kind": "badRequest", "message": "TokenHub rejected the request (HTTP 413). The gateway said: Request Entity Too Large", "status": 413, "gatewayMessage": "Request Entity Too Large"}],
      [429, {}, '', 'chat', {"kind": "rateLimit", "message": "TokenHub is rate limiting requests (HTTP 429). Try again shortly.", "status": 429}],
      [429, { 'retry-after': '7' }, j({ error: { message: 'Rate limit reached' } }), 'chat', {"kind": "rateLimit", "message": "TokenHub is rate limiting requests (HTTP 429). Try again in 7 s. The gateway said: Rate limit reached", "status": 429, "gatewayMessage": "Rate limit reached", "retryAfterMs": 7000}],
      [429, { 'retry-after-ms': '1500' }, '', 'chat', {"kind": "rateLimit", "message": "TokenHub is rate limiting requests (HTTP 429). Try again in 2 s.", "status": 429, "retryAfterMs": 1500}],
      [429, {}, j({ error: { message: 'quota', type: 'insufficient_quota' } }), 'chat', {"kind": "credit", "message": "Your TokenHub account has no credit left (HTTP 429). Add credit in the TokenHub billing page. The gateway said: quota", "status": 429, "code": "insufficient_quota", "gatewayMessage": "quota"}],
      [500, {}, j({ error: 'Internal error' }), 'chat', {"kind": "server", "message": "TokenHub or the model provider had a server error (HTTP 500). Try again later. The gateway said: Internal error", "status": 500, "gatewayMessage": "Internal error"}],
      [502, { 'content-type': 'text/html; charset=utf-8' }, '<html><head><title>Bad Gateway</title></head></html>', 'chat', {"kind": "notJson", "message": "Expected a JSON answer but received an HTML page (HTTP 502, \"Bad Gateway\"). A proxy, firewall or captive portal may be answering instead of TokenHub.", "status": 502, "gatewayMessage": "Bad Gateway"}],
      [503, {}, '<!doctype html><h1>Service Unavailable</h1>', 'chat', {"kind": "notJson", "message": "Expected a JSON answer but received an HTML page (HTTP 503, \"Service Unavailable\"). A proxy, firewall or captive portal may be answering instead of TokenHub.", "status": 503, "gatewayMessage": "Service Unavailable"}],
      [503, { 'retry-after': '2' }, '', 'chat', {"kind": "server", "message": "TokenHub or the model provider had a server error (HTTP 503). Try again later.", "status": 503, "retryAfterMs": 2000}],
      [504, {}, '   ', 'chat', {"kind": "server", "message": "TokenHub or the model provider had a server error (HTTP 504). Try again later.", "status": 504}],
      [200, {}, 'not json', 'chat', {"kind": "badRequest", "message": "TokenHub rejected the request (HTTP 200). The gateway said: not json", "status": 200, "gatewayMessage": "not json"}],
      [200, { 'content-type': 'text/html' }, '<p>login</p>', 'chat', {"kind": "notJson", "message": "Expected a JSON answer but received an HTML page (HTTP 200). A proxy, firewall or captive portal may be answering instead of TokenHub.", "status": 200}],
      [418, {}, j({ errors: [{ message: 'teapot', code: 't1' }] }), 'chat', {"kind": "badRequest", "message": "TokenHub rejected the request (HTTP 418). The gateway said: teapot", "status": 418, "code": "t1", "gatewayMessage": "teapot"}],
      [400, {}, j({ msg: 'bad thing', code: 'E1' }), 'chat', {"kind": "badRequest", "message": "TokenHub rejected the request (HTTP 400). The gateway said: bad thing", "status": 400, "code": "E1", "gatewayMessage": "bad thing"}],
      [400, {}, j('a json string'), 'chat', {"kind": "badRequest", "message": "TokenHub rejected the request (HTTP 400). The gateway said: a json string", "status": 400, "gatewayMessage": "a json string"}],
      [400, {}, '{"error":{"message":"multi\\n   line\\tmessage"}}', 'chat', {"kind": "badRequest", "message": "TokenHub rejected the request (HTTP 400). The gateway said: multi line message", "status": 400, "gatewayMessage": "multi line message"}],
      ];
      for (const [status, headers, body, endpoint, want] of cases) {
        const e = errorFromResponse(status, headers, body, endpoint, ['th-secret-key-12345'], 'm/x');
        const got = Object.fromEntries(Object.entries({ kind: e.kind, message: e.message, status: e.status, code: e.code, gatewayMessage: e.gatewayMessage, retryAfterMs: e.retryAfterMs }).filter(([, v]) => v !== undefined));
        assert.deepEqual(got, want, `${status} ${body}`);
        assert.equal(e.name, 'TokenHubError');
      }
      const long = errorFromResponse(400, {}, j({ error: { message: `${'x'.repeat(600)}` } }), 'chat', [], undefined);
      assert.equal(long.gatewayMessage, `${'x'.repeat(500)}…`);
      assert.equal(errorFromResponse(404, {}, '', 'chat', [], undefined).message, 'The model is not available on TokenHub (HTTP 404). Pick another model.');
    });

    it('network errors: kind, message, code, and a safe copy of the cause', () => {
      const base: NetworkContext = { host: 'tokenhub.store', connectTimeoutMs: 15000, headersTimeoutMs: 120000, idleTimeoutMs: 900000, afterHeaders: false, secrets: ['th-secret-key-12345'] };
      const E = (code: string | undefined, message = 'x', extra: Record<string, unknown> = {}) => Object.assign(new Error(message), code ? { code } : {}, extra);
      const cases: Record<string, [unknown, Partial<NetworkContext>, Record<string, unknown>]> = {
      refused: [E('ECONNREFUSED'), {}, {"kind": "connection", "message": "Could not reach tokenhub.store: the connection was refused.", "code": "ECONNREFUSED", "cause": {"name": "Error", "message": "x", "code": "ECONNREFUSED"}}],
      reset: [E('ECONNRESET'), {}, {"kind": "connection", "message": "Could not reach tokenhub.store: the connection was reset.", "code": "ECONNRESET", "cause": {"name": "Error", "message": "x", "code": "ECONNRESET"}}],
      socket: [E('UND_ERR_SOCKET'), {}, {"kind": "connection", "message": "Could not reach tokenhub.store: the connection was reset.", "code": "UND_ERR_SOCKET", "cause": {"name": "Error", "message": "x", "code": "UND_ERR_SOCKET"}}],
      pipe: [E('EPIPE'), {}, {"kind": "connection", "message": "Could not reach tokenhub.store: the connection was reset.", "code": "EPIPE", "cause": {"name": "Error", "message": "x", "code": "EPIPE"}}],
      unknownCode: [E('EWEIRD'), {}, {"kind": "connection", "message": "Could not reach tokenhub.store: EWEIRD.", "code": "EWEIRD", "cause": {"name": "Error", "message": "x", "code": "EWEIRD"}}],
      noCode: [new Error('boom'), {}, {"kind": "connection", "message": "Could not reach tokenhub.store: network error.", "cause": {"name": "Error", "message": "boom"}}],
      refusedViaProxy: [E('ECONNREFUSED'), { proxy: 'proxy.corp:8080' }, {"kind": "proxy", "message": "Could not connect to the proxy proxy.corp:8080 (ECONNREFUSED). Check the proxy settings.", "code": "ECONNREFUSED", "cause": {"name": "Error", "message": "x", "code": "ECONNREFUSED"}}],
      unreachViaProxy: [E('EHOSTUNREACH'), { proxy: 'proxy.corp:8080' }, {"kind": "proxy", "message": "Could not connect to the proxy proxy.corp:8080 (EHOSTUNREACH). Check the proxy settings.", "code": "EHOSTUNREACH", "cause": {"name": "Error", "message": "x", "code": "EHOSTUNREACH"}}],
      netunreachViaProxy: [E('ENETUNREACH'), { proxy: 'proxy.corp:8080' }, {"kind": "proxy", "message": "Could not connect to the proxy proxy.corp:8080 (ENETUNREACH). Check the proxy settings.", "code": "ENETUNREACH", "cause": {"name": "Error", "message": "x", "code": "ENETUNREACH"}}],
      resetViaProxy: [E('ECONNRESET'), { proxy: 'proxy.corp:8080' }, {"kind": "connection", "message": "Could not reach tokenhub.store through the proxy proxy.corp:8080: the connection was reset.", "code": "ECONNRESET", "cause": {"name": "Error", "message": "x", "code": "ECONNRESET"}}],
      proxy407: [E(undefined, 'Proxy response (407) !== 200 when HTTP Tunneling'), { proxy: 'proxy.corp:8080' }, {"kind": "proxy", "message": "The proxy proxy.corp:8080 refused the connection (HTTP 407). Check the proxy settings.", "status": 407, "cause": {"name": "Error", "message": "Proxy response (407) !== 200 when HTTP Tunneling"}}],
      proxyWord: [E(undefined, 'proxy said no'), { proxy: 'proxy.corp:8080' }, {"kind": "proxy", "message": "The proxy proxy.corp:8080 refused the connection. Check the proxy settings.", "cause": {"name": "Error", "message": "proxy said no"}}],
      proxyWordNoProxy: [E('ECONNRESET', 'proxy said no'), {}, {"kind": "connection", "message": "Could not reach tokenhub.store: the connection was reset.", "code": "ECONNRESET", "cause": {"name": "Error", "message": "proxy said no", "code": "ECONNRESET"}}],
      proxyAfterHeaders: [E('ECONNRESET', 'proxy said no'), { proxy: 'proxy.corp:8080', afterHeaders: true, receivedChars: 0 }, {"kind": "streamCut", "message": "The connection closed in the middle of the answer.", "code": "ECONNRESET", "receivedChars": 0, "cause": {"name": "Error", "message": "proxy said no", "code": "ECONNRESET"}}],
      aborted: [E('UND_ERR_ABORTED'), {}, {"kind": "cancelled", "message": "The request was cancelled.", "code": "UND_ERR_ABORTED", "cause": {"name": "Error", "message": "x", "code": "UND_ERR_ABORTED"}}],
      abortErr: [E('ABORT_ERR'), {}, {"kind": "cancelled", "message": "The request was cancelled.", "code": "ABORT_ERR", "cause": {"name": "Error", "message": "x", "code": "ABORT_ERR"}}],
      abortName: [Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }), {}, {"kind": "cancelled", "message": "The request was cancelled.", "cause": {"name": "AbortError", "message": "This operation was aborted"}}],
      connectTimeout: [E('UND_ERR_CONNECT_TIMEOUT'), {}, {"kind": "connectTimeout", "message": "Connecting to tokenhub.store timed out after 15 s.", "code": "UND_ERR_CONNECT_TIMEOUT", "cause": {"name": "Error", "message": "x", "code": "UND_ERR_CONNECT_TIMEOUT"}}],
      connectTimeoutProxy: [E('UND_ERR_CONNECT_TIMEOUT'), { proxy: 'proxy.corp:8080' }, {"kind": "proxy", "message": "Connecting to tokenhub.store through the proxy proxy.corp:8080 timed out after 15 s.", "code": "UND_ERR_CONNECT_TIMEOUT", "cause": {"name": "Error", "message": "x", "code": "UND_ERR_CONNECT_TIMEOUT"}}],
      headersTimeout: [E('UND_ERR_HEADERS_TIMEOUT'), {}, {"kind": "headersTimeout", "message": "TokenHub did not answer within 120 s (no response headers).", "code": "UND_ERR_HEADERS_TIMEOUT", "cause": {"name": "Error", "message": "x", "code": "UND_ERR_HEADERS_TIMEOUT"}}],
      bodyTimeout: [E('UND_ERR_BODY_TIMEOUT'), { afterHeaders: true, receivedChars: 42 }, {"kind": "idleTimeout", "message": "The answer stopped arriving: nothing was received for 900 s. The partial answer (42 characters) was kept.", "code": "UND_ERR_BODY_TIMEOUT", "receivedChars": 42, "cause": {"name": "Error", "message": "x", "code": "UND_ERR_BODY_TIMEOUT"}}],
      bodyTimeoutNone: [E('UND_ERR_BODY_TIMEOUT'), { afterHeaders: true }, {"kind": "idleTimeout", "message": "The answer stopped arriving: nothing was received for 900 s.", "code": "UND_ERR_BODY_TIMEOUT", "cause": {"name": "Error", "message": "x", "code": "UND_ERR_BODY_TIMEOUT"}}],
      certExpired: [E('CERT_HAS_EXPIRED'), {}, {"kind": "tls", "message": "The secure connection to tokenhub.store failed (CERT_HAS_EXPIRED). A proxy or antivirus may be intercepting HTTPS; see the proxy settings.", "code": "CERT_HAS_EXPIRED", "cause": {"name": "Error", "message": "x", "code": "CERT_HAS_EXPIRED"}}],
      selfSigned: [E('SELF_SIGNED_CERT_IN_CHAIN'), {}, {"kind": "tls", "message": "The secure connection to tokenhub.store failed (SELF_SIGNED_CERT_IN_CHAIN). Its certificate is signed by an authority this computer does not trust (a company network inspecting HTTPS?): trust your company's root certificate in the operating system, or list its PEM file in tokenhub.network.caCertificates or NODE_EXTRA_CA_CERTS.", "code": "SELF_SIGNED_CERT_IN_CHAIN", "cause": {"name": "Error", "message": "x", "code": "SELF_SIGNED_CERT_IN_CHAIN"}}],
      eproto: [E('EPROTO'), {}, {"kind": "tls", "message": "The secure connection to tokenhub.store failed (EPROTO). A proxy or antivirus may be intercepting HTTPS; see the proxy settings.", "code": "EPROTO", "cause": {"name": "Error", "message": "x", "code": "EPROTO"}}],
      eprotoish: [E('EPROTOCOL'), {}, {"kind": "connection", "message": "Could not reach tokenhub.store: EPROTOCOL.", "code": "EPROTOCOL", "cause": {"name": "Error", "message": "x", "code": "EPROTOCOL"}}],
      certMessage: [E(undefined, 'unable to verify the first certificate'), {}, {"kind": "tls", "message": "The secure connection to tokenhub.store failed (TLS error). A proxy or antivirus may be intercepting HTTPS; see the proxy settings.", "cause": {"name": "Error", "message": "unable to verify the first certificate"}}],
      sslMessage: [E(undefined, 'error:0A000086:SSL routines::certificate verify failed'), {}, {"kind": "tls", "message": "The secure connection to tokenhub.store failed (TLS error). A proxy or antivirus may be intercepting HTTPS; see the proxy settings.", "cause": {"name": "Error", "message": "error:0A000086:SSL routines::certificate verify failed"}}],
      tlsCause: [E(undefined, 'fetch failed', { cause: E('ERR_TLS_CERT_ALTNAME_INVALID', 'altname') }), {}, {"kind": "tls", "message": "The secure connection to tokenhub.store failed (ERR_TLS_CERT_ALTNAME_INVALID). A proxy or antivirus may be intercepting HTTPS; see the proxy settings.", "code": "ERR_TLS_CERT_ALTNAME_INVALID", "cause": {"name": "Error", "message": "fetch failed"}}],
      notFound: [E('ENOTFOUND'), {}, {"kind": "dns", "message": "The host name tokenhub.store could not be resolved. Check the network and the TokenHub base URL.", "code": "ENOTFOUND", "cause": {"name": "Error", "message": "x", "code": "ENOTFOUND"}}],
      eaiAgain: [E('EAI_AGAIN'), {}, {"kind": "dns", "message": "The host name tokenhub.store could not be resolved. Check the network and the TokenHub base URL.", "code": "EAI_AGAIN", "cause": {"name": "Error", "message": "x", "code": "EAI_AGAIN"}}],
      eaiNodata: [E('EAI_NODATA'), {}, {"kind": "dns", "message": "The host name tokenhub.store could not be resolved. Check the network and the TokenHub base URL.", "code": "EAI_NODATA", "cause": {"name": "Error", "message": "x", "code": "EAI_NODATA"}}],
      eaiNoname: [E('EAI_NONAME'), {}, {"kind": "dns", "message": "The host name tokenhub.store could not be resolved. Check the network and the TokenHub base URL.", "code": "EAI_NONAME", "cause": {"name": "Error", "message": "x", "code": "EAI_NONAME"}}],
      notFoundProxy: [E('ENOTFOUND'), { proxy: 'proxy.corp:8080' }, {"kind": "proxy", "message": "The proxy host proxy.corp:8080 could not be found.", "code": "ENOTFOUND", "cause": {"name": "Error", "message": "x", "code": "ENOTFOUND"}}],
      cut: [E('UND_ERR_SOCKET'), { afterHeaders: true, receivedChars: 120 }, {"kind": "streamCut", "message": "The connection closed in the middle of the answer after 120 characters. The partial answer (120 characters) was kept.", "code": "UND_ERR_SOCKET", "receivedChars": 120, "cause": {"name": "Error", "message": "x", "code": "UND_ERR_SOCKET"}}],
      cutNothing: [E('UND_ERR_SOCKET'), { afterHeaders: true }, {"kind": "streamCut", "message": "The connection closed in the middle of the answer.", "code": "UND_ERR_SOCKET", "cause": {"name": "Error", "message": "x", "code": "UND_ERR_SOCKET"}}],
      chain: [E(undefined, 'fetch failed', { cause: E(undefined, 'other side closed', { cause: E('ECONNRESET', 'read ECONNRESET') }) }), {}, {"kind": "connection", "message": "Could not reach tokenhub.store: the connection was reset.", "code": "ECONNRESET", "cause": {"name": "Error", "message": "fetch failed"}}],
      deepChain: [(() => { let e = E('ECONNREFUSED', 'deep'); for (let i = 0; i < 5; i++) e = E(undefined, `wrap ${i}`, { cause: e }); return e; })(), {}, {"kind": "connection", "message": "Could not reach tokenhub.store: network error.", "cause": {"name": "Error", "message": "wrap 4"}}],
      stringThrown: ['just a string', {}, {"kind": "connection", "message": "Could not reach tokenhub.store: network error.", "cause": {"name": "Error", "message": "just a string"}}],
      numberCode: [E(undefined, 'x', { code: 42 }), {}, {"kind": "connection", "message": "Could not reach tokenhub.store: network error.", "cause": {"name": "Error", "message": "x"}}],
      };
      for (const [name, [err, ctx, want]] of Object.entries(cases)) {
        const e = errorFromNetwork(err, { ...base, ...ctx });
        const cause = e.cause as (Error & { code?: string }) | undefined;
        const got = Object.fromEntries(
          Object.entries({ kind: e.kind, message: e.message, code: e.code, status: e.status, receivedChars: e.receivedChars, cause: cause && Object.fromEntries(Object.entries({ name: cause.name, message: cause.message, code: cause.code }).filter(([, v]) => v !== undefined)) }).filter(([, v]) => v !== undefined),
        );
        assert.deepEqual(got, want, name);
        if (cause) assert.equal(cause.stack, `${cause.name}: ${cause.message}`, name);
      }
      const already = new TokenHubError('server', 'kept as it is');
      assert.equal(errorFromNetwork(already, base), already);
    });
  });

  describe('the smaller readers', () => {
    it('parseErrorBody: whitespace collapsed, an empty body, JSON strings, messages clipped at 500', () => {
      assert.deepEqual(parseErrorBody('  \n '), { html: false });
      assert.equal(parseErrorBody('"quoted  failure"').message, 'quoted failure');
      assert.equal(parseErrorBody(' {"error":{"message":"a\\n\\n b"}} ').message, 'a b');
      assert.equal(parseErrorBody('{"message":"m","type":"t","error_type":"e"}').type, 't');
      assert.equal(parseErrorBody('{"message":"m","error_type":"e"}').type, 'e');
      assert.equal(parseErrorBody('x'.repeat(500)).message, 'x'.repeat(500));
      assert.equal(parseErrorBody('x'.repeat(501)).message, `${'x'.repeat(500)}…`);
      assert.equal(parseErrorBody('{"unrelated":true}').message, '{"unrelated":true}');
      assert.deepEqual(parseErrorBody('{"error":null,"message":"top"}').message, 'top');
      assert.equal(parseErrorBody('{"errors":[]}').message, '{"errors":[]}');
      assert.equal(parseErrorBody('{"errors":["just text"]}').message, '"just text"');
      assert.equal(parseErrorBody('{"errors":[{"code":"E9"}]}').code, 'E9');
      assert.equal(parseErrorBody('{"detail":{"why":"x"}}').message, '{"why":"x"}');
      assert.equal(parseErrorBody('{"msg":5,"message":"m"}').message, 'm');
      assert.equal(parseErrorBody('{"error":{"message":"  padded\\n"}}').message, 'padded');
      // `"error": true` is a flag some gateways send next to the message.
      assert.equal(parseErrorBody('{"error":true,"message":"Quota exceeded"}').message, 'Quota exceeded');
    });

    it('isHtml: by content type or by a page at the start of the body', () => {
      assert.equal(parseErrorBody('plain words', 'text/html').html, true);
      assert.equal(parseErrorBody('  <!DOCTYPE html><p>x').html, true);
      assert.equal(parseErrorBody('error near <html> tag').html, false);
      assert.equal(parseErrorBody('x<body>').html, false);
      assert.equal(parseErrorBody('<title x="y">T</title>', 'text/html').message, 'T');
      assert.equal(parseErrorBody('<h1 class="c">H</h1>', 'text/html').message, 'H');
    });

    it('retryAfterMs: blank or negative values are not waits', () => {
      assert.equal(retryAfterMs({ 'retry-after-ms': ' ', 'retry-after': '2' }), 2000);
      assert.equal(retryAfterMs({ 'retry-after-ms': '-5', 'retry-after': '2' }), 2000);
      assert.equal(retryAfterMs({ 'retry-after-ms': '0' }), 0);
      assert.equal(retryAfterMs({ 'retry-after': ' ' }), undefined);
      assert.equal(retryAfterMs({ 'retry-after': '-1' }), undefined);
      assert.equal(retryAfterMs({ 'retry-after': '0' }), 0);
      assert.equal(retryAfterMs({ 'retry-after-ms': 'abc', 'retry-after': '1' }), 1000);
    });

    it('a code or type that names the key decides "auth" even with another status', () => {
      assert.equal(errorFromResponse(400, {}, '{"error":{"message":"m","code":"invalid_api_key"}}', 'chat', [], undefined).kind, 'auth');
      assert.equal(errorFromResponse(400, {}, '{"error":{"message":"invalid api key"}}', 'chat', [], undefined).kind, 'badRequest');
      assert.equal(errorFromResponse(400, {}, '{"error":{"message":"x","type":"insufficient_quota"}}', 'chat', [], undefined).kind, 'credit');
    });

    it('network errors: the messages of the whole cause chain count, five deep at most', () => {
      const base: NetworkContext = { host: 'h', proxy: 'p:1', connectTimeoutMs: 1, headersTimeoutMs: 1, idleTimeoutMs: 1, afterHeaders: false, secrets: [] };
      const chain = (depth: number, message: string) => {
        let e: Error = new Error(message);
        for (let i = 0; i < depth; i++) e = Object.assign(new Error(`wrap ${i}`), { cause: e });
        return e;
      };
      assert.equal(errorFromNetwork(chain(4, 'Proxy response (403)'), base).status, 403);
      assert.equal(errorFromNetwork(chain(5, 'Proxy response (403)'), base).kind, 'connection');
      assert.equal(errorFromNetwork(new Error('Proxy response (12345) x'), base).status, 12345);
      assert.equal(errorFromNetwork({ name: 'AbortError' }, { ...base, proxy: undefined }).kind, 'cancelled');
      assert.equal(errorFromNetwork(null, { ...base, proxy: undefined }).kind, 'connection');
      const cause = errorFromNetwork(Object.assign(new Error('m'), { name: 'FetchError', code: 5 }), { ...base, proxy: undefined }).cause as Error & { code?: unknown };
      assert.deepEqual([cause.name, cause.code], ['FetchError', undefined]);
      const plain = errorFromNetwork(undefined, { ...base, proxy: undefined }).cause as Error;
      assert.deepEqual([plain.name, plain.message], ['Error', 'undefined']);
    });
  });

  describe('abortableSleep', () => {
    it('waits without a signal, and with one that never aborts', async () => {
      await abortableSleep(1);
      const ac = new AbortController();
      await abortableSleep(1, ac.signal);
      ac.abort(new Error('later'));
    });

    it('rejects at once with the reason of a signal already aborted, or of one aborted while waiting', async () => {
      const done = new AbortController();
      done.abort(new Error('stopped before'));
      await assert.rejects(abortableSleep(60_000, done.signal), /stopped before/);
      const ac = new AbortController();
      const sleeping = abortableSleep(60_000, ac.signal);
      ac.abort(new Error('stopped during'));
      await assert.rejects(sleeping, /stopped during/);
    });
  });

  it('a TokenHubError has its name, and a cause only when given one', () => {
    const e = new TokenHubError('server', 'x');
    assert.equal(e.name, 'TokenHubError');
    assert.equal('cause' in e, false);
    assert.equal(new TokenHubError('server', 'x', { cause: 0 }).cause, 0);
  });
});
