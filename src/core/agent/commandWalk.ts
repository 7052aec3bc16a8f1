// The walk behind decideCommand (commandPolicy.ts): every command of a parsed line, at every
// depth (substitutions, subshells, function bodies, here-documents fed to a shell, the command
// lines that wrappers run), checked against the allow-list and the rules of commandRules.ts,
// following the folder it runs in across `cd`. It collects dangers (never run without asking) and
// the other reasons to ask; an empty list of both means the line may run on its own.
import { changeDirectory, locatePath } from './commandPaths';
import type { PathScope } from './commandPaths';
import { analyze, downloadOutputs, writeDanger } from './commandRules';
import { commandName, DOWNLOADERS, isCd, isInterpreter, SHELLS, unwrap } from './commandWrappers';
import { isAbsoluteAnyStyle } from './paths';
import { parseShell, simpleCommands } from './shellSyntax';
import type { ShellCommand, ShellList, ShellRedirect, ShellTree, SimpleCommand } from './shellSyntax';
import type { ShellWord } from './shellWords';
import { isAutoRunFile, isSecretFile } from '../safety/sensitiveFiles';

export interface AllowPattern {
  tokens: string[];
  /** A final `*`: any further arguments. */
  rest: boolean;
}

/** Whether a command's words match an allow-list entry. */
export function matches(entry: AllowPattern, argv: readonly string[]): boolean {
  if (argv.length < entry.tokens.length || (!entry.rest && argv.length !== entry.tokens.length)) return false;
  return entry.tokens.every((t, i) => t === argv[i]);
}

export interface Evaluation {
  allow: AllowPattern[];
  dangers: string[];
  asks: string[];
  /** Names of files downloaded earlier in the line. */
  downloads: string[];
  depth: number;
  commands: number;
}

const MAX_NESTING = 8;
/** Characters every shell takes literally in an argument; anything else makes the command ask. */
const PLAIN = /^(?![@~=])[\p{L}\p{N}\p{M}_\-.,:/=+@ *?[\]~]*$/u;

function add(list: string[], s: string | undefined): void {
  if (s && !list.includes(s)) list.push(s);
}

