// `npm start` and `npm test` run test/host/preflight.mjs first: it runs `npm ci` when
// node_modules is missing or does not match package-lock.json (checked here with --dry-run, in
// throwaway folders).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from './vsix';

const SCRIPT = path.join(PROJECT_ROOT, 'test', 'host', 'preflight.mjs');

function dryRun(dir: string): string {
  const r = spawnSync(process.execPath, [SCRIPT, '--dry-run'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

describe('npm start / npm test: installing the project first', () => {
  let dir: string;
  const lock = {
    name: 'p',
    lockfileVersion: 3,
    packages: {
      '': { name: 'p' },
      'node_modules/a': { version: '1.0.0', dev: true },
      'node_modules/@esbuild/darwin-arm64': { version: '0.28.2', dev: true, optional: true, os: ['darwin'] },
    },
  };
  const write = (rel: string, value: unknown) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), JSON.stringify(value));
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-preflight-'));
    write('package-lock.json', lock);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs npm ci in a fresh clone (no node_modules)', () => {
    assert.equal(dryRun(dir), 'preflight: node_modules is missing: running npm ci');
  });

  it('leaves node_modules alone when it matches package-lock.json (another OS’s optional packages may be absent)', () => {
    write('node_modules/.package-lock.json', { packages: { 'node_modules/a': { version: '1.0.0' } } });
    assert.equal(dryRun(dir), 'preflight: node_modules is up to date');
  });

  it('runs npm ci when a package has another version, is missing, or is no longer wanted', () => {
    write('node_modules/.package-lock.json', { packages: { 'node_modules/a': { version: '0.9.0' } } });
    assert.match(dryRun(dir), /a is 0\.9\.0, package-lock\.json wants 1\.0\.0: running npm ci/);
    write('node_modules/.package-lock.json', { packages: {} });
    assert.match(dryRun(dir), /a is not installed: running npm ci/);
    write('node_modules/.package-lock.json', { packages: { 'node_modules/a': { version: '1.0.0' }, 'node_modules/old': { version: '2.0.0' } } });
    assert.match(dryRun(dir), /old is installed but no longer in package-lock\.json: running npm ci/);
  });

  it('runs npm ci over a node_modules that npm did not install', () => {
    fs.mkdirSync(path.join(dir, 'node_modules', 'a'), { recursive: true });
    assert.match(dryRun(dir), /not installed by npm from package-lock\.json: running npm ci/);
  });

  it('is the first step of the start and test scripts', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const s of ['start', 'test']) assert.match(pkg.scripts[s]!, /^node test\/host\/preflight\.mjs && /, s);
  });
});
