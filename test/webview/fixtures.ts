// Host → webview messages the tests send: a state with a conversation, as src/chat would build it.
import type { AssistantMessage, Conversation, Message, UserMessage } from '../../src/core/conversation/conversation';
import type { ChatState } from '../../src/core/protocol/chatProtocol';
import { UI_STRING_KEYS } from '../../src/core/protocol/uiStrings';

export const STRINGS = Object.fromEntries(UI_STRING_KEYS.map((k) => [k, `«${k}»`]));

/** An answer of one text part; `reasoning` puts a reasoning part (with its duration) before it. */
export function answer(
  id: string,
  text: string,
  state: AssistantMessage['state'] = 'done',
  extra: Partial<AssistantMessage> & { reasoning?: string; reasoningMs?: number } = {},
): AssistantMessage {
  const { reasoning, reasoningMs, ...rest } = extra;
  const parts: AssistantMessage['parts'] = [];
  if (reasoning !== undefined) parts.push(reasoningMs !== undefined ? { type: 'reasoning', text: reasoning, ms: reasoningMs } : { type: 'reasoning', text: reasoning });
  if (text) parts.push({ type: 'text', text });
  return { id, role: 'assistant', parts, model: 'test/model', state, createdAt: 1, ...rest };
}

/** A user message of one text part. */
export function question(id: string, text: string): UserMessage {
  return { id, role: 'user', parts: [{ type: 'text', text }], createdAt: 1 };
}

export function conversation(messages: Message[]): Conversation {
  return { id: 'c-test', title: 'Test', model: 'test/model', createdAt: 1, updatedAt: 1, messages };
}

export function state(messages: Message[], extra: Partial<ChatState> = {}): ChatState {
  return {
    conversation: conversation(messages),
    models: [
      { id: 'test/model', name: 'Test Model', vision: true },
      { id: 'other/model', name: 'Other', vision: false },
    ],
    model: 'test/model',
    pending: [],
    streaming: messages.some((m) => m.role === 'assistant' && m.state === 'streaming'),
    hasKey: true,
    endpointBadge: null,
    settings: { temperature: null, maxTokens: null, hasSystemPrompt: false },
    strings: STRINGS,
    agent: { rules: [], rulesOff: false },
    slashCommands: [],
    ...extra,
  };
}
