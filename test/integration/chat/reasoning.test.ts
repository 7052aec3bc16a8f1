// The sidebar chat in the real extension host, against the simulator: a reasoning model's thinking
// is kept on the answer (and on disk) but not sent back; an answer ended by the token limit or the
// content filter is marked cut off with its reason; max_tokens is sent even when the setting is empty.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Settings } from '../../../src/platform/ids';
import type { Conversation } from '../../../src/core/conversation/conversation';
import { replayJournal } from '../../../src/core/conversation/journal';
import { chatRequests, lastAnswer, setUserSetting, useSimulator, waitFor } from '../helpers';
import { reasoningOf, textOf } from '../../../src/core/conversation/parts';

describe('chat view: reasoning, cut-off reasons, max_tokens (integration)', function () {
  this.timeout(60_000);
  const s = useSimulator();

  beforeEach(async () => {
    await s.api.chat.session.newConversation();
  });

  it('keeps the reasoning on the answer and on disk, and never sends it back to the model', async () => {
    s.sim.enqueue({ reasoning: 'First, consider the question carefully. <b>Then</b> answer.', reply: 'Forty-two.', chunkChars: 5 });
    await s.api.chat.send({ text: 'What is the answer?' });
    const conv = s.api.chat.session.conversation;
    const a = lastAnswer(conv);
    assert.equal(a.state, 'done');
    assert.equal(textOf(a), 'Forty-two.');
    assert.equal(reasoningOf(a), 'First, consider the question carefully. <b>Then</b> answer.');
    const ms = a.parts.find((p) => p.type === 'reasoning')?.ms;
    assert.ok(typeof ms === 'number' && ms >= 0, 'the reasoning time is measured');
    const file = path.join(s.api.chat.store.dir, `${conv.id}.json`);
    const stored = await waitFor(() => {
      const c = replayJournal(fs.readFileSync(file, 'utf8'))?.data as unknown as Conversation;
      return lastAnswer(c).state === 'done' ? c : undefined;
    }, 5000, 'the finished answer on disk');
    assert.equal(reasoningOf(lastAnswer(stored)), reasoningOf(a));

    s.sim.enqueue({ reply: 'Sure.' });
    await s.api.chat.send({ text: 'Thanks' });
    const req = chatRequests(s.sim.requests).at(-1)!;
    assert.deepEqual(
      req.messages.map((m) => [m.role, m.content]),
      [
        ['user', 'What is the answer?'],
        ['assistant', 'Forty-two.'],
        ['user', 'Thanks'],
      ],
    );
  });

  it('an answer ended by the token limit is cut off with reason "length"; the content filter likewise', async () => {
    s.sim.enqueue({ reply: 'This answer stops in the mid', finishReason: 'length' });
    await s.api.chat.send({ text: 'Write an essay' });
    let a = lastAnswer(s.api.chat.session.conversation);
    assert.equal(a.state, 'cut');
    assert.equal(a.stopReason, 'length');
    assert.equal(textOf(a), 'This answer stops in the mid');

    s.sim.enqueue({ reply: 'Partial', finishReason: 'content_filter' });
    await s.api.chat.send({ text: 'Something else' });
    a = lastAnswer(s.api.chat.session.conversation);
    assert.equal(a.state, 'cut');
    assert.equal(a.stopReason, 'contentFilter');

    s.sim.enqueue({ reply: 'Complete.', finishReason: 'stop' });
    await s.api.chat.session.regenerate();
    a = lastAnswer(s.api.chat.session.conversation);
    assert.equal(a.state, 'done');
    assert.equal(a.stopReason, undefined);
  });

  it('sends max_tokens when the setting is empty: the catalogue limit capped at 16384, else 8192', async () => {
    const restore = await setUserSetting(`${Settings.section}.${Settings.maxTokens}`, undefined);
    try {
      s.sim.enqueue({ reply: 'ok' });
      await s.api.chat.send({ text: 'hi' });
      const req = chatRequests(s.sim.requests).at(-1)!;
      const known = s.api.services.models.find(req.model)?.maxOutputTokens;
      assert.equal(req.max_tokens, known ? Math.min(known, 16_384) : 8192);
    } finally {
      await restore();
    }
  });
});
