// Whether a command the model wants to run may run without asking. Asking is the default. A
// command runs on its own only when every command in the line is on the user's allow-list, matched
// on the parsed words (never on a prefix of the text), and nothing in the line can do more than
// those words say: no substitution, no variables or wildcards, no redirection other than to
// /dev/null or between stdout and stderr, no background job, no subshell, no comment, no
// characters that another shell would read differently (the terminal may be PowerShell or cmd).
// Dangerous commands (commandRules.ts) are never run without asking, whatever the allow-list says,
// and are reported as destructive so the approval can say so.
//
// The allow-list language: an entry is a command line of literal words, such as `npm test`,
// `git status` or `git diff *`; only a final `*` is a wildcard, for any further arguments (none
// included). Entries are parsed like commands; quotes group words (`npm run "build all"`).
// Wrappers that only run another command (env, nohup, time, timeout, nice, command, exec, sh -c,
// eval …) are looked through: the command inside is what must be on the allow-list.
import { scopeOf } from './commandPaths';
import { evaluate } from './commandWalk';
import { commandName, isInterpreter } from './commandWrappers';
import { hiddenKind } from './rules';
import { parseShell } from './shellSyntax';
import type { ShellCommand, ShellList, ShellRedirect } from './shellSyntax';
import type { ShellWord } from './shellWords';

export interface CommandPart {
  /** The command's words, quotes removed; a `for`/`case` header starts with its keyword. */
  argv: string[];
  text: string;
  /** NAME=value words before the command. */
  assignments: string[];
  /** Inside a substitution or a function body rather than run by the line itself. */
  nested: boolean;
}

export interface ParsedCommand {
  parts: CommandPart[];
  /** Commands joined by ;, &&, ||, & or a newline. */
  chained: boolean;
  piped: boolean;
  /** $(…), backticks, <(…), >(…) or $((…)). */
  substitution: boolean;
  redirects: { op: string; target: string }[];
  background: boolean;
  /** ( … ) or { …; }. */
  subshell: boolean;
  functions: boolean;
  comment: boolean;
  /** The first thing that could not be read (unbalanced quotes, a `(` not closed…). */
  error?: string;
  errors: string[];
}

export interface CommandContext {
  /** Absolute paths of the workspace folders. */
  workspaceRoots?: readonly string[];
  /** The absolute folder the command runs in; default: the first workspace folder. */
  cwd?: string;
}

export interface CommandDecision {
  decision: 'auto' | 'ask';
  /** Something in it is dangerous (the first reasons say what). */
  destructive: boolean;
  reasons: string[];
}

/**
 * An allow-list entry as read. `risky`: a final `*` hands all arguments to a program that can run
 * other programs through them (a shell, an interpreter, find, xargs, sed…), or the entry is a bare
 * command name with `*`; the settings UI may warn about such entries.
 */
export type AllowEntry = { ok: true; tokens: string[]; rest: boolean; risky: boolean } | { ok: false; error: string };

const RUNS_PROGRAMS = new Set(['env', 'xargs', 'find', 'sed', 'awk', 'gawk', 'tar', 'rsync', 'ssh', 'scp', 'npx', 'bunx', 'make', 'vim', 'vi', 'nvim', 'emacs', 'less', 'more', 'man', 'watch', 'nohup', 'time', 'timeout', 'nice', 'exec', 'command', 'git', 'docker', 'kubectl', 'zip', 'unzip', 'curl', 'wget']);

/** Reads one allow-list entry; the error says why an entry is ignored. */
export function parseAllowEntry(entry: string): AllowEntry {
  if (typeof entry !== 'string' || entry.trim() === '') return { ok: false, error: 'The entry is empty.' };
  const tree = parseShell(entry);
  if (tree.errors.length > 0) return { ok: false, error: `The entry cannot be read: ${tree.errors[0]}` };
  const items = tree.list.items;
  const only = items.length === 1 && items[0].pipeline.commands.length === 1 ? items[0].pipeline.commands[0] : undefined;
  if (!only || only.type !== 'simple' || items[0].separator === '&' || tree.comment) return { ok: false, error: 'An entry is one command, without ;, &&, |, & or #.' };
  if (only.redirects.length || only.assignments.length || only.keywords.length || only.control) return { ok: false, error: 'An entry is one command with its words only.' };
  const words = only.words;
  const rest = words.length > 0 && words[words.length - 1].raw === '*';
  const literal = rest ? words.slice(0, -1) : words;
  if (literal.some((w) => w.subs.length || w.expansion || w.glob || w.tilde)) return { ok: false, error: 'Only a final * is a wildcard; the other words must be literal.' };
  if (literal.length === 0) return { ok: false, error: 'An entry must start with a command name.' };
  const tokens = literal.map((w) => w.value);
  const program = commandName(tokens[0]);
  const risky = rest && (tokens.length === 1 || isInterpreter(program) || RUNS_PROGRAMS.has(program));
  return { ok: true, tokens, rest, risky };
}

