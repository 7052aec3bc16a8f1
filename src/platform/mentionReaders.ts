import * as vscode from 'vscode';
import type { MentionKind, MentionPart } from '../core/conversation/parts';
import type { MentionSource } from '../core/mentions/mentionText';
import { contentHash, keepHead, makeMention, mentionBlock, MENTION_LIMITS } from '../core/mentions/mentionText';
import { estimateTokens } from '../core/edits/budget';
import { isSecretFile } from '../core/safety/sensitiveFiles';
import { gitDiff, gitScopeOf } from './gitContext';
import type { TerminalContext } from './terminalContext';
import type { WorkspaceFileIndex } from './workspaceFiles';
import { workspaceRelative } from './workspaceFiles';

// Reading what a mention points at, as VS Code sees it: the editor's text when a file is open
// (unsaved changes included), else the disk's; diagnostics; the terminal; git. What the model is
// told (the line before each block) is English; what the user reads (labels, reasons) is theirs.

/** What reading a mention gave: the part, or why there is none (in the user's language). */
export type MentionRead =
  | {
      ok: true;
      part: MentionPart;
      /** The file may hold secrets (`.env`, keys): its workspace-relative path, to ask about first. */
      secret?: string;
    }
  | { ok: false; reason: string };

const refuse = (reason: string): MentionRead => ({ ok: false, reason });

function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1) || uri.path;
}

function parseUri(ref: string): vscode.Uri | undefined {
  try {
    return vscode.Uri.parse(ref, true);
  } catch {
    return undefined;
  }
}

/** The symbol reference the picker sends: `symbol:<line>:<name>:<uri>` (line 0-based). */
export function symbolRef(name: string, line: number, uri: vscode.Uri): string {
  return `symbol:${line}:${encodeURIComponent(name)}:${uri.toString()}`;
}

function parseSymbolRef(ref: string): { line: number; name: string; uri: vscode.Uri } | undefined {
  const m = /^symbol:(\d+):([^:]+):(.+)$/.exec(ref);
  const uri = m ? parseUri(m[3]!) : undefined;
  if (!m || !uri) return undefined;
  try {
    return { line: Number(m[1]), name: decodeURIComponent(m[2]!), uri };
  } catch {
    return undefined;
  }
}

/** Whether the URI is open in the editor (a tab or a loaded document): the user can mention what they have open. */
export function isOpenInEditor(uri: vscode.Uri): boolean {
  const key = uri.toString();
  if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) return true;
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key));
}

/** A file's text: the open document's (with unsaved changes) or the disk's; undefined with a reason when it is not text. */
export async function readFileText(uri: vscode.Uri): Promise<{ text: string; languageId: string; dirty: boolean } | { error: string }> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (doc) return { text: doc.getText(), languageId: doc.languageId, dirty: doc.isDirty };
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch {
    return { error: vscode.l10n.t('{0} cannot be read (it may have been moved or deleted).', basename(uri)) };
  }
  if (bytes.subarray(0, 8000).includes(0)) return { error: vscode.l10n.t('{0} is not a text file.', basename(uri)) };
  const ext = /\.([\w-]+)$/.exec(uri.path)?.[1] ?? '';
  return { text: new TextDecoder('utf-8').decode(bytes), languageId: ext, dirty: false };
}

const SYMBOL_KIND_NAMES = Object.fromEntries(Object.entries(vscode.SymbolKind).filter(([, v]) => typeof v === 'number').map(([k, v]) => [v, k.toLowerCase()]));
const SEVERITY = ['error', 'warning', 'information', 'hint'];

export class MentionReaders {
  constructor(
    private readonly files: WorkspaceFileIndex,
    private readonly terminals: TerminalContext,
  ) {}

