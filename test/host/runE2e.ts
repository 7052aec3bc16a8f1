// Runs the end-to-end suites (out/test/e2e/**/*.test.js) with mocha in Node; each suite drives a
// real workbench through test/e2e/workbench.ts. TOKENHUB_TEST_GREP filters tests.
// Usage: node out/test/host/runE2e.js [file-or-folder ...]
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import type { TestResult } from '../integration/index';
import { ensureCodeServer } from './codeServerInstall';
import { isOk, summaryLine, type LayerOutcome } from './results';
import { PROJECT_ROOT } from './vsix';

function listTests(p: string): string[] {
  if (!fs.existsSync(p)) return [];
  if (fs.statSync(p).isFile()) return p.endsWith('.test.js') ? [p] : [];
  return fs.readdirSync(p).sort().flatMap((n) => listTests(path.join(p, n)));
}

export async function runE2e(paths: string[] = [], grep = process.env.TOKENHUB_TEST_GREP): Promise<LayerOutcome> {
  // Stacks of failing tests then point into the .ts sources (esbuild writes inline source maps).
  process.setSourceMapsEnabled(true);
  const name = 'end-to-end (workbench in Chromium)';
  const roots = paths.length ? paths.map((p) => path.resolve(p)) : [path.join(PROJECT_ROOT, 'out', 'test', 'e2e')];
  const files = roots.flatMap(listTests);
  console.log(`\n  ${name}: ${files.length} file(s)`);
  if (!files.length) return { name, passed: 0, failed: 0, skipped: 0, error: 'no e2e test files found' };
  try {
    // Installed once up front, so the first suite's time limit is not spent installing.
    await ensureCodeServer('1.100');
  } catch (e) {
    return { name, passed: 0, failed: 0, skipped: 0, error: e instanceof Error ? e.message : String(e) };
  }
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, reporter: 'spec', color: false, ...(grep ? { grep } : {}) });
  mocha.suite.on('pre-require', (context: Record<string, unknown>) => {
    // suite/test work as in the integration suite (aliases of describe/it).
    context.suite = context.describe;
    context.test = context.it;
    context.suiteSetup = context.before;
    context.suiteTeardown = context.after;
    context.setup = context.beforeEach;
    context.teardown = context.afterEach;
  });
  for (const f of files) mocha.addFile(f);
  const failures: TestResult[] = [];
  let passed = 0;
  let skipped = 0;
  try {
    await mocha.loadFilesAsync();
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('pass', () => passed++);
      runner.on('pending', () => skipped++);
      runner.on('fail', (t, err: Error) => failures.push({ state: 'failed', title: t.title, fullTitle: t.fullTitle(), message: err?.message }));
    });
  } catch (e) {
    return { name, passed, failed: failures.length, skipped, error: e instanceof Error ? e.message : String(e) };
  }
  return { name, passed, failed: failures.length, skipped };
}

if (require.main === module) {
  void runE2e(process.argv.slice(2)).then((o) => {
    if (o.error) console.log(`\n  layer error: ${o.error}`);
    console.log(`\n${summaryLine(o)}`);
    process.exit(isOk(o) ? 0 : 1);
  });
}