/** Reads a command line into its commands and the features that make it more than one command. */
export function parseCommand(line: string): ParsedCommand {
  const tree = parseShell(line);
  const out: ParsedCommand = { parts: [], chained: false, piped: false, substitution: false, redirects: [], background: false, subshell: false, functions: false, comment: tree.comment, errors: tree.errors };
  if (tree.errors.length > 0) out.error = tree.errors[0];
  const visitWords = (words: readonly ShellWord[]) => {
    for (const w of words) {
      for (const s of w.subs) {
        out.substitution = true;
        visitList(s.list, true);
      }
    }
  };
  const visitRedirects = (redirects: readonly ShellRedirect[]) => {
    for (const r of redirects) {
      out.redirects.push({ op: r.op, target: r.target?.value ?? '' });
      if (r.target) visitWords([r.target]);
      for (const s of r.heredoc?.subs ?? []) {
        out.substitution = true;
        visitList(s.list, true);
      }
    }
  };
  const visitCommand = (c: ShellCommand, nested: boolean) => {
    if (c.type === 'simple') {
      const argv = c.words.map((w) => w.value);
      out.parts.push({ argv: c.control ? [c.control, ...argv] : argv, text: c.text, assignments: c.assignments.map((w) => w.value), nested });
      visitWords(c.assignments);
      visitWords(c.words);
      visitRedirects(c.redirects);
    } else if (c.type === 'function') {
      out.functions = true;
      visitCommand(c.body, true);
    } else {
      out.subshell = true;
      visitList(c.body, nested);
      visitRedirects(c.redirects);
    }
  };
  const visitList = (l: ShellList, nested: boolean) => {
    if (l.items.length > 1) out.chained = true;
    for (const item of l.items) {
      if (item.separator === '&') out.background = true;
      if (item.pipeline.commands.length > 1) out.piped = true;
      for (const c of item.pipeline.commands) visitCommand(c, nested);
    }
  };
  visitList(tree.list, false);
  return out;
}

function hiddenCharacter(line: string): number | undefined {
  for (const ch of line) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0x0a || cp === 0x09) continue;
    if (hiddenKind(cp) || cp === 0x0d) return cp;
  }
  return undefined;
}

/**
 * Decides whether a command line may run without asking. `allowList` holds the user's entries
 * (from the user's settings only, never the workspace's); invalid entries are ignored.
 */
export function decideCommand(line: string, allowList: readonly string[] = [], context: CommandContext = {}): CommandDecision {
  try {
    return decide(line, allowList, context);
  } catch {
    // Defensive: nothing here is meant to throw; if it does, the user decides.
    return { decision: 'ask', destructive: false, reasons: ['The command could not be checked.'] };
  }
}

function decide(line: string, allowList: readonly string[], context: CommandContext): CommandDecision {
  if (typeof line !== 'string' || line.trim() === '') return { decision: 'ask', destructive: false, reasons: ['The command is empty.'] };
  const allow = (Array.isArray(allowList) ? allowList : []).map(parseAllowEntry).flatMap((e) => (e.ok ? [{ tokens: e.tokens, rest: e.rest }] : []));
  const ctx = context && typeof context === 'object' ? context : {};
  const tree = parseShell(line);
  const ev = evaluate(tree, allow, scopeOf(ctx.workspaceRoots, ctx.cwd));
  const hidden = hiddenCharacter(line);
  if (hidden !== undefined) ev.asks.unshift(`Contains a control or invisible character (U+${hidden.toString(16).toUpperCase().padStart(4, '0')}).`);
  if (ev.commands === 0) ev.asks.push('There is no command to run.');
  const destructive = ev.dangers.length > 0;
  if (!destructive && ev.asks.length === 0) return { decision: 'auto', destructive: false, reasons: ['Every command in it is on the allow-list.'] };
  return { decision: 'ask', destructive, reasons: [...ev.dangers, ...ev.asks] };
}
