// Where the chat keeps image attachments (in the real extension host): beside the conversation
// file, once per picture, so the file stays small however often it is saved. Covers a
// save while an answer streams, the round trip, files written by older versions (images inline),
// the clean-up when conversations are deleted, a missing image file, and the deactivate flush.
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ConversationStore } from '../../../src/chat/conversationStore';
import { Commands } from '../../../src/platform/ids';
import type { AssistantMessage, Conversation } from '../../../src/core/conversation/conversation';
import type { Attachment, ImagePart } from '../../../src/core/conversation/parts';
import { replayJournal } from '../../../src/core/conversation/journal';
import { appendPart, textOf } from '../../../src/core/conversation/parts';
import { addUserMessage, createConversation, startAnswer } from '../../../src/core/conversation/conversation';
import type { Logger } from '../../../src/core/log';
import { useSimulator, waitFor } from '../helpers';

type ImageAttachment = Extract<Attachment, { kind: 'image' }>;

function image(bytes: Buffer, name = 'screenshot.png'): ImageAttachment {
  return { kind: 'image', name, mimeType: 'image/png', dataUri: `data:image/png;base64,${bytes.toString('base64')}` };
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function conversationWith(text: string, ...images: ImageAttachment[]): Conversation {
  const c = createConversation('test/model');
  addUserMessage(c, text, images);
  const a = startAnswer(c);
  appendPart(a.parts, 'text', `answer to ${text}`);
  a.state = 'done';
  return c;
}

/** The images of a conversation as they were attached (parts hold them as image parts). */
function imagesOf(conv: Conversation): ImageAttachment[] {
  return conv.messages.flatMap((m) =>
    m.role === 'user' ? m.parts.filter((p): p is ImagePart => p.type === 'image').map((p): ImageAttachment => ({ kind: 'image', name: p.name, mimeType: p.mimeType, dataUri: p.dataUri })) : [],
  );
}

/** Counts `fs.promises.writeFile` calls into `dir` (Node's one fs module: the store's and the bundle's). */
function countWritesInto(dir: string): { readonly count: number; restore(): void } {
  const promises = fs.promises as { writeFile: typeof fs.promises.writeFile };
  const original = promises.writeFile;
  let count = 0;
  promises.writeFile = ((file: fs.PathLike | fs.promises.FileHandle, ...rest: unknown[]) => {
    if (typeof file === 'string' && path.dirname(file) === dir) count++;
    return (original as (...a: unknown[]) => Promise<void>).call(fs.promises, file, ...rest);
  }) as typeof fs.promises.writeFile;
  return {
    get count() {
      return count;
    },
    restore: () => {
      promises.writeFile = original;
    },
  };
}

function capturingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, trace() {}, debug() {}, info() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };
}

