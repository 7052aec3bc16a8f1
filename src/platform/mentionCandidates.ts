import * as vscode from 'vscode';
import type { MentionKind } from '../core/conversation/parts';
import { fuzzyMatch, nameStart } from '../core/mentions/fuzzy';
import type { FuzzyResult } from '../core/mentions/fuzzy';
import { parseMentionQuery } from '../core/mentions/mentionQuery';
import type { MentionCandidate } from '../core/protocol/chatProtocol';
import { isSecretFile } from '../core/safety/sensitiveFiles';
import { gitSummary } from './gitContext';
import { symbolRef } from './mentionReaders';
import type { TerminalContext } from './terminalContext';
import type { WorkspaceEntry, WorkspaceFileIndex } from './workspaceFiles';
import { workspaceRelative } from './workspaceFiles';

// What the @-mention picker lists for a query: with no kind named, the open editors, files and
// folders that match, and the problems, terminal and git entries whose names match; with a kind
// (`file:`, `symbol:`…), only that kind. Files come from the fuzzy index (milliseconds on a
// large workspace); symbols ask the language servers, so only when asked for by `symbol:`.

const FILES_SHOWN = 30;
const FOLDERS_SHOWN = 10;
const ALL_SHOWN = 60;

/** The picker's headings: choosing one types its prefix and lists only that kind. */
function categories(): MentionCandidate[] {
  const c = (kind: MentionKind, label: string, detail: string): MentionCandidate => ({ kind: 'category', ref: `${kind}:`, label, detail, icon: ICONS[kind] });
  return [
    c('file', vscode.l10n.t('Files'), 'file:'),
    c('folder', vscode.l10n.t('Folders'), 'folder:'),
    c('symbol', vscode.l10n.t('Symbols'), 'symbol:'),
    c('problems', vscode.l10n.t('Problems'), 'problems:'),
    c('terminal', vscode.l10n.t('Terminal'), 'terminal:'),
    c('git', vscode.l10n.t('Git changes'), 'git:'),
    c('editor', vscode.l10n.t('Open editors'), 'editor:'),
  ];
}

const ICONS: Record<MentionKind, string> = {
  file: 'file',
  folder: 'folder',
  symbol: 'symbol-method',
  problems: 'warning',
  terminal: 'terminal',
  git: 'git-compare',
  editor: 'files',
};

const SYMBOL_ICONS: Partial<Record<vscode.SymbolKind, string>> = {
  [vscode.SymbolKind.Class]: 'symbol-class',
  [vscode.SymbolKind.Interface]: 'symbol-interface',
  [vscode.SymbolKind.Function]: 'symbol-function',
  [vscode.SymbolKind.Method]: 'symbol-method',
  [vscode.SymbolKind.Variable]: 'symbol-variable',
  [vscode.SymbolKind.Constant]: 'symbol-constant',
  [vscode.SymbolKind.Enum]: 'symbol-enum',
  [vscode.SymbolKind.Property]: 'symbol-property',
  [vscode.SymbolKind.Field]: 'symbol-field',
  [vscode.SymbolKind.Module]: 'symbol-module',
  [vscode.SymbolKind.Namespace]: 'symbol-namespace',
};

/** A file or folder entry: its name as the label, its folder as the detail, each with its matched characters. */
function entryCandidate(kind: 'file' | 'folder' | 'editor', e: WorkspaceEntry, positions: readonly number[], key = e.path): MentionCandidate {
  const start = nameStart(key.replace(/\/$/, ''));
  const label = key.slice(start).replace(/\/$/, '') + (kind === 'folder' ? '/' : '');
  const detail = key.slice(0, Math.max(0, start - 1));
  const c: MentionCandidate = { kind, ref: e.uri.toString(), label };
  if (detail) c.detail = detail;
  const match = positions.filter((p) => p >= start).map((p) => p - start);
  const detailMatch = positions.filter((p) => p < start - 1);
  if (match.length) c.match = match;
  if (detailMatch.length) c.detailMatch = detailMatch;
  if (kind !== 'folder' && isSecretFile(e.path)) c.sensitive = true;
  return c;
}

