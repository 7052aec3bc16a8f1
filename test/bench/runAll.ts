// `npm run bench`: runs every out/test/bench/*.bench.js in sequence, each in its own Node
// process (so one bench's heap and JIT state cannot colour the next one's numbers).
// Benches print their numbers next to a reference measured in the same run; nothing here is a
// pass/fail timing test, but a bench that crashes makes the run fail.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function main(): void {
  const dir = __dirname;
  const only = process.argv.slice(2);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.js'))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();
  if (files.length === 0) {
    console.error(`No *.bench.js files in ${dir}. Build first: node esbuild.mjs --tests`);
    process.exitCode = 1;
    return;
  }
  let failed = 0;
  for (const f of files) {
    console.log(`\n=== ${f} ===`);
    const r = spawnSync(process.execPath, ['--enable-source-maps', join(dir, f)], { stdio: 'inherit' });
    if (r.status !== 0) {
      failed++;
      console.error(`${f} failed (exit ${r.status ?? r.signal})`);
    }
  }
  if (failed) process.exitCode = 1;
}

main();
