import * as assert from 'node:assert/strict';
import type { Conversation } from '../../../src/core/conversation/conversation';
import { addUserMessage, createConversation, finishAnswer, isAbout, recoverInterrupted, setUsage, startAnswer, titleFrom, totals, truncateFrom } from '../../../src/core/conversation/conversation';
import { matches, toMarkdown } from '../../../src/core/conversation/markdown';
import { appendPart, textOf } from '../../../src/core/conversation/parts';
import { buildChatRequest } from '../../../src/core/conversation/wire';
import { isConversation, isSafeConversationId } from '../../../src/core/conversation/validate';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';

function sample(): Conversation {
  const c = createConversation('test/model', 1000);
  addUserMessage(c, 'Explain closures in JavaScript please', [], undefined, 1001);
  const a = startAnswer(c, 'test/model', 1002);
  appendPart(a.parts, 'text', 'A closure **captures** variables.');
  setUsage(a, { promptTokens: 100, completionTokens: 20, cost: 0.0005 });
  finishAnswer(a, { state: 'done' });
  return c;
}

describe('conversation model', () => {
  it('titles a conversation from its first message, shortened at a word', () => {
    const c = sample();
    assert.equal(c.title, 'Explain closures in JavaScript please');
    assert.equal(titleFrom('word '.repeat(30), 20), 'word word word word…');
    assert.equal(titleFrom('first line\nsecond'), 'first line');
  });

  it('builds the request: system prompt, messages, parameters; a failed empty answer is left out', () => {
    const c = sample();
    addUserMessage(c, 'And in Python?');
    const failed = startAnswer(c);
    finishAnswer(failed, { state: 'error', error: { message: 'x', actions: [] } });
    const req = buildChatRequest(c, { systemPrompt: '  Be brief.  ', temperature: 0.2, maxTokens: 500 });
    assert.deepEqual(req, {
      model: 'test/model',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Explain closures in JavaScript please' },
        { role: 'assistant', content: 'A closure **captures** variables.' },
        { role: 'user', content: 'And in Python?' },
      ],
      temperature: 0.2,
      max_tokens: 500,
    });
  });

  it('leaves out unset or invalid parameters', () => {
    const req = buildChatRequest(sample(), { systemPrompt: '', temperature: null, maxTokens: 0 });
    assert.equal('temperature' in req, false);
    assert.equal('max_tokens' in req, false);
    assert.equal(req.messages[0]!.role, 'user');
  });

  it('sends images as image_url parts with data URIs, and text attachments inline before the prompt', () => {
    const c = createConversation('vision/model');
    addUserMessage(c, 'What is in this?', [
      { kind: 'selection', uri: 'file:///w/a.ts', languageId: 'typescript', range: { startLine: 0, endLine: 1 }, text: 'const a = 1;\n```x```' },
      { kind: 'image', name: 'shot.png', mimeType: 'image/png', dataUri: PNG },
    ]);
    const content = buildChatRequest(c).messages[0]!.content;
    assert.ok(Array.isArray(content));
    assert.equal(content[0]!.type, 'text');
    const text = (content[0] as { text: string }).text;
    assert.match(text, /a\.ts \(lines 1-2\):\n````typescript\nconst a = 1;\n```x```\n````\n\nWhat is in this\?$/);
    assert.deepEqual(content[1], { type: 'image_url', image_url: { url: PNG } });
  });

  it('uses the full prompt when it differs from what the user sees', () => {
    const c = createConversation('m');
    addUserMessage(c, 'Explain selection', [], 'Explain this code: ...');
    assert.equal(buildChatRequest(c).messages[0]!.content, 'Explain this code: ...');
  });

  it('keeps a cut-off answer as it was shown, and recovers an interrupted stream as cut off', () => {
    const c = sample();
    addUserMessage(c, 'more');
    const a = startAnswer(c);
    appendPart(a.parts, 'text', 'partial');
    assert.equal(recoverInterrupted(c), true);
    assert.equal(a.state, 'cut');
    assert.equal(textOf(a), 'partial');
    assert.equal(buildChatRequest(c).messages.at(-1)!.content, 'partial');
    assert.equal(recoverInterrupted(c), false);
  });

  it('truncates from a message (edit and resend, regenerate)', () => {
    const c = sample();
    const second = addUserMessage(c, 'second');
    startAnswer(c);
    truncateFrom(c, second.id);
    assert.equal(c.messages.length, 2);
    assert.equal(truncateFrom(c, 'missing'), undefined);
  });

  it('totals tokens and cost, flagging answers without a price', () => {
    const c = sample();
    addUserMessage(c, 'q2');
    const b = startAnswer(c);
    setUsage(b, { promptTokens: 50, completionTokens: 5 });
    finishAnswer(b, { state: 'done' });
    const t = totals(c);
    assert.deepEqual(t, { promptTokens: 150, completionTokens: 25, cost: 0.0005, costIncomplete: true, estimated: false, versions: false });
  });

  it('searches titles and messages, every word, case-insensitively', () => {
    const c = sample();
    assert.equal(matches(c, 'CLOSURE captures'), true);
    assert.equal(matches(c, 'closure rust'), false);
    assert.equal(matches(c, '  '), true);
  });

  it('exports Markdown with per-answer model, tokens, cost, and marks cut-off answers and errors', () => {
    const c = sample();
    addUserMessage(c, 'next');
    const a = startAnswer(c);
    appendPart(a.parts, 'text', 'half');
    finishAnswer(a, { state: 'cut' });
    addUserMessage(c, 'again');
    const e = startAnswer(c);
    finishAnswer(e, { state: 'error', error: { message: 'Server error', actions: [] } });
    const md = toMarkdown(c);
    assert.match(md, /^# Explain closures in JavaScript please/);
    assert.match(md, /## Assistant \(test\/model, 100 → 20 tokens, \$0\.0005\)/);
    assert.match(md, /## Assistant \(test\/model, cut off\)\n\nhalf/);
    assert.match(md, /> \*\*Error:\*\* Server error/);
  });

  it('exports each answer\'s tokens and cost, "≈" for an estimate and "cost unknown" (never $0) without a price, and the total', () => {
    const c = sample();
    addUserMessage(c, 'stopped');
    const est = startAnswer(c);
    appendPart(est.parts, 'text', 'stopped answer');
    finishAnswer(est, { state: 'cut' });
    setUsage(est, { promptTokens: 300, completionTokens: 4, cost: 0.0031, estimated: true });
    addUserMessage(c, 'unpriced');
    const unknown = startAnswer(c);
    appendPart(unknown.parts, 'text', 'no price');
    finishAnswer(unknown, { state: 'done' });
    setUsage(unknown, { promptTokens: 10, completionTokens: 2 });
    const md = toMarkdown(c);
    assert.match(md, /## Assistant \(test\/model, ≈ 300 → 4 tokens, ≈ \$0\.0031, cut off\)/);
    assert.match(md, /## Assistant \(test\/model, 10 → 2 tokens, cost unknown\)/);
    assert.doesNotMatch(md, /\$0\.00\b/);
    assert.match(md, /---\n\n≈ 410 → 26 tokens, ≈ \$0\.0036\+\n/);
  });

  it('validates stored conversations and rejects damaged ones', () => {
    const c = sample();
    assert.equal(isConversation(JSON.parse(JSON.stringify(c))), true);
    assert.equal(isConversation({ ...c, messages: [{ role: 'system', parts: [{ type: 'text', text: 'x' }] }] }), false);
    const unknownPart = JSON.parse(JSON.stringify(c));
    unknownPart.messages[1].parts.push({ type: 'script', text: 'x' });
    assert.equal(isConversation(unknownPart), false, 'a part of an unknown type');
    const userToolCall = JSON.parse(JSON.stringify(c));
    userToolCall.messages[0].parts.push({ type: 'toolCall', id: 'c', name: 'n', arguments: '{}' });
    assert.equal(isConversation(userToolCall), false, 'a user message holds no tool calls');
    assert.equal(isConversation({ ...c, id: 5 }), false);
    const bad = JSON.parse(JSON.stringify(c));
    bad.messages[1].state = 'exploded';
    assert.equal(isConversation(bad), false);
    const about = JSON.parse(JSON.stringify(c));
    about.messages[0].file = 'file:///work/a.ts';
    assert.equal(isConversation(about), true, 'a question may name the file it is about');
    about.messages[0].file = 42;
    assert.equal(isConversation(about), false);
  });

  it('knows which files a conversation is about: questions about them, and attached ones', () => {
    const c = createConversation('m');
    addUserMessage(c, 'Explain a.ts:1-3', [], 'prompt', 1, 'file:///w/a.ts');
    addUserMessage(c, 'and this', [{ kind: 'file', uri: 'file:///w/b.ts', languageId: 'typescript', text: 'x' }]);
    assert.equal(isAbout(c, 'file:///w/a.ts'), true);
    assert.equal(isAbout(c, 'file:///w/b.ts'), true);
    assert.equal(isAbout(c, 'file:///w/c.ts'), false);
  });

  it('accepts only file-name-safe conversation ids', () => {
    assert.equal(isSafeConversationId(createConversation('m').id), true);
    for (const id of ['../x', 'a/b', '', 'a.json', 'x'.repeat(101)]) assert.equal(isSafeConversationId(id), false, id);
  });
});
