// What single commands do that must never run without the user's yes, whatever the allow-list
// says: deleting recursively or outside the workspace, discarding git work, formatting disks,
// running as administrator, writing outside the workspace or into files that configure the
// editor or run code.
import type { Location, PathScope } from './commandPaths';
import { locate } from './commandPaths';
import { ADMIN, CMD_STYLE_RM, commandName, DISK_TOOLS, isRemover, POWER, PRIVILEGE, RM_FAMILY, skipOptions, vals, WIPERS } from './commandWrappers';
import { isAutoRunFile } from '../safety/sensitiveFiles';
import type { ShellWord } from './shellWords';

/** What a single command (not a wrapper) is found to do. */
export interface Analysis {
  dangers: string[];
  asks: string[];
  /** Commands it runs itself (find -exec …), each with more arguments appended. */
  embedded: ShellWord[][];
  /** Command lines it runs (npx -c …). */
  strings: string[];
}

/** The danger of writing to `word`, or undefined when it is inside the workspace and ordinary. */
export function writeDanger(word: ShellWord, scope: PathScope, verb = 'Writes'): string | undefined {
  return placeDanger(locate(word, scope), word.value, verb);
}

function placeDanger(where: Location, shown: string, verb: string): string | undefined {
  switch (where.kind) {
    case 'outside':
      return `${verb} outside the workspace (${shown}).`;
    case 'unknown':
      return `${verb} a path that is only known when it runs (${shown}).`;
    case 'device':
      return `${verb} a device file (${shown}).`;
    case 'inside':
      if (verb === 'Writes' && isAutoRunFile(where.rel)) return `Writes a file that configures the editor or runs code (${shown}).`;
      return undefined;
    default:
      return undefined;
  }
}

function nonOptions(words: readonly ShellWord[], from: number, withArg: readonly string[]): ShellWord[] {
  const out: ShellWord[] = [];
  let options = true;
  for (let i = from; i < words.length; i++) {
    const v = words[i].value;
    if (options && v === '--') options = false;
    else if (options && v.startsWith('-') && v !== '-') i += withArg.includes(v) ? 1 : 0;
    else out.push(words[i]);
  }
  return out;
}

/** The value of an option given as `-o X`, `-oX`, `--output X` or `--output=X`, as a word. */
function optionValues(words: readonly ShellWord[], short: readonly string[], long: readonly string[]): ShellWord[] {
  const out: ShellWord[] = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if ((short.includes(w.value) || long.includes(w.value)) && words[i + 1]) out.push(words[++i]);
    else {
      const l = long.find((o) => w.value.startsWith(o + '='));
      const s = short.find((o) => w.value.length > o.length && w.value.startsWith(o) && !w.value.startsWith('--'));
      if (l) out.push({ ...w, value: w.value.slice(l.length + 1), tilde: w.value.slice(l.length + 1).startsWith('~') });
      else if (s) out.push({ ...w, value: w.value.slice(s.length), tilde: false });
    }
  }
  return out;
}

/** Files a download writes (curl -o, wget -O, Invoke-WebRequest -OutFile). */
export function downloadOutputs(words: readonly ShellWord[]): ShellWord[] {
  const name = commandName(words[0]?.value ?? '');
  if (name === 'curl') return optionValues(words, ['-o'], ['--output']);
  if (name === 'wget') return optionValues(words, ['-O'], ['--output-document']);
  if (name === 'iwr' || name === 'invoke-webrequest' || name === 'irm' || name === 'invoke-restmethod') {
    const i = words.findIndex((w) => /^-outfile$/i.test(w.value));
    return i > 0 && words[i + 1] ? [words[i + 1]] : [];
  }
  return [];
}

