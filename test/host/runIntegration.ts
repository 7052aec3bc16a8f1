// Runs the integration suite (out/test/integration/**/*.test.js) inside a real VS Code extension
// host and prints its results:
//   host 1.100 (default): code-server 4.100.3; the suite is loaded through the workbench URL's
//     `payload` (extensionDevelopmentPath + extensionTestsPath), see real-vscode-host.md.
//   host 1.139: code-server 4.139.1 ignores that payload, so the extension and a generated
//     test-runner extension are installed from .vsix files, see current-vscode-host.md.
//   VSCODE_TEST_HOST=electron: @vscode/test-electron (downloads VS Code: needs internet).
// Usage: node out/test/host/runIntegration.js [1.100|1.139]   (TOKENHUB_TEST_GREP filters tests)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestResults } from '../integration/index';
import { launchBrowser } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import { HOSTS, parseHost, type HostVersion } from './codeServerInstall';
import { log } from './hostLog';
import { isOk, printResults, summaryLine, type LayerOutcome } from './results';
import { PROJECT_ROOT, packageExtension, packageTestRunner } from './vsix';

export const INDEX_PATH = path.join(PROJECT_ROOT, 'out', 'test', 'integration', 'index.js');
const TIME_LIMIT_MS = Number(process.env.TOKENHUB_TEST_TIME_LIMIT_MS) || 15 * 60_000;

export interface IntegrationOptions {
  readonly host?: HostVersion;
  readonly grep?: string;
  /** Extra environment for the extension host. */
  readonly env?: Record<string, string>;
}

function readResults(file: string): TestResults | undefined {
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as TestResults;
}