/** A fixed entry (problems, terminal, git) when its label matches the query (all of them for no query). */
function labelled(c: MentionCandidate, text: string): MentionCandidate | undefined {
  if (!text) return c;
  const m = fuzzyMatch(text, c.label);
  return m ? { ...c, match: m.positions } : undefined;
}

function openEditors(): WorkspaceEntry[] {
  const seen = new Set<string>();
  const out: WorkspaceEntry[] = [];
  const active = vscode.window.activeTextEditor?.document.uri;
  const uris = [...(active ? [active] : []), ...vscode.window.tabGroups.all.flatMap((g) => g.tabs.flatMap((t) => (t.input instanceof vscode.TabInputText ? [t.input.uri] : [])))];
  for (const uri of uris) {
    if (seen.has(uri.toString()) || (uri.scheme !== 'file' && uri.scheme !== 'untitled' && uri.scheme !== 'vscode-remote')) continue;
    seen.add(uri.toString());
    out.push({ uri, path: workspaceRelative(uri) });
  }
  return out;
}

export class MentionCandidates {
  constructor(
    private readonly files: WorkspaceFileIndex,
    private readonly terminals: TerminalContext,
  ) {}

  async list(query: string): Promise<MentionCandidate[]> {
    const { kind, text } = parseMentionQuery(query);
    if (!kind && !text) return [...categories(), ...openEditors().slice(0, 8).map((e) => entryCandidate('editor', e, []))];
    switch (kind) {
      case 'file':
        return this.fileCandidates(text, ALL_SHOWN);
      case 'folder':
        return (await this.files.searchFolders(text, ALL_SHOWN)).map((r) => entryCandidate('folder', r.item, r.positions, `${r.item.path}/`));
      case 'editor':
        return this.editors(text);
      case 'symbol':
        return this.symbols(text);
      case 'problems':
        return this.fixed(['problems'], text);
      case 'terminal':
        return this.fixed(['terminal'], text);
      case 'git':
        return this.fixed(['git'], text);
      case undefined: {
        const [editors, files, folders, fixed] = await Promise.all([this.editors(text), this.fileCandidates(text, FILES_SHOWN), this.files.searchFolders(text, FOLDERS_SHOWN), this.fixed(['problems', 'terminal', 'git'], text)]);
        const open = new Set(editors.map((e) => e.ref));
        const cats = categories().filter((c) => fuzzyMatch(text, c.label) || c.ref.startsWith(text));
        return [...editors, ...files.filter((f) => !open.has(f.ref)), ...folders.map((r) => entryCandidate('folder', r.item, r.positions, `${r.item.path}/`)), ...fixed, ...cats].slice(0, ALL_SHOWN);
      }
    }
  }

  private async fileCandidates(text: string, limit: number): Promise<MentionCandidate[]> {
    const found: FuzzyResult<WorkspaceEntry>[] = await this.files.searchFiles(text, limit);
    return found.map((r) => entryCandidate('file', r.item, r.positions));
  }

  private editors(text: string): MentionCandidate[] {
    const out: { c: MentionCandidate; score: number }[] = [];
    for (const e of openEditors()) {
      const m = fuzzyMatch(text, e.path);
      if (m) out.push({ c: entryCandidate('editor', e, m.positions), score: m.score });
    }
    // With no query, the active editor first (the order of openEditors); else the best match.
    if (text) out.sort((a, b) => b.score - a.score);
    return out.slice(0, 10).map((x) => x.c);
  }

