// The composer with a message too long for the model, in the real bundle in Chromium: it keeps
// what the user typed, sends nothing, and says what to do; a long message that fits is sent.
import * as assert from 'node:assert/strict';
import type { ModelOption } from '../../src/core/protocol/chatProtocol';
import { isWebviewCommand } from '../../src/core/protocol/chatProtocol';
import { state, STRINGS } from './fixtures';
import { useWebviewPage, type WebviewPage } from './page';

type Posted = { type: string; [k: string]: unknown };

const MODELS: ModelOption[] = [
  { id: 'big/model', name: 'Big Model', vision: false, contextWindow: 200_000 },
  { id: 'small/model', name: 'Small Model', vision: false, contextWindow: 8_000 },
];

describe('webview: a message too long for the model (Chromium)', function () {
  this.timeout(60_000);
  const page = useWebviewPage();
  let p: WebviewPage;
  beforeEach(() => {
    p = page();
  });

  /** Puts `text` in the input as a paste would (one input event), then presses Enter. */
  async function pasteAndSend(text: string): Promise<Posted[]> {
    const from = (await p.posted()).length;
    const input = p.page.locator('textarea.composer-input');
    await input.evaluate((el, t) => {
      (el as HTMLTextAreaElement).value = t;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, text);
    await input.press('Enter');
    return ((await p.posted()) as Posted[]).slice(from);
  }

  it('a 250,000-character paste is sent whole to a model with a 200K-token window', async () => {
    await p.post({ type: 'state', state: state([], { models: MODELS, model: 'big/model' }) });
    const text = 'const value = 42; // a line of a long log\n'.repeat(6_000).slice(0, 250_000);
    const posted = await pasteAndSend(text);
    assert.equal(posted.length, 1);
    assert.equal(posted[0]!.type, 'send');
    assert.equal((posted[0]!.text as string).length, 250_000);
    assert.equal(isWebviewCommand(posted[0]), true, 'the host accepts it (before, anything over 200,000 characters was dropped)');
    assert.equal(await p.page.locator('textarea.composer-input').inputValue(), '');
  });

  it('too long for the model: nothing is sent, the text stays, and the note says what to do with the numbers', async () => {
    await p.post({ type: 'state', state: state([], { models: MODELS, model: 'small/model', strings: { ...STRINGS, messageTooLong: '{0} tokens; {1} reads {2}. Trim it or attach a file.' } }) });
    const text = 'x'.repeat(30_000);
    const posted = await pasteAndSend(text);
    assert.deepEqual(posted, [], 'nothing is sent');
    assert.equal(await p.page.locator('textarea.composer-input').inputValue(), text, 'what the user typed is kept');
    const note = p.page.locator('.composer-note');
    assert.equal(await note.isVisible(), true);
    assert.equal(await note.textContent(), `${(8_572).toLocaleString('en-US')} tokens; Small Model reads ${(6_000).toLocaleString('en-US')}. Trim it or attach a file.`);
    assert.equal(await p.page.locator('.sr-only[role="status"]').textContent(), await note.textContent(), 'a screen reader hears it');
    // Trimmed to fit: the note goes, and Enter sends.
    const trimmed = await pasteAndSend('x'.repeat(1_000));
    assert.equal(await note.isHidden(), true);
    assert.deepEqual(trimmed, [{ type: 'send', text: 'x'.repeat(1_000) }]);
  });

  it('switching to a model with a larger window lets the same text go', async () => {
    await p.post({ type: 'state', state: state([], { models: MODELS, model: 'small/model' }) });
    const text = 'y'.repeat(30_000);
    assert.deepEqual(await pasteAndSend(text), []);
    await p.post({ type: 'models', models: MODELS, model: 'big/model' });
    await p.page.locator('textarea.composer-input').press('Enter');
    const posted = ((await p.posted()) as Posted[]).filter((m) => m.type === 'send');
    assert.equal(posted.length, 1);
    assert.equal(posted[0]!.text, text);
  });
});
