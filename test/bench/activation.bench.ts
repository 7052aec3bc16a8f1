// Activation, two ways, each beside an extension that does nothing started the same way, median
// of 5 starts:
// - in the real extension host of VS Code 1.100.3 (code-server, test/bench/realHostActivation.ts):
//   the load of the main file to the end of `activate`, from the host's own performance marks;
//   TOKENHUB_BENCH_REAL_HOST=0 skips it (it needs code-server and Chromium, and about 3 minutes);
// - in a fresh Node process per start with a stand-in `vscode` (test/bench/activationHost.ts):
//   the extension's own loading and activation only;
// and the size of the code loaded at activation against its 200 kB budget.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTIVATION_BUDGET_BYTES } from '../host/activationBundle';
import { spread, type ActivationSpan } from '../host/activationMarks';
import { isInstalled } from '../host/codeServerInstall';
import { PROJECT_ROOT } from '../host/vsix';
import { hostLabel, measureRealHost } from './realHostActivation';

const STARTS = 5;

interface Start {
  ms: number;
  loaded: { file: string; bytes: number }[];
}

function start(main: string, storage: string): Start {
  const r = spawnSync(process.execPath, [join(__dirname, 'activationHost.js'), main, storage], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`activation of ${main} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Start;
}

function range(xs: number[], digits: number): string {
  const s = spread(xs);
  return `${s.median.toFixed(digits)} ms   (starts: ${xs.map((x) => x.toFixed(digits)).join(', ')}; spread ${s.min.toFixed(digits)}-${s.max.toFixed(digits)})`;
}

async function realHost(dist: string, work: string): Promise<void> {
  if (process.env.TOKENHUB_BENCH_REAL_HOST === '0') {
    console.log('activation in the real extension host: skipped (TOKENHUB_BENCH_REAL_HOST=0)');
    return;
  }
  if (!isInstalled('1.100')) console.log(`code-server for ${hostLabel()} is not cached: installing it first (a few minutes, once); TOKENHUB_BENCH_REAL_HOST=0 skips this part`);
  const r = await measureRealHost(dist, join(work, 'real-host'), STARTS);
  console.log(`activation in the real extension host of ${hostLabel()} (Node ${r.node}; load of the main file to the end of activate, from the host's marks, whole ms; median of ${STARTS} starts, fresh user data each, interleaved):`);
  // Between the load and the call of activate the host waits for the extension's context (its
  // storage, from the workbench) while other extensions run: not the extension's own time.
  const parts = (xs: ActivationSpan[]) => `require ${spread(xs.map((s) => s.loadMs)).median} ms, activate ${spread(xs.map((s) => s.activateMs)).median} ms, host between them ${spread(xs.map((s) => s.totalMs - s.loadMs - s.activateMs)).median} ms (medians)`;
  console.log(`  TokenHub                        ${range(r.ours.map((s) => s.totalMs), 0)}`);
  console.log(`    ${parts(r.ours)}`);
  console.log(`  an extension that does nothing  ${range(r.nothing.map((s) => s.totalMs), 0)}`);
  console.log(`    ${parts(r.nothing)}`);
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'tokenhub-activation-'));
  try {
    const dist = join(work, 'dist');
    const build = spawnSync(process.execPath, ['esbuild.mjs', '--production', `--outdir=${dist}`], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`production build failed: ${build.stderr}`);
    const empty = join(work, 'empty', 'dist', 'extension.js');
    mkdirSync(join(work, 'empty', 'dist'), { recursive: true });
    writeFileSync(empty, 'exports.activate = function () {}; exports.deactivate = function () {};\n');
    const storage = join(work, 'storage');
    mkdirSync(storage);

    const ours: Start[] = [];
    const nothing: Start[] = [];
    // Interleaved, so a busy moment of the machine lands on both.
    for (let i = 0; i < STARTS; i++) {
      nothing.push(start(empty, storage));
      ours.push(start(join(dist, 'extension.js'), storage));
    }
    const loaded = ours[0]!.loaded;
    const bytes = loaded.reduce((n, f) => n + f.bytes, 0);
    const firstRequest = start(join(dist, 'network.js'), storage);
    console.log(`activation (require of the main file to the end of activate, Node ${process.versions.node}, stand-in vscode, median of ${STARTS} starts):`);
    console.log(`  TokenHub                        ${range(ours.map((s) => s.ms), 1)}`);
    console.log(`  an extension that does nothing  ${range(nothing.map((s) => s.ms), 1)}`);
    console.log(`code loaded at activation: ${(bytes / 1000).toFixed(1)} kB (budget ${ACTIVATION_BUDGET_BYTES / 1000} kB): ${loaded.map((f) => `${f.file} ${(f.bytes / 1000).toFixed(1)} kB`).join(', ')}`);
    console.log(`loaded on the first request instead: network.js ${(statSync(join(dist, 'network.js')).size / 1000).toFixed(1)} kB, ${firstRequest.ms.toFixed(1)} ms to load`);
    await realHost(dist, work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  console.error('(TOKENHUB_BENCH_REAL_HOST=0 skips the real extension host when code-server or Chromium cannot run here)');
  process.exitCode = 1;
});
