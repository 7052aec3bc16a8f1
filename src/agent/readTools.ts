import * as vscode from 'vscode';
import { findArgs, formatSearch, parseSearchLine, searchArgs } from '../core/agent/search';
import { runRipgrep } from '../core/agent/ripgrepRun';
import { excludeGlobs, ripgrepPath } from '../platform/ripgrep';
import type { ToolPath } from './workspacePaths';
import { relativeName } from './workspacePaths';

// The read tools: what the model can learn of the workspace. Results are plain English text for
// the model, bounded in size, and say when they were cut.

export interface ToolRun {
  content: string;
  isError?: boolean;
}

export const PAGE_LINES = 400;
const PAGE_CHARS = 40_000;
const LIST_LIMIT = 500;
const FIND_LIMIT = 200;
const SEARCH_LIMIT = 100;

const err = (content: string): ToolRun => ({ content, isError: true });

/** The text of a file: the editor's (possibly unsaved) text when it is open, else the disk's. */
export async function readText(uri: vscode.Uri): Promise<{ text: string } | { error: string }> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return { text: open.getText() };
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (e) {
    return { error: e instanceof vscode.FileSystemError && e.code === 'FileNotFound' ? 'The file does not exist.' : `The file cannot be read (${e instanceof Error ? e.message : String(e)}).` };
  }
  if (bytes.subarray(0, 8000).includes(0)) return { error: 'This is a binary file, not text.' };
  return { text: new TextDecoder('utf-8').decode(bytes) };
}

export async function readFile(p: ToolPath, startLine?: number, endLine?: number): Promise<ToolRun> {
  const read = await readText(p.uri);
  if ('error' in read) return err(`${p.relative}: ${read.error}`);
  const lines = read.text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const total = lines.length;
  const from = Math.max(1, Math.floor(startLine ?? 1));
  if (from > Math.max(total, 1)) return err(`${p.relative} has ${total} lines; startLine ${from} is past its end.`);
  let to = Math.min(total, Math.floor(endLine ?? from + PAGE_LINES - 1));
  if (to < from) return err(`endLine ${to} is before startLine ${from}.`);
  const width = String(to).length;
  const out: string[] = [];
  let chars = 0;
  for (let i = from; i <= to; i++) {
    const line = `${String(i).padStart(width)}| ${lines[i - 1] ?? ''}`;
    if (chars + line.length > PAGE_CHARS && i > from) {
      to = i - 1;
      break;
    }
    out.push(line);
    chars += line.length + 1;
  }
  const head = `${p.relative}, lines ${from}-${to} of ${total}`;
  const more = to < total ? `\n(more: call read_file with startLine ${to + 1})` : '';
  return { content: `${head}:\n${out.join('\n')}${more}` };
}

export async function listDirectory(p: ToolPath): Promise<ToolRun> {
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(p.uri);
  } catch {
    return err(`${p.relative} is not a folder of the workspace.`);
  }
  entries.sort(([a, ta], [b, tb]) => (ta & vscode.FileType.Directory ? 0 : 1) - (tb & vscode.FileType.Directory ? 0 : 1) || a.localeCompare(b));
  const shown = entries.slice(0, LIST_LIMIT).map(([name, type]) => (type & vscode.FileType.Directory ? `${name}/` : name));
  const cut = entries.length > LIST_LIMIT ? `\n(${entries.length - LIST_LIMIT} more not listed)` : '';
  return { content: `${p.relative === '' ? '.' : p.relative} (${entries.length} entries):\n${shown.join('\n')}${cut}` };
}

function folders(): readonly vscode.WorkspaceFolder[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
}

/** Files by glob: ripgrep (honours .gitignore, files.exclude and search.exclude), else findFiles. */
export async function findFiles(glob: string, maxResults: number | undefined, signal: AbortSignal): Promise<ToolRun> {
  const limit = Math.min(Math.max(1, maxResults ?? FIND_LIMIT), 1000);
  const rg = ripgrepPath();
  const found: string[] = [];
  let capped = false;
  if (rg) {
    for (const f of folders()) {
      const run = await runRipgrep(rg, findArgs(glob, excludeGlobs(f.uri)), f.uri.fsPath, limit - found.length + 1, signal);
      if (run.error) return err(`The file search failed: ${run.error}`);
      for (const line of run.lines) found.push(relativeName(vscode.Uri.joinPath(f.uri, line.replace(/\\/g, '/'))));
      capped ||= run.capped || found.length > limit;
      if (found.length >= limit) break;
    }
  } else {
    const uris = await vscode.workspace.findFiles(glob, undefined, limit + 1);
    for (const u of uris) found.push(relativeName(u));
  }
  if (found.length > limit) {
    capped = true;
    found.length = limit;
  }
  if (!found.length) return { content: `No files match ${glob}.` };
  found.sort();
  return { content: `${found.length}${capped ? '+' : ''} file(s) match ${glob}${capped ? ` (capped at ${limit}; narrow the pattern)` : ''}:\n${found.join('\n')}` };
}

export interface SearchArgs {
  query: string;
  isRegex?: boolean;
  caseSensitive?: boolean;
  glob?: string;
  maxResults?: number;
}

