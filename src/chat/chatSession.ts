import * as vscode from 'vscode';
import { Commands, ContextKeys, Settings, StorageKeys } from '../platform/ids';
import type { SlashCommandHandler } from '../platform/chatService';
import { Disposable } from '../platform/lifecycle';
import type { Services } from '../platform/services';
import type { AssistantMessage, Conversation, Message, UserMessage } from '../core/conversation/conversation';
import { parseModelRef, profileOrDefault, sameRef } from '../core/profiles/modelRef';
import type { ModelRef } from '../core/profiles/modelRef';
import {
  addUserMessage,
  createConversation,
  finishAnswer,
  lastAnswer,
  outcomeOfFinish,
  recoverInterrupted,
  setAnsweredBy,
  setConversationProfile,
  setUsage,
  showVersion,
  startAnswer,
  truncateFrom,
  versionsToKeep,
} from '../core/conversation/conversation';
import type { AnswerVersion } from '../core/conversation/conversation';
import type { Attachment, ContextItem, MentionPart, ReasoningPart } from '../core/conversation/parts';
import { appendPart, contextOf, textOf } from '../core/conversation/parts';
import { buildChatRequest, effectiveMaxTokens } from '../core/conversation/wire';
import type { HostNotification, PendingAttachment } from '../core/protocol/chatProtocol';
import { describeChatError, runErrorAction } from './chatErrors';
import type { ChatAgentMode } from './agentMode';
import type { ConversationStore } from './conversationStore';
import { rereadMentions } from './chatMentions';
import { PendingContext } from './pendingContext';
import type { PromptEstimator } from './promptEstimate';


interface Running {
  messageId: string;
  controller: AbortController;
  stoppedByUser: boolean;
  done: Promise<void>;
}

/**
 * The open conversation and what happens in it: sending, streaming the answer (every token saved
 * within 250 ms and forwarded to the view), stop, regenerate, retry, edit-and-resend, pending
 * attachments. The host owns the conversation; the view only draws what `post` sends it.
 */
