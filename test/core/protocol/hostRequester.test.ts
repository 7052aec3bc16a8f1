// The host's bookkeeping of host → webview requests, against a fake webview and a fake clock:
// answered, failed, timed out, cancelled, sent again to a webview that comes back, and replies
// that answer nothing (or not this question) ignored.
import * as assert from 'node:assert/strict';
import type { AskParams, HostRequest } from '../../../src/core/protocol/hostRequests';
import { HostRequestError, HostRequester } from '../../../src/core/protocol/hostRequester';
import { FakeClock, FakeWebview } from '../../fakes/hostRequestWebview';

const ASK: AskParams = {
  title: 'Run the tests?',
  body: 'npm test will run in the terminal.',
  buttons: [
    { id: 'run', label: 'Run', primary: true },
    { id: 'skip', label: 'Skip' },
  ],
};

/** Settles to what the promise did, without leaving a rejection unhandled in the meantime. */
function outcome<T>(p: Promise<T>): { readonly value?: T; readonly error?: unknown; readonly settled: boolean } {
  const o: { value?: T; error?: unknown; settled: boolean } = { settled: false };
  p.then(
    (v) => Object.assign(o, { value: v, settled: true }),
    (e: unknown) => Object.assign(o, { error: e, settled: true }),
  );
  return o;
}

/** Lets promise callbacks run. */
const tick = () => new Promise<void>((r) => setImmediate(r));

function failure(e: unknown): HostRequestError {
  assert.ok(e instanceof HostRequestError, `expected a HostRequestError, got ${String(e)}`);
  return e;
}

