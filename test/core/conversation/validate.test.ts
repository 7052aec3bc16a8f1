// What a conversation file or a webview message must look like to be taken in: each field of each
// kind of thing, valid and then broken one way at a time. A guard that lets one broken field
// through lets a truncated or hand-edited file (or a compromised webview) into the host.
import * as assert from 'node:assert/strict';
import { MAX_IMAGE_DATA_URI, MAX_MENTION_TEXT, MAX_TEXT_ATTACHMENT, MAX_TOOL_TEXT, isAttachment, isConversation, isErrorInfo, isImageDataUri, isMessage, isSafeConversationId } from '../../../src/core/conversation/validate';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';

/** `valid` passes; each variant (valid with some fields replaced or removed) fails. */
function check(guard: (v: unknown) => boolean, valid: Record<string, unknown>, broken: Record<string, Record<string, unknown>>): void {
  assert.equal(guard(valid), true, `valid: ${JSON.stringify(valid).slice(0, 120)}`);
  for (const [why, change] of Object.entries(broken)) {
    const v: Record<string, unknown> = { ...valid, ...change };
    for (const [k, value] of Object.entries(change)) if (value === undefined) delete v[k];
    assert.equal(guard(v), false, why);
  }
}

const selection = { kind: 'selection', uri: 'file:///a.ts', languageId: 'typescript', range: { startLine: 1, endLine: 2 }, text: 'x' };
const file = { kind: 'file', uri: 'file:///a.ts', languageId: 'typescript', text: 'x' };
const image = { kind: 'image', name: 'a.png', mimeType: 'image/png', dataUri: PNG };
const user = { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'hi' }], createdAt: 1 };
const assistant = {
  id: 'a1',
  role: 'assistant',
  parts: [
    { type: 'reasoning', text: 'hmm', ms: 0 },
    { type: 'text', text: 'hello' },
  ],
  model: 'm/x',
  state: 'done',
  stopReason: 'length',
  createdAt: 2,
  usage: { promptTokens: 1, completionTokens: 2 },
  cost: 0.5,
  error: { message: 'failed', actions: [{ title: 'Retry', command: 'x.retry', args: [1] }] },
};
const conversation = { id: 'c1', title: 'T', model: 'm/x', createdAt: 1, updatedAt: 2, messages: [user, assistant] };