export class ChatSession extends Disposable {
  private conv: Conversation;
  /** What the composer holds for the next message: attachments and mentions, in the order added. */
  private readonly pending = new PendingContext(() => {
    this.post({ type: 'pending', pending: this.pending.chips });
    this.postEstimate();
  });
  private running: Running | undefined;
  private readonly _onDidChangeConversation = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeConversation = this._onDidChangeConversation.event;
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
    private readonly slash: ReadonlyMap<string, SlashCommandHandler>,
    private readonly agent: ChatAgentMode,
    private readonly estimator: PromptEstimator,
  ) {
    super();
    const ref = services.models.currentRef('chat');
    this.conv = createConversation(ref.model, undefined, ref.profile);
    this._register({ dispose: () => this.running?.controller.abort() });
  }

  get conversation(): Conversation {
    return this.conv;
  }
  get isStreaming(): boolean {
    return !!this.running;
  }
  get pendingAttachments(): PendingAttachment[] {
    return this.pending.chips;
  }

  /** The pending attachments and mentions themselves (for the send checks). */
  get pendingItems(): readonly ContextItem[] {
    return this.pending.all;
  }

  /** A pending item by its chip's id. */
  pendingItem(id: string): ContextItem | undefined {
    return this.pending.get(id);
  }

  /** The composer's estimate of the next prompt: its size and cost, sent whenever what it counts changes. */
  postEstimate(): void {
    this.post({ type: 'estimate', estimate: this.estimator.estimate(this.conv, this.pending.all) });
  }

  /** Opens the conversation stored as current (after a reload), else starts an empty one. */
  async restore(): Promise<void> {
    const id = this.services.context.globalState.get<string>(StorageKeys.currentConversation);
    const conv = id ? await this.store.load(id) : undefined;
    if (conv) {
      // The host went away mid-answer: what was shown stays, marked as cut off.
      if (recoverInterrupted(conv)) await this.store.save(conv);
      this.conv = conv;
      this._onDidChangeConversation.fire();
    }
  }

  async open(conv: Conversation): Promise<void> {
    await this.stop();
    await this.store.flush();
    recoverInterrupted(conv);
    this.conv = conv;
    await this.services.context.globalState.update(StorageKeys.currentConversation, conv.id);
    this._onDidChangeConversation.fire();
  }

  async newConversation(): Promise<void> {
    const current = this.services.models.currentRef('chat');
    const ref = current.model ? current : this.modelRef;
    await this.open(createConversation(ref.model, undefined, ref.profile));
  }

  /** The conversation's model with its profile (one stored before profiles existed: the default profile's). */
  get modelRef(): ModelRef {
    return { profile: profileOrDefault(this.conv.profile), model: this.conv.model };
  }

  setModel(ref: ModelRef): void {
    if (sameRef(this.modelRef, ref)) return;
    this.conv.model = ref.model;
    setConversationProfile(this.conv, ref.profile);
    if (this.conv.messages.length) this.store.saveSoon(this.conv);
  }

  // -- attachments -------------------------------------------------------------------------------

  addAttachment(attachment: Attachment): void {
    if (attachment.kind === 'image') {
      const model = this.services.models.find(this.modelRef);
      if (model && !model.capabilities.vision) {
        void vscode.window.showWarningMessage(vscode.l10n.t('{0} does not accept images. Choose a model with vision to send one.', model.name));
        return;
      }
    }
    this.pending.addAttachment(attachment);
  }

  /** A mention read for the next message (a chip). */
  addMention(part: MentionPart): void {
    this.pending.addMention(part);
  }

  removeAttachment(id: string): void {
    this.pending.remove(id);
  }

  // -- sending -----------------------------------------------------------------------------------

  /**
   * Sends a user message (with the pending attachments) and streams the answer; resolves when it
   * ends. `model`: a reference string (`openai/gpt-4.1`, `tokenhot|gpt-5`) for this conversation.
   */
  async send(text: string, options: { prompt?: string; attachments?: Attachment[]; model?: string; file?: string } = {}): Promise<void> {
    if (!text.trim() && !options.prompt?.trim()) return;
    if (this.running) await this.stop();
    const given = parseModelRef(options.model);
    if (given) {
      this.conv.model = given.model;
      setConversationProfile(this.conv, given.profile);
    }
    const attachments = [...this.pending.take(), ...(options.attachments ?? [])];
    const user = addUserMessage(this.conv, text, attachments, options.prompt, Date.now(), options.file);
    // Saved while the request goes out, not before: the write is queued first, so it lands before
    // any save of the answer; waiting for the disk would only delay the first token.
    void this.persistNow().catch(() => undefined);
    this.post({ type: 'messageAdded', message: user });
    const slash = /^\/([\w-]+)(?:\s+([\s\S]*))?$/.exec(text.trim());
    const handler = slash ? this.slash.get(slash[1]!) : undefined;
    if (slash && handler) await this.runSlash(`/${slash[1]}`, handler, slash[2] ?? '');
    else await this.answer();
  }

  async stop(): Promise<void> {
    const r = this.running;
    if (!r) return;
    r.stoppedByUser = true;
    r.controller.abort();
    await r.done;
  }

  /** Answers the last user message again; the answer it replaces stays as an earlier version (‹ 1/2 ›). */
  async regenerate(): Promise<void> {
    if (this.running) return;
    const last = lastAnswer(this.conv);
    if (!last) return;
    const earlier = versionsToKeep(last);
    this.removeFrom(last.id);
    await this.rereadLastQuestion();
    await this.answer(earlier);
  }

  /** Retries a failed or cut-off answer (it and anything after it are replaced; what it holds stays as a version). */
  async retry(messageId: string): Promise<void> {
    if (this.running) return;
    const msg = this.conv.messages.find((m) => m.id === messageId);
    if (!msg || msg.role !== 'assistant') return;
    const earlier = versionsToKeep(msg);
    this.removeFrom(msg.id);
    await this.rereadLastQuestion();
    await this.answer(earlier);
  }

  /** Shows another version of a regenerated answer; the next request is built from the one shown. */
  showVersion(messageId: string, index: number): void {
    if (this.running) return;
    const msg = this.conv.messages.find((m): m is AssistantMessage => m.id === messageId && m.role === 'assistant');
    if (!msg || !showVersion(msg, index)) return;
    this.post({ type: 'messageUpdated', message: msg });
    this.store.saveSoon(this.conv);
  }

  /** A whole answer's text (Markdown, as shown; reasoning left out), for Copy. */
  answerText(messageId: string): string | undefined {
    const msg = this.conv.messages.find((m): m is AssistantMessage => m.id === messageId && m.role === 'assistant');
    return msg ? textOf(msg) : undefined;
  }

  /** Replaces an earlier user message (and everything after it) by an edited one, and sends it. */
  async editResend(messageId: string, text: string): Promise<void> {
    if (this.running || !text.trim()) return;
    const msg = this.conv.messages.find((m): m is UserMessage => m.id === messageId && m.role === 'user');
    if (!msg) return;
    this.removeFrom(msg.id);
    const context = await Promise.all(contextOf(msg).map((item) => ('type' in item ? this.services.mentions.reread(item) : item)));
    const user = addUserMessage(this.conv, text, context);
    void this.persistNow().catch(() => undefined);
    this.post({ type: 'messageAdded', message: user });
    await this.answer();
  }

  async errorAction(messageId: string, index: number): Promise<void> {
    const msg = this.conv.messages.find((m): m is AssistantMessage => m.id === messageId && m.role === 'assistant');
    const action = msg?.error?.actions[index];
    if (action) await runErrorAction(action);
  }

  /**
   * Before answering the last question again: the files it mentioned are read again, and those
   * that changed since are replaced (their chips say so); the rest of its context is sent as it was.
   */
  private async rereadLastQuestion(): Promise<void> {
    const i = this.conv.messages.length - 1;
    const user = this.conv.messages[i];
    const fresh = user?.role === 'user' ? await rereadMentions(user, (p) => this.services.mentions.reread(p)) : undefined;
    if (!fresh) return;
    this.conv.messages[i] = fresh;
    this.post({ type: 'messageUpdated', message: fresh });
    await this.persistNow();
  }

  private removeFrom(id: string): void {
    truncateFrom(this.conv, id);
    this.post({ type: 'messagesRemoved', fromId: id });
    this.store.saveSoon(this.conv);
  }

  /** Saves the message just added (and remembers the conversation as the one to reopen). */
  private async persistNow(): Promise<void> {
    const saved = this.store.save(this.conv, 'end');
    if (this.services.context.globalState.get(StorageKeys.currentConversation) !== this.conv.id) {
      await this.services.context.globalState.update(StorageKeys.currentConversation, this.conv.id);
    }
    await saved;
  }

  private begin(model: string, profile?: string, earlier: AnswerVersion[] = []): { msg: AssistantMessage; running: Running; finish(): void } {
    const msg = startAnswer(this.conv, model);
    setConversationProfile(msg, profile);
    if (earlier.length) msg.versions = earlier;
    let finish!: () => void;
    const done = new Promise<void>((r) => (finish = r));
    const running: Running = { messageId: msg.id, controller: new AbortController(), stoppedByUser: false, done };
    this.running = running;
    this.post({ type: 'messageAdded', message: msg });
    this.post({ type: 'streaming', streaming: true });
    void vscode.commands.executeCommand('setContext', ContextKeys.isStreaming, true);
    this.store.saveSoon(this.conv);
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
    this.postEstimate();
  }

  private async answer(earlier: AnswerVersion[] = []): Promise<void> {
    if (this.conv.mode === 'agent') return this.answerAsAgent();
    const conv = this.conv;
    const ref = conv.model ? this.modelRef : this.services.models.currentRef('chat');
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
    if (conv === this.conv) this.post({ type: 'messageUpdated', message: msg });
    this.store.saveSoon(conv);
    this._onDidCorrectUsage.fire(msg);
  }

  // -- agent mode --------------------------------------------------------------------------------

  /** Ask or Agent, kept with the conversation. */
  setMode(mode: 'ask' | 'agent'): void {
    if ((this.conv.mode ?? 'ask') === mode) return;
    this.conv.mode = mode;
    if (this.conv.messages.length) this.store.saveSoon(this.conv);
  }

  /** Switches the project rules off (or on again) for this conversation. */
  setRulesOff(off: boolean): void {
    if (off) this.conv.rulesOff = true;
    else delete this.conv.rulesOff;
    if (this.conv.messages.length) this.store.saveSoon(this.conv);
  }

  private async answerAsAgent(): Promise<void> {
    const conv = this.conv;
    const model = conv.model || this.services.models.currentId('chat');
    const refusal = this.agent.refusal(model, conv.profile);
    const { msg, running, finish } = this.begin(model, conv.profile);
    msg.task = { state: 'running', steps: 0, cost: 0 };
    if (refusal) finishAnswer(msg, { state: 'error', error: { message: refusal, actions: [{ title: vscode.l10n.t('Select Chat Model'), command: Commands.selectModel }] } });
    else await this.agent.run(conv, msg, running.controller.signal);
    await this.end(msg, conv, finish);
  }

  /** Goes on with a task that paused at a limit, was stopped, or was interrupted by a reload. */
  async continueTask(messageId: string): Promise<void> {
    if (this.running) return;
    const msg = lastAnswer(this.conv);
    if (!msg || msg.id !== messageId || !msg.task || msg.task.state === 'running' || msg.task.state === 'waiting' || msg.task.undone) return;
    const refusal = this.agent.refusal(this.conv.model, this.conv.profile);
    if (refusal) {
      void vscode.window.showWarningMessage(refusal);
      return;
    }
    const conv = this.conv;
    msg.state = 'streaming';
    let finish!: () => void;
    const done = new Promise<void>((r) => (finish = r));
    const running: Running = { messageId: msg.id, controller: new AbortController(), stoppedByUser: false, done };
    this.running = running;
    this.post({ type: 'messageUpdated', message: msg });
    this.post({ type: 'streaming', streaming: true });
    void vscode.commands.executeCommand('setContext', ContextKeys.isStreaming, true);
    await this.agent.run(conv, msg, running.controller.signal);
    await this.end(msg, conv, finish);
  }

  /** Undo task: every file the task touched back as it was before its first change. */
  async undoTask(messageId: string): Promise<void> {
    const msg = this.conv.messages.find((m): m is AssistantMessage => m.id === messageId && m.role === 'assistant');
    const runner = this.services.agent.available;
    if (!msg?.task || !runner || this.running?.messageId === messageId) return;
    await runner.undo(this.conv, msg);
    this.post({ type: 'messageUpdated', message: msg });
    await this.store.save(this.conv).catch(() => undefined);
  }

  async openChange(messageId: string, callId: string): Promise<void> {
    const msg = this.conv.messages.find((m): m is AssistantMessage => m.id === messageId && m.role === 'assistant');
    if (msg) await this.services.agent.available?.openChange(this.conv, msg, callId);
  }

  private async runSlash(name: string, handler: SlashCommandHandler, args: string): Promise<void> {
    const conv = this.conv;
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

  /** For the view's state. */
  messages(): Message[] {
    return this.conv.messages;
  }
}
