// History says what each conversation cost and sorts by it, in the real extension host: the
// total of its answers, "≈" when one is an estimate, "+" when one had no known price, "cost
// unknown" when none had one (never $0), nothing before any answer.
import * as assert from 'node:assert/strict';
import type { Conversation } from '../../../src/core/conversation/conversation';
import { addUserMessage, createConversation, finishAnswer, setUsage, startAnswer, totals } from '../../../src/core/conversation/conversation';
import { searchEntry } from '../../../src/core/conversation/searchText';
import { appendPart } from '../../../src/core/conversation/parts';
import { conversationCost, historyItems } from '../../../src/chat/chatHistory';

function conv(title: string, updatedAt: number, answers: { promptTokens: number; completionTokens: number; cost?: number; estimated?: true }[]): Conversation {
  const c = createConversation('test/model', updatedAt);
  addUserMessage(c, title, [], undefined, updatedAt);
  for (const usage of answers) {
    const a = startAnswer(c, 'test/model', updatedAt);
    appendPart(a.parts, 'text', 'answer');
    finishAnswer(a, { state: 'done' });
    setUsage(a, usage);
  }
  c.updatedAt = updatedAt;
  return c;
}

describe('chat history: what each conversation cost', () => {
  const cheap = conv('Cheap and recent', 5000, [{ promptTokens: 10, completionTokens: 5, cost: 0.0002 }]);
  const dear = conv('Dear and old', 1000, [
    { promptTokens: 9000, completionTokens: 2000, cost: 0.042 },
    { promptTokens: 300, completionTokens: 4, cost: 0.0031, estimated: true },
  ]);
  const partly = conv('Partly priced', 3000, [{ promptTokens: 10, completionTokens: 5, cost: 0.01 }, { promptTokens: 10, completionTokens: 5 }]);
  const unknown = conv('No price at all', 4000, [{ promptTokens: 10, completionTokens: 5 }]);
  const empty = createConversation('test/model', 2000);
  empty.title = 'Nothing asked yet';
  // As the store lists them: newest first.
  const all = [cheap, unknown, partly, empty, dear].map(searchEntry);

  it('each row says what its conversation cost', () => {
    assert.equal(conversationCost(totals(cheap)), '$0.0002');
    assert.equal(conversationCost(totals(dear)), '≈ $0.0451');
    assert.equal(conversationCost(totals(partly)), '$0.01+');
    assert.equal(conversationCost(totals(unknown)), 'cost unknown');
    assert.equal(conversationCost(totals(empty)), undefined);
    const details = historyItems(all, '', false).map((i) => i.detail);
    assert.deepEqual(details, ['2 messages · $0.0002', '2 messages · cost unknown', '3 messages · $0.01+', '0 messages', '3 messages · ≈ $0.0451']);
    for (const d of details) assert.doesNotMatch(d ?? '', /\$0\.00\b(?!\d)/, 'an unknown cost never reads $0.00');
  });

  it('sorts by date as listed, or by cost, most expensive first', () => {
    assert.deepEqual(historyItems(all, '', false).map((i) => i.label), ['Cheap and recent', 'No price at all', 'Partly priced', 'Nothing asked yet', 'Dear and old']);
    assert.deepEqual(historyItems(all, '', true).map((i) => i.label), ['Dear and old', 'Partly priced', 'Cheap and recent', 'No price at all', 'Nothing asked yet']);
    assert.deepEqual(historyItems(all, 'priced', true).map((i) => i.label), ['Partly priced'], 'the search still applies');
  });
});
