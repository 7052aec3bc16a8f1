import * as vscode from 'vscode';
import { Commands, ContextKeys, Settings } from '../platform/ids';
import type { SlashCommandHandler } from '../platform/chatService';
import { Disposable } from '../platform/lifecycle';
import type { Services } from '../platform/services';
import type { AnswerVersion, AssistantMessage, Conversation } from '../core/conversation/conversation';
import { finishAnswer, outcomeOfFinish, setAnsweredBy, setConversationProfile, setUsage, startAnswer } from '../core/conversation/conversation';
import type { ModelRef } from '../core/profiles/modelRef';
import type { ReasoningPart } from '../core/conversation/parts';
import { appendPart, textOf } from '../core/conversation/parts';
import { buildChatRequest, effectiveMaxTokens } from '../core/conversation/wire';
import type { HostNotification } from '../core/protocol/chatProtocol';
import { describeChatError } from './chatErrors';
import type { ChatAgentMode } from './agentMode';
import type { ConversationStore } from './conversationStore';

interface Running {
  messageId: string;
  controller: AbortController;
  stoppedByUser: boolean;
  done: Promise<void>;
}

/** What the answers need of the session that owns the open conversation. */
export interface AnswerHost {
  /** The open conversation (it changes when another one is opened). */
  conversation(): Conversation;
  /** The open conversation's model with its profile. */
  modelRef(): ModelRef;
  /** An answer ended: the composer's estimate counts it now. */
  postEstimate(): void;
}

/**
 * The answer being written, kept apart from the conversation it goes into: it owns the one running
 * answer (so stop, and a second send, find it) and takes a turn from the request to the finished
 * message, whether a model, the agent or a slash command writes it.
 */
export class ChatAnswers extends Disposable {
  private running: Running | undefined;
  private readonly _onDidFinishAnswer = this._register(new vscode.EventEmitter<AssistantMessage>());
  /** Fires when an answer ends (done, cut, error). */
  readonly onDidFinishAnswer = this._onDidFinishAnswer.event;
  private readonly _onDidCorrectUsage = this._register(new vscode.EventEmitter<AssistantMessage>());
  /** Fires when an answer's estimated usage was replaced by the gateway's, after it ended. */
  readonly onDidCorrectUsage = this._onDidCorrectUsage.event;

  constructor(
    private readonly services: Services,
    private readonly store: ConversationStore,
    private readonly post: (n: HostNotification) => void,
    private readonly agent: ChatAgentMode,
    private readonly host: AnswerHost,
  ) {
    super();
    this._register({ dispose: () => this.running?.controller.abort() });
  }

  get isStreaming(): boolean {
    return !!this.running;
  }

  /** The id of the message being written, if any. */
  get runningId(): string | undefined {
    return this.running?.messageId;
  }

  async stop(): Promise<void> {
    const r = this.running;
    if (!r) return;
    r.stoppedByUser = true;
    r.controller.abort();
    await r.done;
  }

  private start(msg: AssistantMessage): { running: Running; finish(): void } {
    let finish!: () => void;
    const done = new Promise<void>((r) => (finish = r));
    const running: Running = { messageId: msg.id, controller: new AbortController(), stoppedByUser: false, done };
    this.running = running;
    return { running, finish };
  }

  private begin(model: string, profile?: string, earlier: AnswerVersion[] = []): { msg: AssistantMessage; running: Running; finish(): void } {
    const conv = this.host.conversation();
    const msg = startAnswer(conv, model);
    setConversationProfile(msg, profile);
    if (earlier.length) msg.versions = earlier;
    const { running, finish } = this.start(msg);
    this.post({ type: 'messageAdded', message: msg });
    this.post({ type: 'streaming', streaming: true });
    void vscode.commands.executeCommand('setContext', ContextKeys.isStreaming, true);
    this.store.saveSoon(conv);
    return { msg, running, finish };
  }

  private async end(msg: AssistantMessage, conv: Conversation, finish: () => void): Promise<void> {
    this.running = undefined;
    this.post({ type: 'messageUpdated', message: msg });
    this.post({ type: 'streaming', streaming: false });
    void vscode.commands.executeCommand('setContext', ContextKeys.isStreaming, false);
    await this.store.save(conv).catch(() => undefined);
    finish();
    this._onDidFinishAnswer.fire(msg);
    this.host.postEstimate();
  }