  private async symbols(text: string): Promise<MentionCandidate[]> {
    const out: MentionCandidate[] = [];
    if (!text) {
      // No name yet: the symbols of the active editor.
      const uri = vscode.window.activeTextEditor?.document.uri;
      if (!uri) return [];
      const list = (await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>('vscode.executeDocumentSymbolProvider', uri)) ?? [];
      const walk = (l: readonly (vscode.DocumentSymbol | vscode.SymbolInformation)[]) => {
        for (const s of l) {
          if (out.length >= ALL_SHOWN) return;
          const range = 'range' in s ? s.range : s.location.range;
          out.push({ kind: 'symbol', ref: symbolRef(s.name, range.start.line, uri), label: s.name, detail: `${workspaceRelative(uri)}:${range.start.line + 1}`, icon: SYMBOL_ICONS[s.kind] ?? 'symbol-misc' });
          if ('children' in s) walk(s.children);
        }
      };
      walk(list);
      return out;
    }
    const found = (await vscode.commands.executeCommand<vscode.SymbolInformation[] | undefined>('vscode.executeWorkspaceSymbolProvider', text)) ?? [];
    const scored = found
      .map((s) => ({ s, m: fuzzyMatch(text, s.name) }))
      .filter((x) => x.m)
      .sort((a, b) => b.m!.score - a.m!.score)
      .slice(0, ALL_SHOWN);
    for (const { s, m } of scored) {
      const detail = `${s.containerName ? `${s.containerName} · ` : ''}${workspaceRelative(s.location.uri)}:${s.location.range.start.line + 1}`;
      out.push({ kind: 'symbol', ref: symbolRef(s.name, s.location.range.start.line, s.location.uri), label: s.name, detail, match: m!.positions, icon: SYMBOL_ICONS[s.kind] ?? 'symbol-misc' });
    }
    return out;
  }

  /** Problems, the terminal and git: a few fixed entries, offered when there is something to take. */
  private async fixed(kinds: readonly MentionKind[], text: string): Promise<MentionCandidate[]> {
    const out: MentionCandidate[] = [];
    const add = (c: MentionCandidate) => {
      const l = labelled(c, text);
      if (l) out.push(l);
    };
    if (kinds.includes('problems')) {
      const all = vscode.languages.getDiagnostics().reduce((n, [, d]) => n + d.length, 0);
      add({ kind: 'problems', ref: 'problems', label: vscode.l10n.t('Problems'), detail: vscode.l10n.t('{0} in the workspace', all) });
      const active = vscode.window.activeTextEditor?.document.uri;
      if (active) {
        const n = vscode.languages.getDiagnostics(active).length;
        add({ kind: 'problems', ref: `problems:${active.toString()}`, label: vscode.l10n.t('Problems in {0}', active.path.slice(active.path.lastIndexOf('/') + 1)), detail: vscode.l10n.t('{0} in the current file', n) });
      }
    }
    if (kinds.includes('terminal')) {
      const selection = this.terminals.selection();
      if (selection) add({ kind: 'terminal', ref: 'terminal:selection', label: vscode.l10n.t('Terminal selection'), detail: selection.split('\n')[0]!.slice(0, 60) });
      const last = this.terminals.lastCommand();
      add({ kind: 'terminal', ref: 'terminal:last', label: vscode.l10n.t('Terminal: last command'), detail: last ? `$ ${last.commandLine}${last.exitCode !== undefined ? ` (${last.exitCode})` : ''}` : vscode.l10n.t('its output, from shell integration') });
    }
    if (kinds.includes('git')) {
      const git = await gitSummary();
      if (git) {
        add({ kind: 'git', ref: 'git:unstaged', label: vscode.l10n.t('Unstaged changes'), detail: vscode.l10n.t('{0} files', git.unstaged) });
        add({ kind: 'git', ref: 'git:staged', label: vscode.l10n.t('Staged changes'), detail: vscode.l10n.t('{0} files', git.staged) });
        for (const b of git.branches.slice(0, 20)) add({ kind: 'git', ref: `git:ref:${b}`, label: vscode.l10n.t('Changes against {0}', b), detail: 'git diff' });
      }
    }
    return out;
  }
}
