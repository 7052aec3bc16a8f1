// Starts code-server (installed by codeServerInstall.ts) with a fresh or kept user-data folder,
// the extensions to test and quiet settings, and ends its whole process group on close.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { capture, ensureCodeServer, parseHost } from './codeServerInstall';
import type { HostVersion, Installation } from './codeServerInstall';
import { log } from './hostLog';

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
