// Version 3 of the conversation file: a journal that a save appends to. Whatever happens to a
// conversation, replaying its journal gives the conversation back; a save while an answer streams
// appends about what the model said; a torn last line loses only that save.
import * as assert from 'node:assert/strict';
import type { AssistantMessage, Conversation, Message } from '../../../src/core/conversation/conversation';
import { addUserMessage, createConversation, finishAnswer, setUsage, startAnswer, truncateFrom } from '../../../src/core/conversation/conversation';
import { journalHead, JournalState, replayJournal } from '../../../src/core/conversation/journal';
import { appendPart } from '../../../src/core/conversation/parts';
import { upgradeStoredConversation } from '../../../src/core/conversation/storage';
import { isConversation } from '../../../src/core/conversation/validate';
import { randomString, seeded } from '../agent/random';

const asIs = (m: Message) => m;

/** A journal file kept in memory, as the store keeps one on disk. */
class File {
  text = '';
  readonly state = new JournalState();

  writeWhole(conv: Conversation): void {
    this.text = this.state.head(conv) + conv.messages.map((m, i) => this.state.putLine(i, m, asIs)).join('');
    this.state.fileBytes = this.text.length;
  }

  save(conv: Conversation, from = 0): string {
    const lines = this.state.diff(conv, asIs, from);
    this.text += lines;
    this.state.fileBytes += lines.length;
    return lines;
  }

  read(): Conversation {
    const r = replayJournal(this.text);
    assert.ok(r, 'the file is a journal');
    assert.equal(r.damaged, false);
    const data = upgradeStoredConversation(r.data) as Record<string, unknown>;
    assert.ok(isConversation(data), 'the replayed conversation validates');
    delete data.version;
    return data as unknown as Conversation;
  }
}

/** The conversation as it would come back from JSON (undefined fields dropped). */
function plain(conv: Conversation): unknown {
  return JSON.parse(JSON.stringify(conv));
}

function chat(): Conversation {
  const c = createConversation('test/model', 1000);
  addUserMessage(c, 'Why does this fail?', [{ kind: 'selection', uri: 'file:///a.ts', languageId: 'typescript', range: { startLine: 1, endLine: 2 }, text: 'const x = 1;\nx = 2;' }], undefined, 1001);
  const a = startAnswer(c, 'test/model', 1002);
  appendPart(a.parts, 'reasoning', 'The user assigns to a const.');
  appendPart(a.parts, 'text', 'You assign to a `const`.');
  finishAnswer(a, { state: 'done' });
  return c;
}

