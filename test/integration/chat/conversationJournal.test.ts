// The conversation store's journal files (version 3) on disk: a save appends what changed, so an
// answer streaming into a long conversation never rewrites it; files of every older version load
// and are written back as journals; a save cut short loses only itself; History's search follows
// the files. Plain Node (no `vscode`): it runs in the extension host with the integration suite.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConversationStore } from '../../../src/chat/conversationStore';
import type { AssistantMessage, Conversation } from '../../../src/core/conversation/conversation';
import { addUserMessage, recoverInterrupted, startAnswer } from '../../../src/core/conversation/conversation';
import { replayJournal } from '../../../src/core/conversation/journal';
import { appendPart, textOf } from '../../../src/core/conversation/parts';
import type { Logger } from '../../../src/core/log';
import { makeLongConversation } from '../../bench/longConversation';

function capturingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, trace() {}, debug() {}, info() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };
}

/** The conversation as it comes back from disk (undefined fields dropped). */
function plain(conv: Conversation): unknown {
  return JSON.parse(JSON.stringify(conv));
}

describe('chat: conversation files are journals (version 3)', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-journal-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('an answer streaming into a long conversation is appended: the file is never rewritten', async () => {
    const long = makeLongConversation('c-long', 400);
    await new ConversationStore(dir).save(long);
    const file = path.join(dir, 'c-long.json');
    const size = fs.statSync(file).size;
    assert.ok(size > 1_500_000, `a long conversation (${size} bytes)`);
    const store = new ConversationStore(dir);
    const conv = (await store.load('c-long'))!;
    assert.deepEqual(plain(conv), plain(long), 'it loads as saved');
    const inode = fs.statSync(file).ino;
    addUserMessage(conv, 'One more question');
    await store.save(conv, 'end');
    const answer = startAnswer(conv);
    let streamed = 0;
    for (let i = 0; i < 300; i++) {
      const words = `word${i} and some more `;
      appendPart(answer.parts, 'text', words);
      streamed += words.length;
      store.saveSoon(conv);
      if (i % 10 === 9) await store.flush();
    }
    await store.flush();
    const after = fs.statSync(file);
    assert.equal(after.ino, inode, 'the same file, appended to (a rewrite renames a new file into place)');
    const grew = after.size - size;
    assert.ok(grew >= streamed && grew < streamed + 12_000, `the file grew by ${grew} bytes for ${streamed} characters streamed`);
    assert.deepEqual(plain((await new ConversationStore(dir).load('c-long'))!), plain(conv), 'and reads back whole');
  });

  it('the host going away mid-answer in a long conversation: what was streamed is there, the answer marked cut', async () => {
    const store = new ConversationStore(dir);
    const conv = makeLongConversation('c-stop', 300);
    await store.save(conv);
    addUserMessage(conv, 'Go on');
    const answer = startAnswer(conv);
    store.saveSoon(conv);
    for (let i = 0; i < 50; i++) {
      appendPart(answer.parts, 'text', `part ${i}. `);
      store.saveSoon(conv);
      if (i === 20) await store.flush();
    }
    // Deactivate: no promises, the host may exit right after.
    store.flushSync();
    const file = path.join(dir, 'c-stop.json');
    // Also as a crash would leave it: a save cut short at the end.
    const copy = path.join(dir, 'c-torn.json');
    fs.writeFileSync(copy, `${fs.readFileSync(file, 'utf8').replaceAll('c-stop', 'c-torn')}{"o":"text","i":301,"j":0,"s":"half a sa`);
    const back = (await new ConversationStore(dir).load('c-stop'))!;
    assert.equal(back.messages.length, 302);
    assert.equal(textOf(back.messages[301]!), textOf(answer), 'every streamed word is on disk');
    assert.deepEqual(plain({ ...back, messages: back.messages.slice(0, 300) }), plain({ ...conv, messages: conv.messages.slice(0, 300) }), 'the history is whole');
    assert.equal(recoverInterrupted(back), true);
    assert.equal((back.messages[301] as AssistantMessage).state, 'cut');

    const log = capturingLogger();
    const reader = new ConversationStore(dir, log);
    const torn = (await reader.load('c-torn'))!;
    assert.equal(textOf(torn.messages[301]!), textOf(answer), 'a torn last save loses only itself');
    assert.ok(log.warnings.some((w) => w.includes('c-torn') && w.includes('cut short')), log.warnings.join('\n'));
    appendPart((torn.messages[301] as AssistantMessage).parts, 'text', 'after');
    await reader.save(torn);
    const r = replayJournal(fs.readFileSync(copy, 'utf8'));
    assert.equal(r?.damaged, false, 'the next save wrote the file whole again');
    assert.equal(textOf((await new ConversationStore(dir).load('c-torn'))!.messages[301]!), `${textOf(answer)}after`);
  });

  it('files of versions 1 and 2 load and are written back as journals', async () => {
    const fixtures = path.join(__dirname, '..', '..', '..', '..', 'test', 'core', 'conversation', 'fixtures', 'v1');
    fs.cpSync(fixtures, dir, { recursive: true });
    const v2 = makeLongConversation('c-v2', 20);
    fs.writeFileSync(path.join(dir, 'c-v2.json'), JSON.stringify({ ...v2, version: 2 }));
    const store = new ConversationStore(dir);
    for (const id of ['c-v1-fixture-a', 'c-v2']) {
      const conv = (await store.load(id))!;
      assert.ok(conv, `${id} loads`);
      await store.save(conv);
      const text = fs.readFileSync(path.join(dir, `${id}.json`), 'utf8');
      assert.match(text, /^\{"version":3,/);
      assert.equal(replayJournal(text)?.damaged, false);
      assert.deepEqual(plain((await new ConversationStore(dir).load(id))!), plain(conv), `${id} reads back the same`);
    }
    assert.deepEqual(plain((await store.load('c-v2'))!), plain(v2));
  });

  it('a conversation read again elsewhere: saves of the older copy write the file whole, never onto a journal that moved on', async () => {
    const store = new ConversationStore(dir);
    const conv = makeLongConversation('c-two', 6);
    await store.save(conv);
    const first = (await store.load('c-two'))!;
    const second = (await store.load('c-two'))!;
    appendPart((second.messages[5] as AssistantMessage).parts, 'text', ' second');
    await store.save(second);
    appendPart((first.messages[5] as AssistantMessage).parts, 'text', ' first');
    await store.save(first);
    assert.deepEqual(plain((await new ConversationStore(dir).load('c-two'))!), plain(first), 'the last save wins, whole');
  });

  it("History's search finds words in any conversation and follows saves and deletions", async () => {
    const store = new ConversationStore(dir);
    const a = makeLongConversation('c-a', 4);
    const b = makeLongConversation('c-b', 4);
    a.title = 'About caching';
    b.updatedAt = a.updatedAt + 1;
    await store.save(a);
    await store.save(b);
    const search = async (q: string) => (await store.searchEntries()).filter((e) => q.toLowerCase().split(' ').every((w) => e.hay.includes(w))).map((e) => e.id);
    assert.deepEqual(await search(''), ['c-b', 'c-a'], 'newest first');
    assert.deepEqual(await search('caching'), ['c-a']);
    assert.deepEqual(await search('QUESTION 1'), ['c-b', 'c-a'], 'case-insensitive, every word');
    const loaded = (await store.load('c-b'))!;
    appendPart((loaded.messages[3] as AssistantMessage).parts, 'text', ' zebra');
    await store.save(loaded);
    assert.deepEqual(await search('zebra'), ['c-b'], 'a saved change is found');
    appendPart((loaded.messages[3] as AssistantMessage).parts, 'text', ' okapi');
    store.saveSoon(loaded);
    assert.deepEqual(await search('okapi'), ['c-b'], 'and one waiting to be saved');
    await store.flush();
    await store.delete('c-a');
    assert.deepEqual(await search(''), ['c-b']);
  });
});
