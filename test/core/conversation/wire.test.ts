import * as assert from 'node:assert/strict';
import type { AssistantMessage } from '../../../src/core/conversation/conversation';
import { addUserMessage, createConversation, finishAnswer, startAnswer } from '../../../src/core/conversation/conversation';
import { appendPart } from '../../../src/core/conversation/parts';
import { TOOL_NOT_RUN, answerMessages, buildChatRequest } from '../../../src/core/conversation/wire';

function answer(parts: AssistantMessage['parts']): AssistantMessage {
  return { id: 'a', role: 'assistant', parts, model: 'm', state: 'done', createdAt: 0 };
}

describe('conversation wire: parts to API messages', () => {
  it('tool calls and their results become assistant and tool messages, in the order they happened', () => {
    const msgs = answerMessages(
      answer([
        { type: 'reasoning', text: 'never sent' },
        { type: 'text', text: 'Let me look.' },
        { type: 'toolCall', id: 'A', name: 'read', arguments: '{"path":"a.ts"}' },
        { type: 'toolCall', id: 'B', name: 'read', arguments: '{"path":"b.ts"}' },
        { type: 'toolResult', callId: 'B', name: 'read', content: 'b' },
        { type: 'toolResult', callId: 'A', name: 'read', content: 'a', isError: true },
        { type: 'toolResult', callId: 'stray', name: 'read', content: 'ignored' },
        { type: 'text', text: 'Now editing.' },
        { type: 'toolCall', id: 'C', name: 'edit', arguments: '{}' },
      ]),
    );
    assert.deepEqual(msgs, [
      {
        role: 'assistant',
        content: 'Let me look.',
        tool_calls: [
          { id: 'A', type: 'function', function: { name: 'read', arguments: '{"path":"a.ts"}' } },
          { id: 'B', type: 'function', function: { name: 'read', arguments: '{"path":"b.ts"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'A', content: 'a' },
      { role: 'tool', tool_call_id: 'B', content: 'b' },
      { role: 'assistant', content: 'Now editing.', tool_calls: [{ id: 'C', type: 'function', function: { name: 'edit', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'C', content: TOOL_NOT_RUN },
    ]);
  });

  it('an answer of text only is one assistant message; one with nothing is none', () => {
    assert.deepEqual(answerMessages(answer([{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }])), [{ role: 'assistant', content: 'ab' }]);
    assert.deepEqual(answerMessages(answer([{ type: 'reasoning', text: 'x' }])), []);
    assert.deepEqual(answerMessages(answer([{ type: 'toolCall', id: 'A', name: 'n', arguments: '{}' }]))[0]?.content, null);
  });

  it('streamed deltas extend the last part of their type; a new type starts a new part', () => {
    const parts: AssistantMessage['parts'] = [];
    appendPart(parts, 'reasoning', 'th');
    appendPart(parts, 'reasoning', 'ink');
    appendPart(parts, 'text', 'He');
    appendPart(parts, 'text', 'llo');
    parts.push({ type: 'toolCall', id: 'A', name: 'n', arguments: '{}' });
    appendPart(parts, 'text', 'after');
    assert.deepEqual(parts.map((p) => (p.type === 'text' || p.type === 'reasoning' ? `${p.type}:${p.text}` : 'call')), ['reasoning:think', 'text:Hello', 'call', 'text:after']);
  });

  it('a streaming answer is not sent back', () => {
    const c = createConversation('m');
    addUserMessage(c, 'q');
    const a = startAnswer(c);
    appendPart(a.parts, 'text', 'half');
    assert.equal(buildChatRequest(c).messages.length, 1);
    finishAnswer(a, { state: 'cut' });
    assert.equal(buildChatRequest(c).messages.length, 2);
  });
});
