// The guards of host → webview requests: what the webview may be asked to show (`ask`), the
// reply's shape the host accepts, the result it accepts for each method, and how the two message
// kinds pass the chat protocol's entry checks on each side.
import * as assert from 'node:assert/strict';
import { isHostNotification, isWebviewCommand, isWebviewMessage, isWebviewRequest } from '../../../src/core/protocol/chatProtocol';
import type { AskParams } from '../../../src/core/protocol/hostRequests';
import { ASK_LIMITS, isAskParams, isHostRequestMethod, isHostRequestParams, isHostRequestResult, isWebviewReply, MAX_REPLY_ERROR } from '../../../src/core/protocol/hostRequests';

const ASK: AskParams = { title: 'Apply the edit?', body: 'src/a.ts: 3 lines', buttons: [{ id: 'yes', label: 'Apply', primary: true }, { id: 'no', label: 'Skip' }] };
const button = (i: number) => ({ id: `b${i}`, label: `Button ${i}` });

describe('host → webview requests: guards', () => {
  describe('ask params (the webview checks them before showing a card)', () => {
    const valid: [string, unknown][] = [
      ['title, body and two buttons', ASK],
      ['one button and no body', { title: 'Done', body: '', buttons: [{ id: 'ok', label: 'OK' }] }],
      ['four buttons, none primary', { title: 't', body: 'b', buttons: [1, 2, 3, 4].map(button) }],
      ['text at the limits', { title: 'x'.repeat(ASK_LIMITS.title), body: 'y'.repeat(ASK_LIMITS.body), buttons: [{ id: 'i'.repeat(ASK_LIMITS.buttonId), label: 'l'.repeat(ASK_LIMITS.buttonLabel), primary: false }] }],
    ];
    for (const [name, v] of valid) it(`accepts ${name}`, () => assert.equal(isAskParams(v), true));

    const invalid: [string, unknown][] = [
      ['no buttons', { title: 't', body: 'b', buttons: [] }],
      ['five buttons', { title: 't', body: 'b', buttons: [1, 2, 3, 4, 5].map(button) }],
      ['two buttons with one id', { title: 't', body: 'b', buttons: [{ id: 'a', label: 'A' }, { id: 'a', label: 'B' }] }],
      ['two primary buttons', { title: 't', body: 'b', buttons: [{ id: 'a', label: 'A', primary: true }, { id: 'b', label: 'B', primary: true }] }],
      ['an empty title', { ...ASK, title: '' }],
      ['a title over the limit', { ...ASK, title: 'x'.repeat(ASK_LIMITS.title + 1) }],
      ['a body over the limit', { ...ASK, body: 'x'.repeat(ASK_LIMITS.body + 1) }],
      ['no body', { title: 't', buttons: ASK.buttons }],
      ['a button without a label', { ...ASK, buttons: [{ id: 'a' }] }],
      ['a blank label', { ...ASK, buttons: [{ id: 'a', label: '   ' }] }],
      ['an empty button id', { ...ASK, buttons: [{ id: '', label: 'A' }] }],
      ['primary that is not a boolean', { ...ASK, buttons: [{ id: 'a', label: 'A', primary: 'yes' }] }],
      ['a button with an extra key', { ...ASK, buttons: [{ id: 'a', label: 'A', command: 'workbench.action.quit' }] }],
      ['an extra key', { ...ASK, html: '<b>x</b>' }],
      ['buttons that are not a list', { ...ASK, buttons: { id: 'a', label: 'A' } }],
      ['null', null],
    ];
    for (const [name, v] of invalid) it(`rejects ${name}`, () => assert.equal(isAskParams(v), false));

    it('routes by method name (own keys only)', () => {
      assert.equal(isHostRequestMethod('ask'), true);
      for (const m of ['toString', '__proto__', 'constructor', 'readFile', '', 1]) assert.equal(isHostRequestMethod(m), false, String(m));
      assert.equal(isHostRequestParams('ask', ASK), true);
      assert.equal(isHostRequestParams('ask', { ...ASK, buttons: [] }), false);
    });
  });

  describe('ask results (the host checks every reply against its question)', () => {
    it('accepts the id of a button the card offered', () => {
      assert.equal(isHostRequestResult('ask', { choice: 'yes' }, ASK), true);
      assert.equal(isHostRequestResult('ask', { choice: 'no' }, ASK), true);
    });
    it('rejects anything else', () => {
      for (const r of [{ choice: 'maybe' }, { choice: '' }, { choice: 'yes', also: 'no' }, { choice: ['yes'] }, 'yes', null, undefined, {}]) {
        assert.equal(isHostRequestResult('ask', r, ASK), false, JSON.stringify(r));
      }
    });
  });

  describe('replies (webview → host)', () => {
    it('accepts an id with a result, or with an error', () => {
      for (const r of [{ type: 'reply', id: 1, result: { choice: 'yes' } }, { type: 'reply', id: 7, error: 'no handler' }, { type: 'reply', id: 2, result: null }]) {
        assert.equal(isWebviewReply(r), true, JSON.stringify(r));
        assert.equal(isWebviewMessage(r), true, 'passes the host\'s entry check');
      }
    });
    it('rejects a reply without an id, with both result and error, with neither, or with extra keys', () => {
      const bad: unknown[] = [
        { type: 'reply', result: {} },
        { type: 'reply', id: 0, result: {} },
        { type: 'reply', id: 1.5, result: {} },
        { type: 'reply', id: '1', result: {} },
        { type: 'reply', id: 1, result: {}, error: 'x' },
        { type: 'reply', id: 1 },
        { type: 'reply', id: 1, result: {}, method: 'ask' },
        { type: 'reply', id: 1, error: 42 },
        { type: 'reply', id: 1, error: 'x'.repeat(MAX_REPLY_ERROR + 1) },
        { type: 'replies', id: 1, result: {} },
      ];
      for (const r of bad) {
        assert.equal(isWebviewReply(r), false, JSON.stringify(r).slice(0, 80));
        assert.equal(isWebviewMessage(r), false, JSON.stringify(r).slice(0, 80));
      }
    });
    it('is neither a command nor a request', () => {
      const r = { type: 'reply', id: 1, result: { choice: 'yes' } };
      assert.equal(isWebviewCommand(r), false);
      assert.equal(isWebviewRequest(r), false);
    });
  });

  describe('host requests and withdrawals (host → webview, checked by the shape the webview routes on)', () => {
    it('accepts a request with an id, a method and params, and a withdrawal with an id', () => {
      assert.equal(isHostNotification({ type: 'hostRequest', id: 1, method: 'ask', params: ASK }), true);
      // An unknown method still reaches the webview, which answers it with an error (not silence).
      assert.equal(isHostNotification({ type: 'hostRequest', id: 2, method: 'later', params: {} }), true);
      assert.equal(isHostNotification({ type: 'cancelHostRequest', id: 1 }), true);
    });
    it('rejects what it could not route', () => {
      for (const n of [
        { type: 'hostRequest', method: 'ask', params: ASK },
        { type: 'hostRequest', id: 0, method: 'ask', params: ASK },
        { type: 'hostRequest', id: 1, params: ASK },
        { type: 'hostRequest', id: 1, method: 'ask' },
        { type: 'hostRequest', id: 1, method: 'ask', params: [ASK] },
        { type: 'cancelHostRequest' },
        { type: 'cancelHostRequest', id: -1 },
      ]) {
        assert.equal(isHostNotification(n), false, JSON.stringify(n).slice(0, 80));
      }
    });
  });
});
