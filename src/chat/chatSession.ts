import * as vscode from 'vscode';
import type { SlashCommandHandler } from '../platform/chatService';
import { Disposable } from '../platform/lifecycle';
import type { Services } from '../platform/services';
import type { AssistantMessage, Conversation, Message, UserMessage } from '../core/conversation/conversation';
import { parseModelRef, profileOrDefault, sameRef } from '../core/profiles/modelRef';
import type { ModelRef } from '../core/profiles/modelRef';
import {
  addUserMessage,
  createConversation,
  lastAnswer,
  recoverInterrupted,
  setConversationProfile,
  showVersion,
  truncateFrom,
  versionsToKeep,
} from '../core/conversation/conversation';
import type { Attachment, ContextItem, MentionPart } from '../core/conversation/parts';
import { contextOf, textOf } from '../core/conversation/parts';
import type { HostNotification, PendingAttachment } from '../core/protocol/chatProtocol';
import { runErrorAction } from './chatErrors';
import type { ChatAgentMode } from './agentMode';
import type { ConversationStore } from './conversationStore';
import { ConversationPointer } from './conversationPointer';
import { ChatAnswers } from './chatAnswers';
import { rereadMentions } from './chatMentions';
import { PendingContext } from './pendingContext';
import type { PromptEstimator } from './promptEstimate';


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
  /** The answer being written (there is at most one) and how a turn is answered. */
  private readonly answers: ChatAnswers;
  private readonly _onDidChangeConversation = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeConversation = this._onDidChangeConversation.event;
  /** Fires when an answer ends (done, cut, error). */
  readonly onDidFinishAnswer: vscode.Event<AssistantMessage>;
  /** Fires when an answer's estimated usage was replaced by the gateway's, after it ended. */
  readonly onDidCorrectUsage: vscode.Event<AssistantMessage>;
  /** Which conversation the next start reopens. */
  readonly pointer: ConversationPointer;

  constructor(
    private readonly services: Services,
    private readonly store: ConversationStore,
    private readonly post: (n: HostNotification) => void,
    private readonly slash: ReadonlyMap<string, SlashCommandHandler>,
    private readonly agent: ChatAgentMode,
    private readonly estimator: PromptEstimator,
  ) {
    super();
    this.pointer = new ConversationPointer(store.dir, services.context.globalState, services.log);
    const ref = services.models.currentRef('chat');
    this.conv = createConversation(ref.model, undefined, ref.profile);
    this.answers = this._register(new ChatAnswers(services, store, post, agent, {
      conversation: () => this.conv,
      modelRef: () => this.modelRef,
      postEstimate: () => this.postEstimate(),
    }));
    this.onDidFinishAnswer = this.answers.onDidFinishAnswer;
    this.onDidCorrectUsage = this.answers.onDidCorrectUsage;
  }

  get conversation(): Conversation {
    return this.conv;
  }
  get isStreaming(): boolean {
    return this.answers.isStreaming;
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
    const id = await this.pointer.get();
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
    await this.pointer.set(conv.id);
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
    if (this.answers.isStreaming) await this.stop();
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
    if (slash && handler) await this.answers.runSlash(`/${slash[1]}`, handler, slash[2] ?? '');
    else await this.answers.answer();
  }

  stop(): Promise<void> {
    return this.answers.stop();
  }

  /** Answers the last user message again; the answer it replaces stays as an earlier version (‹ 1/2 ›). */
  async regenerate(): Promise<void> {
    if (this.answers.isStreaming) return;
    const last = lastAnswer(this.conv);
    if (!last) return;
    const earlier = versionsToKeep(last);
    this.removeFrom(last.id);
    await this.rereadLastQuestion();
    await this.answers.answer(earlier);
  }

  /** Retries a failed or cut-off answer (it and anything after it are replaced; what it holds stays as a version). */
  async retry(messageId: string): Promise<void> {
    if (this.answers.isStreaming) return;
    const msg = this.conv.messages.find((m) => m.id === messageId);
    if (!msg || msg.role !== 'assistant') return;
    const earlier = versionsToKeep(msg);
    this.removeFrom(msg.id);
    await this.rereadLastQuestion();
    await this.answers.answer(earlier);
  }

  /** Shows another version of a regenerated answer; the next request is built from the one shown. */
  showVersion(messageId: string, index: number): void {
    if (this.answers.isStreaming) return;
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
    if (this.answers.isStreaming || !text.trim()) return;
    const msg = this.conv.messages.find((m): m is UserMessage => m.id === messageId && m.role === 'user');
    if (!msg) return;
    this.removeFrom(msg.id);
    const context = await Promise.all(contextOf(msg).map((item) => ('type' in item ? this.services.mentions.reread(item) : item)));
    const user = addUserMessage(this.conv, text, context);
    void this.persistNow().catch(() => undefined);
    this.post({ type: 'messageAdded', message: user });
    await this.answers.answer();
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
    await this.pointer.set(this.conv.id);
    await saved;
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

  /** Goes on with a task that paused at a limit, was stopped, or was interrupted by a reload. */
  async continueTask(messageId: string): Promise<void> {
    if (this.answers.isStreaming) return;
    const msg = lastAnswer(this.conv);
    if (!msg || msg.id !== messageId || !msg.task || msg.task.state === 'running' || msg.task.state === 'waiting' || msg.task.undone) return;
    const refusal = this.agent.refusal(this.conv.model, this.conv.profile);
    if (refusal) {
      void vscode.window.showWarningMessage(refusal);
      return;
    }
    await this.answers.continueTask(msg);
  }

  /** Undo task: every file the task touched back as it was before its first change. */
  async undoTask(messageId: string): Promise<void> {
    const msg = this.conv.messages.find((m): m is AssistantMessage => m.id === messageId && m.role === 'assistant');
    const runner = this.services.agent.available;
    if (!msg?.task || !runner || this.answers.runningId === messageId) return;
    await runner.undo(this.conv, msg);
    this.post({ type: 'messageUpdated', message: msg });
    await this.store.save(this.conv).catch(() => undefined);
  }

  async openChange(messageId: string, callId: string): Promise<void> {
    const msg = this.conv.messages.find((m): m is AssistantMessage => m.id === messageId && m.role === 'assistant');
    if (msg) await this.services.agent.available?.openChange(this.conv, msg, callId);
  }

  /** For the view's state. */
  messages(): Message[] {
    return this.conv.messages;
  }
}
