// Versions of an answer: Regenerate keeps the answer it replaces, the user switches between them,
// the request is built from the one shown, every version counts in the total, and files with (and
// without) versions load.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AssistantMessage, Conversation } from '../../../src/core/conversation/conversation';
import {
  addUserMessage,
  allVersions,
  createConversation,
  finishAnswer,
  MAX_ANSWER_VERSIONS,
  setAnsweredBy,
  setUsage,
  showVersion,
  startAnswer,
  totals,
  versionOf,
  versionsToKeep,
} from '../../../src/core/conversation/conversation';
import { appendPart, textOf } from '../../../src/core/conversation/parts';
import { DOCUMENT_VERSION, upgradeStoredConversation } from '../../../src/core/conversation/storage';
import { isConversation } from '../../../src/core/conversation/validate';
import { buildChatRequest } from '../../../src/core/conversation/wire';

function answered(c: Conversation, text: string, cost: number, model = 'test/model'): AssistantMessage {
  const a = startAnswer(c, model, 2000);
  appendPart(a.parts, 'text', text);
  setUsage(a, { promptTokens: 100, completionTokens: 10, cost });
  finishAnswer(a, { state: 'done' });
  return a;
}

/** What Regenerate does: the last answer's versions go to the new answer. */
function regenerate(c: Conversation, text: string, cost: number, model?: string): AssistantMessage {
  const last = c.messages.pop() as AssistantMessage;
  const earlier = versionsToKeep(last);
  const a = answered(c, text, cost, model);
  if (earlier.length) a.versions = earlier;
  return a;
}

function conversationWithThreeVersions(): { c: Conversation; a: AssistantMessage } {
  const c = createConversation('test/model', 1000);
  addUserMessage(c, 'Name a colour', [], undefined, 1001);
  answered(c, 'Red.', 0.1);
  regenerate(c, 'Green.', 0.2, 'other/model');
  const a = regenerate(c, 'Blue.', 0.4);
  return { c, a };
}

describe('conversation: versions of an answer', () => {
  it('Regenerate keeps the earlier answers in order; the newest is shown', () => {
    const { a } = conversationWithThreeVersions();
    assert.deepEqual(versionOf(a), { index: 2, count: 3 });
    assert.deepEqual(allVersions(a).map((v) => textOf(v)), ['Red.', 'Green.', 'Blue.']);
    assert.equal(textOf(a), 'Blue.');
  });

  it('shows another version with its own model, usage and cost, and back again', () => {
    const { a } = conversationWithThreeVersions();
    assert.equal(showVersion(a, 1), true);
    assert.deepEqual([textOf(a), a.model, a.cost, a.version], ['Green.', 'other/model', 0.2, 1]);
    assert.deepEqual(allVersions(a).map((v) => textOf(v)), ['Red.', 'Green.', 'Blue.'], 'the order never changes');
    assert.equal(showVersion(a, 2), true);
    assert.deepEqual([textOf(a), a.model, a.cost, a.version], ['Blue.', 'test/model', 0.4, undefined]);
    assert.equal(showVersion(a, 2), false, 'already shown');
    assert.equal(showVersion(a, 3), false, 'no such version');
    assert.equal(showVersion(a, -1), false);
  });

  it('a field only some versions have (routing, an error) goes and comes with its version', () => {
    const c = createConversation('test/model', 1000);
    addUserMessage(c, 'q');
    const first = answered(c, 'Routed.', 0.1, 'b/model');
    setAnsweredBy(first, 'b/model', 'test/model');
    const second = regenerate(c, 'Direct.', 0.2);
    assert.equal(second.requestedModel, undefined);
    showVersion(second, 0);
    assert.equal(second.requestedModel, 'test/model');
    showVersion(second, 1);
    assert.equal(second.requestedModel, undefined);
  });

  it('the next request is built from the version shown', () => {
    const { c, a } = conversationWithThreeVersions();
    addUserMessage(c, 'Why?');
    const sent = () => buildChatRequest(c).messages.map((m) => m.content);
    assert.deepEqual(sent(), ['Name a colour', 'Blue.', 'Why?']);
    showVersion(a, 0);
    assert.deepEqual(sent(), ['Name a colour', 'Red.', 'Why?']);
  });

  it('the total counts every version (each was a paid request) and says so', () => {
    const { c, a } = conversationWithThreeVersions();
    const t = totals(c);
    assert.equal(t.cost.toFixed(2), '0.70');
    assert.equal(t.promptTokens, 300);
    assert.equal(t.versions, true);
    showVersion(a, 0);
    assert.equal(totals(c).cost.toFixed(2), '0.70', 'whichever is shown');
  });

  it('keeps no empty failure as a version, and none for an agent task', () => {
    const c = createConversation('test/model');
    addUserMessage(c, 'q');
    const failed = startAnswer(c);
    finishAnswer(failed, { state: 'error', error: { message: 'boom', actions: [] } });
    assert.deepEqual(versionsToKeep(failed), []);
    const task = answered(c, 'Done.', 0.1);
    task.task = { state: 'done', steps: 1, cost: 0.1 };
    assert.deepEqual(versionsToKeep(task), []);
    const cut = startAnswer(c);
    appendPart(cut.parts, 'text', 'Half');
    finishAnswer(cut, { state: 'cut' });
    assert.equal(versionsToKeep(cut).length, 1, 'a cut answer with text is kept');
  });

  it('keeps at most MAX_ANSWER_VERSIONS versions, dropping the oldest', () => {
    const c = createConversation('test/model');
    addUserMessage(c, 'q');
    answered(c, 'v0', 0);
    for (let i = 1; i <= MAX_ANSWER_VERSIONS + 5; i++) regenerate(c, `v${i}`, 0);
    const a = c.messages[1] as AssistantMessage;
    assert.equal(a.versions!.length, MAX_ANSWER_VERSIONS);
    assert.equal(textOf(a.versions![0]!), 'v5');
    assert.equal(isConversation(JSON.parse(JSON.stringify({ ...c, version: DOCUMENT_VERSION }))), true);
  });
});