describe('conversation journal (file version 3)', () => {
  it('a file written whole replays to the same conversation', () => {
    const conv = chat();
    const f = new File();
    f.writeWhole(conv);
    assert.ok(journalHead(f.text.slice(0, f.text.indexOf('\n'))), 'the first line says version 3');
    assert.deepEqual(f.read(), plain(conv));
  });

  it('while an answer streams, a save appends the new words and little else', () => {
    const conv = chat();
    const f = new File();
    f.writeWhole(conv);
    addUserMessage(conv, 'And now?');
    const a = startAnswer(conv);
    f.save(conv);
    let words = 0;
    let written = 0;
    for (let i = 0; i < 200; i++) {
      const w = `word${i} `;
      appendPart(a.parts, 'text', w);
      words += w.length;
      if (i % 5 === 4) written += f.save(conv, conv.messages.length - 2).length;
    }
    assert.ok(written < words + 40 * 60, `${written} bytes written for ${words} characters of answer`);
    assert.deepEqual(f.read(), plain(conv));
    finishAnswer(a, { state: 'done' });
    setUsage(a, { promptTokens: 10, completionTokens: 200, cost: 0.01 });
    const end = f.save(conv);
    assert.ok(end.length < 400 && !end.includes('word0'), `the end of the answer writes its fields only: ${end}`);
    assert.deepEqual(f.read(), plain(conv));
  });

  it('whatever changes, replaying the journal gives the conversation back', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rand = seeded(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
      const conv = chat();
      const f = new File();
      f.writeWhole(conv);
      const words = ['a', 'b ', 'ü', '"', '\\', '\n', '😀', '`'];
      const answers = () => conv.messages.filter((m): m is AssistantMessage => m.role === 'assistant');
      for (let step = 0; step < 60; step++) {
        const last = conv.messages[conv.messages.length - 1];
        const what = pick(['user', 'answer', 'text', 'text', 'reasoning', 'tool', 'status', 'finish', 'title', 'truncate', 'older', 'mode']);
        if (what === 'user') addUserMessage(conv, randomString(rand, words, 20) || 'q');
        else if (what === 'answer') startAnswer(conv);
        else if ((what === 'text' || what === 'reasoning') && last?.role === 'assistant') appendPart(last.parts, what, randomString(rand, words, 30));
        else if (what === 'tool' && last?.role === 'assistant') last.parts.push({ type: 'toolCall', id: `t${step}`, name: 'read_file', arguments: '{"path":"a.ts"}', status: 'pending' });
        else if (what === 'status') {
          const call = answers().flatMap((a) => a.parts).find((p) => p.type === 'toolCall');
          if (call && call.type === 'toolCall') call.status = pick(['running', 'done', 'failed'] as const);
        } else if (what === 'finish' && last?.role === 'assistant') {
          finishAnswer(last, pick([{ state: 'done' }, { state: 'cut', stopReason: 'length' }, { state: 'error', error: { message: 'failed', actions: [] } }] as const));
          if (rand() < 0.5) setUsage(last, { promptTokens: step, completionTokens: step * 2, cost: step / 100 });
        } else if (what === 'title') conv.title = randomString(rand, words, 10);
        else if (what === 'truncate' && conv.messages.length > 2) truncateFrom(conv, conv.messages[1 + Math.floor(rand() * (conv.messages.length - 1))]!.id);
        else if (what === 'older') {
          const a = answers()[0];
          if (a?.parts[0] && 'text' in a.parts[0]) a.parts[0] = { ...a.parts[0], text: `${randomString(rand, words, 5)} rewritten` };
        } else if (what === 'mode') conv.mode = pick(['ask', 'agent'] as const);
        f.save(conv);
        assert.deepEqual(f.read(), plain(conv), `seed ${seed}, step ${step} (${what})`);
      }
    }
  });

  it('a torn last line (a save cut short) loses that save only; a damaged line ends the replay there', () => {
    const conv = chat();
    const f = new File();
    f.writeWhole(conv);
    const saved = plain(conv);
    const before = f.text;
    appendPart((conv.messages[1] as AssistantMessage).parts, 'text', ' More.');
    const lines = f.save(conv);
    const torn = before + lines.slice(0, lines.length - 5);
    const r = replayJournal(torn);
    assert.equal(r?.damaged, true);
    const data = r!.data;
    delete data.version;
    assert.deepEqual(data, saved);
    const damaged = replayJournal(`${before}{"o":"text","i":99,"j":0,"s":"x"}\n{"o":"meta","v":{}}\n`);
    assert.equal(damaged?.damaged, true);
    assert.equal((damaged?.data as { id?: string }).id, conv.id, 'the lines before the damaged one stand');
  });

  it('a file that holds much more than the conversation says so (to be written whole)', () => {
    const conv = chat();
    const f = new File();
    f.writeWhole(conv);
    const a = conv.messages[1] as AssistantMessage;
    a.parts.push({ type: 'toolResult', callId: 'c', name: 'read_file', content: 'x'.repeat(20_000) });
    f.save(conv);
    assert.equal(f.state.wasteful, false);
    for (let i = 0; i < 10; i++) {
      a.parts[2] = { type: 'toolResult', callId: 'c', name: 'read_file', content: `${i}${'x'.repeat(20_000)}` };
      f.save(conv);
    }
    assert.equal(f.state.wasteful, true);
  });

  it('is not fooled by a version-2 file (one JSON document)', () => {
    assert.equal(journalHead(JSON.stringify({ ...chat(), version: 2 })), undefined);
    assert.equal(replayJournal(JSON.stringify({ ...chat(), version: 2 })), undefined);
  });
});
