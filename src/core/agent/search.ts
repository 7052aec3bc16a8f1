// The agent's text search and file find, as ripgrep runs them: the arguments for a query, reading
// ripgrep's lines back, and the English result the model gets. Running ripgrep itself is
// ./ripgrepRun.ts; the VS Code side only picks the folders and the binary.
import { SECRET_FILE_GLOBS } from '../safety/sensitiveFiles';

export interface SearchQuery {
  query: string;
  isRegex?: boolean;
  caseSensitive?: boolean;
  glob?: string;
}

/** Longest line shown per match: minified files would flood the model otherwise. */
export const MATCH_LINE_CHARS = 300;

const NEVER = ['!.git', ...SECRET_FILE_GLOBS.map((g) => `!${g}`)];

/**
 * ripgrep arguments for a text search: hidden files included (`.github`, `.vscode`) but never
 * `.git` nor files that hold secrets, the user's exclude globs, one line per match.
 */
export function searchArgs(q: SearchQuery, excludeGlobs: readonly string[]): string[] {
  const args = ['--line-number', '--no-heading', '--color', 'never', '--hidden', '--max-columns', String(MATCH_LINE_CHARS), '--max-columns-preview'];
  args.push(q.caseSensitive ? '--case-sensitive' : '--ignore-case');
  if (!q.isRegex) args.push('--fixed-strings');
  // ripgrep lets the last matching glob win: the exclusions come after the caller's glob.
  if (q.glob) args.push('--glob', q.glob);
  for (const g of [...excludeGlobs, ...NEVER]) args.push('--glob', g);
  args.push('--', q.query, '.');
  return args;
}

/** ripgrep arguments to list the files matching `glob`, with the same exclusions. */
export function findArgs(glob: string, excludeGlobs: readonly string[]): string[] {
  const args = ['--files', '--hidden', '--glob', glob];
  for (const g of [...excludeGlobs, ...NEVER]) args.push('--glob', g);
  return args;
}

export interface SearchMatch {
  /** Relative to the folder searched, with `/`. */
  path: string;
  line: number;
  text: string;
}

/** One line of ripgrep's `path:line:text` output; undefined for anything else. */
export function parseSearchLine(line: string): SearchMatch | undefined {
  const m = /^(.*?):(\d+):(.*)$/.exec(line);
  if (!m) return undefined;
  return { path: m[1]!.replace(/\\/g, '/').replace(/^\.\//, ''), line: Number(m[2]), text: m[3]!.trim() };
}

/** The model's result of a search: `path:line: text` per match, capped and saying so. */
export function formatSearch(q: SearchQuery, matches: readonly { path: string; line: number; text: string }[], capped: boolean, limit: number): string {
  if (!matches.length) return `No matches for ${JSON.stringify(q.query)}${q.glob ? ` in ${q.glob}` : ''}.`;
  const lines = matches.map((m) => `${m.path}:${m.line}: ${m.text}`);
  return `${matches.length}${capped ? '+' : ''} match(es)${capped ? ` (capped at ${limit}; narrow the search)` : ''}:\n${lines.join('\n')}`;
}
