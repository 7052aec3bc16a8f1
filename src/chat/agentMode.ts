import * as vscode from 'vscode';
import type { TaskEnd } from '../core/agent/loop';
import type { AssistantMessage, Conversation } from '../core/conversation/conversation';
import { finishAnswer } from '../core/conversation/conversation';
import { appendPart } from '../core/conversation/parts';
import type { HostNotification } from '../core/protocol/chatProtocol';
import type { AgentQuestion, AgentTaskSurface } from '../platform/agentService';
import type { Services } from '../platform/services';
import type { ConversationStore } from './conversationStore';

/** How long an approval waits for the user before the task pauses (a day: the user decides, not a timer). */
const APPROVAL_TIMEOUT_MS = 24 * 60 * 60 * 1000;

/**
 * Agent mode inside the chat: the surface an agent task writes into (the open answer, streamed
 * and saved as any answer), its questions as cards in the chat (host → webview `ask` requests),
 * and how a task's end shows on the answer. The task itself is the agent feature's, reached
 * through `services.agent`.
 */
export class ChatAgentMode {
  constructor(
    private readonly services: Services,
    private readonly store: ConversationStore,
    private readonly post: (n: HostNotification) => void,
    private readonly askView: (q: AgentQuestion, signal: AbortSignal) => Promise<string | undefined>,
  ) {}

  /** Why the agent cannot answer with this model now; undefined when it can. */
  refusal(model: string, profile?: string): string | undefined {
    const runner = this.services.agent.available;
    if (!runner) return vscode.l10n.t('Agent mode is not available in this window.');
    return runner.refusal(model, profile);
  }

  surface(conv: Conversation, msg: AssistantMessage): AgentTaskSurface {
    return {
      conversation: conv,
      answer: msg,
      appendText: (text) => {
        appendPart(msg.parts, 'text', text);
        this.post({ type: 'delta', messageId: msg.id, text });
        this.store.saveSoon(conv);
      },
      appendReasoning: (text) => {
        appendPart(msg.parts, 'reasoning', text);
        this.post({ type: 'reasoningDelta', messageId: msg.id, text });
        this.store.saveSoon(conv);
      },
      update: () => {
        this.post({ type: 'messageUpdated', message: msg });
        this.store.saveSoon(conv);
      },
      ask: async (q, signal) => {
        if (msg.task) msg.task.state = 'waiting';
        this.post({ type: 'messageUpdated', message: msg });
        this.store.saveSoon(conv);
        try {
          return await this.askView(q, signal);
        } catch {
          return undefined; // withdrawn (Stop) or timed out: nothing runs
        } finally {
          if (msg.task?.state === 'waiting') msg.task.state = 'running';
        }
      },
    };
  }

  /** Runs (or continues) the task of `msg`; the answer's state says how it ended. */
  async run(conv: Conversation, msg: AssistantMessage, signal: AbortSignal): Promise<void> {
    const runner = this.services.agent.available;
    if (!runner) {
      finishAnswer(msg, { state: 'error', error: { message: vscode.l10n.t('Agent mode is not available in this window.'), actions: [] } });
      return;
    }
    let end: TaskEnd;
    try {
      end = await runner.run(this.surface(conv, msg), signal);
    } catch (e) {
      this.services.log.error(`chat: agent task failed: ${e instanceof Error ? e.message : String(e)}`);
      end = { state: 'failed' };
    }
    if (end.state === 'stopped') finishAnswer(msg, { state: 'cut' });
    else if (end.state === 'failed') finishAnswer(msg, { state: 'error', error: msg.error ?? { message: vscode.l10n.t('The agent task failed. See the log for details.'), actions: [] } });
    else finishAnswer(msg, { state: 'done' });
  }
}

/** The chat view's `ask` request for an agent question. */
export function askInView(request: (params: { title: string; body: string; code?: string; buttons: AgentQuestion['buttons'] }, options: { timeoutMs: number; signal: AbortSignal }) => Promise<{ choice: string }>) {
  return async (q: AgentQuestion, signal: AbortSignal): Promise<string | undefined> => {
    const r = await request({ title: q.title, body: q.body, ...(q.code ? { code: q.code } : {}), buttons: q.buttons }, { timeoutMs: APPROVAL_TIMEOUT_MS, signal });
    return r.choice;
  };
}
