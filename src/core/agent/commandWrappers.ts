// Command names, and the commands that only run another one: env, nohup, time, sudo, xargs,
// sh -c, eval, cmd /c, PowerShell -Command and the like. The command inside is checked as if it
// stood alone (commandRules.ts, commandWalk.ts). Names are compared in lower case without a
// folder or a Windows extension: `/bin/RM.exe` is `rm`, which errs on the side of asking.
import type { ShellWord } from './shellWords';

export function commandName(value: string): string {
  const base = value.split(/[\\/]/).pop() ?? '';
  return base.toLowerCase().replace(/\.(exe|cmd|bat|com|ps1)$/, '');
}

export const DOWNLOADERS = new Set(['curl', 'wget', 'fetch', 'aria2c', 'http', 'https', 'xh', 'iwr', 'irm', 'invoke-webrequest', 'invoke-restmethod']);
export const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'csh', 'tcsh', 'yash']);
const SCRIPT_RUNNERS = new Set(['perl', 'ruby', 'node', 'nodejs', 'deno', 'bun', 'php', 'lua', 'luajit', 'tclsh', 'osascript', 'rscript', 'py']);
export const RM_FAMILY = new Set(['rm', 'unlink', 'rmdir', 'del', 'erase', 'rd', 'remove-item', 'ri', 'rimraf', 'srm']);
export const CMD_STYLE_RM = new Set(['del', 'erase', 'rd', 'rmdir']);
export const WIPERS = new Set(['shred', 'srm', 'wipe']);
export const DISK_TOOLS = new Set(['mke2fs', 'mkswap', 'wipefs', 'fdisk', 'sfdisk', 'gdisk', 'cfdisk', 'parted', 'diskpart', 'format', 'format-volume', 'clear-disk', 'initialize-disk']);
export const PRIVILEGE = new Set(['sudo', 'doas', 'su', 'pkexec', 'runas', 'gsudo']);
export const POWER = new Set(['shutdown', 'reboot', 'halt', 'poweroff', 'stop-computer', 'restart-computer']);
const CD = new Set(['cd', 'pushd', 'chdir', 'set-location', 'sl']);

export function isPython(name: string): boolean {
  return /^python[0-9.]*$/.test(name) || name === 'py';
}

/** Programs that run code given as text: shells, script interpreters, eval and the like. */
export function isInterpreter(name: string): boolean {
  return SHELLS.has(name) || SCRIPT_RUNNERS.has(name) || isPython(name) || ['pwsh', 'powershell', 'cmd', 'eval', 'source', '.', 'iex', 'invoke-expression'].includes(name);
}

export function isCd(name: string): boolean {
  return CD.has(name);
}

export function isRemover(name: string): boolean {
  return RM_FAMILY.has(name) || WIPERS.has(name);
}

/** What a command is when it only runs another one. */
export type Unwrapped =
  | { kind: 'plain' }
  /** `inner` runs as a command of its own (`extraArg`: with more arguments appended, as by xargs). */
  | { kind: 'inner'; wrapper: string; inner: ShellWord[]; dangers: string[]; asks: string[]; extraArg?: boolean; cwd?: ShellWord | null }
  /** `source` runs as a shell command line (sh -c, eval, cmd /c, watch, su -c…). */
  | { kind: 'string'; wrapper: string; source: string; dangers: string[] }
  /** Runs code read from its input (sh with no script, python -, iex in a pipeline). */
  | { kind: 'stdin'; wrapper: string; dangers: string[] }
  | { kind: 'opaque'; wrapper: string; reason: string };

export const vals = (words: readonly ShellWord[]) => words.map((w) => w.value);

/** The index of the first word after the options from `i`; options in `withArg` take the next word. */
export function skipOptions(words: readonly ShellWord[], i: number, withArg: readonly string[]): number {
  while (i < words.length) {
    const v = words[i].value;
    if (v === '--') return i + 1;
    if (!v.startsWith('-') || v === '-') return i;
    i += withArg.includes(v) ? 2 : 1;
  }
  return i;
}

export const ADMIN = 'Runs a command as administrator';