/** Looks at one command (after unwrapping) and says what in it is dangerous. */
export function analyze(words: readonly ShellWord[], scope: PathScope): Analysis {
  const out: Analysis = { dangers: [], asks: [], embedded: [], strings: [] };
  const name = commandName(words[0]?.value ?? '');
  const v = vals(words);
  const danger = (s: string | undefined) => {
    if (s && !out.dangers.includes(s)) out.dangers.push(s);
  };

  if (RM_FAMILY.has(name)) removal(name, words, scope, danger);
  if (WIPERS.has(name)) danger(`Overwrites files so they cannot be recovered (${name}).`);
  if (name === 'dd') danger('Writes raw data with dd, which can overwrite a disk.');
  if (name.startsWith('mkfs') || DISK_TOOLS.has(name)) danger(`Formats or partitions a disk (${name}).`);
  if (POWER.has(name) || ((name === 'init' || name === 'telinit') && /^[06]$/.test(v[1] ?? '')) || (name === 'systemctl' && /^(poweroff|reboot|halt|kexec)$/.test(v[1] ?? ''))) {
    danger(`Shuts down or restarts the computer (${name}).`);
  }
  if (PRIVILEGE.has(name)) danger(`${ADMIN} (${name}).`);
  if ((name === 'chmod' || name === 'chown' || name === 'chgrp') && v.slice(1).some((o) => o === '--recursive' || /^-[a-zA-Z]*R/.test(o))) {
    danger(`Changes owners or permissions recursively (${name} -R).`);
  }
  if (name === 'chmod' || name === 'chown' || name === 'chgrp') {
    const targets = nonOptions(words, 1, ['--reference']).slice(v.some((o) => o.startsWith('--reference')) ? 0 : 1);
    for (const t of targets) danger(placeDanger(locate(t, scope), t.value, 'Changes permissions'));
  }
  if (name === 'kill' && v.slice(2).includes('-1')) danger('Stops every process of the user (kill -1).');
  if (name === 'crontab' && v.includes('-r')) danger('Deletes the scheduled jobs (crontab -r).');
  if ((name === 'vssadmin' || name === 'wbadmin') && v.some((o) => o.toLowerCase() === 'delete')) danger(`Deletes backups (${name} delete).`);
  if (name === 'git') git(words, out, danger);
  if (name === 'find') find(words, scope, out, danger);
  if (name === 'rsync' && v.some((o) => o.startsWith('--delete'))) danger('Deletes files at the destination (rsync --delete).');
  for (const target of writeTargets(name, words)) danger(writeDanger(target, scope));
  if (name === 'mv') for (const source of moveSources(words)) danger(placeDanger(locate(source, scope), source.value, 'Moves files from'));
  if (CLOUD_TOOLS.has(name)) {
    const verb = v.slice(1).find((o) => !o.startsWith('-') && DELETE_VERB.test(o)) ?? (name === 'terraform' || name === 'tofu' ? v.find((o) => o === '-destroy') : undefined);
    if (verb) danger(`Deletes cloud or container resources (${name} … ${verb}).`);
  }
  packageRunner(name, words, scope, out, danger);
  return out;
}

/** Command-line tools of clouds, clusters and containers, whose delete verbs remove what no undo brings back. */
const CLOUD_TOOLS = new Set(['aws', 'gcloud', 'gsutil', 'az', 'kubectl', 'helm', 'terraform', 'tofu', 'pulumi', 'doctl', 'heroku', 'flyctl', 'fly', 'vercel', 'firebase', 'docker', 'podman', 'oc', 'eksctl', 'wrangler', 'supabase']);
const DELETE_VERB = /^([a-z0-9-]+:)?(delete|destroy|terminate|remove|rm|rmi|rb|prune|purge|uninstall|wipe|drop)([-_:].*)?$/i;

