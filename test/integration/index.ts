// The integration suite's entry point. VS Code's extension host loads this file (as
// `extensionTestsPath`, or from the 1.139 test-runner extension, or from @vscode/test-electron) and
// awaits `run()`. It runs mocha over every compiled `out/test/integration/**/*.test.js` inside the
// extension host and writes the results as JSON to the file named by TOKENHUB_TEST_RESULTS, which
// the launcher (test/host/runIntegration.ts) waits for: the host's own exit code is not reliable
// across the three ways of starting it.
//
// Both mocha UIs work: `suite`/`test`/`suiteSetup`/`setup`... are aliases of bdd's
// `describe`/`it`/`before`/`beforeEach`..., so they nest into each other and share hooks.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export interface TestResult {
  readonly state: 'passed' | 'failed' | 'pending';
  readonly title: string;
  readonly fullTitle: string;
  readonly file?: string;
  readonly duration?: number;
  readonly message?: string;
  readonly stack?: string;
}

export interface TestResults {
  readonly host: { readonly vscode: string; readonly uiKind: string; readonly appHost: string; readonly node: string };
  readonly passes: TestResult[];
  readonly failures: TestResult[];
  readonly pending: TestResult[];
  /** All of the above in the order they ran. */
  readonly tests: TestResult[];
  /** Set when mocha itself could not run (load error, crash). */
  readonly error?: string;
  readonly durationMs: number;
}

export const RESULTS_ENV = 'TOKENHUB_TEST_RESULTS';
export const GREP_ENV = 'TOKENHUB_TEST_GREP';

function listTests(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTests(p));
    else if (entry.name.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

function hostInfo(): TestResults['host'] {
  return {
    vscode: vscode.version,
    uiKind: vscode.UIKind[vscode.env.uiKind] ?? String(vscode.env.uiKind),
    appHost: vscode.env.appHost,
    node: process.version,
  };
}

function toResult(state: TestResult['state'], test: Mocha.Runnable, err?: unknown): TestResult {
  const e = err as { message?: string; stack?: string } | undefined;
  return {
    state,
    title: test.title,
    fullTitle: test.fullTitle(),
    file: test.file,
    duration: test.duration,
    message: e ? String(e.message ?? e) : undefined,
    stack: e?.stack,
  };
}

function write(results: TestResults): void {
  const file = process.env[RESULTS_ENV];
  const json = JSON.stringify(results, null, 2);
  if (!file) {
    console.log(json);
    return;
  }
  // Written whole to a temp name and renamed, so the launcher never reads half a file.
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.tmp`, json);
  fs.renameSync(`${file}.tmp`, file);
}

export async function run(): Promise<void> {
  const started = Date.now();
  const passes: TestResult[] = [];
  const failures: TestResult[] = [];
  const pending: TestResult[] = [];
  const tests: TestResult[] = [];
  let error: string | undefined;
  try {
    // Stacks then point into the .ts sources (esbuild writes inline source maps).
    process.setSourceMapsEnabled?.(true);
    const grep = process.env[GREP_ENV];
    const mocha = new Mocha({
      ui: 'bdd',
      color: false,
      timeout: Number(process.env.TOKENHUB_TEST_TIMEOUT) || 30_000,
      reporter: 'spec',
      ...(grep ? { grep } : {}),
    });
    // After bdd has set its globals for a file, alias the tdd names onto them (one suite stack).
    mocha.suite.on('pre-require', (context: Record<string, unknown>) => {
      context.suite = context.describe;
      context.test = context.it;
      context.suiteSetup = context.before;
      context.suiteTeardown = context.after;
      context.setup = context.beforeEach;
      context.teardown = context.afterEach;
    });
    const root = __dirname;
    const files = listTests(root);
    for (const f of files) mocha.addFile(f);
    if (!files.length) throw new Error(`no *.test.js files under ${root}`);
    await mocha.loadFilesAsync();
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('pass', (t) => { const r = toResult('passed', t); passes.push(r); tests.push(r); });
      runner.on('fail', (t, err) => { const r = toResult('failed', t, err); failures.push(r); tests.push(r); });
      runner.on('pending', (t) => { const r = toResult('pending', t); pending.push(r); tests.push(r); });
    });
  } catch (e) {
    error = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
    console.error('[integration] mocha could not run:', e);
  }
  write({ host: hostInfo(), passes, failures, pending, tests, error, durationMs: Date.now() - started });
}
