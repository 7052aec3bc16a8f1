import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Conversation } from '../../../src/core/conversation/conversation';
import { addUserMessage, createConversation, startAnswer } from '../../../src/core/conversation/conversation';
import type { ImageAttachment, StoredImageRef } from '../../../src/core/conversation/storedImages';
import {
  dataUriOfImageFile,
  imageContent,
  imageFileName,
  isImageFileName,
  isStoredImageRef,
  resolveStoredImages,
  storedImageRefs,
  toStoredConversation,
} from '../../../src/core/conversation/storedImages';
import { attachmentsOf, textOf } from '../../../src/core/conversation/parts';
import { isConversation } from '../../../src/core/conversation/validate';

const BYTES = Buffer.from('\x89PNG\r\n\x1a\n some pixels', 'binary');
const PNG: ImageAttachment = { type: 'image', name: 'shot.png', mimeType: 'image/png', dataUri: `data:image/png;base64,${BYTES.toString('base64')}` };
const SHA = createHash('sha256').update(BYTES).digest('hex');

function withImages(...images: ImageAttachment[]): Conversation {
  const c = createConversation('m', 1);
  addUserMessage(c, 'look', [{ kind: 'file', uri: 'file:///a.ts', languageId: 'typescript', text: 'x' }], undefined, 2);
  const user = c.messages[0]!;
  if (user.role === 'user') user.parts.splice(1, 0, ...images);
  startAnswer(c, 'm', 3).parts.push({ type: 'text', text: 'I see' });
  return c;
}

