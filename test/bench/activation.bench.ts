// Activation: the production bundle loaded and activated in a fresh Node process per start (the
// require of the main file to the end of `activate`, test/bench/activationHost.ts), median of 5
// starts, beside an extension that does nothing, started the same way; and the size of the code
// loaded at activation against its 200 KiB budget. `vscode` is a stand-in there, not the extension
// host of VS Code 1.100.3: this measures the extension's own loading and activation only.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTIVATION_BUDGET_BYTES } from '../host/activationBundle';
import { PROJECT_ROOT } from '../host/vsix';

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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function main(): void {
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
    console.log(`  TokenHub                ${median(ours.map((s) => s.ms)).toFixed(1)} ms   (starts: ${ours.map((s) => s.ms.toFixed(1)).join(', ')})`);
    console.log(`  an extension that does nothing  ${median(nothing.map((s) => s.ms)).toFixed(1)} ms`);
    console.log(`code loaded at activation: ${(bytes / 1024).toFixed(1)} KiB (budget ${ACTIVATION_BUDGET_BYTES / 1024} KiB): ${loaded.map((f) => `${f.file} ${(f.bytes / 1024).toFixed(1)} KiB`).join(', ')}`);
    console.log(`loaded on the first request instead: network.js ${(statSync(join(dist, 'network.js')).size / 1024).toFixed(1)} KiB, ${firstRequest.ms.toFixed(1)} ms to load`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
