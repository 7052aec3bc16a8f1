import * as assert from 'node:assert/strict';
import { Agent, EnvHttpProxyAgent } from 'undici';
import { bypassesProxy, createDispatcher, isPacUrl, planProxy, proxyFor } from '../../../src/core/client/dispatcher';
import type { ClientOptions } from '../../../src/core/client/options';

describe('core/client/dispatcher (proxy selection)', () => {
  it('an explicit URL wins; else HTTPS_PROXY/HTTP_PROXY (either case); NO_PROXY kept', () => {
    assert.deepEqual(planProxy({ url: 'http://p:1', strictSSL: true, env: { HTTPS_PROXY: 'http://e:2', NO_PROXY: 'a' } }), { httpProxy: 'http://p:1', httpsProxy: 'http://p:1', noProxy: 'a' });
    assert.deepEqual(planProxy({ url: '', strictSSL: true, env: { https_proxy: 'http://s:2', HTTP_PROXY: 'http://h:3' } }), { httpProxy: 'http://h:3', httpsProxy: 'http://s:2', noProxy: '' });
    assert.deepEqual(planProxy({ url: ' ', strictSSL: true, env: { HTTP_PROXY: 'http://h:3' } }), { httpProxy: 'http://h:3', httpsProxy: 'http://h:3', noProxy: '' });
    assert.deepEqual(planProxy({ strictSSL: true, env: {} }), { httpProxy: undefined, httpsProxy: undefined, noProxy: '' });
  });

  it("adds VS Code's http.noProxy hosts to NO_PROXY, for the explicit proxy and the environment's", () => {
    const explicit = planProxy({ url: 'http://p:1', strictSSL: true, env: { NO_PROXY: 'a' }, noProxy: ['internal.corp', ' ', '10.0.0.5:8080'] });
    assert.equal(explicit.noProxy, 'a,internal.corp,10.0.0.5:8080');
    assert.equal(proxyFor(new URL('https://api.internal.corp/v1'), explicit), undefined);
    assert.equal(proxyFor(new URL('https://tokenhub.store/api/v1'), explicit), 'p:1');
    const fromEnv = planProxy({ strictSSL: true, env: { HTTPS_PROXY: 'http://e:2' }, noProxy: ['tokenhub.store'] });
    assert.deepEqual(fromEnv, { httpProxy: undefined, httpsProxy: 'http://e:2', noProxy: 'tokenhub.store' });
    assert.equal(proxyFor(new URL('https://tokenhub.store/api/v1'), fromEnv), undefined);
  });

  it('matches NO_PROXY like curl: *, suffixes, leading dots, ports', () => {
    const u = (s: string) => new URL(s);
    assert.ok(bypassesProxy(u('https://tokenhub.store/x'), '*'));
    assert.ok(bypassesProxy(u('https://api.tokenhub.store/x'), 'tokenhub.store'));
    assert.ok(bypassesProxy(u('https://api.tokenhub.store/x'), '.tokenhub.store'));
    assert.ok(bypassesProxy(u('https://tokenhub.store/x'), '.tokenhub.store'));
    assert.ok(bypassesProxy(u('https://tokenhub.store/x'), '*.tokenhub.store'));
    assert.ok(!bypassesProxy(u('https://nottokenhub.store/x'), 'tokenhub.store'));
    assert.ok(bypassesProxy(u('http://127.0.0.1:8080/'), 'localhost, 127.0.0.1:8080'));
    assert.ok(!bypassesProxy(u('http://127.0.0.1:8081/'), '127.0.0.1:8080'));
    assert.ok(bypassesProxy(u('https://tokenhub.store/'), 'tokenhub.store:443'));
    assert.ok(!bypassesProxy(u('https://tokenhub.store/'), ''));
  });

  it('names the proxy a URL goes through, without credentials', () => {
    const plan = planProxy({ url: '', strictSSL: true, env: { HTTPS_PROXY: 'http://user:pw@proxy.corp:3128', NO_PROXY: 'internal' } });
    assert.equal(proxyFor(new URL('https://tokenhub.store'), plan), 'proxy.corp:3128');
    assert.equal(proxyFor(new URL('https://x.internal'), plan), undefined);
    assert.equal(proxyFor(new URL('http://tokenhub.store'), plan), undefined, 'HTTPS_PROXY is for https');
  });

  it('builds its own Agent, or an EnvHttpProxyAgent when a proxy applies', async () => {
    const base: ClientOptions = {
      baseUrl: 'https://tokenhub.store/api/v1',
      getApiKey: async () => undefined,
      connectTimeoutMs: 1,
      headersTimeoutMs: 1,
      idleTimeoutMs: 1,
      maxRetries: 0,
      proxy: { url: '', strictSSL: true, env: {} },
      userAgent: 'x',
    };
    const direct = createDispatcher(base);
    const proxied = createDispatcher({ ...base, proxy: { url: 'http://p:1', strictSSL: false, env: {} } });
    assert.ok(direct instanceof Agent);
    assert.ok(proxied instanceof EnvHttpProxyAgent);
    await Promise.all([direct.close(), proxied.close()]);
  });

  describe('edges', () => {
    it('ignores blank environment values, and trims the rest', () => {
      assert.deepEqual(planProxy({ strictSSL: true, env: { HTTPS_PROXY: '   ', http_proxy: ' http://p:1 ', no_proxy: ' ' } }), { httpProxy: 'http://p:1', httpsProxy: 'http://p:1', noProxy: '' });
    });

    it('matches entries separated by commas or any spaces, with or without a port, IPv6 in brackets', () => {
      const u = (s: string) => new URL(s);
      assert.equal(bypassesProxy(u('https://api.example.com/'), ''), false);
      assert.equal(bypassesProxy(u('https://api.example.com/'), '  *  '), true);
      assert.equal(bypassesProxy(u('https://api.example.com/'), 'a.test,\t example.com'), true);
      assert.equal(bypassesProxy(u('https://api.example.com/'), 'a.test  b.test'), false);
      assert.equal(bypassesProxy(u('https://api.example.com/'), 'example.com:443'), true);
      assert.equal(bypassesProxy(u('http://api.example.com/'), 'example.com:443'), false);
      assert.equal(bypassesProxy(u('http://api.example.com/'), 'example.com:80'), true);
      assert.equal(bypassesProxy(u('http://api.example.com:8080/'), 'example.com:8080'), true);
      assert.equal(bypassesProxy(u('https://api.example.com/'), '*.example.com'), true);
      assert.equal(bypassesProxy(u('https://example.com/'), '*.example.com'), true);
      assert.equal(bypassesProxy(u('https://badexample.com/'), '.example.com'), false);
      assert.equal(bypassesProxy(u('https://badexample.com/'), 'example.com'), false);
      assert.equal(bypassesProxy(u('https://example.com/'), 'x.example.com'), false);
      assert.equal(bypassesProxy(u('https://[::1]:8443/'), '[::1]'), true);
      assert.equal(bypassesProxy(u('https://[::1]:8443/'), '[::1]:8443'), true);
      assert.equal(bypassesProxy(u('https://[::2]/'), '[::1]'), false);
      assert.equal(bypassesProxy(u('https://API.Example.com/'), 'EXAMPLE.COM'), true);
    });

    it('knows a PAC script address written without its scheme', () => {
      assert.equal(isPacUrl('wpad.corp.example/proxy.pac'), true);
      assert.equal(isPacUrl('wpad.corp.example/wpad.dat'), true);
      assert.equal(isPacUrl('proxy.corp.example:3128'), false);
      assert.deepEqual(planProxy({ url: 'wpad.corp.example/proxy.pac', strictSSL: true, env: {} }), { noProxy: '', pacScript: 'wpad.corp.example/proxy.pac' });
      assert.equal(isPacUrl('  pac+http://corp.example/p.js'), true);
      assert.equal(isPacUrl('http://bob:pac+word@proxy.corp.example:3128'), false, 'pac+ inside a password');
    });

    it('names the proxy of a URL without scheme or with credentials as host:port', () => {
      assert.equal(proxyFor(new URL('https://x.test/'), { httpsProxy: 'proxy.corp:3128', noProxy: '' }), 'proxy.corp:3128');
      assert.equal(proxyFor(new URL('http://x.test/'), { httpProxy: 'http://user:secret@proxy.corp:3128', noProxy: '' }), 'proxy.corp:3128');
      assert.equal(proxyFor(new URL('http://x.test/'), { httpsProxy: 'proxy.corp:3128', noProxy: '' }), undefined);
      assert.equal(proxyFor(new URL('https://x.test/'), { httpsProxy: 'user:secret@proxy.corp:3128', noProxy: '' }), 'proxy.corp:3128', 'credentials without a scheme');
      // An address that is no URL is named as written, still without its credentials.
      assert.equal(proxyFor(new URL('https://x.test/'), { httpsProxy: 'user:s@cret@[proxy:3128', noProxy: '' }), '[proxy:3128');
    });
  });
});