describe('stored images', () => {
  it('hashes an image attachment\'s bytes (not its data URI text) and names its file by hash and type', () => {
    const c = imageContent(PNG);
    assert.ok(c);
    assert.equal(c.sha256, SHA);
    assert.deepEqual(c.bytes, BYTES);
    assert.equal(imageFileName(c), `${SHA}.png`);
    assert.equal(imageFileName({ sha256: SHA, mimeType: 'image/jpeg' }), `${SHA}.jpg`);
    assert.equal(isImageFileName(`${SHA}.webp`), true);
    for (const bad of [`${SHA}.json`, `${SHA}.png.tmp`, `.${SHA}.png.1.2.tmp`, 'abc.png', `${SHA.toUpperCase()}.png`]) assert.equal(isImageFileName(bad), false, bad);
  });

  it('refuses data URIs the attachment guard refuses, and one whose type disagrees with its MIME type', () => {
    assert.equal(imageContent({ ...PNG, dataUri: 'https://evil.test/x.png' }), undefined);
    assert.equal(imageContent({ ...PNG, mimeType: 'image/jpeg' }), undefined);
    assert.equal(imageContent({ ...PNG, mimeType: 'image/svg+xml', dataUri: 'data:image/svg+xml;base64,PHN2Zz4=' }), undefined);
  });

  it('stores a reference instead of the data URI, without touching the conversation in memory', () => {
    const c = withImages(PNG);
    const stored = toStoredConversation(c, (a) => (a === PNG ? SHA : undefined));
    const json = JSON.stringify(stored);
    assert.ok(!json.includes(PNG.dataUri.slice(22)), 'no image bytes in the JSON');
    const refs = storedImageRefs(JSON.parse(json));
    assert.deepEqual(refs, [{ type: 'image', name: 'shot.png', mimeType: 'image/png', sha256: SHA }]);
    assert.equal(c.messages[0]!.role === 'user' && c.messages[0]!.parts[1], PNG, 'the in-memory image part is unchanged');
    assert.equal(isConversation(JSON.parse(json)), false, 'a reference is not an in-memory attachment');
  });

  it('keeps an image inline when it has no reference (the format older versions wrote)', () => {
    const c = withImages(PNG);
    const json = JSON.stringify(toStoredConversation(c, () => undefined));
    assert.ok(json.includes(PNG.dataUri));
    assert.deepEqual(storedImageRefs(JSON.parse(json)), []);
    assert.equal(isConversation(JSON.parse(json)), true);
  });

  it('round-trips: references resolve back into the same attachments, in the same order', () => {
    const gif: ImageAttachment = { type: 'image', name: 'b.gif', mimeType: 'image/gif', dataUri: 'data:image/gif;base64,R0lGODlh' };
    const c = withImages(PNG, gif);
    const data: unknown = JSON.parse(JSON.stringify(toStoredConversation(c, (a) => (a === PNG ? SHA : undefined))));
    const { resolved, unresolved } = resolveStoredImages(data, (ref) => (ref.sha256 === SHA ? dataUriOfImageFile(ref, BYTES) : undefined));
    assert.deepEqual(unresolved, []);
    assert.equal(resolved.length, 1);
    assert.equal(resolved[0]!.ref.sha256, SHA);
    assert.ok(isConversation(data));
    assert.deepEqual(data, { ...JSON.parse(JSON.stringify(c)), version: 2 });
  });

  it('takes a reference it cannot resolve out of its message, keeps the message, and reports it', () => {
    const c = withImages(PNG);
    const data: unknown = JSON.parse(JSON.stringify(toStoredConversation(c, () => SHA)));
    const { unresolved } = resolveStoredImages(data, () => undefined);
    assert.ok(isConversation(data), 'the conversation still validates');
    const user = data.messages[0]!;
    assert.equal(textOf(user), 'look');
    assert.deepEqual(user.role === 'user' && attachmentsOf(user).map((a) => a.kind), ['file']);
    assert.equal(unresolved.length, 1);
    assert.equal(unresolved[0]!.message, user);
    assert.deepEqual(unresolved[0]!.refs.map((r) => r.sha256), [SHA]);
  });

  it('writes back the references of unreadable images it was given, so a save does not erase them', () => {
    const c = withImages();
    const kept: StoredImageRef = { type: 'image', name: 'lost.png', mimeType: 'image/png', sha256: SHA };
    const json = JSON.stringify(toStoredConversation(c, () => undefined, (m) => (m === c.messages[0] ? [kept] : undefined)));
    assert.deepEqual(storedImageRefs(JSON.parse(json)), [kept]);
  });

  it('checks the bytes of an image file against its reference', () => {
    const ref: StoredImageRef = { type: 'image', name: 'x.png', mimeType: 'image/png', sha256: SHA };
    assert.equal(dataUriOfImageFile(ref, BYTES), PNG.dataUri);
    assert.equal(dataUriOfImageFile(ref, BYTES.subarray(0, 5)), undefined, 'truncated');
    assert.equal(dataUriOfImageFile(ref, new Uint8Array(0)), undefined, 'empty');
  });

  it('accepts only well-formed references', () => {
    const ok: StoredImageRef = { type: 'image', name: 'x.png', mimeType: 'image/png', sha256: SHA };
    assert.equal(isStoredImageRef(ok), true);
    for (const bad of [
      { ...ok, sha256: '../../etc/passwd' },
      { ...ok, sha256: SHA.slice(1) },
      { ...ok, mimeType: 'image/svg+xml' },
      { ...ok, extra: 1 },
      { ...ok, type: 'attachment' },
      PNG,
    ]) {
      assert.equal(isStoredImageRef(bad), false, JSON.stringify(bad).slice(0, 80));
    }
    assert.deepEqual(storedImageRefs({ messages: [{ role: 'user', parts: [ok, { ...ok, sha256: 'nope' }] }, { role: 'assistant', parts: [ok] }] }), [ok]);
    // The first stored format: references among a user message's attachments, with `kind`.
    const v1 = { kind: 'image', name: 'x.png', mimeType: 'image/png', sha256: SHA };
    assert.deepEqual(storedImageRefs({ messages: [{ role: 'user', attachments: [v1, { ...v1, sha256: 'nope' }] }] }), [ok]);
    assert.deepEqual(storedImageRefs(null), []);
    assert.deepEqual(storedImageRefs({ messages: 'x' }), []);
  });
});