/** Text search with ripgrep across the workspace folders; `path:line: text` per match, capped. */
export async function searchText(a: SearchArgs, signal: AbortSignal): Promise<ToolRun> {
  const rg = ripgrepPath();
  if (!rg) return err('Text search is not available: VS Code\'s ripgrep was not found.');
  if (!a.query) return err('The query is empty.');
  const limit = Math.min(Math.max(1, a.maxResults ?? SEARCH_LIMIT), 500);
  const out: { path: string; line: number; text: string }[] = [];
  let capped = false;
  for (const f of folders()) {
    const run = await runRipgrep(rg, searchArgs(a, excludeGlobs(f.uri)), f.uri.fsPath, limit - out.length + 1, signal);
    if (run.error) return err(a.isRegex ? `The search failed (is the regular expression valid?): ${run.error}` : `The search failed: ${run.error}`);
    for (const line of run.lines) {
      const m = parseSearchLine(line);
      if (m) out.push({ ...m, path: relativeName(vscode.Uri.joinPath(f.uri, m.path)) });
    }
    capped ||= run.capped || out.length > limit;
    if (out.length >= limit) break;
  }
  if (out.length > limit) {
    capped = true;
    out.length = limit;
  }
  return { content: formatSearch(a, out, capped, limit) };
}

const SYMBOL_KINDS = Object.fromEntries(Object.entries(vscode.SymbolKind).filter(([, v]) => typeof v === 'number').map(([k, v]) => [v, k.toLowerCase()]));

export async function documentSymbols(p: ToolPath): Promise<ToolRun> {
  const symbols = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>('vscode.executeDocumentSymbolProvider', p.uri);
  if (!symbols?.length) return { content: `No symbols found in ${p.relative} (no language extension provides them, or the file has none).` };
  const out: string[] = [];
  const walk = (list: (vscode.DocumentSymbol | vscode.SymbolInformation)[], depth: number) => {
    for (const s of list) {
      if (out.length >= 300) return;
      const range = 'range' in s ? s.range : s.location.range;
      out.push(`${'  '.repeat(depth)}${SYMBOL_KINDS[s.kind] ?? 'symbol'} ${s.name} (lines ${range.start.line + 1}-${range.end.line + 1})`);
      if ('children' in s && s.children.length) walk(s.children, depth + 1);
    }
  };
  walk(symbols, 0);
  return { content: `${p.relative}:\n${out.join('\n')}` };
}

export async function workspaceSymbols(query: string): Promise<ToolRun> {
  const symbols = (await vscode.commands.executeCommand<vscode.SymbolInformation[] | undefined>('vscode.executeWorkspaceSymbolProvider', query)) ?? [];
  if (!symbols.length) return { content: `No workspace symbols match ${JSON.stringify(query)}.` };
  const out = symbols.slice(0, 100).map((s) => `${SYMBOL_KINDS[s.kind] ?? 'symbol'} ${s.name}${s.containerName ? ` in ${s.containerName}` : ''}: ${relativeName(s.location.uri)}:${s.location.range.start.line + 1}`);
  return { content: `${symbols.length} symbol(s)${symbols.length > 100 ? ' (first 100)' : ''}:\n${out.join('\n')}` };
}

const SEVERITY = ['error', 'warning', 'information', 'hint'];

export function problems(p: ToolPath | undefined): ToolRun {
  const entries: [vscode.Uri, readonly vscode.Diagnostic[]][] = p ? [[p.uri, vscode.languages.getDiagnostics(p.uri)]] : vscode.languages.getDiagnostics();
  const out: string[] = [];
  let total = 0;
  for (const [uri, diags] of entries) {
    for (const d of [...diags].sort((a, b) => a.severity - b.severity)) {
      total++;
      if (out.length < 200) out.push(`${relativeName(uri)}:${d.range.start.line + 1}: ${SEVERITY[d.severity] ?? 'problem'}: ${d.message.split('\n')[0]}${d.source ? ` (${d.source})` : ''}`);
    }
  }
  if (!total) return { content: p ? `No problems in ${p.relative}.` : 'No problems in the workspace.' };
  return { content: `${total} problem(s)${total > out.length ? ` (first ${out.length})` : ''}:\n${out.join('\n')}` };
}

interface GitRepository {
  readonly rootUri: vscode.Uri;
  diff(cached?: boolean): Promise<string>;
}

/** The uncommitted changes, from VS Code's built-in git extension. */
export async function gitChanges(which: 'staged' | 'unstaged' | 'all' | undefined): Promise<ToolRun> {
  const ext = vscode.extensions.getExtension<{ getAPI(version: 1): { repositories: GitRepository[] } }>('vscode.git');
  if (!ext) return err('The git extension of VS Code is not available.');
  const api = (ext.isActive ? ext.exports : await ext.activate()).getAPI(1);
  if (!api.repositories.length) return { content: 'The workspace has no git repository.' };
  const out: string[] = [];
  for (const repo of api.repositories) {
    const parts: string[] = [];
    if (which !== 'unstaged') parts.push(await repo.diff(true));
    if (which !== 'staged') parts.push(await repo.diff(false));
    const diff = parts.filter(Boolean).join('\n');
    out.push(diff ? `${relativeName(repo.rootUri)}:\n${diff}` : `${relativeName(repo.rootUri)}: no ${which === 'all' || !which ? '' : `${which} `}changes.`);
  }
  const text = out.join('\n\n');
  return { content: text.length > PAGE_CHARS * 2 ? `${text.slice(0, PAGE_CHARS * 2)}\n(diff cut at ${PAGE_CHARS * 2} characters)` : text };
}

