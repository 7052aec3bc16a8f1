import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { loadCaBundle, secureContextFor, splitPem } from '../../../src/core/client/certificates';
import { adviseError } from '../../../src/core/client/errorAdvice';
import { TokenHubError } from '../../../src/core/client/errors';
import { TEST_CA_CERT, TEST_CERT, TEST_SIGNED_CERT, TEST_SIGNED_KEY } from '../../fakes/tlsCert';
import { Simulator } from '../../simulator/server';
import { caught, simClient } from '../../simulator/helpers';

const NODE = { rootCertificates: [TEST_CERT] };

describe('core/client/certificates', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-ca-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };

  it('splits PEM bundles (CRLF too) and drops everything that is not a certificate', () => {
    const two = `junk\r\n${TEST_CERT.replace(/\n/g, '\r\n')}text between\n${TEST_CA_CERT}`;
    const pems = splitPem(two);
    assert.equal(pems.length, 2);
    assert.equal(pems[0], TEST_CERT);
    assert.equal(pems[1], TEST_CA_CERT);
  });

  it('trusts Node\'s roots, then the first system bundle found, then NODE_EXTRA_CA_CERTS and the setting\'s files', () => {
    const bundle = file('system.pem', TEST_SIGNED_CERT);
    const extra = file('extra.pem', TEST_CA_CERT);
    const b = loadCaBundle({ system: true, files: [extra], env: {}, tlsApi: NODE, bundleFiles: [path.join(dir, 'absent.pem'), bundle] });
    assert.deepEqual(b.certificates, [TEST_CERT, TEST_SIGNED_CERT, TEST_CA_CERT]);
    assert.equal(b.systemSource, bundle);
    assert.equal(b.extraCount, 1);
    assert.deepEqual(b.problems, []);

    const viaEnv = loadCaBundle({ system: false, files: [], env: { NODE_EXTRA_CA_CERTS: extra }, tlsApi: NODE, bundleFiles: [bundle] });
    assert.deepEqual(viaEnv.certificates, [TEST_CERT, TEST_CA_CERT], 'http.systemCertificates: false leaves the system bundle out');
    assert.equal(viaEnv.systemSource, undefined);
  });

  it('uses Node\'s own system store where it has one (Node 22.15+) instead of bundle files', () => {
    const bundle = file('system2.pem', TEST_SIGNED_CERT);
    const b = loadCaBundle({ system: true, files: [], env: {}, tlsApi: { ...NODE, getCACertificates: () => [TEST_CA_CERT] }, bundleFiles: [bundle] });
    assert.equal(b.systemSource, 'store');
    assert.deepEqual(b.certificates, [TEST_CERT, TEST_CA_CERT]);
  });

  it('names files that cannot be used, and never throws', () => {
    const empty = file('empty.pem', 'no certificates here');
    const b = loadCaBundle({ system: false, files: [path.join(dir, 'missing.pem'), empty], env: { NODE_EXTRA_CA_CERTS: path.join(dir, 'gone.pem') }, tlsApi: NODE });
    assert.deepEqual(
      b.problems.map((p) => p.reason),
      ['unreadable', 'unreadable', 'noCertificates'],
    );
    assert.match(b.problems[0]!.path, /^NODE_EXTRA_CA_CERTS/);
    assert.deepEqual(b.certificates, [TEST_CERT]);
  });

  it('a root found twice (store, bundle, extra files; any line ends) is trusted once', () => {
    const cr = file('cr.pem', TEST_CA_CERT.replace(/\n/g, '\r'));
    const lf = file('lf.pem', `${TEST_CA_CERT}${TEST_CERT}`);
    const b = loadCaBundle({ system: true, files: [cr, lf], env: {}, tlsApi: { ...NODE, getCACertificates: () => [TEST_CERT, TEST_CA_CERT] } });
    assert.deepEqual(b.certificates, [TEST_CERT, TEST_CA_CERT]);
    assert.deepEqual(b.problems, []);
  });

  it("asks Node's store for the system roots, and skips bundle files without certificates", () => {
    const store = loadCaBundle({ system: true, files: [], env: {}, tlsApi: { ...NODE, getCACertificates: (type?: string) => (type === 'system' ? [TEST_CA_CERT] : []) } });
    assert.deepEqual(store.certificates, [TEST_CERT, TEST_CA_CERT]);
    const blank = file('blank-bundle.pem', 'not a certificate');
    const bundle = file('real-bundle.pem', TEST_SIGNED_CERT);
    const b = loadCaBundle({ system: true, files: [], env: {}, tlsApi: NODE, bundleFiles: [blank, bundle] });
    assert.equal(b.systemSource, bundle);
    assert.deepEqual(b.certificates, [TEST_CERT, TEST_SIGNED_CERT]);
  });

  it('reads paths with stray spaces around them and ignores blank entries of the setting', () => {
    const root = file('padded.pem', TEST_CA_CERT);
    const b = loadCaBundle({ system: false, files: ['', '   ', ` ${root} `], env: { NODE_EXTRA_CA_CERTS: ` ${root}\n` }, tlsApi: NODE });
    assert.deepEqual(b.problems, []);
    assert.deepEqual(b.certificates, [TEST_CERT, TEST_CA_CERT]);
    assert.equal(b.extraCount, 2);
  });

  it('one TLS context per list', () => {
    const list = [TEST_CA_CERT];
    assert.equal(secureContextFor(list), secureContextFor(list));
    assert.notEqual(secureContextFor(list), secureContextFor([TEST_CA_CERT]));
  });

  describe('a gateway behind a TLS-inspecting proxy (a certificate from a throw-away authority)', () => {
    let sim: Simulator;
    before(async () => {
      sim = await Simulator.start({ tls: { cert: TEST_SIGNED_CERT, key: TEST_SIGNED_KEY } });
    });
    after(() => sim.close());

    it('fails with advice that names the fix, then works once the authority is trusted', async () => {
      // Node's own roots: what a bundled undici trusts by default.
      const plain = simClient(sim, { maxRetries: 0 });
      const err = await caught(() => plain.listModels());
      await plain.close();
      assert.ok(err instanceof TokenHubError, String(err));
      assert.equal(err.kind, 'tls', err.message);
      assert.match(err.message, /tokenhub\.network\.caCertificates/);
      const advice = adviseError(err);
      assert.equal(advice.key, 'tlsUntrusted');
      assert.match(advice.template, /TokenHub › Network: CA Certificates/);
      assert.match(advice.template, /NODE_EXTRA_CA_CERTS/);
      assert.deepEqual(advice.actions, ['openCertificateSettings', 'showLog']);
      assert.equal(sim.requests.length, 0, 'nothing reached the server');

      const ca = loadCaBundle({ system: true, files: [file('company-root.pem', TEST_CA_CERT)], env: {} }).certificates;
      const trusting = simClient(sim, { ca });
      const models = await trusting.listModels();
      await trusting.close();
      assert.ok(models.length > 0);
      assert.ok(sim.requests.length > 0);
    });

    it('a list of roots without that authority still refuses the certificate', async () => {
      const ca = loadCaBundle({ system: false, files: [], env: {} }).certificates;
      const client = simClient(sim, { ca, maxRetries: 0 });
      const err = await caught(() => client.listModels());
      await client.close();
      assert.ok(err instanceof TokenHubError && err.kind === 'tls', String(err));
    });

    it('NODE_EXTRA_CA_CERTS alone is enough', async () => {
      const ca = loadCaBundle({ system: false, files: [], env: { NODE_EXTRA_CA_CERTS: file('env-root.pem', TEST_CA_CERT) } }).certificates;
      const client = simClient(sim, { ca });
      assert.ok((await client.listModels()).length > 0);
      await client.close();
    });

    it('the real roots stay trusted: adding an authority does not drop Node\'s list', () => {
      const ca = loadCaBundle({ system: false, files: [file('one.pem', TEST_CA_CERT)], env: {} }).certificates;
      assert.ok(ca.length > tls.rootCertificates.length);
      for (const root of tls.rootCertificates.slice(0, 5)) assert.ok(ca.includes(splitPem(root)[0]!));
    });
  });
});
