// Every path a tool gets from the model is confined to the workspace folders, for reads too: a
// prompt hidden in a file must not be able to read ~/.ssh or write outside the project. The
// model writes paths relative to the workspace; anything else is refused with a reason it can act
// on. This check is lexical; the VS Code side then resolves symlinks with fs.realpath and checks
// the real path with `isInside`, so a link pointing out of the workspace is refused as well.
//
// Decisions:
// - Separators: `/` always. On win32 `\` is a separator too. On posix a backslash is refused
//   rather than taken as part of a name: a model that writes `src\app.ts` means a folder, and a
//   file literally named `src\app.ts` would surprise everyone.
// - Any `..` segment is refused, even one that would stay inside (`a/../b`): the model never
//   needs it, and refusing it leaves nothing to get wrong.
// - Multi-root: when there is more than one root, a first segment equal to a root's name selects
//   that root (case-insensitively on win32); otherwise the path is in the first root. With a
//   single root the name is not special (VS Code's relative paths omit it then).
// - win32 only: a segment ending in a dot or a space is refused (Windows drops them, so
//   `.vscode./settings.json` would write `.vscode/settings.json` past the sensitive-file check),
//   and so are `:` (drive letters, alternate data streams), `<>"|?*`, short names like
//   `PROGRA~1` (which alias other names) and device names (CON, NUL, COM1, …).
import { hiddenKind } from './rules';

export type PathStyle = 'posix' | 'win32';

export interface WorkspaceRoot {
  /** The folder's name as the workspace shows it. */
  name: string;
  /** Its absolute path, in the platform's style. */
  path: string;
}

export type ResolvedPath =
  | { ok: true; root: string; absolute: string; relative: string }
  | { ok: false; reason: string };

const MAX_PATH_LENGTH = 4096;
const WIN_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)$/i;
const WIN_FORBIDDEN = /[<>:"|?*]/;

function refuse(reason: string): ResolvedPath {
  return { ok: false, reason };
}

/** Why `input` is not a workspace-relative path, or undefined when its form is fine. */
function formProblem(input: string, style: PathStyle): string | undefined {
  if (input.trim().length === 0) return 'The path is empty. Give a path relative to the workspace folder, such as "src/app.ts", or "." for the folder itself.';
  if (input.length > MAX_PATH_LENGTH) return `The path is longer than ${MAX_PATH_LENGTH} characters.`;
  for (const ch of input) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0) return 'The path contains a NUL character.';
    const kind = hiddenKind(cp);
    if (kind === 'control' || cp === 0x09 || cp === 0x0a || cp === 0x0d) return `The path contains a control character (U+${hex(cp)}).`;
    if (kind) return `The path contains an invisible or direction-changing character (U+${hex(cp)}); write the name with visible characters only.`;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) return `"${input}" is a URI; give a path relative to the workspace folder instead.`;
  if (isAbsoluteAnyStyle(input)) return `"${input}" is an absolute path; only paths relative to the workspace folder are allowed (for example "src/app.ts").`;
  if (input.startsWith('~')) return `"${input}" refers to a home folder; only paths inside the workspace are allowed.`;
  if (style === 'posix' && input.includes('\\')) return `"${input}" contains a backslash; use / to separate folders.`;
  return undefined;
}

/** An absolute path of any style: `/x`, `\x`, `C:\x`, `C:/x`, `C:x`, `\\server\share`, `//server/share`, `\\?\…`. */
export function isAbsoluteAnyStyle(p: string): boolean {
  return p.startsWith('/') || p.startsWith('\\') || /^[a-z]:/i.test(p);
}

function hex(cp: number): string {
  return cp.toString(16).toUpperCase().padStart(4, '0');
}

function segmentProblem(seg: string, input: string, style: PathStyle): string | undefined {
  if (seg === '.') return undefined;
  if (seg === '..') return `"${input}" goes up a folder with "..": only paths inside the workspace are allowed.`;
  if (style === 'posix') return undefined;
  if (/[. ]$/.test(seg)) return `"${input}" has a name ending with a dot or a space ("${seg}"), which Windows would silently change.`;
  if (WIN_FORBIDDEN.test(seg)) return `"${input}" contains a character that Windows does not allow in names (< > : " | ? *).`;
  if (WIN_RESERVED.test(seg.split('.')[0].trimEnd())) return `"${input}" uses "${seg}", a reserved device name on Windows.`;
  if (/~\d/.test(seg)) return `"${input}" looks like a Windows short name ("${seg}"); use the full name.`;
  return undefined;
}

