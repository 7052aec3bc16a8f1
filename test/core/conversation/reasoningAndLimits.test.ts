// Reasoning kept on the answer (saved, validated, never sent back), answers cut off by the
// provider (token limit, content filter), and the max_tokens sent when the setting is empty.
import * as assert from 'node:assert/strict';
import { addUserMessage, createConversation, finishAnswer, outcomeOfFinish, startAnswer } from '../../../src/core/conversation/conversation';
import { reasoningOf } from '../../../src/core/conversation/parts';
import { buildChatRequest, effectiveMaxTokens, MAX_TOKENS_CAP, MAX_TOKENS_FALLBACK } from '../../../src/core/conversation/wire';
import { isConversation, isMessage } from '../../../src/core/conversation/validate';
import { isHostNotification } from '../../../src/core/protocol/chatProtocol';

describe('conversation: reasoning, cut-off reasons, max_tokens', () => {
  it('keeps reasoning on the answer, survives a JSON round trip, and is validated', () => {
    const c = createConversation('deepseek/deepseek-r1');
    addUserMessage(c, 'Why is the sky blue?');
    const a = startAnswer(c);
    a.parts.push({ type: 'reasoning', text: 'Rayleigh scattering… <b>not html</b>', ms: 4200 }, { type: 'text', text: 'Because of Rayleigh scattering.' });
    finishAnswer(a, { state: 'done' });
    const back = JSON.parse(JSON.stringify(c)) as unknown;
    assert.equal(isConversation(back), true);
    const msg = (back as typeof c).messages[1] as typeof a;
    assert.equal(reasoningOf(msg), 'Rayleigh scattering… <b>not html</b>');
    assert.deepEqual(msg.parts[0], { type: 'reasoning', text: 'Rayleigh scattering… <b>not html</b>', ms: 4200 });

    assert.equal(isMessage({ ...a, parts: [{ type: 'reasoning', text: 42 }] }), false);
    assert.equal(isMessage({ ...a, parts: [{ type: 'reasoning', text: 'x', ms: -1 }] }), false);
    assert.equal(isMessage({ ...a, parts: [{ type: 'reasoning', text: 'x', ms: 'long' }] }), false);
    assert.equal(isMessage({ ...a, stopReason: 'length' }), true);
    assert.equal(isMessage({ ...a, stopReason: 'tired' }), false);
  });

  it('never sends reasoning back to the model: only the answer text', () => {
    const c = createConversation('m');
    addUserMessage(c, 'q1');
    const a = startAnswer(c);
    a.parts.push({ type: 'reasoning', text: 'SECRET CHAIN OF THOUGHT' }, { type: 'text', text: 'answer one' });
    finishAnswer(a, { state: 'done' });
    addUserMessage(c, 'q2');
    const req = buildChatRequest(c);
    assert.deepEqual(
      req.messages.map((m) => [m.role, m.content]),
      [
        ['user', 'q1'],
        ['assistant', 'answer one'],
        ['user', 'q2'],
      ],
    );
    assert.ok(!JSON.stringify(req).includes('SECRET'));
  });

  it('an answer that ended on the token limit or the content filter is cut off with its reason', () => {
    assert.deepEqual(outcomeOfFinish('length'), { state: 'cut', stopReason: 'length' });
    assert.deepEqual(outcomeOfFinish('content_filter'), { state: 'cut', stopReason: 'contentFilter' });
    assert.deepEqual(outcomeOfFinish('stop'), { state: 'done' });
    assert.deepEqual(outcomeOfFinish('tool_calls'), { state: 'done' });
    assert.deepEqual(outcomeOfFinish(undefined), { state: 'done' });

    const c = createConversation('m');
    const a = startAnswer(c);
    finishAnswer(a, outcomeOfFinish('length'));
    assert.equal(a.state, 'cut');
    assert.equal(a.stopReason, 'length');
    // A later outcome (e.g. a retry reusing the object, or a user stop) does not keep a stale reason.
    finishAnswer(a, { state: 'cut' });
    assert.equal(a.stopReason, undefined);
  });

  it('max_tokens: the setting wins; else the model limit capped; else the fallback', () => {
    assert.equal(effectiveMaxTokens(500, 64_000), 500);
    assert.equal(effectiveMaxTokens(100_000, 4096), 100_000);
    assert.equal(effectiveMaxTokens(null, 4096), 4096);
    assert.equal(effectiveMaxTokens(null, 64_000), MAX_TOKENS_CAP);
    assert.equal(MAX_TOKENS_CAP, 16_384);
    assert.equal(effectiveMaxTokens(undefined, undefined), MAX_TOKENS_FALLBACK);
    assert.equal(MAX_TOKENS_FALLBACK, 8_192);
    // Nonsense settings and catalogue values are ignored, never sent.
    assert.equal(effectiveMaxTokens(0, 2000), 2000);
    assert.equal(effectiveMaxTokens(-5, undefined), 8192);
    assert.equal(effectiveMaxTokens(1.5, 0), 8192);
    assert.equal(effectiveMaxTokens(Number.NaN, Number.POSITIVE_INFINITY), 8192);
    const c = createConversation('m');
    addUserMessage(c, 'hi');
    assert.equal(buildChatRequest(c, { maxTokens: effectiveMaxTokens(null, undefined) }).max_tokens, 8192);
  });

  it('the protocol carries reasoning deltas, checked like text deltas', () => {
    assert.equal(isHostNotification({ type: 'reasoningDelta', messageId: 'a', text: 'hmm' }), true);
    assert.equal(isHostNotification({ type: 'reasoningDelta', text: 'hmm' }), false);
    assert.equal(isHostNotification({ type: 'reasoningDelta', messageId: 'a', text: 3 }), false);
  });
});
