import * as vscode from 'vscode';

// VS Code's built-in git extension as a mention reads it (`vscode.git`, API version 1): the
// staged and unstaged diffs and the diff against a branch. Typed here by the few members used,
// since the extension ships no types package.

interface GitRef {
  readonly type: number;
  readonly name?: string;
}
interface GitChange {
  readonly uri: vscode.Uri;
}
interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: {
    readonly HEAD?: GitRef;
    readonly refs?: readonly GitRef[];
    readonly indexChanges: readonly GitChange[];
    readonly workingTreeChanges: readonly GitChange[];
  };
  diff(cached?: boolean): Promise<string>;
  /** Without a path: the files that differ; with one: that file's patch. */
  diffWith(ref: string): Promise<GitChange[]>;
  diffWith(ref: string, path: string): Promise<string>;
  getBranches?(query: { remote?: boolean }): Promise<GitRef[]>;
  status?(): Promise<void>;
}
interface GitApi {
  readonly repositories: readonly GitRepository[];
}
interface GitExtension {
  readonly enabled?: boolean;
  getAPI(version: 1): GitApi;
}

/** What a git mention can be: staged, unstaged, or the working tree against a branch. */
export type GitScope = { kind: 'staged' } | { kind: 'unstaged' } | { kind: 'ref'; ref: string };

export function gitScopeOf(ref: string): GitScope | undefined {
  if (ref === 'git:staged') return { kind: 'staged' };
  if (ref === 'git:unstaged') return { kind: 'unstaged' };
  const m = /^git:ref:(.+)$/.exec(ref);
  // A branch name as git allows it: no spaces, no `..`, nothing that reads as an option.
  if (m && /^[\w./@+-]+$/.test(m[1]!) && !m[1]!.startsWith('-') && !m[1]!.includes('..')) return { kind: 'ref', ref: m[1]! };
  return undefined;
}

/** The git API, activating the extension if needed; why not when it is missing or turned off (`git.enabled`). */
export async function gitApi(): Promise<GitApi | 'missing' | 'off'> {
  const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!ext) return 'missing';
  try {
    const exports = ext.isActive ? ext.exports : await ext.activate();
    if (exports.enabled === false) return 'off';
    return exports.getAPI(1);
  } catch {
    // The API throws until its model is ready (or when git itself was not found).
    return 'missing';
  }
}

export interface GitSummary {
  repositories: number;
  staged: number;
  unstaged: number;
  /** Local branches other than the checked-out one. */
  branches: string[];
}

/** How many files are staged and changed, and the branches to compare with (for the picker). */
export async function gitSummary(): Promise<GitSummary | undefined> {
  const api = await gitApi();
  if (typeof api === 'string' || !api.repositories.length) return undefined;
  const summary: GitSummary = { repositories: api.repositories.length, staged: 0, unstaged: 0, branches: [] };
  const branches = new Set<string>();
  for (const repo of api.repositories) {
    summary.staged += repo.state.indexChanges.length;
    summary.unstaged += repo.state.workingTreeChanges.length;
    const head = repo.state.HEAD?.name;
    const refs = repo.getBranches ? await repo.getBranches({ remote: false }).catch(() => []) : (repo.state.refs ?? []);
    // RefType.Head = 0: local branches.
    for (const r of refs) if (r.type === 0 && r.name && r.name !== head) branches.add(r.name);
  }
  summary.branches = [...branches].sort();
  return summary;
}

/** The diff for `scope` across the workspace's repositories, each headed by its folder when there are several. */
export async function gitDiff(scope: GitScope, relative: (uri: vscode.Uri) => string): Promise<{ diff: string; repositories: number } | { error: 'noGit' | 'gitOff' | 'noRepository' | 'failed'; detail?: string }> {
  const api = await gitApi();
  if (api === 'missing') return { error: 'noGit' };
  if (api === 'off') return { error: 'gitOff' };
  if (!api.repositories.length) return { error: 'noRepository' };
  const parts: string[] = [];
  try {
    for (const repo of api.repositories) {
      const diff = scope.kind === 'ref' ? await diffWithRef(repo, scope.ref) : await repo.diff(scope.kind === 'staged');
      if (!diff.trim()) continue;
      parts.push(api.repositories.length > 1 ? `# ${relative(repo.rootUri) || repo.rootUri.path}\n${diff}` : diff);
    }
  } catch (e) {
    return { error: 'failed', detail: e instanceof Error ? e.message : String(e) };
  }
  return { diff: parts.join('\n'), repositories: api.repositories.length };
}

/** The working tree against `ref` as one patch: the API gives the changed files, then each file's patch. */
async function diffWithRef(repo: GitRepository, ref: string): Promise<string> {
  const changes = await repo.diffWith(ref);
  const patches: string[] = [];
  for (const c of changes) {
    const patch = await repo.diffWith(ref, c.uri.fsPath);
    if (patch.trim()) patches.push(patch.endsWith('\n') ? patch : `${patch}\n`);
  }
  return patches.join('');
}
