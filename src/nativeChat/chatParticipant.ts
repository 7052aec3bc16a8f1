import * as vscode from 'vscode';
import type { ChatMessage, Usage } from '../core/api/types';
import { isTokenHubError } from '../core/client/errors';
import { tokenLimits } from '../core/nativeChat/modelInformation';
import { costOf } from '../core/pricing';
import { followupCommands, historyMessages, isCodeCommand, pickAnswerModel } from '../core/nativeChat/participant';
import type { CodeCommand, HistoryTurn } from '../core/nativeChat/participant';
import { estimateTextTokens } from '../core/nativeChat/tokens';
import { buildAskPrompt, buildEditMessages, buildExplainPrompt, buildTestMessages } from '../core/prompts/codePrompts';
import type { CodeSelection } from '../core/prompts/codePrompts';
import { detectTestFramework, planTestFile, relativeImport, testGlob } from '../core/prompts/testPlan';
import { CONTEXT_LINES, resolveTarget, toCodeSelection, toDiagnosticInfo } from '../codeCommands/codeTarget';
import type { CodeCommandArgs } from '../codeCommands/codeTarget';
import { Commands, NativeChatIds } from '../common/ids';
import { toAbortSignal } from '../common/clientProvider';
import type { Services } from '../common/services';
import { describeError } from '../common/errorMessages';
import { VENDOR } from './languageModelProvider';

export const PARTICIPANT_ID = NativeChatIds.participant;

/** The part of `vscode.ChatRequest` the handler reads (tests pass a plain object). */
export interface ParticipantRequest {
  readonly prompt: string;
  readonly command?: string | undefined;
  readonly references?: readonly vscode.ChatPromptReference[];
  readonly model?: { readonly vendor: string; readonly id: string } | undefined;
}

/** The part of `vscode.ChatContext` the handler reads. */
export interface ParticipantContext {
  readonly history: readonly unknown[];
}

/** The part of `vscode.ChatResponseStream` the handler writes to (tests pass a recording fake). */
export type ParticipantStream = Pick<vscode.ChatResponseStream, 'markdown' | 'progress' | 'button'>;

export interface ParticipantResultMetadata {
  readonly command?: string;
  readonly model?: string;
}

/**
 * `@tokenhub` in VS Code's chat: the code commands as slash commands on the selection (or a
 * referenced file), plain chat otherwise; `/image` and `/video` through the media feature's own
 * slash-command handlers.
 */
export class TokenHubChatParticipant {
  constructor(
    private readonly services: Services,
    private readonly mediaHandlers: () => ReadonlyMap<string, (prompt: string, stream: ParticipantStream, token: vscode.CancellationToken) => Promise<void>>,
  ) {}

  async handle(request: ParticipantRequest, context: ParticipantContext, stream: ParticipantStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
    const command = request.command || undefined;
    const metadata: ParticipantResultMetadata = { command };
    try {
      if (command === 'image' || command === 'video') {
        const handler = this.mediaHandlers().get(command);
        if (!handler) {
          stream.markdown(vscode.l10n.t('Image and video generation are not available in this version.'));
          return { metadata };
        }
        if (!request.prompt.trim()) {
          stream.markdown(command === 'image' ? vscode.l10n.t('Describe the image after /image.') : vscode.l10n.t('Describe the video after /video.'));
          return { metadata };
        }
        await handler(request.prompt, stream, token);
        return { metadata };
      }
      const model = pickAnswerModel(request.model, VENDOR, this.services.models.currentId('chat'));
      if (!model) {
        stream.markdown(vscode.l10n.t('No TokenHub chat model is selected. Pick one in VS Code\'s model picker or with "TokenHub: Select Chat Model".'));
        stream.button({ command: Commands.selectModel, title: vscode.l10n.t('Select Chat Model') });
        return { metadata };
      }
      if (!(await this.services.keys.get())) {
        stream.markdown(vscode.l10n.t('TokenHub needs your API key first.'));
        stream.button({ command: Commands.setApiKey, title: vscode.l10n.t('Set API Key') });
        return { metadata };
      }
      let messages: ChatMessage[];
      if (isCodeCommand(command)) {
        const built = await this.codeMessages(command, request);
        if (!built) {
          stream.markdown(vscode.l10n.t('Select some code in an editor (or attach a file with #), then ask again.'));
          return { metadata };
        }
        const budget = tokenLimits(this.services.models.find(model) ?? {}).maxInputTokens;
        const needed = built.reduce((n, m) => n + estimateTextTokens(typeof m.content === 'string' ? m.content : ''), 0);
        if (needed > budget) {
          stream.markdown(vscode.l10n.t('The selection is too large for {0} (about {1} tokens of {2}). Select a smaller part.', model, needed, budget));
          return { metadata };
        }
        messages = built;
      } else {
        if (!request.prompt.trim()) {
          stream.markdown(vscode.l10n.t('Ask a question, or use /explain, /refactor, /fix, /doc or /tests on the selected code.'));
          return { metadata };
        }
        messages = [...historyMessages(historyTurns(context.history)), { role: 'user', content: request.prompt }];
      }
      await this.answer(model, messages, stream, token);
      return { metadata: { ...metadata, model } };
    } catch (e) {
      if (token.isCancellationRequested || (isTokenHubError(e) && e.kind === 'cancelled')) return { metadata };
      this.services.log.warn(`nativeChat participant: ${e instanceof Error ? e.message : String(e)}`);
      const { message, actions } = describeError(e);
      for (const action of actions) if (action.command) stream.button({ command: action.command, title: action.title, arguments: action.args });
      return { errorDetails: { message }, metadata };
    }
  }

