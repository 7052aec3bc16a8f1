import * as vscode from 'vscode';
import type { Blocked } from '../core/completions/eligibility';
import type { CompletionEngine, CompletionResult } from '../core/completions/engine';
import type { LinesSource } from '../core/completions/cursor';
import { cursorWindow } from '../core/completions/cursor';
import type { Snippet } from '../core/completions/prompt';
import { linkedSignal } from '../platform/cancellation';

/** A document's lines as the cursor window reads them (only the lines of the window are read). */
export function documentLines(document: vscode.TextDocument): LinesSource {
  return { lineCount: document.lineCount, lineText: (line) => document.lineAt(line).text };
}

/** One call of the provider: what it returned, or why it asked nothing. */
export interface ProvideEvent {
  document: vscode.TextDocument;
  position: vscode.Position;
  /** How VS Code asked: as the user typed, or on request (a keybinding, a command). */
  explicit: boolean;
  blocked?: Blocked;
  result?: CompletionResult;
  /** Set when the result was not shown: it does not go on from this suggestion selected in the suggest widget. */
  selected?: string;
}

export interface ProviderHooks {
  /** Why no completion may be asked for in this document now, or undefined. */
  blocked(document: vscode.TextDocument): Blocked | undefined;
  snippets(document: vscode.TextDocument): Snippet[];
  /** Told what happened, for the status bar and for tests. */
  onDidProvide?(event: ProvideEvent): void;
}

/**
 * The inline completion provider: VS Code's side of the engine. Reads the window around the
 * cursor, asks the engine (cache, pause, request) and hands back one item at the cursor, with
 * the document's own line breaks.
 */
export class CompletionProvider implements vscode.InlineCompletionItemProvider {
  constructor(
    private readonly engine: () => CompletionEngine,
    private readonly hooks: ProviderHooks,
  ) {}

  async provideInlineCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[] | undefined> {
    const explicit = context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke;
    const blocked = this.hooks.blocked(document);
    if (blocked) {
      this.hooks.onDidProvide?.({ document, position, explicit, blocked });
      return undefined;
    }
    const window = cursorWindow(documentLines(document), position.line, position.character);
    const abort = linkedSignal(token, undefined);
    let result: CompletionResult | undefined;
    try {
      result = await this.engine().provide(
        {
          uri: document.uri.toString(),
          path: vscode.workspace.asRelativePath(document.uri),
          languageId: document.languageId,
          offset: document.offsetAt(position),
          window,
          snippets: this.hooks.snippets(document),
          explicit,
        },
        abort.signal,
      );
    } finally {
      abort.dispose();
    }
    if (!result || token.isCancellationRequested) return undefined;
    const text = document.eol === vscode.EndOfLine.CRLF ? result.text.replace(/\n/g, '\r\n') : result.text;
    const item = this.item(document, position, text, result.replace, context.selectedCompletionInfo);
    this.hooks.onDidProvide?.({ document, position, explicit, result, ...(item ? {} : { selected: context.selectedCompletionInfo?.text }) });
    return item ? [item] : undefined;
  }

  /**
   * The item at the cursor. While the suggest widget is open, VS Code shows ghost text only when it
   * goes on from the suggestion selected there: the item then replaces the word being completed
   * with that word and the completion, and is left out when they disagree.
   */
  private item(document: vscode.TextDocument, position: vscode.Position, text: string, replace: number, selected: vscode.SelectedCompletionInfo | undefined): vscode.InlineCompletionItem | undefined {
    // Over the closing marks after the cursor that the completion writes itself (VS Code shows
    // the ones it keeps as part of the ghost text).
    const end = position.translate(0, replace);
    if (!selected) return new vscode.InlineCompletionItem(text, new vscode.Range(position, end));
    const start = selected.range.start;
    if (start.line !== position.line || start.isAfter(position)) return undefined;
    const full = document.getText(new vscode.Range(start, position)) + text;
    return full.startsWith(selected.text) ? new vscode.InlineCompletionItem(full, new vscode.Range(start, end)) : undefined;
  }
}
