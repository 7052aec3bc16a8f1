// In the real extension host, against the simulator: Regenerate keeps the earlier answer as a
// version, the view switches versions and the next request is built from the one shown, Copy
// Answer copies a whole answer, and a long paste that fits the model reaches it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AssistantMessage } from '../../../src/core/conversation/conversation';
import { totals, versionOf } from '../../../src/core/conversation/conversation';
import { textOf } from '../../../src/core/conversation/parts';
import { chatRequests, lastAnswer, useSimulator, waitFor } from '../helpers';

describe('chat: versions of an answer, Copy Answer, a long paste (integration)', function () {
  this.timeout(60_000);
  const s = useSimulator();

  beforeEach(async () => {
    await s.api.chat.session.newConversation();
  });

  it('Regenerate keeps the first answer; switching versions changes what the next request sends', async () => {
    s.sim.enqueue({ reply: 'Red.', usage: { prompt_tokens: 10, completion_tokens: 2, cost: 0.1 } });
    await s.api.chat.send({ text: 'Name a colour' });
    s.sim.enqueue({ reply: 'Blue.', usage: { prompt_tokens: 10, completion_tokens: 2, cost: 0.2 } });
    await s.api.chat.session.regenerate();
    const conv = s.api.chat.session.conversation;
    const a = lastAnswer(conv);
    assert.deepEqual(versionOf(a), { index: 1, count: 2 });
    assert.equal(textOf(a), 'Blue.');
    assert.equal(totals(conv).cost.toFixed(2), '0.30', 'both requests were paid for');

    // The view's ‹ arrow: a message the host checks like any other.
    await s.api.chat.view.handleMessage({ type: 'showVersion', messageId: a.id, index: 0 });
    const shown = conv.messages.find((m): m is AssistantMessage => m.id === a.id)!;
    assert.equal(textOf(shown), 'Red.');
    s.sim.enqueue({ reply: 'Because.' });
    await s.api.chat.send({ text: 'Why?' });
    assert.deepEqual(chatRequests(s.sim.requests).at(-1)!.messages.map((m) => m.content), ['Name a colour', 'Red.', 'Why?']);

    // Stored as shown: reopening the conversation keeps both versions.
    await s.api.chat.store.flush();
    const stored = await s.api.chat.store.load(conv.id);
    const back = stored!.messages[1] as AssistantMessage;
    assert.deepEqual(versionOf(back), { index: 0, count: 2 });
    assert.equal(textOf(back.versions![0]!), 'Blue.');
  });

  it('Copy Answer puts the whole answer on the clipboard (Markdown, no reasoning)', async () => {
    s.sim.enqueue({ reply: '# Steps\n\n1. One\n2. Two\n\n```js\nrun();\n```', reasoning: 'thinking hard' });
    await s.api.chat.send({ text: 'How?' });
    const a = lastAnswer(s.api.chat.session.conversation);
    await vscode.env.clipboard.writeText('before');
    await s.api.chat.view.handleMessage({ type: 'request', id: 7, method: 'copyAnswer', params: { messageId: a.id } });
    await waitFor(async () => (await vscode.env.clipboard.readText()) !== 'before', 5000, 'the clipboard to change');
    assert.equal(await vscode.env.clipboard.readText(), '# Steps\n\n1. One\n2. Two\n\n```js\nrun();\n```');
  });

  it('a 250,000-character paste is not dropped: it reaches the model', async () => {
    const rejected = s.api.chat.view.rejected;
    const text = 'log line\n'.repeat(27_778).slice(0, 250_000);
    s.sim.enqueue({ reply: 'Read it.' });
    await s.api.chat.view.handleMessage({ type: 'send', text });
    assert.equal(s.api.chat.view.rejected, rejected, 'not dropped as invalid');
    assert.equal(chatRequests(s.sim.requests).at(-1)!.messages.at(-1)!.content, text);
  });
});
