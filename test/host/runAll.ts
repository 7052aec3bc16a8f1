// What `npm test` runs (after `node esbuild.mjs && node esbuild.mjs --tests`): every layer in turn,
// each a child process whose output streams through, then a summary and one final line
// `N passed, N failed[, N skipped]` over all layers. Exits non-zero when any layer fails or
// cannot run.
//   TOKENHUB_TEST_LAYERS=unit,integration-1.100   runs only those layers (names below)
//   VSCODE_TEST_HOST=electron                      integration under @vscode/test-electron
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isOk, summaryLine, type LayerOutcome } from './results';
import { PROJECT_ROOT } from './vsix';

interface Layer {
  readonly id: string;
  readonly name: string;
  readonly args: string[];
  /** How to read the counts from the output; 'check' counts the run as one test. */
  readonly counts: 'mocha' | 'summary' | 'check';
  /** Skipped (not failed) when it returns a reason. */
  readonly skipWhen?: () => string | undefined;
}

const bin = (...p: string[]) => path.join(PROJECT_ROOT, 'node_modules', ...p);
const host = (file: string) => path.join(PROJECT_ROOT, 'out', 'test', 'host', file);

function hasTests(dir: string): boolean {
  if (!fs.existsSync(dir)) return false;
  return fs.readdirSync(dir, { withFileTypes: true }).some((e) => (e.isDirectory() ? hasTests(path.join(dir, e.name)) : e.name.endsWith('.test.js')));
}

const electron = process.env.VSCODE_TEST_HOST === 'electron';

export const LAYERS: Layer[] = [
  { id: 'types', name: 'type-check (tsc --noEmit)', args: [bin('typescript', 'bin', 'tsc'), '--noEmit', '-p', '.'], counts: 'check' },
  { id: 'lint', name: 'lint (eslint src test)', args: [bin('eslint', 'bin', 'eslint.js'), 'src', 'test'], counts: 'check' },
  { id: 'unit', name: 'unit (mocha, Node)', args: [bin('mocha', 'bin', 'mocha.js'), '--config', 'test/.mocharc.json', '--color=false'], counts: 'mocha' },
  {
    id: 'webview',
    name: 'webview (Chromium)',
    args: [bin('mocha', 'bin', 'mocha.js'), '--timeout', '60000', '--enable-source-maps', '--color=false', 'out/test/webview/**/*.test.js'],
    counts: 'mocha',
    skipWhen: () => (hasTests(path.join(PROJECT_ROOT, 'out', 'test', 'webview')) ? undefined : 'no webview tests'),
  },
  { id: 'integration-1.100', name: `integration on VS Code 1.100.3${electron ? ' (electron)' : ''}`, args: [host('runIntegration.js'), '1.100'], counts: 'summary' },
  { id: 'integration-1.139', name: `integration on VS Code 1.139.1${electron ? ' (electron)' : ''}`, args: [host('runIntegration.js'), '1.139'], counts: 'summary' },
  {
    id: 'e2e',
    name: 'end-to-end (workbench in Chromium)',
    args: [host('runE2e.js')],
    counts: 'summary',
    skipWhen: () => (hasTests(path.join(PROJECT_ROOT, 'out', 'test', 'e2e')) ? undefined : 'no e2e tests'),
  },
  { id: 'package', name: 'package (.vsix against the allow-list)', args: [host('packageCheck.js')], counts: 'summary' },
];

/** The last `N passed, N failed[, N skipped]` line of a launcher's output. */
export function summaryCounts(text: string): RegExpExecArray | null {
  const all = [...text.matchAll(/^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/gm)];
  return (all[all.length - 1] as RegExpExecArray | undefined) ?? null;
}

type Outcome = LayerOutcome & { seconds: number; skippedLayer?: string; failures?: string };

/**
 * The failures' details of one layer's output (mocha's "N failing" block, or the launchers'
 * numbered details), reprinted just above the summary: a CI log that keeps only its tail still
 * says which test failed and why.
 */
export function failureDetails(text: string, maxLines = 60): string {
  const lines = text.trimEnd().split('\n');
  const start = lines.findIndex((l) => /^\s*\d+ failing\b/.test(l) || /^\s{2}\d+\) .+:$/.test(l));
  // A layer that crashed has no failure list: its last lines say why.
  const picked = start < 0 ? lines.slice(-20) : lines.slice(start);
  const out = picked.slice(0, maxLines);
  if (picked.length > maxLines) out.push(`  … and ${picked.length - maxLines} more line(s), in the layer's output above`);
  return out.join('\n').trimEnd();
}