function sameName(a: string, b: string, style: PathStyle): boolean {
  return style === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/** The root's path with the segments appended (the root's path as given when there are none). */
function joinRoot(rootPath: string, segments: readonly string[], style: PathStyle): string {
  if (segments.length === 0) return rootPath;
  const sep = style === 'win32' ? '\\' : '/';
  const endsWithSep = style === 'win32' ? /[\\/]$/.test(rootPath) : rootPath.endsWith('/');
  return (endsWithSep ? rootPath : rootPath + sep) + segments.join(sep);
}

/**
 * Resolves a path written by the model against the workspace folders, or says why it is refused.
 * `absolute` is in the given style; `relative` (to the selected root) uses `/`, "." for the root.
 */
export function resolveWorkspacePath(input: string, roots: readonly WorkspaceRoot[], style: PathStyle): ResolvedPath {
  if (typeof input !== 'string') return refuse('The path must be a string.');
  if (!Array.isArray(roots) || roots.length === 0) return refuse('No workspace folder is open, so no file can be used.');
  const problem = formProblem(input, style);
  if (problem) return refuse(problem);

  // On posix a backslash was refused above, so splitting on both is splitting on `/`.
  const parts = input.split(/[\\/]/);
  for (const seg of parts) {
    const why = segmentProblem(seg, input, style);
    if (why) return refuse(why);
  }
  let segments = parts.filter((s) => s !== '' && s !== '.');

  let root = roots[0];
  if (roots.length > 1) {
    const named = roots.find((r) => sameName(r.name, segments[0], style));
    if (named) {
      root = named;
      segments = segments.slice(1);
    }
  }
  if (typeof root?.path !== 'string' || root.path === '' || typeof root.name !== 'string') return refuse('The workspace folder is not known.');
  return {
    ok: true,
    root: root.name,
    absolute: joinRoot(root.path, segments, style),
    relative: segments.length === 0 ? '.' : segments.join('/'),
  };
}

/**
 * Splits an absolute path into comparable segments, or undefined when it is not absolute or has a
 * `.`/`..` segment (real paths have none; refusing them keeps the check on the safe side). On
 * win32 the first segment is the drive (`c:`) or the UNC server and share, and `\\?\` prefixes are
 * removed; letters are compared case-insensitively, but only ASCII ones: Windows folds case with
 * its own table, and folding more than it does could call an outside path inside.
 */
function absoluteSegments(p: string, style: PathStyle): string[] | undefined {
  if (typeof p !== 'string' || p.includes('\0')) return undefined;
  if (style === 'posix') {
    if (!p.startsWith('/')) return undefined;
    const segs = p.split('/').filter((s) => s !== '');
    return segs.some((s) => s === '.' || s === '..') ? undefined : segs;
  }
  let q = p.replace(/\//g, '\\');
  if (/^\\\\\?\\unc\\/i.test(q)) q = '\\\\' + q.slice(8);
  else if (/^\\\\\?\\[a-z]:/i.test(q)) q = q.slice(4);
  let segs: string[];
  if (/^[a-z]:(\\|$)/i.test(q)) {
    segs = q.split('\\');
  } else if (q.startsWith('\\\\')) {
    // A share: `\\server\share\…`, its first two names required; `\\?\` and `\\.\` (refused
    // below with every `.` segment) are devices.
    segs = ['\\\\', ...q.slice(2).split('\\')];
    if (segs[1] === '' || segs[2] === '' || segs[2] === undefined || segs[1] === '?') return undefined;
  } else {
    return undefined;
  }
  segs = segs.filter((s) => s !== '').map((s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase()));
  return segs.some((s) => s === '.' || s === '..') ? undefined : segs;
}

/**
 * Whether the absolute path `target` is `root` itself or inside it. Both should be real paths
 * (symlinks resolved); anything that is not a clean absolute path counts as outside.
 */
export function isInside(root: string, target: string, style: PathStyle): boolean {
  const r = absoluteSegments(root, style);
  const t = absoluteSegments(target, style);
  if (!r || !t) return false;
  return r.every((seg, i) => seg === t[i]);
}
