// Questions from the host to the chat webview (`ChatView.request`) in the real extension host with
// the real webview: the webview's answer settles them, they outlive a view torn down while hidden
// (sent again to the one that comes back), they time out and are cancelled with typed errors, and
// replies that answer nothing (or not this question) are dropped. Clicking a card's buttons needs
// the page itself: the Chromium suite (test/webview/askCard.test.ts) does that.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChatView } from '../../../src/chat/chatView';
import type { AskParams } from '../../../src/core/protocol/hostRequests';
import type { HostRequestFailure } from '../../../src/core/protocol/hostRequester';
import { Views } from '../../../src/platform/ids';
import { getApi, waitFor } from '../helpers';

const ASK: AskParams = { title: 'Run the tests?', body: 'npm test will run in the terminal.', buttons: [{ id: 'run', label: 'Run', primary: true }, { id: 'skip', label: 'Skip' }] };
/** Params the webview cannot show (no buttons): the real webview answers them with an error at once. */
const UNSHOWABLE = { title: 'No way to answer', body: '', buttons: [] } as unknown as AskParams;

/** The error's reason, checked by name: the extension's classes come from its bundle, not from these sources. */
async function failureOf(p: Promise<unknown>): Promise<{ reason: HostRequestFailure; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name?: string; reason?: HostRequestFailure; message: string };
    assert.equal(err.name, 'HostRequestError', String(e));
    return { reason: err.reason!, message: err.message };
  }
  assert.fail('the request was answered, but it should have failed');
}

// A webview that comes back after being hidden sometimes takes about 30 s to load in code-server on
// a busy machine (measured: either 1 to 3 s or 31 s, nothing between), hence the long waits.
async function shown(view: ChatView): Promise<void> {
  // The view's own focus command opens the sidebar and the view, whatever closed them.
  await vscode.commands.executeCommand(`${Views.chat}.focus`);
  await waitFor(() => view.isReady, 50_000, 'the chat webview to say ready');
}

/** Hides the view: without retainContextWhenHidden its webview is torn down. */
async function hidden(view: ChatView): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeSidebar');
  await waitFor(() => !view.visible && !view.isReady, 10_000, 'the chat view to be hidden');
}

describe('chat view: questions to the webview (integration)', function () {
  this.timeout(150_000);
  let view: ChatView;

  before(async () => {
    view = (await getApi()).chat.view;
  });

  beforeEach(async () => {
    await shown(view);
  });

  afterEach(() => {
    // Every test ends what it asked, so no card is left on the page for the next one.
    assert.deepEqual(view.pendingHostRequests, []);
  });

  it('the real webview answers at once what it cannot show (an error, not a timeout)', async () => {
    const f = await failureOf(view.request('ask', UNSHOWABLE, { timeoutMs: 60_000 }));
    assert.equal(f.reason, 'failed');
    assert.match(f.message, /invalid params for ask/);
  });

  it('questions asked while the view is torn down wait: an answered one is not sent, the other goes to the webview that comes back', async () => {
    await hidden(view);
    const unshowable = failureOf(view.request('ask', UNSHOWABLE, { timeoutMs: 120_000 }));
    const ask = view.request('ask', ASK, { timeoutMs: 120_000 });
    assert.equal(view.pendingHostRequests.length, 2, 'both wait for a webview');
    const id = view.pendingHostRequests[1]!.id;
    // What a card posts when Run is clicked (the Chromium suite clicks it): it settles the request.
    await view.handleMessage({ type: 'reply', id, result: { choice: 'run' } });
    assert.deepEqual(await ask, { choice: 'run' });
    assert.equal(view.pendingHostRequests.length, 1);
    await shown(view);
    const f = await unshowable;
    assert.equal(f.reason, 'failed', 'answered by the new webview');
    assert.match(f.message, /invalid params for ask/);
  });

  it('a question shown before a reload still waits after it; replies that do not answer it change nothing; cancelling withdraws it', async () => {
    const cts = new vscode.CancellationTokenSource();
    const p = failureOf(view.request('ask', ASK, { timeoutMs: 120_000, token: cts.token }));
    const id = view.pendingHostRequests[0]!.id;
    await hidden(view);
    await shown(view);
    assert.deepEqual(view.pendingHostRequests.map((r) => ({ id: r.id, method: r.method })), [{ id, method: 'ask' }], 'still waiting after the reload');
    const rejected = view.rejected;
    // A reply for an id nobody asked: ignored (not an answer, not counted as an attack).
    await view.handleMessage({ type: 'reply', id: id + 1000, result: { choice: 'run' } });
    assert.equal(view.rejected, rejected);
    // A reply naming a button the card did not offer: dropped and counted; the question still waits.
    await view.handleMessage({ type: 'reply', id, result: { choice: 'delete-everything' } });
    assert.equal(view.rejected, rejected + 1);
    assert.deepEqual(view.pendingHostRequests.map((r) => ({ id: r.id, method: r.method })), [{ id, method: 'ask' }]);
    cts.cancel();
    assert.equal((await p).reason, 'cancelled');
    // Withdrawn: a click that comes too late answers nothing.
    await view.handleMessage({ type: 'reply', id, result: { choice: 'run' } });
    assert.equal(view.rejected, rejected + 1);
    cts.dispose();
  });

  it('times out with a typed error', async () => {
    const f = await failureOf(view.request('ask', ASK, { timeoutMs: 300 }));
    assert.equal(f.reason, 'timeout');
  });

  it('a token cancelled before the request means it is never sent', async () => {
    const cts = new vscode.CancellationTokenSource();
    cts.cancel();
    assert.equal((await failureOf(view.request('ask', ASK, { timeoutMs: 60_000, token: cts.token }))).reason, 'cancelled');
    assert.deepEqual(view.pendingHostRequests, []);
    cts.dispose();
  });
});
