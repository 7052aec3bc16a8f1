// A stand-in for the agent's tool executor, over an in-memory workspace: it answers tool calls
// the way the real one is meant to (numbered reads, exact search/replace edits, refusals of paths
// outside the workspace, the user's approval for writes, commands and secrets), so the
// simulator's agent scenarios can be played through to their answers in plain Node.
import { isSecretFile } from '../../src/core/safety/sensitiveFiles';

export interface FakeCommandOutcome {
  exitCode: number;
  output: string;
  /** The command was stopped by its time limit. */
  timedOut?: boolean;
}

export interface FakeAgentToolsOptions {
  /** The user's answer to an approval (default: yes to everything). */
  approve?: (name: string, args: Record<string, unknown>) => boolean;
  /** What a command does (default: exit code 0, output "done"). */
  run?: (command: string) => FakeCommandOutcome;
  /** How a read result numbers its lines: `12: text` (default) or `cat -n` style `    12\ttext`. */
  numbering?: 'colon' | 'tab';
  /** Names in the workspace root that are symlinks to folders outside it. */
  symlinksOut?: readonly string[];
  /** Lines in a read without endLine. */
  pageLines?: number;
}

const KNOWN = new Set(['read_file', 'list_directory', 'find_files', 'search_text', 'document_symbols', 'workspace_symbols', 'get_problems', 'git_changes', 'edit_file', 'create_file', 'rename_file', 'delete_file', 'run_command']);
const WRITES = new Set(['edit_file', 'create_file', 'rename_file', 'delete_file']);

export class FakeAgentTools {
  readonly files: Map<string, string>;
  /** Every approval the user was asked for, in order. */
  readonly asked: { name: string; args: Record<string, unknown> }[] = [];
  /** Every command that ran (after approval). */
  readonly ran: string[] = [];

  constructor(
    files: Readonly<Record<string, string>>,
    private readonly options: FakeAgentToolsOptions = {},
  ) {
    this.files = new Map(Object.entries(files));
  }

  /** The result text of one call, as the agent would send it back to the model. */
  execute(name: string, argumentsText: string): string {
    if (!KNOWN.has(name)) return `Error: unknown tool "${name}". Use one of: ${[...KNOWN].join(', ')}.`;
    let args: Record<string, unknown>;
    try {
      const v: unknown = JSON.parse(argumentsText);
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
      args = v as Record<string, unknown>;
    } catch (e) {
      return `Error: the arguments of ${name} are not valid JSON (${e instanceof Error ? e.message : String(e)}). Send one JSON object.`;
    }
    for (const key of ['path', 'from', 'to', 'cwd']) {
      const p = args[key];
      if (typeof p === 'string' && this.outside(p)) return `Refused: ${p} is outside the workspace.`;
    }
    const path = typeof args.path === 'string' ? normalise(args.path) : '';
    const needsApproval = WRITES.has(name) || name === 'run_command' || (name === 'read_file' && isSecretFile(path));
    if (needsApproval) {
      this.asked.push({ name, args });
      if (!(this.options.approve?.(name, args) ?? true)) return 'Denied: the user did not approve this.';
    }
    switch (name) {
      case 'read_file':
        return this.read(path, args);
      case 'list_directory':
        return [...new Set([...this.files.keys()].map((f) => (f.includes('/') ? `${f.split('/')[0]}/` : f)))].sort().join('\n');
      case 'search_text':
        return this.search(String(args.query ?? ''));
      case 'edit_file':
        return this.edit(path, args.edits);
      case 'create_file':
        if (this.files.has(path)) return `Error: ${path} already exists; edit it instead.`;
        this.files.set(path, String(args.content ?? ''));
        return `Created ${path}.`;
      case 'run_command': {
        const command = String(args.command ?? '');
        this.ran.push(command);
        const r = this.options.run?.(command) ?? { exitCode: 0, output: 'done' };
        return `${r.timedOut ? 'Timed out: the command was stopped after its time limit. ' : ''}Exit code: ${r.exitCode}\n${r.output}`;
      }
      default:
        return `Error: ${name} is not available in this fake.`;
    }
  }

  private outside(p: string): boolean {
    if (/^(?:[\\/]|~|[A-Za-z]:)/.test(p)) return true;
    const parts = p.split(/[\\/]+/);
    return parts.includes('..') || (this.options.symlinksOut ?? []).includes(parts[0]);
  }

  private read(path: string, args: Record<string, unknown>): string {
    const text = this.files.get(path);
    if (text === undefined) return `Error: ${path} not found.`;
    const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
    const start = Math.max(1, Number(args.startLine ?? 1));
    const end = Math.min(lines.length, Number(args.endLine ?? start + (this.options.pageLines ?? 2000) - 1));
    const body = lines.slice(start - 1, end).map((l, i) => (this.options.numbering === 'tab' ? `${String(start + i).padStart(6)}\t${l}` : `${start + i}: ${l}`));
    return [`${path} (lines ${start}-${end} of ${lines.length}):`, ...body].join('\n');
  }

  private search(query: string): string {
    const out: string[] = [];
    for (const [f, text] of this.files) {
      text.split('\n').forEach((l, i) => {
        if (l.toLowerCase().includes(query.toLowerCase())) out.push(`${f}:${i + 1}: ${l}`);
      });
    }
    return out.length ? out.join('\n') : 'No matches.';
  }

  private edit(path: string, edits: unknown): string {
    let text = this.files.get(path);
    if (text === undefined) return `Error: ${path} not found.`;
    if (!Array.isArray(edits) || !edits.length) return 'Error: edits must be a non-empty array.';
    for (const [k, e] of (edits as { search?: unknown; replace?: unknown }[]).entries()) {
      const search = String(e?.search ?? '');
      const n = search ? text.split(search).length - 1 : 0;
      if (n !== 1) return `Error: the search text of edit ${k + 1} occurs ${n} times in ${path}; it must occur exactly once. Nothing was written.`;
      text = text.replace(search, () => String(e.replace ?? ''));
    }
    this.files.set(path, text);
    return `Edited ${path}: ${edits.length} ${edits.length === 1 ? 'change' : 'changes'}.`;
  }
}

function normalise(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\.\//, '');
}
