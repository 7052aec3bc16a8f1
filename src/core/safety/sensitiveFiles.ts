// Files that hold secrets or that make the editor run code on its own. Reading a secret file,
// attaching it, completing inside it or sending it anywhere needs the user's explicit yes; writing
// a file that configures the editor or runs code always needs approval, even in auto-approve mode.
// Paths are workspace-relative or absolute, with / or \ separators; matching ignores case, since
// Windows and macOS file systems do.

/** Names of files that hold secrets (matched against the last path segment). */
const SECRET_NAMES: readonly RegExp[] = [
  /^\.env$/,
  /^\.env\..+$/,
  /^.+\.env$/,
  /^\.envrc$/,
  /\.(pem|key|p12|pfx|jks|keystore|ppk|asc|gpg|kdbx)$/,
  /^id_(rsa|dsa|ecdsa|ed25519)(\.pub)?$/,
  /^\.npmrc$/,
  /^\.pypirc$/,
  /^\.netrc$/,
  /^_netrc$/,
  /^\.git-credentials$/,
  /^\.pgpass$/,
  /^credentials(\.json|\.ya?ml|\.xml)?$/,
  /^secrets?(\.json|\.ya?ml|\.toml)?$/,
  /^service[-_]account.*\.json$/,
  /^\.htpasswd$/,
  /^\.dockercfg$/,
];

/** Folders whose files are secret whatever their name. */
const SECRET_DIRS: readonly string[] = ['.ssh', '.gnupg', '.aws', '.azure', '.kube', '.docker'];

/**
 * Files that configure the editor or run code without being asked: `.vscode/*`,
 * `*.code-workspace`, `.git/hooks/*`, `.git/config`, `.devcontainer/*`, `.github/workflows/*`.
 */
function isAutoRunPath(parts: readonly string[]): boolean {
  const name = parts[parts.length - 1] ?? '';
  if (name.endsWith('.code-workspace')) return true;
  for (let i = 0; i < parts.length - 1; i++) {
    const dir = parts[i];
    if (dir === '.vscode' || dir === '.devcontainer') return true;
    if (dir === '.git' && (parts[i + 1] === 'hooks' || (parts[i + 1] === 'config' && i + 2 === parts.length))) return true;
    if (dir === '.github' && parts[i + 1] === 'workflows') return true;
  }
  return false;
}

function segments(path: string): string[] {
  return path.toLowerCase().split(/[\\/]+/).filter((s) => s && s !== '.');
}

/** A file whose content is a secret (keys, tokens, passwords): reading or attaching it asks first. */
export function isSecretFile(path: string): boolean {
  const parts = segments(path);
  const name = parts[parts.length - 1];
  if (!name) return false;
  if (parts.slice(0, -1).some((d) => SECRET_DIRS.includes(d))) return true;
  return SECRET_NAMES.some((re) => re.test(name));
}

/** A file that configures the editor or runs code on its own: writing it always asks. */
export function isAutoRunFile(path: string): boolean {
  return isAutoRunPath(segments(path));
}

/** Either of the above: never touched without the user's yes. */
export function isSensitiveFile(path: string): boolean {
  return isSecretFile(path) || isAutoRunFile(path);
}

/**
 * The same secret files as globs for ripgrep and findFiles: a search or a listing never shows their
 * content, whatever it matches.
 */
export const SECRET_FILE_GLOBS: readonly string[] = [
  '**/.env',
  '**/.env.*',
  '**/*.env',
  '**/.envrc',
  '**/*.{pem,key,p12,pfx,jks,keystore,ppk,asc,gpg,kdbx}',
  '**/id_{rsa,dsa,ecdsa,ed25519}*',
  '**/.{npmrc,pypirc,netrc,git-credentials,pgpass,htpasswd,dockercfg}',
  '**/_netrc',
  // Bare `credentials` / `secrets` are left out: as globs they would also hide folders of that name.
  '**/credentials.{json,yaml,yml,xml}',
  '**/{secret,secrets}.{json,yaml,yml,toml}',
  '**/service[-_]account*.json',
  '**/{.ssh,.gnupg,.aws,.azure,.kube,.docker}/**',
];