export function unwrap(words: readonly ShellWord[]): Unwrapped {
  const name = commandName(words[0]?.value ?? '');
  const v = vals(words);
  const inner = (from: number, extra: Partial<Extract<Unwrapped, { kind: 'inner' }>> = {}): Unwrapped =>
    from < words.length ? { kind: 'inner', wrapper: name, inner: words.slice(from), dangers: [], asks: [], ...extra } : { kind: 'plain' };
  switch (name) {
    case 'env':
      return unwrapEnv(words);
    case 'command': {
      const i = skipOptions(words, 1, []);
      return v.slice(1, i).some((o) => /^-[pvV]*[vV]/.test(o)) ? { kind: 'plain' } : inner(i);
    }
    case 'nohup':
    case 'busybox':
    case 'builtin':
      return inner(skipOptions(words, 1, []));
    case 'exec':
      return inner(skipOptions(words, 1, ['-a']));
    case 'time':
      return inner(skipOptions(words, 1, ['-o', '-f', '--output', '--format']));
    case 'nice':
      return inner(skipOptions(words, 1, ['-n', '--adjustment']));
    case 'stdbuf':
      return inner(skipOptions(words, 1, ['-i', '-o', '-e', '--input', '--output', '--error']));
    case 'timeout': {
      const i = skipOptions(words, 1, ['-s', '--signal', '-k', '--kill-after']);
      return inner(i + 1);
    }
    case 'watch': {
      const i = skipOptions(words, 1, ['-n', '--interval']);
      if (v.slice(1, i).some((o) => o === '-x' || o === '--exec')) return inner(i);
      return i < words.length ? { kind: 'string', wrapper: name, source: v.slice(i).join(' '), dangers: [] } : { kind: 'plain' };
    }
    case 'xargs': {
      const i = skipOptions(words, 1, ['-a', '-d', '-E', '-I', '-L', '-n', '-P', '-s', '--arg-file', '--delimiter', '--eof', '--replace', '--max-lines', '--max-args', '--max-procs', '--max-chars', '--process-slot-var']);
      const deleting = i < words.length && isRemover(commandName(v[i]));
      return inner(i, { extraArg: true, dangers: deleting ? [`Deletes every file named in its input (xargs ${v[i]}).`] : [] });
    }
    case 'sudo':
    case 'doas':
    case 'pkexec':
    case 'gsudo': {
      const i = skipOptions(words, 1, ['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '-T', '-R', '--user', '--group', '--host', '--prompt', '--close-from', '--chdir', '--role', '--type', '--other-user', '--command-timeout', '--chroot']);
      const danger = `${ADMIN} (${name}).`;
      return i < words.length ? { kind: 'inner', wrapper: name, inner: words.slice(i), dangers: [danger], asks: [] } : { kind: 'stdin', wrapper: name, dangers: [danger] };
    }
    case 'su': {
      const c = v.findIndex((o, k) => k > 0 && (o === '-c' || o === '--command'));
      const eq = v.find((o) => o.startsWith('--command='));
      const source = eq ? eq.slice('--command='.length) : c > 0 ? (v[c + 1] ?? '') : undefined;
      const danger = `${ADMIN} (su).`;
      return source !== undefined ? { kind: 'string', wrapper: name, source, dangers: [danger] } : { kind: 'stdin', wrapper: name, dangers: [danger] };
    }
    case 'runas': {
      const rest = v.slice(1).filter((o) => !o.startsWith('/'));
      return { kind: 'string', wrapper: name, source: rest.join(' '), dangers: [`${ADMIN} (runas).`] };
    }
    case 'eval':
      return words.length > 1 ? { kind: 'string', wrapper: name, source: v.slice(1).join(' '), dangers: [] } : { kind: 'plain' };
    case 'iex':
    case 'invoke-expression': {
      const args = v.slice(1).filter((o) => !/^-command$/i.test(o));
      return args.length > 0 ? { kind: 'string', wrapper: name, source: args.join(' '), dangers: [] } : { kind: 'stdin', wrapper: name, dangers: [] };
    }
    case 'cmd': {
      const i = v.findIndex((o, k) => k > 0 && /^\/[ckr]$/i.test(o));
      if (i > 0) return { kind: 'string', wrapper: name, source: v.slice(i + 1).join(' '), dangers: [] };
      return v.slice(1).every((o) => o.startsWith('/')) ? { kind: 'stdin', wrapper: name, dangers: [] } : { kind: 'plain' };
    }
    case 'pwsh':
    case 'powershell':
      return unwrapPowerShell(name, v);
    case 'source':
    case '.':
      return v[1] === undefined || v[1] === '-' || v[1] === '/dev/stdin' ? { kind: 'stdin', wrapper: name, dangers: [] } : { kind: 'plain' };
  }
  if (SHELLS.has(name)) return unwrapShell(name, v);
  if (SCRIPT_RUNNERS.has(name) || isPython(name)) {
    const inline = v.slice(1).some((o) => ['-c', '-e', '-E', '-m', '-r', '-p', '--eval', '--print'].includes(o));
    const script = v.slice(1).find((o) => !o.startsWith('-'));
    if (!inline && (script === undefined || script === '/dev/stdin' || v.includes('-'))) return { kind: 'stdin', wrapper: name, dangers: [] };
  }
  return { kind: 'plain' };
}

function unwrapEnv(words: readonly ShellWord[]): Unwrapped {
  const v = vals(words);
  const asks: string[] = [];
  let cwd: ShellWord | null | undefined;
  let i = 1;
  while (i < v.length) {
    const o = v[i];
    if (o === '--') {
      i++;
      break;
    }
    if (o === '-S' || o === '--split-string') return { kind: 'string', wrapper: 'env', source: v.slice(i + 1).join(' '), dangers: [] };
    if (o.startsWith('--split-string=') || (o.startsWith('-S') && !o.startsWith('--'))) {
      return { kind: 'string', wrapper: 'env', source: [o.replace(/^(--split-string=|-S)/, ''), ...v.slice(i + 1)].join(' '), dangers: [] };
    }
    if (o === '-C' || o === '--chdir') {
      cwd = words[i + 1] ?? null;
      i += 2;
    } else if (o === '-u' || o === '--unset' || o === '-P') {
      i += 2;
    } else if (o.startsWith('-')) {
      if (o.startsWith('--chdir=') || (o.startsWith('-C') && !o.startsWith('--'))) cwd = null;
      i++;
    } else {
      break;
    }
  }
  while (i < v.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(v[i])) {
    asks.push('Sets environment variables for the command (env NAME=…).');
    i++;
  }
  if (cwd !== undefined) asks.push('Runs the command in another folder (env -C).');
  if (i >= words.length) return { kind: 'plain' };
  return { kind: 'inner', wrapper: 'env', inner: words.slice(i), dangers: [], asks, ...(cwd !== undefined ? { cwd } : {}) };
}

function unwrapShell(name: string, v: readonly string[]): Unwrapped {
  let i = 1;
  let commandString = false;
  let stdin = false;
  while (i < v.length) {
    const o = v[i];
    if (o === '--' || o === '-') {
      i++;
      stdin = stdin || o === '-';
      break;
    }
    if (o.startsWith('--')) {
      i += o === '--rcfile' || o === '--init-file' ? 2 : 1;
      continue;
    }
    if (!/^[-+][a-zA-Z]+$/.test(o)) break;
    if (o[0] === '-' && o.includes('c')) commandString = true;
    if (o[0] === '-' && o.includes('s')) stdin = true;
    i += /[oO]$/.test(o) ? 2 : 1;
  }
  if (commandString) return { kind: 'string', wrapper: name, source: v[i] ?? '', dangers: [] };
  if (stdin || i >= v.length) return { kind: 'stdin', wrapper: name, dangers: [] };
  return { kind: 'plain' };
}

const PS_WITH_ARG = ['executionpolicy', 'windowstyle', 'inputformat', 'outputformat', 'version', 'configurationname', 'workingdirectory', 'settingsfile', 'custompipename'];

function unwrapPowerShell(name: string, v: readonly string[]): Unwrapped {
  for (let i = 1; i < v.length; i++) {
    const o = v[i];
    if (!/^[-/]/.test(o)) {
      // powershell.exe takes a bare first argument as a command; pwsh takes it as a script file.
      return name === 'powershell' ? { kind: 'string', wrapper: name, source: v.slice(i).join(' '), dangers: [] } : { kind: 'plain' };
    }
    const p = o.slice(1).toLowerCase();
    if (p === 'e' || p === 'ec' || (p.length >= 2 && 'encodedcommand'.startsWith(p))) {
      return { kind: 'opaque', wrapper: name, reason: `Runs an encoded PowerShell command that cannot be checked (${o}).` };
    }
    if (p.length >= 1 && 'command'.startsWith(p)) {
      const rest = v.slice(i + 1);
      return rest.length === 0 || rest[0] === '-' ? { kind: 'stdin', wrapper: name, dangers: [] } : { kind: 'string', wrapper: name, source: rest.join(' '), dangers: [] };
    }
    if (p.length >= 1 && 'file'.startsWith(p)) return { kind: 'plain' };
    if (p === 'ep' || PS_WITH_ARG.some((a) => a.startsWith(p))) i++;
  }
  return { kind: 'stdin', wrapper: name, dangers: [] };
}
