import * as vscode from 'vscode';
import type { ChatMessage } from '../core/api/types';
import { isTokenHubError } from '../core/client/errors';
import type { Budget } from '../core/edits/budget';
import { estimateMessagesTokens } from '../core/edits/budget';
import { checkFit } from '../core/mentions/contextFit';
import type { SizedItem } from '../core/mentions/contextFit';
import { mentionBlock } from '../core/mentions/mentionText';
import { effectiveMaxTokens } from '../core/conversation/wire';
import { formatTokens } from '../core/pricing';
import { followupCommands, historyMessages, isCodeCommand, pickAnswerModel } from '../core/nativeChat/participant';
import type { CodeCommand, HistoryTurn } from '../core/nativeChat/participant';
import type { CodeTask } from '../core/prompts/codeTasks';
import { CodePreparation } from '../platform/codePreparation';
import type { CodeCommandArgs } from '../platform/codeTarget';
import { Commands, NativeChatIds } from '../platform/ids';
import type { Services } from '../platform/services';
import { describeError } from '../platform/errorMessages';
import { VENDOR } from './languageModelProvider';
import { DEFAULT_PROFILE_ID, formatModelRef, parseModelRef } from '../core/profiles/modelRef';
import type { ModelRef } from '../core/profiles/modelRef';