  provideFollowups(result: vscode.ChatResult): vscode.ChatFollowup[] {
    const meta = (result.metadata ?? {}) as ParticipantResultMetadata;
    if (result.errorDetails) return [];
    const labels: Record<string, string> = {
      explain: vscode.l10n.t('Explain it'),
      refactor: vscode.l10n.t('Refactor it'),
      fix: vscode.l10n.t('Fix it'),
      doc: vscode.l10n.t('Document it'),
      tests: vscode.l10n.t('Write tests for it'),
    };
    return followupCommands(meta.command).map((c) => ({ prompt: '', command: c, label: labels[c] }));
  }

  private async answer(model: string, messages: ChatMessage[], stream: ParticipantStream, token: vscode.CancellationToken): Promise<void> {
    const abort = toAbortSignal(token);
    let usage: Usage | undefined;
    let any = false;
    try {
      stream.progress(vscode.l10n.t('Asking {0}…', model));
      for await (const event of this.services.client.stream({ model, messages }, { signal: abort.signal })) {
        if (token.isCancellationRequested) break;
        if (event.type === 'text' && event.text) {
          any = true;
          stream.markdown(event.text);
        } else if (event.type === 'usage') {
          usage = event.usage;
        }
      }
      if (!any && !token.isCancellationRequested) stream.markdown(vscode.l10n.t('The model sent an empty answer.'));
    } finally {
      abort.dispose();
      if (usage) {
        try {
          await this.services.usage.record({
            source: 'nativeChat',
            model,
            promptTokens: usage.prompt_tokens,
            completionTokens: usage.completion_tokens,
            cost: costOf(usage, this.services.models.find(model)),
          }, usage);
        } catch (e) {
          this.services.log.warn(`nativeChat: usage not recorded: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
  }

  /**
   * The prompt of a code command, from the builders the editor commands use: on a referenced
   * location or file first (`#file`, `#selection`), else the active editor's selection.
   */
  private async codeMessages(command: CodeCommand, request: ParticipantRequest): Promise<ChatMessage[] | undefined> {
    const args: CodeCommandArgs = {};
    for (const ref of request.references ?? []) {
      if (ref.value instanceof vscode.Location) {
        args.uri = ref.value.uri;
        args.range = ref.value.range;
        break;
      }
      if (ref.value instanceof vscode.Uri) {
        const doc = await vscode.workspace.openTextDocument(ref.value);
        args.uri = ref.value;
        args.range = new vscode.Range(0, 0, doc.lineCount, 0);
        break;
      }
    }
    const edit = command !== 'explain';
    const target = await resolveTarget(args, edit);
    if (!target) return undefined;
    const sel = toCodeSelection(target, CONTEXT_LINES);
    const instruction = request.prompt.trim();
    switch (command) {
      case 'explain':
        return [{ role: 'user', content: instruction ? buildAskPrompt(sel, instruction) : buildExplainPrompt(sel) }];
      case 'refactor':
        return buildEditMessages('refactor', sel, { instruction });
      case 'fix': {
        const diagnostics = vscode.languages.getDiagnostics(target.document.uri).filter((d) => d.range.intersection(target.range)).map(toDiagnosticInfo);
        return buildEditMessages('fix', sel, { diagnostics });
      }
      case 'doc':
        return buildEditMessages('document', sel);
      case 'tests':
        return buildTestMessages(sel, await this.testPlan(sel));
    }
  }

  /** Where the tests would go and which framework, following the workspace's existing tests. */
  private async testPlan(sel: CodeSelection): Promise<Parameters<typeof buildTestMessages>[1]> {
    const glob = testGlob(sel.languageId);
    const existing = glob && vscode.workspace.workspaceFolders?.length ? await vscode.workspace.findFiles(glob, '**/{node_modules,.git,out,dist}/**', 200) : [];
    const plan = planTestFile({ sourcePath: sel.path, languageId: sel.languageId, existingTests: existing.map((u) => vscode.workspace.asRelativePath(u, false)) });
    let example: { path: string; text: string } | undefined;
    const nearest = plan.nearestTest ? existing.find((u) => vscode.workspace.asRelativePath(u, false) === plan.nearestTest) : undefined;
    if (nearest && plan.nearestTest) {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(nearest));
      example = { path: plan.nearestTest, text: text.slice(0, 6000) };
    }
    return {
      testPath: plan.testPath,
      framework: detectTestFramework(sel.languageId, example?.text) || undefined,
      importPath: /^(typescript|javascript)(react)?$/.test(sel.languageId) ? relativeImport(plan.testPath, sel.path) : undefined,
      example,
    };
  }
}

/**
 * VS Code's history turns (ChatRequestTurn / ChatResponseTurn) as text, this participant's only.
 * Recognised by shape: the turn classes are not constructible by tests and differ across versions.
 */
function historyTurns(history: readonly unknown[]): HistoryTurn[] {
  const turns: HistoryTurn[] = [];
  for (const turn of history) {
    if (typeof turn !== 'object' || turn === null) continue;
    const t = turn as { participant?: unknown; prompt?: unknown; response?: unknown };
    if (t.participant !== PARTICIPANT_ID) continue;
    if (typeof t.prompt === 'string') {
      turns.push({ role: 'user', text: t.prompt });
    } else if (Array.isArray(t.response)) {
      const text = t.response
        .map((p: unknown) => {
          const value = (p as { value?: unknown } | null)?.value;
          return value instanceof vscode.MarkdownString ? value.value : typeof value === 'string' ? value : '';
        })
        .join('');
      turns.push({ role: 'assistant', text });
    }
  }
  return turns;
}
