import * as vscode from 'vscode';
import type { CodeSelection, DiagnosticInfo } from '../core/prompts/codePrompts';
import { expandToLines } from '../core/edits/placement';

/**
 * What every code command accepts as its argument, so tests and code actions can drive them
 * without UI. From a menu VS Code passes the document's Uri instead; that is accepted too.
 */
export interface CodeCommandArgs {
  /** The document (default: the active editor's). */
  uri?: vscode.Uri | string;
  /** The code to work on (default: the editor's selection). */
  range?: vscode.Range;
  /** Refactor: the instruction; Ask: the question (no input box is shown when given). */
  instruction?: string;
  /** Fix: the problems to fix (default: the diagnostics VS Code has in the range). */
  diagnostics?: readonly vscode.Diagnostic[];
  /** A model for this request, as a reference string (`tokenhot|gpt-5`; default: the code model setting, else the chat model). */
  model?: string;
  /** Explain/Ask: start a new chat conversation (default: the `tokenhub.chat.codeQuestions` setting). */
  newConversation?: boolean;
  /** Cancels the request, as the notification's Cancel button does. */
  token?: vscode.CancellationToken;
}

/** What a command did (the return value of `executeCommand`, read by tests). */
export type CodeCommandResult =
  | { status: 'proposed'; proposalId: string; proposalUri: vscode.Uri }
  | { status: 'sent' }
  | { status: 'cancelled' }
  | { status: 'noTarget' }
  | { status: 'tooLarge' }
  | { status: 'noCode' }
  | { status: 'failed'; error: unknown };

export function parseArgs(raw: unknown): CodeCommandArgs {
  if (raw instanceof vscode.Uri) return { uri: raw };
  if (raw && typeof raw === 'object') return raw as CodeCommandArgs;
  return {};
}

export interface CodeTarget {
  document: vscode.TextDocument;
  /** The range the command works on (whole lines for the edit commands). */
  range: vscode.Range;
  /** The path shown to the model and the user: workspace-relative, else the file name. */
  displayPath: string;
}

/** How many lines around the selection are sent as context (fewer when the budget is tight). */
export const CONTEXT_LINES = 30;

/**
 * The document and range a command works on: from its arguments, else the active editor's
 * selection (an empty selection means the cursor's line). Edit commands take whole lines so the
 * replacement keeps the indentation and line breaks around it intact.
 */
export async function resolveTarget(args: CodeCommandArgs, wholeLines: boolean): Promise<CodeTarget | undefined> {
  const editor = vscode.window.activeTextEditor;
  let document: vscode.TextDocument | undefined;
  const uri = typeof args.uri === 'string' ? vscode.Uri.parse(args.uri) : args.uri;
  if (uri) {
    document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? (await vscode.workspace.openTextDocument(uri));
  } else {
    document = editor?.document;
  }
  if (!document) return undefined;
  let range: vscode.Range | undefined = args.range;
  if (!range && editor && editor.document === document) range = editor.selection;
  if (!range) return undefined;
  range = document.validateRange(range);
  if (range.isEmpty) range = document.lineAt(range.start.line).range;
  if (wholeLines) {
    const text = document.getText();
    const r = expandToLines(text, document.offsetAt(range.start), document.offsetAt(range.end));
    range = new vscode.Range(document.positionAt(r.start), document.positionAt(r.end));
  }
  if (!document.getText(range).trim()) return undefined;
  return { document, range, displayPath: displayPath(document.uri) };
}

export function displayPath(uri: vscode.Uri): string {
  if (uri.scheme === 'untitled') return uri.path;
  return vscode.workspace.asRelativePath(uri, false);
}

/** The selection with `contextLines` lines before and after it, as the prompt builders take it. */
export function toCodeSelection(target: CodeTarget, contextLines: number): CodeSelection {
  const { document, range } = target;
  const startLine = range.start.line;
  const endLine = range.end.character === 0 && range.end.line > startLine ? range.end.line - 1 : range.end.line;
  const beforeStart = Math.max(0, startLine - contextLines);
  const afterEnd = Math.min(document.lineCount - 1, endLine + contextLines);
  const before = contextLines > 0 && startLine > 0 ? document.getText(new vscode.Range(beforeStart, 0, startLine, 0)) : '';
  const after = contextLines > 0 && endLine < document.lineCount - 1 ? document.getText(new vscode.Range(endLine + 1, 0, afterEnd, document.lineAt(afterEnd).text.length)) : '';
  return {
    path: target.displayPath,
    languageId: document.languageId,
    code: document.getText(range),
    startLine: startLine + 1,
    endLine: endLine + 1,
    totalLines: document.lineCount,
    before,
    after,
  };
}

const SEVERITY: Record<vscode.DiagnosticSeverity, DiagnosticInfo['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'information',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

export function toDiagnosticInfo(d: vscode.Diagnostic): DiagnosticInfo {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return {
    line: d.range.start.line + 1,
    severity: SEVERITY[d.severity] ?? 'error',
    message: d.message,
    source: d.source,
    code: code === undefined ? undefined : String(code),
  };
}