describe('core/conversation/validate', () => {
  it('a selection attachment: every field present, typed and within its limit, nothing else', () => {
    check(isAttachment, selection, {
      'an unknown key': { extra: 1 },
      'no uri': { uri: undefined },
      'an empty uri': { uri: '' },
      'a uri too long': { uri: 'f'.repeat(4097) },
      'a language id that is not a string': { languageId: 5 },
      'a language id too long': { languageId: 'l'.repeat(101) },
      'text that is not a string': { text: 5 },
      'text too long': { text: 't'.repeat(MAX_TEXT_ATTACHMENT + 1) },
      'no range': { range: undefined },
      'a range that is not an object': { range: 'L1' },
      'a start line that is not an integer': { range: { startLine: 1.5, endLine: 2 } },
      'no end line': { range: { startLine: 1 } },
    });
    assert.equal(isAttachment({ ...selection, uri: 'f'.repeat(4096), languageId: 'l'.repeat(100), text: '' }), true);
  });

  it('a file attachment likewise', () => {
    check(isAttachment, file, {
      'a range (files have none)': { range: { startLine: 1, endLine: 2 } },
      'an empty uri': { uri: '' },
      'a uri too long': { uri: 'f'.repeat(4097) },
      'a language id too long': { languageId: 'l'.repeat(101) },
      'text that is not a string': { text: undefined },
    });
  });

  it('an image attachment: an allowed type whose data URI says the same type', () => {
    check(isAttachment, image, {
      'an unknown key': { uri: 'file:///a.png' },
      'a name that is not a string': { name: 5 },
      'a name too long': { name: 'n'.repeat(501) },
      'a type not allowed': { mimeType: 'image/svg+xml', dataUri: 'data:image/svg+xml;base64,PHN2Zz4=' },
      'a data URI of another type': { dataUri: 'data:image/jpeg;base64,/9j/4AAQ' },
      'not a data URI': { dataUri: 'https://example.com/a.png' },
    });
    assert.equal(isAttachment({ ...image, name: 'n'.repeat(500) }), true);
    for (const v of [null, 'image', [], { kind: 'video' }, { ...image, kind: undefined }]) assert.equal(isAttachment(v), false, JSON.stringify(v));
  });

  it('an image data URI: base64 of an allowed type, nothing before or after, within the size limit', () => {
    for (const ok of [PNG, 'data:image/jpeg;base64,/9j/4AAQ', 'data:image/gif;base64,R0lG', 'data:image/webp;base64,UklGRg==', 'data:image/png;base64,A+/B']) assert.equal(isImageDataUri(ok), true, ok);
    for (const bad of [
      'data:image/png;base64,',
      'data:image/png;base64,AB C',
      'data:image/png;base64,AB==x',
      ` ${PNG}`,
      'data:image/bmp;base64,Qk0=',
      'data:image/png,rawbytes',
      'data:text/html;base64,PGI+',
      5,
    ]) {
      assert.equal(isImageDataUri(bad), false, String(bad));
    }
    const big = `data:image/png;base64,${'A'.repeat(MAX_IMAGE_DATA_URI - 'data:image/png;base64,'.length)}`;
    assert.equal(isImageDataUri(big), true);
    assert.equal(isImageDataUri(`${big}A`), false);
  });

  it('an error shown in the chat: a message and buttons that each have a title', () => {
    check(isErrorInfo, assistant.error, {
      'a message that is not a string': { message: 5 },
      'no actions': { actions: undefined },
      'actions that are not a list': { actions: { title: 'x' } },
      'a button without a title': { actions: [{ command: 'x' }] },
      'a button that is not an object': { actions: ['Retry'] },
      'a command that is not a string': { actions: [{ title: 'x', command: 5 }] },
      'arguments that are not a list': { actions: [{ title: 'x', args: 'a' }] },
    });
    assert.equal(isErrorInfo({ message: 'm', actions: [{ title: 'only a title' }] }), true);
    assert.equal(isErrorInfo(null), false);
  });

  it("a user's message", () => {
    check(isMessage, user, {
      'no id': { id: undefined },
      'an empty id': { id: '' },
      'an id too long': { id: 'i'.repeat(201) },
      'a text part that is not a string': { parts: [{ type: 'text', text: null }] },
      'a prompt that is not a string': { prompt: 5 },
      'parts that are not a list': { parts: undefined },
      'a broken attachment': { parts: [{ type: 'attachment', ...file, uri: '' }] },
      'a part of an answer': { parts: [{ type: 'reasoning', text: 'r' }] },
      'an unknown part': { parts: [{ type: 'video', text: 'v' }] },
      'no time': { createdAt: undefined },
      'a time that is not a number': { createdAt: Number.NaN },
      'another role': { role: 'system' },
    });
    const parts = [{ type: 'text', text: 'see' }, ...[selection, file].map((a) => ({ type: 'attachment', ...a })), { type: 'image', name: image.name, mimeType: image.mimeType, dataUri: image.dataUri }];
    assert.equal(isMessage({ ...user, prompt: 'the full prompt', parts, id: 'i'.repeat(200) }), true);
  });

  it("an assistant's message: each optional field absent or well formed", () => {
    check(isMessage, assistant, {
      'an empty id': { id: '' },
      'text that is not a string': { parts: [{ type: 'text', text: 5 }] },
      'reasoning that is not a string': { parts: [{ type: 'reasoning', text: 5 }] },
      'a negative reasoning time': { parts: [{ type: 'reasoning', text: 'r', ms: -1 }] },
      'a reasoning time that is not a number': { parts: [{ type: 'reasoning', text: 'r', ms: Number.NaN }] },
      'a part of a question': { parts: [{ type: 'attachment', ...file }] },
      'no model': { model: undefined },
      'an unknown state': { state: 'thinking' },
      'an unknown stop reason': { stopReason: 'tired' },
      'a time that is not a number': { createdAt: '2' },
      'usage that is not an object': { usage: 5 },
      'usage without prompt tokens': { usage: { completionTokens: 2 } },
      'usage without completion tokens': { usage: { promptTokens: 1 } },
      'a cost that is not a number': { cost: '0.5' },
      'a broken error': { error: { message: 'x' } },
    });
    const bare = Object.fromEntries(Object.entries(assistant).filter(([k]) => !['stopReason', 'usage', 'cost', 'error'].includes(k)));
    assert.equal(isMessage(bare), true);
    for (const v of [null, 'text', [], { ...assistant, role: undefined }]) assert.equal(isMessage(v), false, JSON.stringify(v));
  });

  it('each part of a question: its own fields, nothing else', () => {
    const inUser = (part: unknown): boolean => isMessage({ ...user, parts: [part] });
    check(inUser, { type: 'text', text: 'hi' }, {
      'an unknown key': { ms: 1 },
      'text that is not a string': { text: 5 },
    });
    check(inUser, { type: 'image', name: 'a.png', mimeType: 'image/png', dataUri: PNG }, {
      'an unknown key': { uri: 'file:///a.png' },
      'a name that is not a string': { name: 5 },
      'a name too long': { name: 'n'.repeat(501) },
      'a type not allowed': { mimeType: 'image/svg+xml', dataUri: 'data:image/svg+xml;base64,PHN2Zz4=' },
      'a data URI of another type': { dataUri: 'data:image/jpeg;base64,/9j/4AAQ' },
      'not a data URI': { dataUri: 'https://example.com/a.png' },
    });
    check(inUser, { type: 'attachment', ...selection }, {
      'an unknown key': { extra: 1 },
      'an unknown kind': { kind: 'image' },
      'an empty uri': { uri: '' },
      'a uri too long': { uri: 'f'.repeat(4097) },
      'a language id too long': { languageId: 'l'.repeat(101) },
      'text that is not a string': { text: 5 },
      'text too long': { text: 't'.repeat(MAX_TEXT_ATTACHMENT + 1) },
      'no range': { range: undefined },
      'a range that is not an object': { range: 'L1' },
      'a start line that is not an integer': { range: { startLine: 1.5, endLine: 2 } },
      'no start line': { range: { endLine: 2 } },
      'no end line': { range: { startLine: 1 } },
    });
    check(inUser, { type: 'attachment', ...file }, {
      'a range (files have none)': { range: { startLine: 1, endLine: 2 } },
    });
    const mention = { type: 'mention', kind: 'file', label: 'a.ts', ref: 'file:///a.ts', range: { startLine: 1, endLine: 3 }, text: 'x', hash: 'h1', tokens: 0, truncated: true, rereadAt: 5 };
    check(inUser, mention, {
      'an unknown key': { extra: 1 },
      'an unknown kind': { kind: 'url' },
      'an empty label': { label: '' },
      'a label too long': { label: 'l'.repeat(501) },
      'an empty ref': { ref: '' },
      'a ref too long': { ref: 'r'.repeat(4097) },
      'a broken range': { range: { startLine: 1 } },
      'text that is not a string': { text: undefined },
      'text too long': { text: 't'.repeat(MAX_MENTION_TEXT + 1) },
      'an empty hash': { hash: '' },
      'a hash too long': { hash: 'h'.repeat(101) },
      'negative tokens': { tokens: -1 },
      'tokens that are not an integer': { tokens: 1.5 },
      'truncated false (absent means not truncated)': { truncated: false },
      'a reread time that is not a number': { rereadAt: '5' },
    });
    assert.equal(inUser({ ...mention, kind: 'editor', range: undefined, truncated: undefined, rereadAt: undefined, label: 'l'.repeat(500), ref: 'r'.repeat(4096), hash: 'h'.repeat(100) }), true);
    for (const kind of ['file', 'folder', 'symbol', 'problems', 'terminal', 'git', 'editor']) assert.equal(inUser({ ...mention, kind }), true, kind);
    for (const v of [null, 'hi', 5, { type: 'toolCall', id: 't1', name: 'n', arguments: '{}' }]) assert.equal(inUser(v), false, JSON.stringify(v));
  });

  it('each part of an answer: its own fields, nothing else', () => {
    const inAnswer = (part: unknown): boolean => isMessage({ ...assistant, parts: [part] });
    check(inAnswer, { type: 'text', text: 'hello' }, {
      'an unknown key (a time belongs to reasoning)': { ms: 1 },
      'text that is not a string': { text: null },
    });
    check(inAnswer, { type: 'reasoning', text: 'hmm' }, {
      'an unknown key': { extra: 1 },
      'a negative time': { ms: -1 },
      'a time that is not finite': { ms: Number.POSITIVE_INFINITY },
    });
    const toolCall = { type: 'toolCall', id: 't1', name: 'readFile', arguments: '{}', status: 'done', approval: 'user', ms: 0 };
    check(inAnswer, toolCall, {
      'an unknown key': { extra: 1 },
      'no id': { id: undefined },
      'an empty id': { id: '' },
      'an id too long': { id: 'i'.repeat(201) },
      'a name that is not a string': { name: 5 },
      'a name too long': { name: 'n'.repeat(201) },
      'arguments that are not a string': { arguments: {} },
      'arguments too long': { arguments: 'a'.repeat(MAX_TOOL_TEXT + 1) },
      'an unknown status': { status: 'waiting' },
      'an unknown approval': { approval: 'always' },
      'a negative time': { ms: -1 },
      'a time that is not a number': { ms: '3' },
    });
    assert.equal(inAnswer({ type: 'toolCall', id: 't1', name: '', arguments: '' }), true);
    for (const status of ['pending', 'running', 'done', 'failed', 'denied', 'refused', 'stopped']) assert.equal(inAnswer({ ...toolCall, status }), true, status);
    for (const approval of ['none', 'user', 'allowList', 'autoApply']) assert.equal(inAnswer({ ...toolCall, approval }), true, approval);
    const fileChange = { type: 'fileChange', callId: 't1', action: 'rename', path: 'a.ts', to: 'b.ts', state: 'applied', added: 0, removed: 3 };
    check(inAnswer, fileChange, {
      'an unknown key': { extra: 1 },
      'an empty call id': { callId: '' },
      'a call id too long': { callId: 'c'.repeat(201) },
      'an unknown action': { action: 'copy' },
      'an empty path': { path: '' },
      'a path too long': { path: 'p'.repeat(4097) },
      'an empty target': { to: '' },
      'a target too long': { to: 't'.repeat(4097) },
      'an unknown state': { state: 'maybe' },
      'negative added lines': { added: -1 },
      'removed lines that are not an integer': { removed: 0.5 },
    });
    assert.equal(inAnswer({ ...fileChange, action: 'edit', to: undefined, state: 'pending' }), true);
    for (const action of ['edit', 'create', 'rename', 'delete']) assert.equal(inAnswer({ ...fileChange, action }), true, action);
    for (const state of ['pending', 'accepted', 'rejected', 'applied', 'undone']) assert.equal(inAnswer({ ...fileChange, state }), true, state);
    const toolResult = { type: 'toolResult', callId: 't1', name: 'readFile', content: 'x', isError: true };
    check(inAnswer, toolResult, {
      'an unknown key': { extra: 1 },
      'an empty call id': { callId: '' },
      'a call id too long': { callId: 'c'.repeat(201) },
      'a name that is not a string': { name: 5 },
      'a name too long': { name: 'n'.repeat(201) },
      'content that is not a string': { content: undefined },
      'content too long': { content: 'c'.repeat(MAX_TOOL_TEXT + 1) },
      'isError false (absent means no error)': { isError: false },
    });
    assert.equal(inAnswer({ ...toolResult, isError: undefined, name: '', content: '' }), true);
    for (const v of [null, 'hello', 5, { type: 'mention', kind: 'file' }]) assert.equal(inAnswer(v), false, JSON.stringify(v));
  });

  it("an answer's versions, task line, requested model, profile and estimated usage", () => {
    const version = { parts: [{ type: 'text', text: 'old' }], model: 'm/y', state: 'cut', createdAt: 1 };
    const task = { state: 'done', steps: 3, cost: 0, unpriced: true, estimated: true, limit: 'cost', undone: true };
    const full = { ...assistant, requestedModel: 'm/auto', profile: 'default', usage: { promptTokens: 1, completionTokens: 2, estimated: true }, task, versions: [version], version: 1 };
    check(isMessage, full, {
      'a requested model that is not a string': { requestedModel: 5 },
      'a requested model too long': { requestedModel: 'r'.repeat(301) },
      'a profile id that is not one': { profile: 'not a/profile' },
      'usage estimated false (absent means exact)': { usage: { promptTokens: 1, completionTokens: 2, estimated: false } },
      'a task that is not an object': { task: 'done' },
      'a task with an unknown key': { task: { ...task, extra: 1 } },
      'a task in an unknown state': { task: { ...task, state: 'sleeping' } },
      'a task with negative steps': { task: { ...task, steps: -1 } },
      'a task with fractional steps': { task: { ...task, steps: 1.5 } },
      'a task without a cost': { task: { ...task, cost: undefined } },
      'a task with a negative cost': { task: { ...task, cost: -0.01 } },
      'a task unpriced false': { task: { ...task, unpriced: false } },
      'a task estimated false': { task: { ...task, estimated: false } },
      'a task with an unknown limit': { task: { ...task, limit: 'time' } },
      'a task undone false': { task: { ...task, undone: false } },
      'versions that are not a list': { versions: version },
      'a version still streaming': { versions: [{ ...version, state: 'streaming' }] },
      'a version with an unknown key': { versions: [{ ...version, id: 'v' }] },
      'a version that is not an object': { versions: ['old'] },
      'a version with a broken part': { versions: [{ ...version, parts: [{ type: 'text' }] }] },
      'too many versions': { versions: Array.from({ length: 101 }, () => version), version: 0 },
      'a version index past the end': { version: 2 },
      'a negative version index': { version: -1 },
      'a version index without versions': { versions: undefined },
    });
    const bareTask = { state: 'running', steps: 0, cost: 0 };
    assert.equal(isMessage({ ...full, task: bareTask }), true);
    assert.equal(isMessage({ ...full, task: { ...bareTask, cost: 0.5, limit: 'steps' } }), true);
    for (const state of ['running', 'waiting', 'done', 'stopped', 'paused', 'failed', 'interrupted']) assert.equal(isMessage({ ...full, task: { ...bareTask, state } }), true, state);
    assert.equal(isMessage({ ...full, version: 0 }), true);
    assert.equal(isMessage({ ...full, requestedModel: 'r'.repeat(300) }), true);
    assert.equal(isMessage({ ...full, versions: Array.from({ length: 100 }, () => version), version: 100 }), true);
    const fullVersion = { ...version, requestedModel: 'm/auto', profile: 'default', stopReason: 'length', state: 'error', error: { message: 'x', actions: [] }, usage: { promptTokens: 1, completionTokens: 1 }, cost: 0.1 };
    assert.equal(isMessage({ ...full, versions: [fullVersion] }), true, 'a version keeps every field an answer has');
  });

  it('a conversation', () => {
    check(isConversation, conversation, {
      'an empty id': { id: '' },
      'an id too long': { id: 'c'.repeat(201) },
      'a title that is not a string': { title: 5 },
      'a model that is not a string': { model: undefined },
      'no creation time': { createdAt: undefined },
      'no update time': { updatedAt: Number.NaN },
      'messages that are not a list': { messages: {} },
      'a broken message': { messages: [user, { ...assistant, state: 'x' }] },
    });
    assert.equal(isConversation({ ...conversation, messages: [] }), true);
    check(isConversation, { ...conversation, version: 2, mode: 'agent', rulesOff: true, profile: 'default' }, {
      'a newer file version': { version: 3 },
      'an unknown mode': { mode: 'chat' },
      'rulesOff false (absent means rules on)': { rulesOff: false },
      'a profile id that is not one': { profile: 'not a/profile' },
    });
    assert.equal(isConversation({ ...conversation, mode: 'ask' }), true);
    assert.equal(isConversation(null), false);
  });

  it('a conversation id safe as a file name', () => {
    for (const ok of ['abc', 'A-b_9', 'x'.repeat(100)]) assert.equal(isSafeConversationId(ok), true, ok);
    for (const bad of ['', 'x'.repeat(101), '../x', 'a/b', 'a.json', 'a b', 'ä', 5, null]) assert.equal(isSafeConversationId(bad), false, String(bad));
    assert.equal(isSafeConversationId('x../y'), false);
  });
});