describe('host → webview requests: the host side', () => {
  let webview: FakeWebview;
  let clock: FakeClock;
  let requester: HostRequester;
  beforeEach(() => {
    webview = new FakeWebview();
    clock = new FakeClock();
    requester = new HostRequester(webview, clock);
  });

  it('sends the request and resolves with the answer the webview gives', async () => {
    const p = requester.request('ask', ASK, { timeoutMs: 60_000 });
    const [sent] = webview.requests();
    assert.deepEqual(sent, { type: 'hostRequest', id: sent!.id, method: 'ask', params: ASK });
    assert.deepEqual(requester.pending.map(({ id, method }) => ({ id, method })), [{ id: sent!.id, method: 'ask' }]);
    assert.equal(requester.reply(FakeWebview.answer(sent!.id, 'skip')), 'answered');
    assert.deepEqual(await p, { choice: 'skip' });
    assert.deepEqual(requester.pending, []);
    assert.equal(clock.pendingTimers, 0, 'the timeout is cleared');
    assert.deepEqual(webview.cancels(), [], 'an answered question is not withdrawn');
  });

  it('gives each request its own id, and answers each by its id', async () => {
    const a = requester.request('ask', ASK, { timeoutMs: 1000 });
    const b = requester.request('ask', ASK, { timeoutMs: 1000 });
    const [ra, rb] = webview.requests();
    assert.notEqual(ra!.id, rb!.id);
    requester.reply(FakeWebview.answer(rb!.id, 'run'));
    requester.reply(FakeWebview.answer(ra!.id, 'skip'));
    assert.deepEqual(await a, { choice: 'skip' });
    assert.deepEqual(await b, { choice: 'run' });
  });

  it('rejects with a timeout and tells the webview to drop the question', async () => {
    const o = outcome(requester.request('ask', ASK, { timeoutMs: 5000 }));
    const id = webview.requests()[0]!.id;
    clock.advance(4999);
    await tick();
    assert.equal(o.settled, false, 'not before its time');
    clock.advance(1);
    await tick();
    assert.equal(failure(o.error).reason, 'timeout');
    assert.equal(failure(o.error).method, 'ask');
    assert.deepEqual(webview.cancels(), [id]);
    assert.deepEqual(requester.pending, []);
    // The user clicks just after: the reply answers nothing any more.
    assert.equal(requester.reply(FakeWebview.answer(id, 'run')), 'unknown');
  });

  it('rejects when cancelled, tells the webview to drop it, and ignores a late answer', async () => {
    const cancel = new AbortController();
    const o = outcome(requester.request('ask', ASK, { timeoutMs: 60_000, signal: cancel.signal }));
    const id = webview.requests()[0]!.id;
    cancel.abort();
    await tick();
    assert.equal(failure(o.error).reason, 'cancelled');
    assert.deepEqual(webview.cancels(), [id]);
    assert.equal(clock.pendingTimers, 0, 'the timeout is cleared');
    assert.equal(requester.reply(FakeWebview.answer(id, 'run')), 'unknown');
  });

  it('does not send a request whose cancellation came first', async () => {
    const cancel = new AbortController();
    cancel.abort();
    const o = outcome(requester.request('ask', ASK, { timeoutMs: 1000, signal: cancel.signal }));
    await tick();
    assert.equal(failure(o.error).reason, 'cancelled');
    assert.deepEqual(webview.attempts, []);
  });

  it('sends a request again to a webview that was torn down and came back, until it is answered', async () => {
    const p = requester.request('ask', ASK, { timeoutMs: 60_000 });
    const first = webview.requests()[0]!;
    webview.tearDown();
    // While hidden nothing can be delivered; the request waits.
    requester.resend();
    assert.deepEqual(webview.requests(), []);
    webview.load();
    requester.resend();
    const again = webview.requests();
    assert.deepEqual(again, [first], 'the same request (same id) goes to the new webview');
    requester.reply(FakeWebview.answer(first.id, 'run'));
    assert.deepEqual(await p, { choice: 'run' });
    // Answered: a later reload does not bring it back.
    webview.tearDown();
    webview.load();
    requester.resend();
    assert.deepEqual(webview.requests(), []);
  });

  it('a request made while no webview is ready is delivered when one says ready', async () => {
    webview.tearDown();
    const p = requester.request('ask', ASK, { timeoutMs: 60_000 });
    assert.equal(webview.attempts.length, 1);
    assert.deepEqual(webview.received, []);
    webview.load();
    requester.resend();
    const [sent] = webview.requests() as HostRequest[];
    assert.equal(sent!.method, 'ask');
    requester.reply(FakeWebview.answer(sent!.id, 'skip'));
    assert.deepEqual(await p, { choice: 'skip' });
  });

  it('a request cancelled while the view was hidden is not sent to the next one', async () => {
    const cancel = new AbortController();
    const o = outcome(requester.request('ask', ASK, { timeoutMs: 60_000, signal: cancel.signal }));
    webview.tearDown();
    cancel.abort();
    await tick();
    assert.equal(failure(o.error).reason, 'cancelled');
    webview.load();
    requester.resend();
    assert.deepEqual(webview.received, [], 'neither the question nor its withdrawal');
  });

  it('keeps its timeout across a reload (the clock does not restart)', async () => {
    const o = outcome(requester.request('ask', ASK, { timeoutMs: 10_000 }));
    clock.advance(6000);
    webview.tearDown();
    webview.load();
    requester.resend();
    clock.advance(4000);
    await tick();
    assert.equal(failure(o.error).reason, 'timeout');
  });

  it('ignores a reply for an id it never sent', async () => {
    const p = requester.request('ask', ASK, { timeoutMs: 60_000 });
    const id = webview.requests()[0]!.id;
    assert.equal(requester.reply(FakeWebview.answer(id + 1000, 'run')), 'unknown');
    assert.equal(requester.reply({ type: 'reply', id: id + 1000, error: 'x' }), 'unknown');
    assert.deepEqual(requester.pending.map((p) => ({ id: p.id, method: p.method })), [{ id, method: 'ask' }], 'the real request still waits');
    requester.reply(FakeWebview.answer(id, 'run'));
    assert.deepEqual(await p, { choice: 'run' });
  });

  it('drops a reply that does not answer the question (a button it did not offer, a wrong shape) and keeps waiting', async () => {
    const p = requester.request('ask', ASK, { timeoutMs: 60_000 });
    const id = webview.requests()[0]!.id;
    for (const result of [{ choice: 'delete-everything' }, { choice: 'run', extra: 1 }, 'run', null, {}, { choice: 1 }]) {
      assert.equal(requester.reply({ type: 'reply', id, result }), 'invalid', JSON.stringify(result));
    }
    assert.deepEqual(requester.pending.map((p) => ({ id: p.id, method: p.method })), [{ id, method: 'ask' }]);
    requester.reply(FakeWebview.answer(id, 'run'));
    assert.deepEqual(await p, { choice: 'run' });
  });

  it('rejects with the webview\'s error when it cannot answer', async () => {
    const o = outcome(requester.request('ask', ASK, { timeoutMs: 60_000 }));
    const id = webview.requests()[0]!.id;
    assert.equal(requester.reply({ type: 'reply', id, error: 'invalid params for ask' }), 'answered');
    await tick();
    assert.equal(failure(o.error).reason, 'failed');
    assert.match(failure(o.error).message, /invalid params for ask/);
    assert.equal(clock.pendingTimers, 0);
  });

  it('without a finite timeout, waits until answered or cancelled', async () => {
    const cancel = new AbortController();
    const o = outcome(requester.request('ask', ASK, { timeoutMs: Number.POSITIVE_INFINITY, signal: cancel.signal }));
    assert.equal(clock.pendingTimers, 0, 'no timer at all');
    clock.advance(365 * 24 * 3600_000);
    await tick();
    assert.equal(o.settled, false);
    cancel.abort();
    await tick();
    assert.equal(failure(o.error).reason, 'cancelled');
  });

  it('refuses a negative or NaN timeout', () => {
    assert.throws(() => void requester.request('ask', ASK, { timeoutMs: -1 }), RangeError);
    assert.throws(() => void requester.request('ask', ASK, { timeoutMs: Number.NaN }), RangeError);
  });

  it('rejects everything still waiting when disposed, and later requests at once', async () => {
    const o = outcome(requester.request('ask', ASK, { timeoutMs: 60_000 }));
    requester.dispose();
    await tick();
    assert.equal(failure(o.error).reason, 'disposed');
    assert.equal(clock.pendingTimers, 0);
    const later = outcome(requester.request('ask', ASK, { timeoutMs: 60_000 }));
    await tick();
    assert.equal(failure(later.error).reason, 'disposed');
  });
});
