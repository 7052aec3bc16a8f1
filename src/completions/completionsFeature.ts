import * as vscode from 'vscode';
import { costPerThousand, TYPICAL_PROMPT_TOKENS } from '../core/completions/completionModels';
import type { Blocked } from '../core/completions/eligibility';
import { completionsToday, languageEnabled, whyNot } from '../core/completions/eligibility';
import type { CompletionEngine, RunOutcome } from '../core/completions/engine';
import { formatCost } from '../core/pricing';
import { Commands, Settings, StorageKeys } from '../platform/ids';
import { Disposable, toDisposable } from '../platform/lifecycle';
import type { Services } from '../platform/services';
import { onNewDay } from '../platform/usageFormat';
import { completionModel, pickCompletionModel, setCompletionModel } from './completionModelPicker';
import { CompletionProvider } from './completionProvider';
import type { ProvideEvent } from './completionProvider';
import { CompletionSettings } from './completionSettings';
import { CompletionStatusBar } from './completionStatusBar';
import { RecentEdits } from './recentEdits';
import type * as EngineCodeModule from './completionEngineCode';

type EngineCode = typeof EngineCodeModule;
let engineCode: EngineCode | undefined;

/** Loaded when completions may first be asked for, not at activation (./completionEngineCode.ts). */
function loadEngineCode(): EngineCode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (engineCode ??= require('./completionEngineCode') as EngineCode);
}

/** What the first-use prompt returns: turn on, choose another model first, or not now. */
export type CostAnswer = 'on' | 'model' | undefined;

/** A block shown by its first line is completed on screen only this soon after (later, the user has moved on). */
const REFRESH_WITHIN_MS = 4_000;

/**
 * Inline completions (ghost text) from the user's own models over `/chat/completions`: off until
 * turned on, told what they cost first, never in files with secrets or untrusted workspaces
 * (unless allowed), stopped by a daily limit. The logic is in src/core/completions (the engine);
 * this folder is its VS Code side: the provider, the status bar, the commands, the listeners.
 */
export class CompletionsFeature extends Disposable {
  readonly settings: CompletionSettings;
  /** The engine, built when first needed (the first keystroke or request where completions may run). */
  private loadedEngine: CompletionEngine | undefined;
  readonly provider: CompletionProvider;
  readonly statusBar: CompletionStatusBar;
  private readonly recent: RecentEdits;
  private readonly _onDidProvide = this._register(new vscode.EventEmitter<ProvideEvent>());
  /** Every call of the provider that got an answer or was refused (tests and the status bar). */
  readonly onDidProvide = this._onDidProvide.event;
  private key: string | undefined;
  private problem: string | undefined;
  private shownAt = 0;
  /** The first-use prompt (tests replace it: a modal dialog cannot be clicked from the extension host). */
  askCost: (message: string, detail: string) => Promise<CostAnswer> = async (message, detail) => {
    const on = vscode.l10n.t('Turn On');
    const choose = vscode.l10n.t('Choose Model…');
    const answer = await vscode.window.showInformationMessage(message, { modal: true, detail }, on, choose);
    return answer === on ? 'on' : answer === choose ? 'model' : undefined;
  };
  /** The model quick pick (tests drive it). */
  pickModel: () => Promise<string | undefined> = () => pickCompletionModel(this.services.models);