  /** Reads a mention the user chose (from the picker, a drop, VS Code's chat); refs come from an untrusted view. */
  async read(kind: MentionKind, ref: string): Promise<MentionRead> {
    switch (kind) {
      case 'file':
      case 'editor': {
        const uri = parseUri(ref);
        if (!uri) return refuse(vscode.l10n.t('That file cannot be found.'));
        if (!vscode.workspace.getWorkspaceFolder(uri) && !isOpenInEditor(uri)) return refuse(vscode.l10n.t('Only files of the workspace, or open in the editor, can be mentioned.'));
        return this.file(kind, uri);
      }
      case 'folder': {
        const uri = parseUri(ref);
        if (!uri || !vscode.workspace.getWorkspaceFolder(uri)) return refuse(vscode.l10n.t('Only folders of the workspace can be mentioned.'));
        return this.folder(uri);
      }
      case 'symbol': {
        const s = parseSymbolRef(ref);
        if (!s || (!vscode.workspace.getWorkspaceFolder(s.uri) && !isOpenInEditor(s.uri))) return refuse(vscode.l10n.t('That symbol cannot be found.'));
        return this.symbol(s.name, s.line, s.uri);
      }
      case 'problems':
        return this.problems(ref);
      case 'terminal':
        return this.terminal(ref);
      case 'git':
        return this.git(ref);
    }
  }

  /** A dropped or referenced URI: a folder or a file, whichever it is. */
  async fromUri(uri: vscode.Uri): Promise<MentionRead> {
    let type: vscode.FileType | undefined;
    try {
      type = (await vscode.workspace.fs.stat(uri)).type;
    } catch {
      type = undefined;
    }
    const kind: MentionKind = type !== undefined && type & vscode.FileType.Directory ? 'folder' : 'file';
    return this.read(kind, uri.toString());
  }

  /** Lines of a file (a location VS Code's chat referenced): the lines the range covers. */
  async fromLocation(uri: vscode.Uri, range: vscode.Range): Promise<MentionRead> {
    if (!vscode.workspace.getWorkspaceFolder(uri) && !isOpenInEditor(uri)) return refuse(vscode.l10n.t('Only files of the workspace, or open in the editor, can be mentioned.'));
    const doc = await vscode.workspace.openTextDocument(uri).then(
      (d) => d,
      () => undefined,
    );
    if (!doc) return refuse(vscode.l10n.t('{0} cannot be read (it may have been moved or deleted).', basename(uri)));
    const start = Math.min(range.start.line, doc.lineCount - 1);
    const end = Math.min(Math.max(range.end.line - (range.end.character === 0 && range.end.line > range.start.line ? 1 : 0), start), doc.lineCount - 1);
    const whole = new vscode.Range(start, 0, end, doc.lineAt(end).text.length);
    const { text, cut } = keepHead(doc.getText(whole), MENTION_LIMITS.fileChars);
    const rel = workspaceRelative(uri);
    const source: MentionSource = { kind: 'file', label: `${basename(uri)}:${start + 1}-${end + 1}`, ref: uri.toString(), range: { startLine: start, endLine: end } };
    const part = makeMention(source, `File ${rel}, lines ${start + 1}-${end + 1}:`, text, { language: doc.languageId, truncated: cut });
    return isSecretFile(rel) ? { ok: true, part, secret: rel } : { ok: true, part };
  }

  private async file(kind: 'file' | 'editor', uri: vscode.Uri): Promise<MentionRead> {
    const read = await readFileText(uri);
    if ('error' in read) return refuse(read.error);
    const rel = workspaceRelative(uri);
    const { text, cut } = keepHead(read.text, MENTION_LIMITS.fileChars);
    const notes = [read.dirty ? 'open in the editor, with unsaved changes' : '', cut ? `its first ${text.length} of ${read.text.length} characters` : ''].filter(Boolean);
    const title = `File ${rel}${notes.length ? ` (${notes.join('; ')})` : ''}:`;
    const part = makeMention({ kind, label: basename(uri), ref: uri.toString() }, title, text, { language: read.languageId, truncated: cut });
    return isSecretFile(rel) ? { ok: true, part, secret: rel } : { ok: true, part };
  }

