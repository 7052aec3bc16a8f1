// Where a file named in a command line is, seen from the folder the command runs in: inside the
// workspace, outside it, a device, or only known when it runs (a variable, a substitution, a
// folder changed to by `cd $X`). Lexical, like the rest of the command policy: it decides whether
// to ask, and asking is the default; it never touches the disk.
import type { PathStyle } from './paths';
import { isAbsoluteAnyStyle, isInside } from './paths';
import type { ShellWord } from './shellWords';

export type Location =
  | { kind: 'inside'; abs: string; /** relative to its workspace folder, with `/`; '' for the folder itself */ rel: string }
  | { kind: 'outside'; abs: string }
  | { kind: 'unknown' }
  /** /dev/null or NUL: nothing is written. */
  | { kind: 'null' }
  /** /dev/stdout, /dev/stderr, /dev/tty, /dev/fd/N. */
  | { kind: 'stream' }
  | { kind: 'device'; abs: string };

export interface PathScope {
  roots: readonly string[];
  style: PathStyle;
  /** The absolute folder commands run in; undefined once a `cd` went somewhere unknown. */
  cwd: string | undefined;
}

/**
 * Workspace folders stand in for "somewhere" when the caller gave none, so relative paths are
 * inside and absolute ones outside. The control character keeps any real path from equalling it.
 */
const NOWHERE = '/\u0001workspace';

export function styleOf(p: string): PathStyle {
  return /^[a-z]:/i.test(p) || p.startsWith('\\\\') ? 'win32' : 'posix';
}

/** The scope of a command: its workspace folders and the folder it starts in. */
export function scopeOf(workspaceRoots: readonly string[] | undefined, cwd: string | undefined): PathScope {
  const roots = Array.isArray(workspaceRoots) ? workspaceRoots.filter((r): r is string => typeof r === 'string' && isAbsoluteAnyStyle(r)) : [];
  if (roots.length === 0) return { roots: [NOWHERE], style: 'posix', cwd: NOWHERE };
  const style = styleOf(roots[0]);
  const start = typeof cwd === 'string' && cwd !== '' ? normalize(cwd, style) : normalize(roots[0], style);
  return { roots, style, cwd: start };
}

/** `p` absolute with `.` and `..` resolved, or undefined when it is not an absolute path of `style`. */
export function normalize(p: string, style: PathStyle): string | undefined {
  if (style === 'posix') {
    if (!p.startsWith('/')) return undefined;
    return '/' + resolveDots(p.split('/')).join('/');
  }
  let q = p.replace(/\//g, '\\');
  if (/^\\\\\?\\unc\\/i.test(q)) q = '\\\\' + q.slice(8);
  else if (/^\\\\\?\\[a-z]:/i.test(q)) q = q.slice(4);
  const drive = /^([a-z]:)(\\|$)/i.exec(q);
  if (drive) return drive[1] + '\\' + resolveDots(q.slice(2).split('\\')).join('\\');
  const unc = /^\\\\([^\\?.][^\\]*)\\([^\\]+)(\\|$)/.exec(q);
  if (unc) return `\\\\${unc[1]}\\${unc[2]}\\` + resolveDots(q.slice(unc[0].length).split('\\')).join('\\');
  return undefined;
}

function resolveDots(segments: readonly string[]): string[] {
  const out: string[] = [];
  for (const s of segments) {
    if (s === '' || s === '.') continue;
    if (s === '..') out.pop();
    else out.push(s);
  }
  return out;
}

function join(base: string, rel: string, style: PathStyle): string | undefined {
  return normalize(base + (style === 'win32' ? '\\' : '/') + rel, style);
}

function within(abs: string, scope: PathScope): Location {
  for (const root of scope.roots) {
    const r = normalize(root, scope.style);
    if (r !== undefined && isInside(r, abs, scope.style)) {
      const depth = r.split(/[\\/]/).filter((s) => s !== '').length;
      return { kind: 'inside', abs, rel: abs.split(/[\\/]/).filter((s) => s !== '').slice(depth).join('/') };
    }
  }
  return { kind: 'outside', abs };
}

/** Where the file a word names is, from the scope's current folder. */
export function locate(word: ShellWord, scope: PathScope): Location {
  if (word.subs.length > 0 || word.expansion) return { kind: 'unknown' };
  if (word.tilde) return { kind: 'outside', abs: word.value };
  return locatePath(word.value, scope);
}

/** Where a literal path is, from the scope's current folder. */
export function locatePath(value: string, scope: PathScope): Location {
  const lower = value.toLowerCase();
  if (value === '/dev/null' || lower === 'nul' || lower === 'nul:') return { kind: 'null' };
  if (/^\/dev\/(stdout|stderr|stdin|tty|fd\/\d+)$/.test(value)) return { kind: 'stream' };
  if (value.startsWith('/dev/') || /^[\\/]{2}\.[\\/]/.test(value)) return { kind: 'device', abs: value };
  if (isAbsoluteAnyStyle(value)) {
    const abs = styleOf(value) === scope.style || (scope.style === 'win32' && /^[\\/]{2}/.test(value)) ? normalize(value, scope.style) : undefined;
    return abs === undefined ? { kind: 'outside', abs: value } : within(abs, scope);
  }
  if (scope.cwd === undefined) return { kind: 'unknown' };
  const abs = join(scope.cwd, value, scope.style);
  return abs === undefined ? { kind: 'unknown' } : within(abs, scope);
}

/**
 * The folder a `cd` (or `pushd`, `Set-Location`, `env -C`…) to `target` leads to; undefined when
 * it is only known when it runs, which makes every later relative path unknown too.
 */
export function changeDirectory(target: ShellWord | undefined, scope: PathScope): string | undefined {
  if (!target) return undefined; // `cd` alone goes home
  const where = locate(target, scope);
  return where.kind === 'inside' || where.kind === 'outside' ? where.abs : undefined;
}
