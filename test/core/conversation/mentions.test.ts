// Mentions as parts of a user message: stored (and validated when read back), sent inline before
// the words in the order they were added, exported, carried to an edited message, and told apart
// from a file that changed since.
import * as assert from 'node:assert/strict';
import { addUserMessage, createConversation } from '../../../src/core/conversation/conversation';
import { toMarkdown } from '../../../src/core/conversation/markdown';
import type { MentionPart } from '../../../src/core/conversation/parts';
import { contextOf, mentionsOf } from '../../../src/core/conversation/parts';
import { upgradeStoredConversation } from '../../../src/core/conversation/storage';
import { isConversation, MAX_MENTION_TEXT } from '../../../src/core/conversation/validate';
import { buildChatRequest } from '../../../src/core/conversation/wire';
import { estimateTokens } from '../../../src/core/edits/budget';
import { afterReread, canReread, contentHash, keepHead, keepTail, makeMention, mentionBlock } from '../../../src/core/mentions/mentionText';

function fileMention(body: string, path = 'src/a.ts'): MentionPart {
  return makeMention({ kind: 'file', label: path.split('/').pop()!, ref: `file:///w/${path}` }, `File ${path}:`, body, { language: 'typescript' });
}

describe('conversation: mentions', () => {
  it('a mention holds the text the model gets, a hash of its content and its size in tokens', () => {
    const m = fileMention('const a = 1;\n```inner```');
    assert.equal(m.text, 'File src/a.ts:\n````typescript\nconst a = 1;\n```inner```\n````');
    assert.equal(m.hash, contentHash('const a = 1;\n```inner```'));
    assert.equal(m.tokens, estimateTokens(m.text));
    assert.equal(mentionBlock('Problems:', 'none'), 'Problems:\n```\nnone\n```');
  });

  it('the hash tells different contents apart, including swapped characters and equal lengths', () => {
    const seen = new Set(['abc', 'acb', 'bac', 'abd', '', ' ', 'a\nb', 'a\r\nb'].map(contentHash));
    assert.equal(seen.size, 8);
    assert.equal(contentHash('same'), contentHash('same'));
  });

  it('is sent inline before what was typed, with attachments, in the order they were added', () => {
    const c = createConversation('m');
    const problems = makeMention({ kind: 'problems', label: 'Problems', ref: 'problems' }, 'Problems in the workspace:', 'a.ts:1: error: x');
    addUserMessage(c, 'Why does it fail?', [
      fileMention('export const a = 1;'),
      { kind: 'selection', uri: 'file:///w/b.ts', languageId: 'typescript', range: { startLine: 0, endLine: 0 }, text: 'b()' },
      problems,
    ]);
    const content = buildChatRequest(c).messages[0]!.content as string;
    const at = (s: string) => content.indexOf(s);
    assert.ok(at('File src/a.ts:') === 0, content);
    assert.ok(at('export const a = 1;') < at('b.ts (lines 1-1)'));
    assert.ok(at('b.ts (lines 1-1)') < at('Problems in the workspace:'));
    assert.ok(content.endsWith('\n\nWhy does it fail?'));
  });

  it('is stored and read back: the guard takes a valid mention and refuses a broken one', () => {
    const c = createConversation('m');
    addUserMessage(c, 'q', [fileMention('x'), { ...fileMention('y', 'src/b.ts'), range: { startLine: 1, endLine: 4 }, kind: 'symbol', truncated: true, rereadAt: 5 }]);
    const stored = JSON.parse(JSON.stringify({ version: 2, ...c }));
    assert.equal(isConversation(upgradeStoredConversation(stored)), true);
    const bad = (patch: Record<string, unknown>) => {
      const copy = JSON.parse(JSON.stringify(stored));
      Object.assign(copy.messages[0].parts[0], patch);
      return isConversation(copy);
    };
    assert.equal(bad({ kind: 'url' }), false, 'an unknown kind');
    assert.equal(bad({ ref: '' }), false, 'no reference');
    assert.equal(bad({ tokens: -1 }), false);
    assert.equal(bad({ tokens: 1.5 }), false);
    assert.equal(bad({ hash: 7 }), false);
    assert.equal(bad({ truncated: false }), false);
    assert.equal(bad({ extra: 1 }), false, 'an unknown field');
    assert.equal(bad({ text: 'x'.repeat(MAX_MENTION_TEXT + 1) }), false, 'too long');
    assert.equal(bad({ range: { startLine: 'a', endLine: 1 } }), false);
    assert.equal(bad({ label: 'fine' }), true, 'a planted fault beside the real ones: a valid change passes');
  });

  it('a mention is not an answer part: an answer holding one is refused', () => {
    const c = createConversation('m');
    c.messages.push({ id: 'a1', role: 'assistant', parts: [fileMention('x') as never], model: 'm', state: 'done', createdAt: 1 });
    assert.equal(isConversation(JSON.parse(JSON.stringify(c))), false);
  });

  it('edit and resend carries the mentions and attachments in their order; the export shows them', () => {
    const c = createConversation('m');
    const image = { kind: 'image' as const, name: 'p.png', mimeType: 'image/png', dataUri: 'data:image/png;base64,AAAA' };
    const msg = addUserMessage(c, 'q', [fileMention('one'), image, fileMention('two', 'src/b.ts')]);
    const carried = contextOf(msg);
    assert.deepEqual(carried.map((x) => ('type' in x ? x.label : x.kind)), ['a.ts', 'image', 'b.ts']);
    assert.notEqual(carried[0], msg.parts[0], 'a copy, not the stored part');
    assert.deepEqual(mentionsOf(addUserMessage(c, 'again', carried)).map((p) => p.text), mentionsOf(msg).map((p) => p.text));
    const md = toMarkdown(c);
    assert.match(md, /File src\/a\.ts:\n```typescript\none\n```/);
    assert.match(md, /File src\/b\.ts:/);
  });

  it('a re-read keeps the mention when its content is the same, and marks it when it changed', () => {
    const old = fileMention('v1');
    assert.equal(afterReread(old, fileMention('v1'), 10), old);
    const fresh = afterReread(old, fileMention('v2'), 10);
    assert.equal(fresh.rereadAt, 10);
    assert.match(fresh.text, /v2/);
    assert.notEqual(fresh.hash, old.hash);
    assert.deepEqual(['file', 'editor', 'folder', 'symbol', 'problems', 'terminal', 'git'].filter((k) => canReread(k as never)), ['file', 'editor', 'folder', 'symbol']);
  });

  it('cuts long content at a line break: files keep their start, terminal output its end', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    const head = keepHead(lines, 200);
    assert.equal(head.cut, true);
    assert.ok(head.text.length <= 200 && head.text.startsWith('line 0\n') && !head.text.endsWith('\n'));
    const tail = keepTail(lines, 200);
    assert.equal(tail.cut, true);
    assert.ok(tail.text.length <= 200 && tail.text.endsWith('line 99') && tail.text.startsWith('line '));
    assert.deepEqual(keepHead('short', 10), { text: 'short', cut: false });
    assert.deepEqual(keepTail('short', 10), { text: 'short', cut: false });
  });
});
