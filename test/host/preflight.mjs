// First step of `npm start` and `npm test`, before anything is built: installs the project's
// packages (`npm ci`) when node_modules is missing or does not match package-lock.json, so a fresh
// clone needs no command before these two. Plain JavaScript with no dependencies, since it runs
// before any are installed. What the hosts need from Debian is checked later, by the launchers
// (test/host/requirements.ts), where it is known what will be installed.
//   node test/host/preflight.mjs             installs what is missing
//   node test/host/preflight.mjs --dry-run   only says what it would do (for tests)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const MIN_NODE_MAJOR = 20;

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Why node_modules in `root` must be (re)installed, or undefined when it matches the lockfile.
 * npm records what it installed in node_modules/.package-lock.json; packages for another OS or
 * CPU are in package-lock.json but rightly absent there, so only optional ones may be missing.
 */
export function installReason(root) {
  const lock = readJson(join(root, 'package-lock.json'));
  if (!lock?.packages) return undefined; // nothing to compare with: leave it to the build to fail
  if (!existsSync(join(root, 'node_modules'))) return 'node_modules is missing';
  const installed = readJson(join(root, 'node_modules', '.package-lock.json'))?.packages;
  if (!installed) return 'node_modules was not installed by npm from package-lock.json';
  for (const [where, want] of Object.entries(lock.packages)) {
    if (!where) continue;
    const have = installed[where];
    if (!have) {
      if (want.optional) continue;
      return `${where.replace(/^node_modules\//, '')} is not installed`;
    }
    if (want.version && have.version !== want.version) return `${where.replace(/^node_modules\//, '')} is ${have.version}, package-lock.json wants ${want.version}`;
  }
  for (const where of Object.keys(installed)) {
    if (!(where in lock.packages)) return `${where.replace(/^node_modules\//, '')} is installed but no longer in package-lock.json`;
  }
  return undefined;
}

function main() {
  const dryRun = process.argv.includes('--dry-run');
  const major = Number(process.versions.node.split('.')[0]);
  if (major < MIN_NODE_MAJOR) {
    console.error(`This project needs Node ${MIN_NODE_MAJOR} or newer; this is Node ${process.versions.node}.`);
    process.exit(1);
  }
  const root = process.cwd();
  const reason = installReason(root);
  if (!reason) {
    if (dryRun) console.log('preflight: node_modules is up to date');
    return;
  }
  console.log(`preflight: ${reason}: running npm ci`);
  if (dryRun) return;
  // Inside an npm script, npm_execpath is the npm that runs it: use the same one.
  const npmCli = process.env.npm_execpath;
  const [cmd, args] = npmCli && /\.c?js$/.test(npmCli) ? [process.execPath, [npmCli, 'ci']] : ['npm', ['ci']];
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });
  if (r.status !== 0) {
    console.error(`preflight: npm ci failed (${r.error?.message ?? `exit code ${r.status}`}). Check that the npm registry is reachable (npm config get registry), then run npm ci yourself.`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
