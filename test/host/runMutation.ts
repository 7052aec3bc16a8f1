// What `npm run mutate` runs (after `node esbuild.mjs --tests`): StrykerJS with
// stryker.config.mjs, then the score of each group of modules where a bug costs the user money,
// data or safety, the time the run took and how busy the machine was. Exits with Stryker's code
// (non-zero below the break threshold). Arguments are passed on to `stryker run` (e.g. --force
// to test every mutant again, --concurrency 1).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from './vsix';

/**
 * Modules where a surviving mutant is a bug a user pays for; each must score at least TARGET.
 * `files` classifies the report's files; `globs` names the same files for `--critical`.
 */
export const CRITICAL: { name: string; files: RegExp; globs: string[] }[] = [
  { name: 'client and SSE', files: /^src\/core\/client\//, globs: ['src/core/client/**/*.ts'] },
  { name: 'errors', files: /^src\/core\/(client\/error[^/]*|media\/errors)\.ts$/, globs: ['src/core/media/errors.ts'] },
  { name: 'pricing, usage and budgets', files: /^src\/core\/(pricing\.ts$|usage\/)/, globs: ['src/core/pricing.ts', 'src/core/usage/**/*.ts'] },
  { name: 'redaction', files: /^src\/core\/log\.ts$/, globs: ['src/core/log.ts'] },
  { name: 'conversation validation', files: /^src\/core\/conversation\/[^/]*valid[^/]*\.ts$/, globs: ['src/core/conversation/*valid*.ts'] },
  { name: 'edits', files: /^src\/core\/(edits\/|agent\/edits\.ts$)/, globs: ['src/core/edits/**/*.ts', 'src/core/agent/edits.ts'] },
  { name: 'agent path confinement, secrets', files: /^src\/core\/(agent\/paths\.ts$|safety\/)/, globs: ['src/core/agent/paths.ts', 'src/core/safety/**/*.ts'] },
  { name: 'completion clean-up', files: /^src\/core\/completions\/answer\.ts$/, globs: ['src/core/completions/answer.ts'] },
  { name: 'gateway profiles', files: /^src\/core\/profiles\//, globs: ['src/core/profiles/**/*.ts'] },
  {
    name: 'sanitizing (markdown, code colours, CSP)',
    files: /^src\/(webview\/([^/]*markdown[^/]*|renderHighlight)|core\/protocol\/csp)\.ts$/,
    globs: ['src/webview/*markdown*.ts', 'src/webview/renderHighlight.ts', 'src/core/protocol/csp.ts'],
  },
];
export const TARGET = 90;

const REPORT = path.join(PROJECT_ROOT, 'reports', 'mutation', 'mutation.json');

interface ReportMutant {
  id: string;
  status: string;
}
interface Report {
  files: Record<string, { mutants: ReportMutant[] }>;
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

export interface Score {
  detected: number;
  undetected: number;
  /** Not run: static mutants (see ignoreStatic in stryker.config.mjs). */
  ignored: number;
  /** Mutation score in %, as Stryker counts it (no-coverage mutants count as undetected). */
  score: number;
}

export function score(mutants: ReportMutant[]): Score {
  const detected = mutants.filter((m) => DETECTED.has(m.status)).length;
  const undetected = mutants.filter((m) => UNDETECTED.has(m.status)).length;
  const ignored = mutants.filter((m) => m.status === 'Ignored').length;
  const valid = detected + undetected;
  return { detected, undetected, ignored, score: valid ? (100 * detected) / valid : 100 };
}

/** One line per critical group: its files' mutants together. */
export function criticalScores(report: Report): { name: string; files: number; s: Score }[] {
  const files = Object.entries(report.files).map(([name, f]) => [path.relative(PROJECT_ROOT, path.resolve(PROJECT_ROOT, name)).split(path.sep).join('/'), f] as const);
  return CRITICAL.map(({ name, files: re }) => {
    const mine = files.filter(([f]) => re.test(f));
    return { name, files: mine.length, s: score(mine.flatMap(([, f]) => f.mutants)) };
  });
}

function printCritical(report: Report): void {
  console.log(`\n=== mutation score of the modules where a bug costs money, data or safety (target ${TARGET}%)`);
  for (const { name, files, s } of criticalScores(report)) {
    const mark = s.score >= TARGET ? '  ' : '✗ ';
    console.log(`${mark}${name.padEnd(30)} ${s.score.toFixed(2).padStart(6)}%  (${s.detected} detected, ${s.undetected} not, ${s.ignored} static not run; ${files} file(s))`);
  }
  const all = score(Object.values(report.files).flatMap((f) => f.mutants));
  console.log(`  ${'all mutated code'.padEnd(30)} ${all.score.toFixed(2).padStart(6)}%  (${all.detected} detected, ${all.undetected} not, ${all.ignored} static not run)`);
}

const INCREMENTAL = path.join(PROJECT_ROOT, 'reports', 'stryker-incremental.json');

interface IncrementalResults {
  files: Record<string, { source: string }>;
  testFiles?: Record<string, { source?: string }>;
}

/**
 * The files whose text differs from what the incremental results were written against (`read`:
 * a file's text, undefined when gone): their mutants, and the mutants their tests reach, are
 * tested again. Printed first, so a long run says why (the results file was not refreshed).
 */
export function changedSince(results: IncrementalResults, read: (file: string) => string | undefined): { sources: string[]; tests: string[] } {
  const differs = (file: string, source: string | undefined) => {
    const now = read(file);
    // A file gone has nothing left to test; a test file without a stored text cannot be compared.
    return source !== undefined && now !== undefined && now !== source;
  };
  return {
    sources: Object.entries(results.files).filter(([f, v]) => differs(f, v.source)).map(([f]) => f),
    tests: Object.entries(results.testFiles ?? {}).filter(([f, v]) => differs(f, v.source)).map(([f]) => f),
  };
}

function printChanged(): void {
  let results: IncrementalResults;
  try {
    results = JSON.parse(fs.readFileSync(INCREMENTAL, 'utf8')) as IncrementalResults;
  } catch {
    console.log('No incremental results (reports/stryker-incremental.json): every mutant is tested.');
    return;
  }
  const read = (file: string) => {
    try {
      return fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
    } catch {
      return undefined;
    }
  };
  const { sources, tests } = changedSince(results, read);
  if (!sources.length && !tests.length) {
    console.log('The incremental results are current: no mutated file or test file changed since they were written.');
    return;
  }
  const list = (files: string[]) => (files.length > 6 ? `${files.slice(0, 6).join(', ')}, …` : files.join(', '));
  console.log(
    `Changed since the incremental results were written: ${sources.length} mutated file(s)${sources.length ? ` (${list(sources)})` : ''}, ` +
      `${tests.length} test file(s)${tests.length ? ` (${list(tests)})` : ''}. Their mutants are tested again; commit the refreshed reports/stryker-incremental.json afterwards.`,
  );
}

async function main(): Promise<void> {
  const started = Date.now();
  const load = os.loadavg();
  const bin = path.join(PROJECT_ROOT, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
  // `--critical`: only the modules above (what CI runs; the rest of src/core with a plain run).
  const args = process.argv.slice(2);
  const critical = args.includes('--critical');
  const passOn = args.filter((a) => a !== '--critical');
  if (critical) passOn.push('--mutate', CRITICAL.flatMap((c) => c.globs).join(','));
  if (!passOn.includes('--force')) printChanged();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [bin, 'run', ...passOn], { cwd: PROJECT_ROOT, stdio: 'inherit' });
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(1));
  });
  if (fs.existsSync(REPORT) && fs.statSync(REPORT).mtimeMs >= started) {
    printCritical(JSON.parse(fs.readFileSync(REPORT, 'utf8')) as Report);
  }
  const after = os.loadavg();
  console.log(
    `\nmutation run: ${((Date.now() - started) / 1000).toFixed(0)} s on ${os.cpus().length} core(s); ` +
      `load average ${load.map((l) => l.toFixed(1)).join(' ')} at the start, ${after.map((l) => l.toFixed(1)).join(' ')} at the end` +
      (code === 0 ? '' : ` — failed (exit code ${code})`),
  );
  process.exit(code);
}

if (require.main === module) void main();