function removal(name: string, words: readonly ShellWord[], scope: PathScope, danger: (s: string | undefined) => void): void {
  let recursive = name === 'rimraf';
  const targets: ShellWord[] = [];
  let options = true;
  for (const w of words.slice(1)) {
    const o = w.value;
    if (options && o === '--') options = false;
    else if (options && CMD_STYLE_RM.has(name) && /^(\/[a-z?])+$/i.test(o)) recursive ||= /\/s/i.test(o);
    else if (options && o.startsWith('-') && o.length > 1) {
      const lower = o.toLowerCase();
      if (lower === '--no-preserve-root') danger(`Deletes even the root folder (${name} --no-preserve-root).`);
      if (lower === '--recursive' || (lower.length >= 3 && '-recurse'.startsWith(lower))) recursive = true;
      // A cluster of short options (-rf, -fR, -vrf); a long PowerShell-style name is not one.
      else if (/^-[a-zA-Z]+$/.test(o) && (o.length <= 4 || /^-[rRfivdIPW]+$/.test(o)) && /[rR]/.test(o) && !(lower.length >= 3 && '-force'.startsWith(lower))) recursive = true;
    } else targets.push(w);
  }
  if (recursive) danger(`Deletes folders with everything in them (${name} recursive).`);
  for (const t of targets) {
    const value = t.value;
    if (!t.subs.length && !t.expansion && /^[\\/]+\*?$/.test(value)) danger(`Deletes from the root of the file system (${value}).`);
    else if (t.tilde) danger(`Deletes in the home folder (${value}).`);
    else if (t.glob && /(^|[\\/])(\*|\.\*|\*\.\*|\*\*)$/.test(value)) danger(`Deletes every file of a folder (${value}).`);
    const where = locate(t, scope);
    if (!t.tilde) danger(placeDanger(where, value, 'Deletes'));
    if (where.kind === 'inside' && (where.rel === '' || where.rel === '.git' || where.rel.startsWith('.git/'))) {
      danger(where.rel === '' ? `Deletes a whole workspace folder (${value}).` : `Deletes git's data (${value}).`);
    }
  }
}

function moveSources(words: readonly ShellWord[]): ShellWord[] {
  const args = nonOptions(words, 1, ['-t', '--target-directory', '-S', '--suffix']);
  const explicit = optionValues(words, ['-t'], ['--target-directory']).length > 0;
  return explicit ? args : args.slice(0, -1);
}

/** The files a command writes, by its arguments. */
function writeTargets(name: string, words: readonly ShellWord[]): ShellWord[] {
  const v = vals(words);
  switch (name) {
    case 'tee':
      return nonOptions(words, 1, []);
    case 'cp':
    case 'mv':
    case 'install':
    case 'ln':
    case 'rsync': {
      const explicit = optionValues(words, ['-t'], ['--target-directory']);
      if (explicit.length > 0) return explicit;
      const args = nonOptions(words, 1, ['-S', '--suffix', '-m', '--mode', '-o', '--owner', '-g', '--group', '-e', '--rsh']);
      return args.length >= 2 ? [args[args.length - 1]] : [];
    }
    case 'truncate':
      return nonOptions(words, 1, ['-s', '--size', '-r', '--reference']);
    case 'sed': {
      if (!v.slice(1).some((o) => o === '--in-place' || o.startsWith('--in-place=') || /^-[a-zA-Z]*i/.test(o))) return [];
      const args = nonOptions(words, 1, ['-e', '-f', '-l', '--expression', '--file', '--line-length']);
      return v.some((o) => o === '-e' || o === '-f' || o.startsWith('--expression') || o.startsWith('--file')) ? args : args.slice(1);
    }
    case 'wget':
      return [...downloadOutputs(words), ...optionValues(words, ['-P'], ['--directory-prefix'])];
    default:
      return downloadOutputs(words);
  }
}

const GIT_RUNS_CODE = /^(core\.(hookspath|fsmonitor|pager|editor|sshcommand|askpass|gitproxy)|alias\..*|.*\.textconv|diff\.external|filter\..*|credential\.helper|gpg\.program|sequence\.editor|include\.path|includeif\..*|pager\..*|uploadpack\..*|receivepack\..*)$/;