describe('chat view: conversation store, images beside the JSON (integration)', function () {
  this.timeout(60_000);

  describe('while an answer streams', () => {
    const s = useSimulator();

    it('writes a small JSON at every save and the image file exactly once', async () => {
      await s.api.chat.session.newConversation();
      const store = s.api.chat.store;
      const bytes = randomBytes(3_000_000);
      const attachment = image(bytes);
      const writes = countWritesInto(store.imagesDir);
      let conv: Conversation | undefined;
      try {
        await s.api.chat.view.handleMessage({ type: 'addImage', name: attachment.name, mimeType: attachment.mimeType, dataUri: attachment.dataUri });
        assert.equal(s.api.chat.session.pendingAttachments.at(-1)?.kind, 'image', 'the image is pending');
        const reply = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
        s.sim.enqueue({ reply, chunkChars: 6, delayMs: 20 });
        const done = s.api.chat.send({ text: 'What is on this screenshot?' });
        conv = s.api.chat.session.conversation;
        const file = path.join(store.dir, `${conv.id}.json`);
        const onDisk = async (minChars: number) =>
          waitFor(() => {
            const text = fs.readFileSync(file, 'utf8');
            const c = replayJournal(text)?.data as unknown as Conversation;
            const m = c.messages[c.messages.length - 1];
            return m?.role === 'assistant' && m.state === 'streaming' && textOf(m).length >= minChars ? { text, chars: textOf(m).length } : undefined;
          }, 10_000, `at least ${minChars} streamed characters on disk`);
        const sample = attachment.dataUri.slice(100_000, 100_200);
        const first = await onDisk(20);
        const second = await onDisk(first.chars + 150);
        for (const { text } of [first, second]) {
          assert.ok(Buffer.byteLength(text) < 64 * 1024, `the streaming JSON is ${Buffer.byteLength(text)} bytes`);
          assert.ok(!text.includes(sample), 'the image bytes are not in the JSON');
        }
        await vscode.commands.executeCommand(Commands.stopChat);
        await done;
        await store.flush();
        const imageFile = path.join(store.imagesDir, `${sha256(bytes)}.png`);
        assert.deepEqual(fs.readFileSync(imageFile), bytes, 'the image file holds the bytes');
        assert.equal(writes.count, 1, 'the image was written once across all the saves of the stream');
        assert.deepEqual(fs.readdirSync(store.imagesDir).filter((f) => f.endsWith('.tmp')), []);
      } finally {
        writes.restore();
        if (conv) {
          await s.api.chat.session.newConversation();
          await s.api.chat.store.delete(conv.id);
        }
      }
    });
  });

  describe('on disk', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-store-'));
    });
    afterEach(() => {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('round-trips an image byte for byte through its own file', async () => {
      const bytes = randomBytes(2_000_000);
      const conv = conversationWith('round trip', image(bytes));
      await new ConversationStore(dir).save(conv);
      const json = fs.readFileSync(path.join(dir, `${conv.id}.json`), 'utf8');
      assert.ok(json.length < 64 * 1024, `JSON of ${json.length} bytes`);
      assert.deepEqual(fs.readdirSync(path.join(dir, 'images')), [`${sha256(bytes)}.png`]);
      assert.deepEqual(fs.readFileSync(path.join(dir, 'images', `${sha256(bytes)}.png`)), bytes);
      const loaded = await new ConversationStore(dir).load(conv.id);
      assert.ok(loaded);
      assert.deepEqual(loaded, conv);
      assert.deepEqual(Buffer.from(imagesOf(loaded)[0]!.dataUri.split(',')[1]!, 'base64'), bytes);
    });

    it('loads a file of the old format (image inline) and converts it on its next save', async () => {
      const bytes = randomBytes(500_000);
      const conv = conversationWith('old format', image(bytes));
      const file = path.join(dir, `${conv.id}.json`);
      fs.writeFileSync(file, JSON.stringify(conv)); // what earlier versions wrote
      const store = new ConversationStore(dir);
      const loaded = await store.load(conv.id);
      assert.deepEqual(loaded, conv, 'loads as it was');
      await store.save(loaded!);
      const json = fs.readFileSync(file, 'utf8');
      assert.ok(!json.includes(imagesOf(conv)[0]!.dataUri), 'no longer inline');
      assert.ok(json.length < 64 * 1024, `JSON of ${json.length} bytes`);
      assert.deepEqual(fs.readFileSync(path.join(dir, 'images', `${sha256(bytes)}.png`)), bytes);
      assert.deepEqual(await new ConversationStore(dir).load(conv.id), conv, 'and still loads the same');
    });

    it('loads the files version 1 wrote (content-addressed and inline images), and writes them back as version 3', async () => {
      const fixtures = path.join(__dirname, '..', '..', '..', '..', 'test', 'core', 'conversation', 'fixtures', 'v1');
      fs.cpSync(fixtures, dir, { recursive: true });
      const store = new ConversationStore(dir);
      const fromRef = await store.load('c-v1-fixture-a');
      const inline = await store.load('c-v1-fixture-inline');
      assert.ok(fromRef && inline, 'both version-1 files load');
      assert.deepEqual({ ...fromRef, id: 'x' }, { ...inline, id: 'x' }, 'the image file and the inline image give the same conversation');
      const png = fs.readFileSync(path.join(fixtures, 'images', '6b7fa434f92a8b80aab02d9bf1a12e49ffcae424e4013a1c4f68b67e3d2bbcd0.png'));
      assert.deepEqual(Buffer.from(imagesOf(fromRef)[0]!.dataUri.split(',')[1]!, 'base64'), png);
      assert.equal(textOf(fromRef.messages[1]!), 'You assign to a `const`: use `let`.');
      await store.save(fromRef);
      await store.save(inline);
      for (const id of ['c-v1-fixture-a', 'c-v1-fixture-inline']) {
        const text = fs.readFileSync(path.join(dir, `${id}.json`), 'utf8');
        assert.match(text, /^\{"version":3,/, `${id} is written as version 3`);
        const written = replayJournal(text)!.data as { messages: { parts: unknown[] }[] };
        assert.ok(Array.isArray(written.messages[0].parts) && !('attachments' in written.messages[0]), `${id} holds parts`);
        assert.deepEqual(written.messages[0].parts[2], { type: 'image', name: 'error.png', mimeType: 'image/png', sha256: '6b7fa434f92a8b80aab02d9bf1a12e49ffcae424e4013a1c4f68b67e3d2bbcd0' });
      }
      assert.deepEqual(await new ConversationStore(dir).load('c-v1-fixture-a'), fromRef, 'and loads back the same');
    });

    it('deleting one of two conversations that share an image keeps the file; deleting the last removes it', async () => {
      const shared = randomBytes(300_000);
      const other = randomBytes(300_000);
      const a = conversationWith('first', image(shared, 'a.png'));
      const b = conversationWith('second', image(Buffer.from(shared), 'b.png'));
      const c = conversationWith('third', image(other));
      const store = new ConversationStore(dir);
      for (const x of [a, b, c]) await store.save(x);
      const sharedFile = path.join(dir, 'images', `${sha256(shared)}.png`);
      const otherFile = path.join(dir, 'images', `${sha256(other)}.png`);
      assert.equal(fs.readdirSync(path.join(dir, 'images')).length, 2, 'one file per distinct picture');
      await store.delete(a.id);
      assert.ok(fs.existsSync(sharedFile), 'still used by the second conversation');
      assert.deepEqual(imagesOf((await new ConversationStore(dir).load(b.id))!)[0]!.dataUri, imagesOf(b)[0]!.dataUri);
      await store.delete(b.id);
      assert.equal(fs.existsSync(sharedFile), false, 'no conversation uses it any more');
      assert.ok(fs.existsSync(otherFile), 'an image another conversation uses stays');
      assert.deepEqual(await new ConversationStore(dir).load(c.id), c);
    });

    it('keeps every image when a conversation file cannot be read to see what it uses', async () => {
      const bytes = randomBytes(1000);
      const a = conversationWith('first', image(bytes));
      const store = new ConversationStore(dir, capturingLogger());
      await store.save(a);
      const b = conversationWith('second');
      await store.save(b);
      fs.writeFileSync(path.join(dir, `${b.id}.json`), '{"id": "truncated');
      await store.delete(a.id);
      assert.ok(fs.existsSync(path.join(dir, 'images', `${sha256(bytes)}.png`)), 'kept: the unreadable file might use it');
    });

    it('a missing or damaged image file does not lose the conversation: the message stays, a warning is logged', async () => {
      const lost = randomBytes(100_000);
      const damaged = randomBytes(100_000);
      const conv = conversationWith('the text must survive', image(lost, 'lost.png'), image(damaged, 'damaged.png'));
      await new ConversationStore(dir).save(conv);
      fs.rmSync(path.join(dir, 'images', `${sha256(lost)}.png`));
      fs.writeFileSync(path.join(dir, 'images', `${sha256(damaged)}.png`), damaged.subarray(0, 10));
      const log = capturingLogger();
      const store = new ConversationStore(dir, log);
      const loaded = await store.load(conv.id);
      assert.ok(loaded, 'the conversation loads');
      assert.deepEqual(loaded.messages.map((m) => textOf(m)), conv.messages.map((m) => textOf(m)));
      assert.deepEqual(imagesOf(loaded), [], 'the unreadable pictures are left out');
      assert.equal((await store.list()).some((x) => x.id === conv.id), true, 'listed in the history');
      assert.ok(log.warnings.some((w) => w.includes(`${sha256(lost)}.png`) && w.includes(conv.id)), log.warnings.join('\n'));
      assert.ok(log.warnings.some((w) => w.includes(`${sha256(damaged)}.png`)), log.warnings.join('\n'));
      // Saving again keeps the references: putting the file back brings the picture back.
      await store.save(loaded);
      fs.writeFileSync(path.join(dir, 'images', `${sha256(lost)}.png`), lost);
      const again = await new ConversationStore(dir).load(conv.id);
      assert.deepEqual(imagesOf(again!).map((a) => a.name), ['lost.png']);
    });

    it('flushSync (deactivate) writes only the small JSON, referring to the images already written', async () => {
      const bytes = randomBytes(2_000_000);
      const conv = conversationWith('before deactivate', image(bytes));
      const store = new ConversationStore(dir);
      await store.save(conv);
      const imageFile = path.join(dir, 'images', `${sha256(bytes)}.png`);
      const before = fs.statSync(imageFile);
      appendPart((conv.messages[1] as AssistantMessage).parts, 'text', ' and more');
      store.saveSoon(conv);
      store.flushSync();
      const json = fs.readFileSync(path.join(dir, `${conv.id}.json`), 'utf8');
      assert.ok(json.length < 64 * 1024, `JSON of ${json.length} bytes`);
      assert.match(json, /and more/);
      const after = fs.statSync(imageFile);
      assert.deepEqual([after.ino, after.mtimeMs], [before.ino, before.mtimeMs], 'the image file was not written again');
      assert.deepEqual(fs.readdirSync(path.join(dir, 'images')), [`${sha256(bytes)}.png`]);
      assert.deepEqual(await new ConversationStore(dir).load(conv.id), conv);
      // An image that never reached a save stays inline rather than being hashed on the way out.
      const fresh = conversationWith('never saved', image(randomBytes(1000)));
      store.saveSoon(fresh);
      store.flushSync();
      assert.deepEqual(await new ConversationStore(dir).load(fresh.id), fresh);
    });
  });
});
