// Conversation files written by the first builds (version 1: `text`, `attachments`, `reasoning`
// fields) load as messages made of parts. The fixtures were written by the version-1 store itself.
// Version 2 files are one such document; version 3 files are journals (journal.test.ts) that
// replay into one.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AssistantMessage, Conversation, UserMessage } from '../../../src/core/conversation/conversation';
import { createConversation } from '../../../src/core/conversation/conversation';
import { DOCUMENT_VERSION, STORED_VERSION, upgradeStoredConversation } from '../../../src/core/conversation/storage';
import { storedImageRefs } from '../../../src/core/conversation/storedImages';
import { isConversation } from '../../../src/core/conversation/validate';
import { buildChatRequest } from '../../../src/core/conversation/wire';

const FIXTURES = path.join(__dirname, '..', '..', '..', '..', 'test', 'core', 'conversation', 'fixtures', 'v1');
const read = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));
const SHA = '6b7fa434f92a8b80aab02d9bf1a12e49ffcae424e4013a1c4f68b67e3d2bbcd0';

describe('conversation storage: the versioned file format', () => {
  it('a version-1 file is not a current conversation until upgraded', () => {
    assert.equal(isConversation(read('c-v1-fixture-inline.json')), false);
  });

  it('upgrades every message of a version-1 file to parts, keeping everything it held', () => {
    const data = upgradeStoredConversation(read('c-v1-fixture-inline.json'));
    assert.ok(isConversation(data), 'the upgraded file validates');
    const c = data as Conversation & { version: number };
    assert.equal(c.version, DOCUMENT_VERSION);
    assert.equal(c.title, 'Why does this fail?');
    const [u1, a1, u2, a2, u3, a3, u4, a4] = c.messages as [UserMessage, AssistantMessage, UserMessage, AssistantMessage, UserMessage, AssistantMessage, UserMessage, AssistantMessage];
    assert.deepEqual(u1.parts.map((p) => p.type), ['attachment', 'attachment', 'image', 'text'], 'attachments first, then what was typed');
    assert.deepEqual(u1.parts[0], { type: 'attachment', kind: 'selection', uri: 'file:///work/app/src/a.ts', languageId: 'typescript', range: { startLine: 4, endLine: 9 }, text: 'const x = 1;\nx = 2;' });
    assert.deepEqual(u1.parts[1], { type: 'attachment', kind: 'file', uri: 'file:///work/app/README.md', languageId: 'markdown', text: '# App\n```js\ncode\n```' });
    assert.equal(u1.parts[2]?.type === 'image' && u1.parts[2].name, 'error.png');
    assert.deepEqual(u1.parts[3], { type: 'text', text: 'Why does this fail?' });
    assert.deepEqual(a1.parts, [
      { type: 'reasoning', text: 'The user assigns to a const.', ms: 2300 },
      { type: 'text', text: 'You assign to a `const`: use `let`.' },
    ]);
    assert.deepEqual([a1.usage, a1.cost, a1.state, a1.model], [{ promptTokens: 1200, completionTokens: 80 }, 0.000835, 'done', 'deepseek/deepseek-r1']);
    assert.equal(u2.prompt, 'Explain this code:\n```ts\nconst x = 1;\n```', 'the prompt sent instead of the text is kept');
    assert.deepEqual([a2.parts, a2.state, a2.stopReason], [[{ type: 'text', text: 'It declares' }], 'cut', 'length']);
    assert.deepEqual(u3.parts, [{ type: 'text', text: 'Again?' }]);
    assert.deepEqual([a3.parts, a3.state, a3.error?.actions[0]?.command], [[], 'error', 'tokenhub.setApiKey']);
    assert.deepEqual([u4.parts.length, a4.state, a4.parts], [1, 'streaming', [{ type: 'text', text: 'partial' }]]);
    for (const m of c.messages) for (const old of ['text', 'attachments', 'reasoning', 'reasoningMs']) assert.equal(old in m, false, `${m.id} still has ${old}`);
  });

  it('the upgraded conversation asks the model exactly what the version-1 build asked', () => {
    const c = upgradeStoredConversation(read('c-v1-fixture-inline.json')) as Conversation;
    const sent = buildChatRequest(c).messages;
    const user = sent[0]!.content as { type: string; text?: string }[];
    assert.equal(user[0]?.text, 'a.ts (lines 5-10):\n```typescript\nconst x = 1;\nx = 2;\n```\n\nREADME.md:\n````markdown\n# App\n```js\ncode\n```\n````\n\nWhy does this fail?');
    assert.equal(user[1]?.type, 'image_url');
    assert.deepEqual(
      sent.slice(1).map((m) => [m.role, m.content]),
      [
        ['assistant', 'You assign to a `const`: use `let`.'],
        ['user', 'Explain this code:\n```ts\nconst x = 1;\n```'],
        ['assistant', 'It declares'],
        ['user', 'Again?'],
        ['user', 'Stopped one'],
      ],
    );
  });

  it('keeps the image references of a version-1 file (content-addressed images) and upgrades them', () => {
    const raw = read('c-v1-fixture-a.json');
    assert.deepEqual(storedImageRefs(raw), [{ type: 'image', name: 'error.png', mimeType: 'image/png', sha256: SHA }], 'read from the old shape');
    const data = upgradeStoredConversation(raw);
    assert.deepEqual(storedImageRefs(data), [{ type: 'image', name: 'error.png', mimeType: 'image/png', sha256: SHA }], 'and from the new one');
  });

  it('leaves a current file as it is, and refuses one from a newer build', () => {
    const current = upgradeStoredConversation(read('c-v1-fixture-inline.json'));
    const copy = JSON.parse(JSON.stringify(current)) as Record<string, unknown>;
    assert.equal(upgradeStoredConversation(copy), copy);
    assert.deepEqual(copy, current);
    assert.equal(upgradeStoredConversation({ ...copy, version: STORED_VERSION + 1 }), undefined);
    assert.equal(upgradeStoredConversation(null), null);
  });
});

describe('conversation storage: the gateway profile of a conversation', () => {
  it('a conversation stored before profiles existed names none: the default profile', () => {
    const data = upgradeStoredConversation(read('c-v1-fixture-inline.json')) as Conversation;
    assert.equal(data.profile, undefined);
    assert.ok(data.messages.every((m) => m.role !== 'assistant' || m.profile === undefined));
  });

  it('keeps a profile on the conversation and its answers; refuses one that is not a profile id', () => {
    const conv = createConversation('gpt-5', 1, 'tokenhot');
    assert.equal(conv.profile, 'tokenhot');
    assert.equal(createConversation('gpt-5', 1, 'tokenhub').profile, undefined, 'the default profile is stored as no profile');
    const answer: AssistantMessage = { id: 'a-1', role: 'assistant', parts: [], model: 'gpt-5', profile: 'tokenhot', state: 'done', createdAt: 1 };
    conv.messages.push(answer);
    assert.ok(isConversation(JSON.parse(JSON.stringify(conv))));
    assert.equal(isConversation({ ...conv, profile: 'Not An Id' }), false);
    assert.equal(isConversation({ ...conv, messages: [{ ...answer, profile: 42 }] }), false);
  });
});