function basename(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

function listOf(c: ShellCommand): ShellList {
  return { items: [{ pipeline: { commands: [c] }, separator: '' }] };
}

/**
 * The words of the command a wrapper runs (env, sudo, nohup… looked through). Each inner command
 * is a strictly shorter tail of the words, so this ends.
 */
function effectiveWords(words: readonly ShellWord[]): readonly ShellWord[] {
  const u = words.length > 0 ? unwrap(words) : undefined;
  return u?.kind === 'inner' ? effectiveWords(u.inner) : words;
}

/** Whether a command list downloads something (curl, wget, Invoke-WebRequest…), at any depth. */
function downloads(list: ShellList, depth = 0): boolean {
  return simpleCommands(list).some((c) => {
    const w = effectiveWords(c.words);
    if (w.length === 0) return false;
    if (DOWNLOADERS.has(commandName(w[0].value))) return true;
    const u = unwrap(w);
    return u.kind === 'string' && depth < MAX_NESTING && downloads(parseShell(u.source).list, depth + 1);
  });
}

/** Whether a command runs code read from its input; `shellOnly`: as shell commands. */
function readsCodeFromInput(c: ShellCommand, shellOnly = false): boolean {
  return simpleCommands(listOf(c)).some((sc) => {
    const w = effectiveWords(sc.words);
    if (w.length === 0 || unwrap(w).kind !== 'stdin') return false;
    const name = commandName(w[0].value);
    return !shellOnly || SHELLS.has(name) || ['cmd', 'pwsh', 'powershell', 'iex', 'invoke-expression', 'source', '.'].includes(name);
  });
}

const DECODERS = new Set(['base64', 'base32', 'xxd', 'openssl', 'uudecode', 'gunzip', 'zcat', 'gzip', 'bzip2', 'xz', 'rev', 'tr']);

function decodes(c: ShellCommand): boolean {
  return c.type === 'simple' && c.words.length > 0 && DECODERS.has(commandName(effectiveWords(c.words)[0]?.value ?? ''));
}

/** The code an echo, printf, here-document or here-string feeds down a pipeline into a shell. */
function evalFedCode(c: ShellCommand, ev: Evaluation, scope: PathScope): void {
  if (c.type !== 'simple') return;
  const w = effectiveWords(c.words);
  const name = w.length > 0 ? commandName(w[0].value) : '';
  if (name === 'echo' || name === 'printf') evalNested(w.slice(1).map((x) => x.value).join(' ').replace(/\\n/g, '\n'), ev, scope);
  for (const r of c.redirects) {
    if (r.heredoc) evalNested(r.heredoc.body, ev, scope);
    else if (r.op.endsWith('<<<') && r.target) evalNested(r.target.value, ev, scope);
  }
}

function evalList(list: ShellList, ev: Evaluation, scope: PathScope): PathScope {
  let s = scope;
  for (const item of list.items) {
    if (item.separator === '&') add(ev.asks, 'Runs a command in the background (&).');
    s = evalPipeline(item.pipeline.commands, ev, s);
  }
  return s;
}

function evalPipeline(commands: readonly ShellCommand[], ev: Evaluation, scope: PathScope): PathScope {
  if (commands.length === 1) return evalCommand(commands[0], ev, scope);
  // Each command's facts once, so a long pipeline costs no more than its length.
  const runsInput = commands.map((c) => readsCodeFromInput(c));
  const runsShell = commands.map((c) => readsCodeFromInput(c, true));
  const feedsShell: boolean[] = [];
  for (let k = commands.length - 1, later = false; k >= 0; k--) {
    feedsShell[k] = later;
    later ||= runsShell[k];
  }
  let downloading = false;
  let decoding = false;
  for (const [k, c] of commands.entries()) {
    if (downloading && runsInput[k]) add(ev.dangers, 'Pipes a download into a program that runs it (curl … | sh).');
    if (decoding && runsInput[k]) add(ev.dangers, 'Pipes decoded data into a program that runs it (base64 -d | sh).');
    downloading ||= downloads(listOf(c));
    decoding ||= decodes(c);
    if (feedsShell[k]) evalFedCode(c, ev, scope);
    // Each command of a pipeline runs in a subshell of its own: a cd in one does not last.
    evalCommand(c, ev, scope);
  }
  return scope;
}

function evalCommand(c: ShellCommand, ev: Evaluation, scope: PathScope): PathScope {
  if (c.type === 'simple') return evalSimple(c, ev, scope);
  if (c.type === 'function') {
    add(ev.asks, `Defines a shell function (${c.name}).`);
    if (simpleCommands(listOf(c.body)).some((sc) => sc.words[0]?.value === c.name)) {
      add(ev.dangers, `Defines a function that calls itself (${c.name}), which can freeze the computer (a fork bomb).`);
    }
    evalCommand(c.body, ev, scope);
    return scope;
  }
  add(ev.asks, c.type === 'subshell' ? 'Runs commands in a subshell ( … ).' : 'Groups commands with { … }.');
  const after = evalList(c.body, ev, scope);
  evalRedirects(c.redirects, ev, scope, []);
  return c.type === 'group' ? after : scope;
}

function evalWordSubs(words: readonly ShellWord[], ev: Evaluation, scope: PathScope): void {
  for (const w of words) {
    for (const s of w.subs) {
      add(ev.asks, s.kind === 'arithmetic' ? 'Uses arithmetic expansion $((…)).' : 'Runs a command inside the command ($(…), backticks, <(…) or >(…)).');
      evalList(s.list, ev, scope);
    }
  }
}

function evalSimple(c: SimpleCommand, ev: Evaluation, scope: PathScope): PathScope {
  if (c.words.length > 0 || c.control) ev.commands++;
  if (c.keywords.some((k) => k !== 'time' && k !== '!') || c.control) add(ev.asks, 'Uses shell control flow (if, for, while, …).');
  if (c.assignments.length > 0) add(ev.asks, 'Sets environment variables for the command (NAME=…).');
  evalWordSubs(c.assignments, ev, scope);
  evalWordSubs(c.words, ev, scope);
  evalRedirects(c.redirects, ev, scope, c.words);
  if (c.control || c.words.length === 0) return scope;
  return evalArgv(c.words, ev, scope, false);
}

function evalNested(source: string, ev: Evaluation, scope: PathScope): void {
  if (ev.depth >= MAX_NESTING) {
    add(ev.asks, 'The command is nested too deeply to be checked.');
    return;
  }
  ev.depth++;
  const tree = parseShell(source);
  noteTree(tree, ev);
  evalList(tree.list, ev, scope);
  ev.depth--;
}

function noteTree(tree: ShellTree, ev: Evaluation): void {
  for (const e of tree.errors) add(ev.asks, `The command could not be fully read: ${e}`);
  if (tree.comment) add(ev.asks, 'Has a comment (#), which not every shell reads as one.');
}

function evalRedirects(redirects: readonly ShellRedirect[], ev: Evaluation, scope: PathScope, words: readonly ShellWord[]): void {
  if (redirects.length === 0) return;
  const inner = effectiveWords(words);
  const name = inner.length > 0 ? commandName(inner[0].value) : '';
  const shell = SHELLS.has(name) || name === 'cmd' || name === 'pwsh' || name === 'powershell';
  for (const r of redirects) {
    const target = r.target;
    if (target) evalWordSubs([target], ev, scope);
    const op = r.op.replace(/^\d+/, '');
    if (r.heredoc) {
      add(ev.asks, 'Feeds a here-document to the command (<<).');
      for (const s of r.heredoc.subs) {
        add(ev.asks, 'Runs a command inside the command ($(…), backticks, <(…) or >(…)).');
        evalList(s.list, ev, scope);
      }
      if (shell) evalNested(r.heredoc.body, ev, scope);
      continue;
    }
    if (!target) {
      add(ev.asks, `Has a redirection without a target (${r.op}).`);
      continue;
    }
    if (op === '<<<') {
      add(ev.asks, 'Feeds a string to the command (<<<).');
      if (shell) evalNested(target.value, ev, scope);
      continue;
    }
    if ((op === '>&' || op === '<&') && /^(\d+|-)$/.test(target.value)) {
      if (!/^[12-]$/.test(target.value)) add(ev.asks, `Redirects other file descriptors (${r.op}${target.value}).`);
      continue;
    }
    if (op === '<' || op === '<&') {
      if (locatePath(target.value, scope).kind === 'null' && !target.expansion && !target.subs.length) continue;
      add(ev.asks, 'Reads its input from a file (<).');
      if (isInterpreter(name) && target.subs.some((s) => downloads(s.list))) add(ev.dangers, 'Runs code downloaded from the internet.');
      continue;
    }
    // >, >>, >|, &>, &>>, <>, >&file: a write.
    if (!target.expansion && !target.subs.length && locatePath(target.value, scope).kind === 'null') continue;
    add(ev.dangers, writeDanger(target, scope));
    add(ev.asks, `Writes to a file by redirection (${r.op}).`);
    if (DOWNLOADERS.has(name)) ev.downloads.push(basename(target.value));
  }
}

/** Checks one command's words (a wrapper's inner command too); returns the folder after it. */
function evalArgv(words: readonly ShellWord[], ev: Evaluation, scope: PathScope, extraArg: boolean): PathScope {
  const first = words[0];
  if (first.subs.length > 0 || first.expansion) {
    add(ev.asks, 'The command name is only known when it runs.');
    if (first.subs.some((s) => downloads(s.list))) add(ev.dangers, 'Runs code downloaded from the internet.');
    return scope;
  }
  const name = commandName(first.value);
  if (isInterpreter(name) && words.slice(1).some((w) => w.subs.some((s) => downloads(s.list)))) add(ev.dangers, 'Runs code downloaded from the internet.');
  const u = unwrap(words);
  if (u.kind === 'opaque') {
    add(ev.dangers, u.reason);
    return scope;
  }
  if (u.kind !== 'plain') {
    for (const d of u.dangers) add(ev.dangers, d);
    if (u.kind === 'inner') {
      for (const a of u.asks) add(ev.asks, a);
      const innerScope = u.cwd === undefined ? scope : { ...scope, cwd: u.cwd ? changeDirectory(u.cwd, scope) : undefined };
      evalArgv(u.inner, ev, innerScope, extraArg || u.extraArg === true);
    } else if (u.kind === 'string') {
      const before = ev.commands;
      evalNested(u.source, ev, scope);
      if (ev.commands === before) add(ev.asks, `Runs an empty command (${u.wrapper}).`);
    } else {
      add(ev.asks, `Runs code from its input (${u.wrapper}).`);
    }
    return scope;
  }

  const a = analyze(words, scope);
  for (const d of a.dangers) add(ev.dangers, d);
  for (const s of a.asks) add(ev.asks, s);
  for (const e of a.embedded) evalArgv(e, ev, scope, true);
  for (const s of a.strings) evalNested(s, ev, scope);

  const argv = words.map((w) => w.value);
  if (!ev.allow.some((e) => matches(e, extraArg ? [...argv, '…'] : argv))) {
    add(ev.asks, `"${argv.slice(0, 3).join(' ')}${argv.length > 3 ? ' …' : ''}" is not on the allow-list.`);
  }
  checkWords(words, ev, scope);

  const ran = downloadRun(name, words, ev);
  if (ran) add(ev.dangers, 'Downloads a file and runs it.');
  for (const out of downloadOutputs(words)) ev.downloads.push(basename(out.value));

  if (isCd(name) || name === 'popd') {
    const target = name === 'popd' ? undefined : words.slice(1).find((w) => !w.value.startsWith('-'));
    return { ...scope, cwd: changeDirectory(target, scope) };
  }
  return scope;
}

/** Whether this command runs a file downloaded earlier in the line (./install.sh, sh install.sh). */
function downloadRun(name: string, words: readonly ShellWord[], ev: Evaluation): boolean {
  if (ev.downloads.length === 0) return false;
  const first = words[0].value;
  if (/[\\/]/.test(first) && ev.downloads.includes(basename(first))) return true;
  return isInterpreter(name) && words.slice(1).some((w) => !w.value.startsWith('-') && ev.downloads.includes(basename(w.value)));
}

/**
 * The paths an argument may name: itself, what follows its first `=` (`--output=x`, `file=x`)
 * and what follows its first `@` (curl's `-d @file`, `-d@file`, `file=@x`).
 */
export function pathCandidates(value: string): string[] {
  const out = new Set([value]);
  for (const sep of ['=', '@']) {
    const i = value.indexOf(sep);
    if (i >= 0) out.add(value.slice(i + 1));
  }
  return [...new Set([...out].map((v) => v.replace(/^@/, '')))].filter((v) => v !== '');
}

/** What in the words keeps a command from running on its own even when it is on the allow-list. */
function checkWords(words: readonly ShellWord[], ev: Evaluation, scope: PathScope): void {
  for (const [i, w] of words.entries()) {
    if (w.glob) add(ev.asks, 'Uses a wildcard (*, ?, [ ] or { }) that the shell turns into file names.');
    if (w.tilde) add(ev.asks, 'Refers to a home folder (~).');
    if (w.expansion) add(ev.asks, 'Uses a variable ($NAME) whose value is only known when it runs.');
    if (!w.expansion && !w.subs.length && !w.tilde && !PLAIN.test(w.value)) add(ev.asks, 'Has characters that shells read in different ways (quotes, $, %, ^, !, \\, …).');
    if (i === 0 || w.expansion || w.subs.length) continue;
    for (const value of pathCandidates(w.value)) {
      if (isAbsoluteAnyStyle(value) || value.split(/[\\/]/).includes('..')) {
        const where = locatePath(value, scope).kind;
        if (where !== 'inside' && where !== 'null') add(ev.asks, `Refers to a path outside the workspace (${value}).`);
      }
      if (isSecretFile(value)) add(ev.asks, `Refers to a file that may hold secrets (${value}).`);
      if (isAutoRunFile(value)) add(ev.asks, `Refers to a file that configures the editor or runs code (${value}).`);
    }
  }
}

/** Walks a parsed line: what in it is dangerous, and what else keeps it from running on its own. */
export function evaluate(tree: ShellTree, allow: readonly AllowPattern[], scope: PathScope): Evaluation {
  const ev: Evaluation = { allow: [...allow], dangers: [], asks: [], downloads: [], depth: 0, commands: 0 };
  noteTree(tree, ev);
  evalList(tree.list, ev, scope);
  return ev;
}