// The participant's bundle (esbuild.mjs) carries the code preparation its slash commands use.
export { CodePreparation };

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
    /** The code commands' own preparation: the same target, problems, test file, prompt and budget. */
    private readonly preparation: CodePreparation,
    private readonly mediaHandlers: () => ReadonlyMap<string, (prompt: string, stream: ParticipantStream, token: vscode.CancellationToken) => Promise<void>>,
  ) {}

  async handle(request: ParticipantRequest, context: ParticipantContext, stream: ParticipantStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
    const command = request.command || undefined;
    const metadata: ParticipantResultMetadata = { command };
    // VS Code's picker gives our model id, which is the model's reference string.
    const ref = parseModelRef(pickAnswerModel(request.model, VENDOR, formatModelRef(this.services.models.currentRef('chat'))));
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
      const model = ref?.model;
      if (!ref || !model) {
        stream.markdown(vscode.l10n.t('No TokenHub chat model is selected. Pick one in VS Code\'s model picker or with "TokenHub: Select Chat Model".'));
        stream.button({ command: Commands.selectModel, title: vscode.l10n.t('Select Chat Model') });
        return { metadata };
      }
      const profile = this.services.profiles.get(ref.profile);
      if (profile && !profile.keyless && !(await this.services.keys.get(ref.profile))) {
        stream.markdown(vscode.l10n.t('TokenHub needs your API key first.'));
        stream.button({ command: Commands.setApiKey, title: vscode.l10n.t('Set API Key'), arguments: ref.profile === DEFAULT_PROFILE_ID ? [] : [{ profile: ref.profile }] });
        return { metadata };
      }
      let messages: ChatMessage[];
      if (isCodeCommand(command)) {
        const prepared = await this.codeMessages(command, request, ref);
        if (!Array.isArray(prepared)) {
          stream.markdown(refusal(prepared, model));
          return { metadata };
        }
        messages = prepared;
      } else {
        if (!request.prompt.trim()) {
          stream.markdown(vscode.l10n.t('Ask a question, or use /explain, /refactor, /fix, /doc or /tests on the selected code.'));
          return { metadata };
        }
        const refs = await this.referenceContext(request.references ?? [], stream);
        const content = refs.blocks.length ? `${refs.blocks.join('\n\n')}\n\n${request.prompt}` : request.prompt;
        messages = [...historyMessages(historyTurns(context.history)), { role: 'user', content }];
        const tooLarge = this.tooLarge(model, messages, refs.sized);
        if (tooLarge) {
          stream.markdown(tooLarge);
          return { metadata };
        }
      }
      await this.answer(ref, messages, stream, token);
      return { metadata: { ...metadata, model: formatModelRef(ref) } };
    } catch (e) {
      if (token.isCancellationRequested || (isTokenHubError(e) && e.kind === 'cancelled')) return { metadata };
      this.services.log.warn(`nativeChat participant: ${e instanceof Error ? e.message : String(e)}`);
      const { message, actions } = describeError(e, this.services.profiles.errorGateway(ref?.profile));
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

  private async answer(ref: ModelRef, messages: ChatMessage[], stream: ParticipantStream, token: vscode.CancellationToken): Promise<void> {
    const model = ref.model;
    stream.progress(this.services.profiles.several ? vscode.l10n.t('Asking {0} on {1}…', model, this.services.profiles.nameOf(ref.profile)) : vscode.l10n.t('Asking {0}…', model));
    const result = await this.services.turns.run({ model, messages }, { source: 'nativeChat', profile: ref.profile, token, sink: { text: (delta) => stream.markdown(delta) } });
    if (result.status === 'error') throw result.error;
    if (result.status === 'cancelled') return;
    if (!result.text) stream.markdown(vscode.l10n.t('The model sent an empty answer.'));
    if (result.routed) stream.markdown(`\n\n*${vscode.l10n.t('Answered by {0} (the gateway routed the request for {1}).', result.model, result.requestedModel)}*`);
  }

  /**
   * VS Code's references (`#file`, `#folder`, a selection, `#terminalSelection`…) read the way the
   * sidebar chat reads @-mentions: files and folders as text, the API key removed. A file that may
   * hold secrets is left out and the user told so: this chat has no question card to ask first.
   */
  private async referenceContext(references: readonly vscode.ChatPromptReference[], stream: ParticipantStream): Promise<{ blocks: string[]; sized: SizedItem[] }> {
    const blocks: string[] = [];
    const sized: SizedItem[] = [];
    for (const ref of references) {
      const value = ref.value;
      if (typeof value === 'string') {
        const text = await this.services.mentions.scrubText(value);
        blocks.push(mentionBlock(`${ref.modelDescription || ref.id}:`, text));
        continue;
      }
      const read = value instanceof vscode.Uri ? await this.services.mentions.fromUri(value) : value instanceof vscode.Location ? await this.services.mentions.fromLocation(value.uri, value.range) : undefined;
      if (!read) continue;
      if (!read.ok) {
        stream.markdown(`*${read.reason}*\n\n`);
        continue;
      }
      if (read.secret) {
        stream.markdown(`*${vscode.l10n.t('{0} was not sent: it may hold secrets (keys, passwords). Attach it in the TokenHub chat view, which asks first.', read.secret)}*\n\n`);
        continue;
      }
      blocks.push(read.part.text);
      sized.push({ label: read.part.label, tokens: read.part.tokens });
    }
    return { blocks, sized };
  }

  /** Why the prompt does not fit the model (with the largest references named); undefined when it fits. */
  private tooLarge(model: string, messages: readonly ChatMessage[], items: readonly SizedItem[]): string | undefined {
    const info = this.services.models.find(model);
    const fit = checkFit({ promptTokens: estimateMessagesTokens(messages), contextWindow: info?.contextWindow, reservedOutput: effectiveMaxTokens(null, info?.maxOutputTokens), items });
    if (fit.fits) return undefined;
    const largest = fit.biggest.map((i) => `${i.label} (${formatTokens(i.tokens)})`).join(', ');
    return largest
      ? vscode.l10n.t('This is too large for {0}: about {1} tokens, and it takes {2}. Leave out some references; the largest: {3}.', model, formatTokens(fit.promptTokens), formatTokens(fit.limit), largest)
      : vscode.l10n.t('This is too large for {0}: about {1} tokens, and it takes {2}.', model, formatTokens(fit.promptTokens), formatTokens(fit.limit));
  }

  /**
   * The prompt of a code command, prepared as the editor commands prepare theirs: on a referenced
   * location or file first (`#file`, `#selection`), else the active editor's selection.
   */
  private async codeMessages(command: CodeCommand, request: ParticipantRequest, model: ModelRef): Promise<ChatMessage[] | Refusal> {
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
    const target = await this.preparation.target(args, command !== 'explain');
    if (!target) return { kind: 'noTarget' };
    const instruction = request.prompt.trim();
    let task: CodeTask;
    switch (command) {
      case 'explain':
        task = instruction ? { kind: 'ask', question: instruction } : { kind: 'explain' };
        break;
      case 'refactor':
        task = { kind: 'refactor', instruction };
        break;
      case 'fix':
        task = { kind: 'fix', diagnostics: this.preparation.diagnostics(target) };
        break;
      case 'doc':
        task = { kind: 'document' };
        break;
      case 'tests': {
        const choice = await this.preparation.testFile(target);
        if (choice.kind !== 'ready') return choice;
        task = { kind: 'tests', plan: choice.plan };
        break;
      }
    }
    const fitted = this.preparation.fit(model, target, task);
    return fitted.fits ? fitted.value.messages : { kind: 'tooLarge', budget: fitted.budget };
  }
}

/** Why a code command asks nothing. */
type Refusal = { kind: 'noTarget' } | { kind: 'untitled' } | { kind: 'taken'; testPath: string } | { kind: 'tooLarge'; budget: Extract<Budget, { fits: false }> };

/** A refusal in the chat: the editor commands' reasons, told where the user asked. */
function refusal(r: Refusal, model: string): string {
  switch (r.kind) {
    case 'noTarget':
      return vscode.l10n.t('Select some code in an editor (or attach a file with #), then ask again.');
    case 'untitled':
      return vscode.l10n.t('Save the file first, so TokenHub knows where its tests go.');
    case 'taken':
      return vscode.l10n.t('Test files named like {0} already exist; nothing was proposed.', r.testPath);
    case 'tooLarge':
      return r.budget.reason === 'output'
        ? vscode.l10n.t('The selection is too large for {0}: the answer would need about {1} tokens, more than it can write in one reply ({2}). Select a smaller part.', model, r.budget.neededTokens, r.budget.maxOutputTokens)
        : vscode.l10n.t('The selection is too large for {0} (about {1} tokens of {2}). Select a smaller part.', model, r.budget.neededTokens, r.budget.contextWindow);
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