  private async folder(uri: vscode.Uri): Promise<MentionRead> {
    try {
      if (!((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory)) return this.file('file', uri);
    } catch {
      return refuse(vscode.l10n.t('{0} cannot be read (it may have been moved or deleted).', basename(uri)));
    }
    const rel = workspaceRelative(uri);
    const { entries, capped } = await this.files.filesUnder(uri);
    const base = uri.path.endsWith('/') ? uri.path : `${uri.path}/`;
    const inside = (e: { uri: vscode.Uri }) => e.uri.path.slice(base.length);
    const listed = entries.slice(0, MENTION_LIMITS.folderEntries);
    const more = entries.length - listed.length;
    const listing = listed.map(inside).join('\n') + (more > 0 || capped ? `\n(and ${more}${capped ? '+' : ''} more files)` : '');
    const blocks: string[] = [];
    const contents: string[] = [listing];
    let used = listing.length;
    let read = 0;
    let truncated = more > 0 || capped;
    for (const e of listed) {
      const name = inside(e);
      // Secret files are listed, never read into a folder mention: no question hides in a folder.
      if (isSecretFile(name)) continue;
      const r = await readFileText(e.uri);
      if ('error' in r || r.text.length > MENTION_LIMITS.folderFileChars) continue;
      if (used + r.text.length > MENTION_LIMITS.folderChars) {
        truncated = true;
        break;
      }
      used += r.text.length;
      read++;
      contents.push(r.text);
      blocks.push(mentionBlock(`File ${workspaceRelative(e.uri)}:`, r.text, r.languageId));
    }
    const count = `${entries.length}${capped ? '+' : ''}`;
    const title = `Folder ${rel || basename(uri)}/ (${count} files${read < entries.length ? `; the contents of ${read} of them follow the listing` : ''}):`;
    const text = [mentionBlock(title, listing), ...blocks].join('\n\n');
    const part: MentionPart = { type: 'mention', kind: 'folder', label: `${basename(uri)}/`, ref: uri.toString(), text, hash: contentHash(contents.join('\u0000')), tokens: estimateTokens(text) };
    if (truncated) part.truncated = true;
    return { ok: true, part };
  }

  private async symbol(name: string, line: number, uri: vscode.Uri): Promise<MentionRead> {
    const doc = await vscode.workspace.openTextDocument(uri).then(
      (d) => d,
      () => undefined,
    );
    if (!doc) return refuse(vscode.l10n.t('{0} cannot be read (it may have been moved or deleted).', basename(uri)));
    const symbols = (await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>('vscode.executeDocumentSymbolProvider', uri)) ?? [];
    const flat: { name: string; kind: vscode.SymbolKind; range: vscode.Range }[] = [];
    const walk = (list: readonly (vscode.DocumentSymbol | vscode.SymbolInformation)[]) => {
      for (const s of list) {
        flat.push({ name: s.name, kind: s.kind, range: 'range' in s ? s.range : s.location.range });
        if ('children' in s) walk(s.children);
      }
    };
    walk(symbols);
    // The same name nearest to where it was: the symbol may have moved since.
    const found = flat.filter((s) => s.name === name).sort((a, b) => Math.abs(a.range.start.line - line) - Math.abs(b.range.start.line - line))[0];
    if (!found) return refuse(vscode.l10n.t('{0} is no longer in {1}.', name, basename(uri)));
    const range = new vscode.Range(found.range.start.line, 0, found.range.end.line, doc.lineAt(found.range.end.line).text.length);
    const { text, cut } = keepHead(doc.getText(range), MENTION_LIMITS.fileChars);
    const rel = workspaceRelative(uri);
    const kindName = SYMBOL_KIND_NAMES[found.kind] ?? 'symbol';
    const source: MentionSource = { kind: 'symbol', label: name, ref: symbolRef(name, found.range.start.line, uri), range: { startLine: range.start.line, endLine: range.end.line } };
    const part = makeMention(source, `Symbol ${name} (${kindName}) in ${rel}, lines ${range.start.line + 1}-${range.end.line + 1}:`, text, { language: doc.languageId, truncated: cut });
    return isSecretFile(rel) ? { ok: true, part, secret: rel } : { ok: true, part };
  }

  private problems(ref: string): MentionRead {
    const one = ref.startsWith('problems:') ? parseUri(ref.slice('problems:'.length)) : undefined;
    if (ref !== 'problems' && !one) return refuse(vscode.l10n.t('That file cannot be found.'));
    const entries: [vscode.Uri, readonly vscode.Diagnostic[]][] = one ? [[one, vscode.languages.getDiagnostics(one)]] : vscode.languages.getDiagnostics();
    const rows: { severity: number; line: string }[] = [];
    for (const [uri, diags] of entries) {
      for (const d of diags) {
        rows.push({ severity: d.severity, line: `${workspaceRelative(uri)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${SEVERITY[d.severity] ?? 'problem'}: ${d.message.split('\n')[0]}${d.source ? ` (${d.source})` : ''}` });
      }
    }
    const label = one ? vscode.l10n.t('Problems in {0}', basename(one)) : vscode.l10n.t('Problems');
    if (!rows.length) return refuse(one ? vscode.l10n.t('There are no problems in {0}.', basename(one)) : vscode.l10n.t('There are no problems in the workspace.'));
    rows.sort((a, b) => a.severity - b.severity);
    const shown = rows.slice(0, MENTION_LIMITS.problems);
    const where = one ? workspaceRelative(one) : 'the workspace';
    const title = `Problems in ${where} (${rows.length}${shown.length < rows.length ? `, the first ${shown.length}` : ''}):`;
    return { ok: true, part: makeMention({ kind: 'problems', label, ref }, title, shown.map((r) => r.line).join('\n'), { truncated: shown.length < rows.length }) };
  }

  private terminal(ref: string): MentionRead {
    if (ref === 'terminal:selection') {
      const text = this.terminals.selection();
      if (!text) return refuse(vscode.l10n.t('Select some text in the terminal first.'));
      const name = vscode.window.activeTerminal?.name ?? 'terminal';
      const { text: kept, cut } = keepHead(text, MENTION_LIMITS.terminalChars);
      return { ok: true, part: makeMention({ kind: 'terminal', label: vscode.l10n.t('Terminal selection'), ref }, `Text selected in the terminal "${name}":`, kept, { truncated: cut }) };
    }
    if (ref === 'terminal:last') {
      const last = this.terminals.lastCommand();
      if (!last) {
        return refuse(
          this.terminals.tracksCommands
            ? vscode.l10n.t('No command has finished in a terminal with shell integration yet. Run one, or select text in the terminal.')
            : vscode.l10n.t('This version of VS Code does not report terminal commands. Select text in the terminal instead.'),
        );
      }
      const status = last.running ? 'still running' : last.exitCode === undefined ? 'exit code not reported' : `exit code ${last.exitCode}`;
      const title = `The last command in the terminal "${last.terminal}" (${status})${last.cut ? ', the end of its output' : ''}:`;
      const label = vscode.l10n.t('Terminal: {0}', last.commandLine.length > 40 ? `${last.commandLine.slice(0, 39)}…` : last.commandLine);
      return { ok: true, part: makeMention({ kind: 'terminal', label, ref }, title, `$ ${last.commandLine}\n${last.output}`, { truncated: last.cut }) };
    }
    return refuse(vscode.l10n.t('Select some text in the terminal first.'));
  }

  private async git(ref: string): Promise<MentionRead> {
    const scope = gitScopeOf(ref);
    if (!scope) return refuse(vscode.l10n.t('That branch name is not valid.'));
    const result = await gitDiff(scope, workspaceRelative);
    if ('error' in result) {
      if (result.error === 'noGit') return refuse(vscode.l10n.t('The Git extension of VS Code is not available.'));
      if (result.error === 'gitOff') return refuse(vscode.l10n.t('Git is turned off in VS Code (the git.enabled setting).'));
      if (result.error === 'noRepository') return refuse(vscode.l10n.t('The workspace has no Git repository.'));
      return refuse(vscode.l10n.t('Git could not tell the changes: {0}', result.detail ?? ''));
    }
    const label = scope.kind === 'staged' ? vscode.l10n.t('Staged changes') : scope.kind === 'unstaged' ? vscode.l10n.t('Unstaged changes') : vscode.l10n.t('Changes against {0}', scope.ref);
    if (!result.diff.trim()) {
      return refuse(scope.kind === 'staged' ? vscode.l10n.t('There are no staged changes.') : scope.kind === 'unstaged' ? vscode.l10n.t('There are no unstaged changes.') : vscode.l10n.t('There are no changes against {0}.', scope.ref));
    }
    const { text, cut } = keepHead(result.diff, MENTION_LIMITS.gitChars);
    const what = scope.kind === 'staged' ? 'The staged changes (git diff --cached)' : scope.kind === 'unstaged' ? 'The unstaged changes (git diff)' : `The changes of the working tree against ${scope.ref} (git diff ${scope.ref})`;
    return { ok: true, part: makeMention({ kind: 'git', label, ref }, `${what}${cut ? `, the first ${text.length} characters` : ''}:`, text, { language: 'diff', truncated: cut }) };
  }
}