function runLayer(layer: Layer): Promise<Outcome> {
  const started = Date.now();
  const skip = layer.skipWhen?.();
  if (skip) {
    console.log(`\n=== ${layer.name}: skipped (${skip})`);
    return Promise.resolve({ name: layer.name, passed: 0, failed: 0, skipped: 0, seconds: 0, skippedLayer: skip });
  }
  console.log(`\n=== ${layer.name}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, layer.args, { cwd: PROJECT_ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const take = (d: Buffer, to: NodeJS.WriteStream) => {
      out += d.toString();
      to.write(d);
    };
    child.stdout.on('data', (d: Buffer) => take(d, process.stdout));
    child.stderr.on('data', (d: Buffer) => take(d, process.stderr));
    child.on('error', (e) => resolve({ name: layer.name, passed: 0, failed: 0, skipped: 0, error: e.message, seconds: 0 }));
    child.on('exit', (code, signal) => {
      const seconds = (Date.now() - started) / 1000;
      const text = out.replace(/\x1b\[[0-9;]*m/g, '');
      let passed = 0;
      let failed = 0;
      let skipped = 0;
      let error: string | undefined;
      if (layer.counts === 'check') {
        if (code === 0) passed = 1;
        else failed = 1;
      } else if (layer.counts === 'mocha') {
        passed = Number(/(\d+) passing/.exec(text)?.[1] ?? 0);
        failed = Number(/(\d+) failing/.exec(text)?.[1] ?? 0);
        skipped = Number(/(\d+) pending/.exec(text)?.[1] ?? 0);
      } else {
        // The launcher's own last summary line; a host may still log a line or two after it.
        const m = summaryCounts(text);
        if (m) {
          passed = Number(m[1]);
          failed = Number(m[2]);
          skipped = Number(m[3] ?? 0);
        }
        const err = /^\s+layer error: (.*)$/m.exec(text);
        if (err) error = err[1];
      }
      if (code !== 0 && failed === 0 && !error) error = signal ? `killed by ${signal}` : `exited with code ${code}`;
      if (code === 0 && passed + skipped === 0 && !error) error = 'ran no tests';
      const failures = failed > 0 || error ? failureDetails(text) : undefined;
      resolve({ name: layer.name, passed, failed, skipped, ...(error ? { error } : {}), ...(failures ? { failures } : {}), seconds });
    });
  });
}

async function main(): Promise<void> {
  const wanted = process.env.TOKENHUB_TEST_LAYERS?.split(',').map((s) => s.trim()).filter(Boolean);
  const layers = wanted ? LAYERS.filter((l) => wanted.includes(l.id)) : LAYERS;
  if (wanted && layers.length !== wanted.length) {
    console.error(`unknown layer in TOKENHUB_TEST_LAYERS; known: ${LAYERS.map((l) => l.id).join(', ')}`);
    process.exit(2);
  }
  const started = Date.now();
  const outcomes: Outcome[] = [];
  for (const layer of layers) outcomes.push(await runLayer(layer));

  const failed = outcomes.filter((o) => o.failures);
  if (failed.length) {
    console.log('\n=== failures (repeated from above)');
    for (const o of failed) console.log(`\n  ${o.name}\n${o.failures}`);
  }

  console.log('\n=== summary');
  let ok = true;
  for (const o of outcomes) {
    const good = o.skippedLayer !== undefined || isOk(o);
    ok &&= good;
    const detail = o.skippedLayer !== undefined ? `skipped: ${o.skippedLayer}` : `${summaryLine(o)}${o.error ? ` — ${o.error}` : ''}`;
    console.log(`  ${good ? '✔' : '✘'} ${o.name.padEnd(44)} ${detail}  (${o.seconds.toFixed(0)} s)`);
  }
  const total = outcomes.reduce((a, o) => ({ passed: a.passed + o.passed, failed: a.failed + o.failed, skipped: a.skipped + o.skipped }), { passed: 0, failed: 0, skipped: 0 });
  const broken = outcomes.filter((o) => o.skippedLayer === undefined && !isOk(o) && o.failed === 0).length;
  console.log(`  ${ok ? 'all layers passed' : 'FAILED'} in ${((Date.now() - started) / 60_000).toFixed(1)} min${broken ? `; ${broken} layer(s) could not run` : ''}`);
  // A layer that could not run counts as a failure in the final line too.
  console.log(`\n${summaryLine({ ...total, failed: total.failed + broken })}`);
  process.exit(ok ? 0 : 1);
}

if (require.main === module) void main();