function git(words: readonly ShellWord[], out: Analysis, danger: (s: string | undefined) => void): void {
  const v = vals(words);
  let i = 1;
  while (i < v.length && v[i].startsWith('-')) {
    if (v[i] === '-c' || v[i] === '--config-env') {
      const setting = (v[i + 1] ?? '').split('=')[0].toLowerCase();
      if (GIT_RUNS_CODE.test(setting)) danger(`Sets a git setting that runs programs (git -c ${setting}).`);
      else out.asks.push('Changes git settings for this one command (git -c).');
    }
    i += ['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--exec-path', '--super-prefix'].includes(v[i]) ? 2 : 1;
  }
  const sub = v[i];
  const rest = v.slice(i + 1);
  const has = (...opts: string[]) => rest.some((o) => opts.includes(o));
  const shortHas = (letters: RegExp) => rest.some((o) => /^-[a-zA-Z]+$/.test(o) && letters.test(o));
  if (sub === 'reset' && has('--hard')) danger('Discards uncommitted changes (git reset --hard).');
  if (sub === 'clean' && !has('--dry-run') && !shortHas(/n/)) danger('Deletes untracked files (git clean).');
  if (sub === 'push' && (has('--force', '--force-if-includes', '--mirror', '--delete', '--prune') || rest.some((o) => o.startsWith('--force-with-lease')) || shortHas(/[fd]/) || rest.some((o) => /^[+:]./.test(o)))) {
    danger('Overwrites or deletes history on the remote (git push --force or --delete).');
  }
  if (sub === 'checkout' && (has('-f', '--force', '.', ':/') || (rest.includes('--') && rest.indexOf('--') < rest.length - 1))) danger('Discards uncommitted changes (git checkout -- …).');
  if (sub === 'restore' && (!has('--staged', '-S') || has('--worktree', '-W'))) danger('Discards uncommitted changes (git restore).');
  if (sub === 'stash' && (rest[0] === 'drop' || rest[0] === 'clear')) danger(`Deletes stashed changes (git stash ${rest[0]}).`);
  if (sub === 'branch' && (has('-D') || shortHas(/D/) || (has('-d', '--delete') && has('-f', '--force')))) danger('Deletes a branch that may not be merged (git branch -D).');
  if (sub === 'rm' && (has('-f', '--force') || shortHas(/f/))) danger('Deletes files with their uncommitted changes (git rm -f).');
  if (sub === 'filter-branch' || sub === 'filter-repo') danger(`Rewrites the repository's history (git ${sub}).`);
  if (sub === 'config' && rest.some((o) => GIT_RUNS_CODE.test(o.toLowerCase()))) danger('Sets a git setting that runs programs (git config).');
  // Options and subcommands that run a command line of their own.
  if (sub === 'submodule' && rest.includes('foreach')) out.strings.push(rest.slice(rest.indexOf('foreach') + 1).filter((o) => !o.startsWith('--')).join(' '));
  if (sub === 'bisect' && rest[0] === 'run') out.strings.push(rest.slice(1).join(' '));
  const programs = optionValues(words.slice(i), ['-x', '-u'], ['--exec', '--extcmd', '--upload-pack', '--receive-pack', '--tool', '--sequence-editor']);
  for (const p of programs) out.strings.push(p.value);
}

function find(words: readonly ShellWord[], scope: PathScope, out: Analysis, danger: (s: string | undefined) => void): void {
  for (let i = 1; i < words.length; i++) {
    const o = words[i].value;
    if (o === '-delete') danger('Deletes the files it finds (find -delete).');
    if (['-exec', '-execdir', '-ok', '-okdir'].includes(o)) {
      let end = i + 1;
      while (end < words.length && words[end].value !== ';' && words[end].value !== '+') end++;
      const inner = words.slice(i + 1, end);
      if (inner.length > 0) {
        out.embedded.push(inner);
        if (isRemover(commandName(inner[0].value))) danger(`Deletes the files it finds (find ${o} ${inner[0].value}).`);
      }
      i = end;
    }
    if (['-fprint', '-fprint0', '-fprintf', '-fls'].includes(o) && words[i + 1]) {
      out.asks.push(`Writes a file (find ${o}).`);
      danger(writeDanger(words[i + 1], scope));
    }
  }
}

/** npx, bunx, pnpm dlx, yarn dlx, npm exec: the package command they run is checked for dangers too. */
function packageRunner(name: string, words: readonly ShellWord[], scope: PathScope, out: Analysis, danger: (s: string | undefined) => void): void {
  const v = vals(words);
  let from: number | undefined;
  if (name === 'npx' || name === 'bunx') from = 1;
  else if ((name === 'pnpm' || name === 'yarn') && v[1] === 'dlx') from = 2;
  else if ((name === 'npm' || name === 'pnpm') && (v[1] === 'exec' || v[1] === 'x')) from = 2;
  else if (name === 'bun' && v[1] === 'x') from = 2;
  if (from === undefined) return;
  const call = optionValues(words, ['-c'], ['--call']);
  for (const c of call) out.strings.push(c.value);
  const i = skipOptions(words, from, ['-p', '--package', '-c', '--call']);
  if (call.length === 0 && i < words.length) for (const d of analyze(words.slice(i), scope).dangers) danger(d);
}
