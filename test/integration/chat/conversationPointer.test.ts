// Which conversation the chat reopens, in the real extension host: it is kept beside the
// conversation files, so a start that lost the browser's globalState (VS Code for the Web writes
// it in the background; a tab closed just after a send, or another browser) still reopens it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConversationPointer } from '../../../src/chat/conversationPointer';
import { nullLogger } from '../../../src/core/log';
import { StorageKeys } from '../../../src/platform/ids';
import { FakeMemento } from '../../fakes/memento';
import { lastAnswer, useSimulator } from '../helpers';

describe('the conversation to reopen (integration)', function () {
  this.timeout(60_000);
  const s = useSimulator();
  const temps: string[] = [];
  const tempDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-pointer-'));
    temps.push(d);
    return d;
  };

  after(() => {
    for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
  });

  it('a start without the browser’s state reopens the conversation a message was just sent in', async () => {
    await s.api.chat.session.newConversation();
    // As on a first start: the conversation on screen was never remembered.
    fs.rmSync(path.join(s.api.chat.store.dir, '.current'), { force: true });
    s.sim.enqueue({ reply: 'Remembered.' });
    await s.api.chat.send({ text: 'Where was I?' });
    const conv = s.api.chat.session.conversation;
    assert.equal(lastAnswer(conv).state, 'done');
    // The next start, in a browser whose globalState never got the write.
    assert.equal(await new ConversationPointer(s.api.chat.store.dir, new FakeMemento()).get(), conv.id);
    assert.equal(s.api.services.context.globalState.get(StorageKeys.currentConversation), conv.id, 'still written for older builds');
  });

  it('a start reopens the conversation the file names, over a stale globalState', async () => {
    s.sim.enqueue({ reply: 'First.' });
    await s.api.chat.session.newConversation();
    await s.api.chat.send({ text: 'The one to come back to' });
    const wanted = s.api.chat.session.conversation;
    await s.api.chat.session.newConversation();
    assert.notEqual(s.api.chat.session.conversation.id, wanted.id);
    // The file moved on to `wanted`; the browser's copy still names the empty one.
    await new ConversationPointer(s.api.chat.store.dir, new FakeMemento()).set(wanted.id);
    await s.api.chat.session.restore();
    assert.equal(s.api.chat.session.conversation.id, wanted.id);
    assert.equal(s.api.chat.session.conversation.messages.length, 2);
  });

  it('reads the place older builds used while there is no file, and writes both from then on', async () => {
    const dir = tempDir();
    const state = new FakeMemento({ [StorageKeys.currentConversation]: 'from-an-older-build' });
    const pointer = new ConversationPointer(dir, state);
    assert.equal(await pointer.get(), 'from-an-older-build');
    await pointer.set('conv-2');
    assert.equal(state.get(StorageKeys.currentConversation), 'conv-2');
    assert.equal(await new ConversationPointer(dir, new FakeMemento()).get(), 'conv-2');
    await pointer.set('conv-3');
    assert.equal(await new ConversationPointer(dir, new FakeMemento({ [StorageKeys.currentConversation]: 'conv-2' })).get(), 'conv-3', 'the file wins over a stale globalState');
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temp file left');
  });

  it('the last of quick successive switches is the one kept', async () => {
    const dir = tempDir();
    const pointer = new ConversationPointer(dir, new FakeMemento());
    await Promise.all(['a1', 'a2', 'a3', 'a4'].map((id) => pointer.set(id)));
    assert.equal(await new ConversationPointer(dir, new FakeMemento()).get(), 'a4');
  });

  it('a damaged pointer opens nothing rather than a path outside the conversations', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.current'), '../../settings');
    const pointer = new ConversationPointer(dir, new FakeMemento({ [StorageKeys.currentConversation]: 'c1' }));
    assert.equal(await pointer.get(), undefined);
  });

  it('a pointer that cannot be written is logged, and the send goes on', async () => {
    const blocked = path.join(tempDir(), 'not-a-folder');
    fs.writeFileSync(blocked, 'a file where the folder should be');
    const warnings: string[] = [];
    const state = new FakeMemento();
    const pointer = new ConversationPointer(blocked, state, { ...nullLogger, warn: (m) => warnings.push(m) });
    await pointer.set('c9');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /could not be remembered/);
    assert.equal(state.get(StorageKeys.currentConversation), 'c9');
  });
});