  /** Answers the open conversation's last message; `earlier`: the versions the new answer keeps. */
  async answer(earlier: AnswerVersion[] = []): Promise<void> {
    const conv = this.host.conversation();
    if (conv.mode === 'agent') return this.answerAsAgent();
    const ref = conv.model ? this.host.modelRef() : this.services.models.currentRef('chat');
    const model = ref.model;
    const request = buildChatRequest(conv, {
      systemPrompt: this.services.settings.get<string>(Settings.systemPrompt, ''),
      temperature: this.services.settings.get<number | null>(Settings.temperature, null),
      maxTokens: effectiveMaxTokens(this.services.settings.get<number | null>(Settings.maxTokens, null), this.services.models.find(ref)?.maxOutputTokens),
    }, model);
    const { msg, running, finish } = this.begin(model, ref.profile, earlier);
    // Reasoning time: from its first token to the first text token (or the end of the stream).
    let reasoning: { part: ReasoningPart; started: number } | undefined;
    const endReasoning = () => {
      if (reasoning && reasoning.part.ms === undefined) reasoning.part.ms = Date.now() - reasoning.started;
    };
    const result = await this.services.turns.run(request, {
      source: 'chat',
      profile: ref.profile,
      signal: running.controller.signal,
      sink: {
        text: (text) => {
          endReasoning();
          appendPart(msg.parts, 'text', text);
          this.post({ type: 'delta', messageId: msg.id, text });
          this.store.saveSoon(conv);
        },
        reasoning: (text) => {
          const part = appendPart(msg.parts, 'reasoning', text) as ReasoningPart;
          if (reasoning?.part !== part) reasoning = { part, started: Date.now() };
          this.post({ type: 'reasoningDelta', messageId: msg.id, text });
          this.store.saveSoon(conv);
        },
      },
    });
    endReasoning();
    // Stopped once the model had finished writing: the answer is whole, not cut.
    if (result.status === 'cancelled' && result.finishReason === undefined) finishAnswer(msg, { state: 'cut' });
    else if (result.status === 'cancelled') finishAnswer(msg, outcomeOfFinish(result.finishReason));
    else if (result.status === 'error') finishAnswer(msg, { state: 'error', error: describeChatError(result.error, this.services.profiles.errorGateway(ref.profile)) });
    else finishAnswer(msg, outcomeOfFinish(result.finishReason));
    setAnsweredBy(msg, result.model, result.routed ? result.requestedModel : undefined);
    if (result.recorded) setUsage(msg, result.recorded);
    await this.end(msg, conv, finish);
    if (result.corrected) void result.corrected.then((real) => real && this.correctUsage(conv, msg, real));
  }

  /** The gateway's usage came after the answer ended: it replaces the estimate shown. */
  private correctUsage(conv: Conversation, msg: AssistantMessage, real: { promptTokens: number; completionTokens: number; cost?: number }): void {
    // Regenerated or deleted meanwhile: nothing shows it any more.
    if (!conv.messages.includes(msg)) return;
    setUsage(msg, real);
    if (conv === this.host.conversation()) this.post({ type: 'messageUpdated', message: msg });
    this.store.saveSoon(conv);
    this._onDidCorrectUsage.fire(msg);
  }

  private async answerAsAgent(): Promise<void> {
    const conv = this.host.conversation();
    const model = conv.model || this.services.models.currentId('chat');
    const refusal = this.agent.refusal(model, conv.profile);
    const { msg, running, finish } = this.begin(model, conv.profile);
    msg.task = { state: 'running', steps: 0, cost: 0 };
    if (refusal) finishAnswer(msg, { state: 'error', error: { message: refusal, actions: [{ title: vscode.l10n.t('Select Chat Model'), command: Commands.selectModel }] } });
    else await this.agent.run(conv, msg, running.controller.signal);
    await this.end(msg, conv, finish);
  }

  /** Goes on with the agent task of `msg` (the caller checked that it can). */
  async continueTask(msg: AssistantMessage): Promise<void> {
    const conv = this.host.conversation();
    msg.state = 'streaming';
    const { running, finish } = this.start(msg);
    this.post({ type: 'messageUpdated', message: msg });
    this.post({ type: 'streaming', streaming: true });
    void vscode.commands.executeCommand('setContext', ContextKeys.isStreaming, true);
    await this.agent.run(conv, msg, running.controller.signal);
    await this.end(msg, conv, finish);
  }

  /** A slash command writes the answer: what it reports so far is shown as it comes. */
  async runSlash(name: string, handler: SlashCommandHandler, args: string): Promise<void> {
    const conv = this.host.conversation();
    const { msg, running, finish } = this.begin(name);
    const cts = new vscode.CancellationTokenSource();
    const onAbort = () => cts.cancel();
    running.controller.signal.addEventListener('abort', onAbort);
    const show = (markdown: string) => {
      const shown = textOf(msg);
      msg.parts = [{ type: 'text', text: markdown }];
      if (markdown.startsWith(shown)) {
        const delta = markdown.slice(shown.length);
        if (delta) this.post({ type: 'delta', messageId: msg.id, text: delta });
      } else {
        this.post({ type: 'messageUpdated', message: msg });
      }
      this.store.saveSoon(conv);
    };
    try {
      const result = await handler.run(args, (m) => {
        if (!running.controller.signal.aborted) show(m);
      }, cts.token);
      show(result.markdown);
      finishAnswer(msg, running.stoppedByUser ? { state: 'cut' } : { state: 'done' });
    } catch (err) {
      if (running.stoppedByUser) finishAnswer(msg, { state: 'cut' });
      else finishAnswer(msg, { state: 'error', error: describeChatError(err) });
    } finally {
      running.controller.signal.removeEventListener('abort', onAbort);
      cts.dispose();
    }
    await this.end(msg, conv, finish);
  }
}