describe('conversation storage: versions are an optional field of the same format', () => {
  it('a file with versions round-trips through JSON and validates, with no new format version', () => {
    const { c, a } = conversationWithThreeVersions();
    showVersion(a, 1);
    const file = JSON.parse(JSON.stringify({ ...c, version: DOCUMENT_VERSION }));
    assert.equal(upgradeStoredConversation(file), file, 'a current file is left as it is');
    assert.equal(isConversation(file), true);
    const back = file as Conversation;
    const msg = back.messages[1] as AssistantMessage;
    assert.deepEqual(versionOf(msg), { index: 1, count: 3 });
    assert.equal(textOf(msg), 'Green.');
  });

  it('files written before versions existed still load: version 1 and version 2', () => {
    const dir = path.join(__dirname, '..', '..', '..', '..', 'test', 'core', 'conversation', 'fixtures', 'v1');
    // (The other fixture refers to images stored beside it: storedImages.test.ts loads that one.)
    for (const name of ['c-v1-fixture-inline.json']) {
      const data = upgradeStoredConversation(JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')));
      assert.equal(isConversation(data), true, name);
      for (const m of (data as Conversation).messages) if (m.role === 'assistant') assert.deepEqual(versionOf(m), { index: 0, count: 1 });
    }
    const v2 = createConversation('test/model');
    addUserMessage(v2, 'q');
    answered(v2, 'a', 0.1);
    assert.equal(isConversation(JSON.parse(JSON.stringify({ ...v2, version: 2 }))), true);
  });

  it('refuses damaged versions: a streaming one, a bad part, a shown index out of range, extra keys', () => {
    const { c } = conversationWithThreeVersions();
    const base = JSON.parse(JSON.stringify({ ...c, version: DOCUMENT_VERSION })) as { messages: Record<string, unknown>[] };
    const damaged = (change: (a: Record<string, unknown> & { versions: Record<string, unknown>[] }) => void): unknown => {
      const copy = JSON.parse(JSON.stringify(base)) as { messages: (Record<string, unknown> & { versions: Record<string, unknown>[] })[] };
      change(copy.messages[1]!);
      return copy;
    };
    assert.equal(isConversation(damaged(() => undefined)), true, 'the undamaged copy validates');
    assert.equal(isConversation(damaged((a) => (a.versions[0]!.state = 'streaming'))), false);
    assert.equal(isConversation(damaged((a) => (a.versions[0]!.parts = [{ type: 'script', text: 'x' }]))), false);
    assert.equal(isConversation(damaged((a) => (a.version = 3))), false);
    assert.equal(isConversation(damaged((a) => (a.version = -1))), false);
    assert.equal(isConversation(damaged((a) => (a.versions[0]!.id = 'x'))), false);
    assert.equal(isConversation(damaged((a) => (a.versions = 'no' as never))), false);
  });
});