/** Waits for the results file; fails early when `crashed()` returns a reason. */
async function waitForResults(file: string, crashed: () => string | undefined): Promise<TestResults> {
  const deadline = Date.now() + TIME_LIMIT_MS;
  let crashSeenAt: number | undefined;
  let lastReport = Date.now();
  for (;;) {
    const results = readResults(file);
    if (results) return results;
    const reason = crashed();
    if (reason) {
      // The results may still be on their way (the host exits right after writing them).
      crashSeenAt ??= Date.now();
      if (Date.now() - crashSeenAt > 3000) throw new Error(`${reason}, and no test results were written`);
    }
    if (Date.now() > deadline) throw new Error(`no test results within ${TIME_LIMIT_MS / 1000} s`);
    if (Date.now() - lastReport > 60_000) {
      lastReport = Date.now();
      log('still waiting for the suite to finish...');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

function tail(text: string, lines = 60): string {
  return text.split('\n').slice(-lines).join('\n');
}

async function runInCodeServer(host: HostVersion, resultsFile: string, options: IntegrationOptions): Promise<TestResults> {
  if (!fs.existsSync(INDEX_PATH)) throw new Error(`${INDEX_PATH} is missing: run \`node esbuild.mjs --tests\` first`);
  const env: Record<string, string> = { ...options.env, TOKENHUB_TEST_RESULTS: resultsFile };
  if (options.grep) env.TOKENHUB_TEST_GREP = options.grep;
  const vsix: string[] = [];
  let work: string | undefined;
  let server: CodeServer;
  try {
    if (host === '1.139') {
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-vsix-'));
      vsix.push(await packageExtension(path.join(work, 'tokenhub-vscode.vsix')));
      vsix.push(await packageTestRunner(path.join(work, 'runner'), INDEX_PATH, path.join(work, 'tokenhub-test-runner.vsix')));
    }
    server = await startCodeServer({ host, env, vsix, label: `tokenhub-it-${host}` });
  } finally {
    // Installed copies are in the server's extensions dir: the packages are not needed any more.
    if (work) fs.rmSync(work, { recursive: true, force: true });
  }
  const browser = await launchBrowser();
  const pageErrors: string[] = [];
  try {
    // The workbench's clipboard is the browser's: a headless page gets it only with these (without,
    // VS Code 1.139's clipboard calls never settle).
    const page = await browser.newPage({ permissions: ['clipboard-read', 'clipboard-write'] });
    let pageCrashed = false;
    page.on('crash', () => (pageCrashed = true));
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const url = host === '1.100'
      ? server.url([
        ['extensionDevelopmentPath', server.remoteUri(PROJECT_ROOT)],
        ['extensionTestsPath', server.remoteUri(INDEX_PATH)],
      ])
      : server.url();
    log(`opening the workbench ${url}`);
    await page.goto(url);
    let serverExit: number | null | undefined;
    void server.exited.then((c) => (serverExit = c));
    return await waitForResults(resultsFile, () => {
      if (serverExit !== undefined) return `code-server exited with ${serverExit}`;
      if (pageCrashed) return 'the workbench page crashed';
      const m = /Extension [Hh]ost.*exited with code:? (-?\d+|null)/.exec(server.output());
      if (m) return `the extension host exited with code ${m[1]}`;
      return undefined;
    });
  } catch (e) {
    const detail = `\n--- code-server output (last lines) ---\n${tail(server.output())}\n--- page errors ---\n${pageErrors.slice(-10).join('\n')}`;
    throw new Error(`${e instanceof Error ? e.message : e}${detail}`);
  } finally {
    await browser.close().catch(() => undefined);
    await server.close();
    if (!process.env.TOKENHUB_KEEP_TEMP) fs.rmSync(server.root, { recursive: true, force: true });
  }
}

async function runInElectron(host: HostVersion, resultsFile: string, options: IntegrationOptions): Promise<TestResults> {
  // Downloads VS Code from update.code.visualstudio.com: for machines with internet.
  const { runTests } = await import('@vscode/test-electron');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-electron-'));
  const workspace = path.join(root, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  const extensionTestsEnv: Record<string, string> = { ...options.env, TOKENHUB_TEST_RESULTS: resultsFile };
  if (options.grep) extensionTestsEnv.TOKENHUB_TEST_GREP = options.grep;
  try {
    await runTests({
      version: process.env.VSCODE_TEST_VERSION ?? HOSTS[host].vscode,
      extensionDevelopmentPath: PROJECT_ROOT,
      extensionTestsPath: INDEX_PATH,
      extensionTestsEnv,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(root, 'user')],
    });
  } catch (e) {
    // runTests rejects on a non-zero exit; the results file (if any) says more.
    if (!fs.existsSync(resultsFile)) throw e;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  const results = readResults(resultsFile);
  if (!results) throw new Error('VS Code exited without writing test results');
  return results;
}

/** Runs the suite on one host; never throws: a crash or time-out is reported as the outcome's error. */
export async function runIntegration(options: IntegrationOptions = {}): Promise<LayerOutcome> {
  const host = options.host ?? '1.100';
  const electron = process.env.VSCODE_TEST_HOST === 'electron';
  const name = `integration (${electron ? 'electron ' : ''}VS Code ${HOSTS[host].vscode})`;
  const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-results-')), 'results.json');
  const started = Date.now();
  try {
    const results = electron ? await runInElectron(host, resultsFile, options) : await runInCodeServer(host, resultsFile, options);
    const outcome = printResults(name, results);
    log(`${name} finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return outcome;
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    console.log(`\n  ${name}: FAILED TO RUN\n  ${error}`);
    return { name, passed: 0, failed: 0, skipped: 0, error: error.split('\n')[0] };
  } finally {
    fs.rmSync(path.dirname(resultsFile), { recursive: true, force: true });
  }
}

if (require.main === module) {
  const host = parseHost(process.argv[2] ?? process.env.TOKENHUB_HOST);
  void runIntegration({ host, grep: process.env.TOKENHUB_TEST_GREP }).then((o) => {
    if (o.error) console.log(`\n  layer error: ${o.error}`);
    console.log(`\n${summaryLine(o)}`);
    process.exit(isOk(o) ? 0 : 1);
  });
}
