// A missing Debian package is named, with why it is needed and the command that installs it.
import * as assert from 'node:assert/strict';
import { HOST_BUILD, missingPackages, missingPackagesMessage, requirePackages, type Probe } from './requirements';

function probe(commands: string[], files: string[] = []): Probe {
  return { onPath: (c) => commands.includes(c), exists: (f) => files.includes(f) };
}

describe('launchers: Debian packages they need', () => {
  it('names nothing on a machine that has everything', () => {
    const p = probe(['rg', 'g++', 'make', 'python3', 'krb5-config'], ['/usr/bin/chromium']);
    assert.deepEqual(missingPackages([...HOST_BUILD, 'chromium'], p, '/usr/bin/chromium'), []);
  });

  it('names each missing package of a code-server install (g++, make, python3 among them)', () => {
    const missing = missingPackages(HOST_BUILD, probe(['rg']));
    assert.deepEqual(missing.map((m) => m.pkg), ['g++', 'make', 'python3', 'libkrb5-dev']);
  });

  it('finds the kerberos headers without krb5-config, and Chromium at the configured path', () => {
    assert.deepEqual(missingPackages(['libkrb5-dev'], probe([], ['/usr/include/gssapi/gssapi.h'])), []);
    assert.deepEqual(missingPackages(['chromium'], probe([], ['/opt/chromium']), '/opt/chromium'), []);
    assert.deepEqual(missingPackages(['chromium'], probe([], []), '/opt/chromium').map((m) => m.pkg), ['chromium']);
  });

  it('says why and gives one apt-get command for all of them', () => {
    const message = missingPackagesMessage('Installing code-server', missingPackages(['ripgrep', 'g++'], probe([])));
    assert.match(message, /^Installing code-server needs Debian packages/);
    assert.match(message, /ripgrep: VS Code's search/);
    assert.match(message, /apt-get install -y --no-install-recommends ripgrep g\+\+$/m);
    assert.throws(() => requirePackages('Installing code-server', ['make'], probe([])), /apt-get install .*make/);
  });
});