  constructor(private readonly services: Services) {
    super();
    this.settings = new CompletionSettings(services.settings);
    this.recent = this._register(new RecentEdits());
    this.statusBar = this._register(new CompletionStatusBar());
    this.provider = new CompletionProvider(() => this.engine, {
      blocked: (doc) => this.blocked(doc),
      snippets: (doc) => this.recent.snippetsFor(doc),
      onDidProvide: (e) => {
        if (e.result) this.shownAt = Date.now();
        if (e.blocked === 'limit') this.updateStatus();
        this._onDidProvide.fire(e);
      },
    });
    this._register(vscode.languages.registerInlineCompletionItemProvider({ pattern: '**' }, this.provider));

    const register = (id: string, fn: (...args: never[]) => unknown) => this._register(vscode.commands.registerCommand(id, fn));
    register(Commands.toggleCompletions, () => this.toggle());
    register(Commands.selectCompletionModel, (id?: string) => this.selectModel(id));
    register(Commands.toggleCompletionsForLanguage, (languageId?: string) => this.toggleLanguage(languageId));

    // Keystrokes and cursor moves in the active editor decide the fate of the request in flight.
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        const editor = vscode.window.activeTextEditor;
        if (!editor || e.document !== editor.document || !e.contentChanges.length) return;
        // Where no completion may be asked for, nothing goes to the gateway (not even a warm-up).
        if (this.blocked(e.document)) return this.loadedEngine?.abort();
        const uri = e.document.uri.toString();
        for (const c of e.contentChanges) this.engine.edited(uri, { offset: c.rangeOffset, removed: c.rangeLength, inserted: c.text.replace(/\r\n/g, '\n') });
      }),
    );
    this._register(
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor !== vscode.window.activeTextEditor) return;
        const s = e.selections[0];
        if (s) this.loadedEngine?.cursorMoved(e.textEditor.document.uri.toString(), s.isEmpty ? e.textEditor.document.offsetAt(s.active) : -1);
      }),
    );
    this._register(
      vscode.window.onDidChangeActiveTextEditor(() => {
        this.loadedEngine?.abort();
        this.updateStatus();
      }),
    );
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (this.settings.affects(e) || e.affectsConfiguration(`${Settings.section}.${Settings.showStatusBar}`)) this.configChanged();
      }),
    );
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.updateStatus()));
    this._register(services.models.onDidChangeCurrent((p) => p === 'completion' && this.updateStatus()));
    this._register(services.models.onDidChangeModels(() => this.updateStatus()));
    this._register(services.usage.onDidRecord(() => this.updateStatus()));
    this._register(onNewDay(() => this.updateStatus()));
    this._register(services.keys.onDidChange(() => void this.readKey()));
    void this.readKey();
    this.updateStatus();
  }

  get engine(): CompletionEngine {
    if (this.loadedEngine) return this.loadedEngine;
    const services = this.services;
    const engine = new (loadEngineCode().CompletionEngine)({
      run: (request, signal, onText) => this.run(request, signal, onText),
      model: () => completionModel(services.models)?.id,
      secrets: () => (this.key ? [this.key] : []),
      // Any request opens the connection; the model list costs nothing.
      warm: () => void services.client.listModels().catch(() => undefined),
    });
    this.loadedEngine = engine;
    this._register(toDisposable(() => engine.dispose()));
    engine.onDidStart = () => this.updateStatus();
    engine.onDidEnd = (_f, outcome) => this.ended(outcome);
    engine.onDidFinish = (f) => {
      // A block shown from its first line is whole now: show all of it if the cursor has not moved.
      const editor = vscode.window.activeTextEditor;
      if (!f.grew || !editor || editor.document.uri.toString() !== f.uri || Date.now() - this.shownAt > REFRESH_WITHIN_MS) return;
      if (!editor.selection.isEmpty || editor.document.offsetAt(editor.selection.active) !== f.cursor) return;
      void this.refreshSuggestion();
    };
    return engine;
  }

  /**
   * Asks VS Code for the suggestion at the cursor again (the cache answers with the whole block).
   * VS Code does not ask again for a position and document version it already asked about
   * explicitly, so the shown suggestion is hidden first.
   */
  private async refreshSuggestion(): Promise<void> {
    await vscode.commands.executeCommand('editor.action.inlineSuggest.hide');
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
  }

  private async readKey(): Promise<void> {
    this.key = await this.services.keys.get();
    this.problem = undefined;
    this.updateStatus();
  }

  /** Runs one completion request through the one turn runner, counted as `completion` in the usage. */
  private async run(request: Parameters<Services['turns']['run']>[0], signal: AbortSignal, onText: (delta: string) => void): Promise<RunOutcome> {
    const result = await this.services.turns.run(request, { source: 'completion', signal, sink: { text: onText } });
    if (result.status !== 'error') return { status: result.status };
    return { status: 'error', error: { kind: result.error?.kind, retryAfterMs: result.error?.retryAfterMs, message: result.problem?.message } };
  }

  private ended(outcome: RunOutcome): void {
    if (outcome.status === 'error') this.problem = outcome.error?.message ?? vscode.l10n.t('The last completion request failed. See the log for details.');
    else if (outcome.status === 'done') this.problem = undefined;
    this.updateStatus();
  }

  /** Today's completion requests (from the usage ledger). */
  today() {
    return completionsToday(this.services.usage.days, Date.now());
  }

  /** Why no completion may be asked for in `document` now (undefined: it may). */
  blocked(document: vscode.TextDocument): Blocked | undefined {
    return whyNot({
      enabled: this.settings.enabled,
      inlineSuggestEnabled: this.settings.inlineSuggestEnabled(document),
      languageId: document.languageId,
      languages: this.settings.languages,
      path: document.uri.fsPath || document.uri.path,
      scheme: document.uri.scheme,
      trusted: vscode.workspace.isTrusted,
      allowUntrusted: this.settings.allowUntrusted,
      hasKey: !!this.key,
      spentToday: this.today().cost,
      dailyLimit: this.settings.dailyLimit,
    });
  }

  private configChanged(): void {
    if (!this.settings.enabled) this.loadedEngine?.abort();
    // Turned on in settings.json, without the prompt: say once what it costs.
    if (this.settings.enabled && !this.services.context.globalState.get<boolean>(StorageKeys.completionCostShown)) {
      void this.services.context.globalState.update(StorageKeys.completionCostShown, true);
      const { message } = this.costMessage();
      void vscode.window.showInformationMessage(message);
    }
    this.updateStatus();
  }

  updateStatus(): void {
    const editor = vscode.window.activeTextEditor;
    const chosen = completionModel(this.services.models);
    this.statusBar.update({
      enabled: this.settings.enabled,
      blocked: editor ? this.blocked(editor.document) : this.settings.enabled ? undefined : 'off',
      languageId: editor?.document.languageId,
      requesting: this.loadedEngine?.inFlight !== undefined,
      problem: this.problem,
      model: chosen ? { id: chosen.id, name: chosen.model?.name ?? chosen.id, automatic: chosen.automatic, perThousand: chosen.model ? costPerThousand(chosen.model) : undefined } : undefined,
      today: this.today(),
      dailyLimit: this.settings.dailyLimit,
      visible: this.services.settings.get<boolean>(Settings.showStatusBar, true),
    });
  }

  /** What turning completions on costs with the model they would use (the first-use prompt's text). */
  costMessage(): { message: string; detail: string } {
    const chosen = completionModel(this.services.models);
    const name = chosen?.model?.name ?? chosen?.id ?? '?';
    const perThousand = chosen?.model ? costPerThousand(chosen.model) : undefined;
    const message =
      perThousand === undefined
        ? vscode.l10n.t('Inline completions ask {0} for a suggestion at every pause in typing. Its price is not listed, so what they cost cannot be estimated.', name)
        : vscode.l10n.t('Inline completions ask {0} for a suggestion at every pause in typing: about {1} per 1,000 completions.', name, formatCost(perThousand));
    const limit = this.settings.dailyLimit;
    const detail = [
      vscode.l10n.t('Each request sends about {0} tokens of the code around the cursor; typing through a suggestion asks nothing more.', TYPICAL_PROMPT_TOKENS.toLocaleString('en-US')),
      limit === undefined ? vscode.l10n.t('There is no daily limit: set one in the settings.') : vscode.l10n.t('They stop for the day at {0} (the daily limit in the settings).', formatCost(limit)),
      vscode.l10n.t('Today\'s spend and count are in the status bar item\'s tooltip; every request is in the Usage view.'),
    ].join('\n\n');
    return { message, detail };
  }

  /** Turns completions on (after saying what they cost, the first time) or off. */
  async toggle(): Promise<boolean> {
    if (this.settings.enabled) {
      await this.settings.setEnabled(false);
      this.loadedEngine?.abort();
      return false;
    }
    if (!this.services.context.globalState.get<boolean>(StorageKeys.completionCostShown)) {
      const { message, detail } = this.costMessage();
      const answer = await this.askCost(message, detail);
      if (answer === 'model') {
        const id = await this.pickModel();
        if (id === undefined || !(await setCompletionModel(this.services.models, id))) return false;
      } else if (answer !== 'on') return false;
      await this.services.context.globalState.update(StorageKeys.completionCostShown, true);
    }
    await this.settings.setEnabled(true);
    this.updateStatus();
    return true;
  }

  /** Sets the completion model from the argument ('' : automatic) or the quick pick. */
  async selectModel(id?: string): Promise<string | undefined> {
    const chosen = typeof id === 'string' ? id.trim() : await this.pickModel();
    if (chosen === undefined || !(await setCompletionModel(this.services.models, chosen))) return undefined;
    this.updateStatus();
    return completionModel(this.services.models)?.id;
  }

  /** Turns completions off (or back on) for a language: the argument, else the active editor's. */
  async toggleLanguage(languageId?: string): Promise<boolean | undefined> {
    const lang = typeof languageId === 'string' && languageId ? languageId : vscode.window.activeTextEditor?.document.languageId;
    if (!lang) return undefined;
    const on = this.blockedLanguage(lang);
    await this.settings.setLanguage(lang, on);
    this.updateStatus();
    return on;
  }

  private blockedLanguage(languageId: string): boolean {
    return !languageEnabled(this.settings.languages, languageId);
  }
}
