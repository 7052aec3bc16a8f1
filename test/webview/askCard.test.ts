// The real bundle in Chromium: the host's `ask` request shows a card after the messages; a click
// or the keyboard answers it with the chosen button's id and the card goes; a withdrawal (the host
// cancelled, or stopped waiting) removes it without an answer; what the card cannot show, and
// methods the view does not know, are answered with an error at once.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AskParams } from '../../src/core/protocol/hostRequests';
import { answer, question, state, STRINGS } from './fixtures';
import { useWebviewPage, type WebviewPage } from './page';

const RESULTS = join(__dirname, '..', '..', '..', 'test-results');
/** A real-looking announcement, so the title in it can be checked. */
const ANNOUNCE = 'Your answer is needed: {0}';

type Posted = { type: string; [k: string]: unknown };
async function replies(p: WebviewPage): Promise<Posted[]> {
  return ((await p.posted()) as Posted[]).filter((m) => m.type === 'reply');
}

const ASK: AskParams = {
  title: 'Run the tests?',
  body: 'npm test will run in the terminal.\n<b>Nothing</b> here is markup.',
  buttons: [
    { id: 'skip', label: 'Skip' },
    { id: 'run', label: 'Run', primary: true },
    { id: 'always', label: 'Always run' },
  ],
};

describe('webview: the ask card (Chromium)', function () {
  this.timeout(60_000);
  const page = useWebviewPage();
  let p: WebviewPage;
  beforeEach(async () => {
    p = page();
    await p.post({ type: 'state', state: state([question('u', 'q'), answer('a', 'An answer.')], { strings: { ...STRINGS, askAnnounce: ANNOUNCE } }) });
  });

  it('shows the question after the messages, as text, with its buttons, labelled and announced', async () => {
    await p.post({ type: 'hostRequest', id: 1, method: 'ask', params: ASK });
    const card = p.page.locator('.message-list .ask-card');
    assert.equal(await card.count(), 1);
    assert.equal(await card.isVisible(), true);
    assert.equal(await card.locator('.ask-title').textContent(), ASK.title);
    assert.equal(await card.locator('.ask-body').textContent(), ASK.body);
    assert.equal(await card.locator('.ask-body b').count(), 0, 'the body is text, never markup');
    assert.deepEqual(await card.locator('button').allTextContents(), ['Skip', 'Run', 'Always run']);
    assert.deepEqual(await card.locator('button.primary').allTextContents(), ['Run']);
    // Named by its title and described by its body for a screen reader, and announced.
    assert.equal(await card.getAttribute('role'), 'group');
    assert.equal(await p.page.getByRole('group', { name: ASK.title }).count(), 1);
    assert.equal(await card.evaluate((c) => document.getElementById(c.getAttribute('aria-describedby') ?? '')?.textContent), ASK.body);
    assert.equal(await p.page.locator('[role="status"][aria-live="polite"]').textContent(), ANNOUNCE.replace('{0}', ASK.title));
    // After the messages (the last article comes before it).
    assert.equal(await p.page.evaluate(() => document.querySelector('article.message:last-of-type')!.compareDocumentPosition(document.querySelector('.ask-card')!) & Node.DOCUMENT_POSITION_FOLLOWING), 4);
    assert.deepEqual(await replies(p), [], 'no answer before the user gives one');
    mkdirSync(RESULTS, { recursive: true });
    await p.page.screenshot({ path: join(RESULTS, 'webview-ask-card.png'), fullPage: true });
  });

  it('a click answers with the chosen button and the card goes', async () => {
    await p.post({ type: 'hostRequest', id: 7, method: 'ask', params: ASK });
    await p.page.locator('.ask-card button', { hasText: 'Always run' }).click();
    assert.deepEqual(await replies(p), [{ type: 'reply', id: 7, result: { choice: 'always' } }]);
    assert.equal(await p.page.locator('.ask-card').count(), 0);
  });

  it('the keyboard reaches the buttons (Tab) and answers (Enter, Space); focus returns to the composer', async () => {
    await p.post({ type: 'hostRequest', id: 3, method: 'ask', params: ASK });
    await p.page.locator('textarea.composer-input').focus();
    // Backwards from the composer: the card's last button comes before it in the Tab order.
    await p.page.keyboard.press('Shift+Tab');
    assert.equal(await p.page.evaluate(() => (document.activeElement as HTMLElement).dataset.choice), 'always');
    await p.page.keyboard.press('Shift+Tab');
    assert.equal(await p.page.evaluate(() => (document.activeElement as HTMLElement).dataset.choice), 'run');
    await p.page.keyboard.press('Enter');
    assert.deepEqual(await replies(p), [{ type: 'reply', id: 3, result: { choice: 'run' } }]);
    assert.equal(await p.page.locator('.ask-card').count(), 0);
    assert.equal(await p.page.evaluate(() => document.activeElement?.className), 'composer-input');

    await p.post({ type: 'hostRequest', id: 4, method: 'ask', params: ASK });
    await p.page.keyboard.press('Shift+Tab');
    await p.page.keyboard.press('Shift+Tab');
    await p.page.keyboard.press('Shift+Tab');
    assert.equal(await p.page.evaluate(() => (document.activeElement as HTMLElement).dataset.choice), 'skip');
    await p.page.keyboard.press('Space');
    assert.deepEqual((await replies(p)).slice(1), [{ type: 'reply', id: 4, result: { choice: 'skip' } }]);
  });

  it('a withdrawal (cancelled or timed out) removes the card without an answer, and says so', async () => {
    await p.post({ type: 'hostRequest', id: 5, method: 'ask', params: ASK });
    await p.post({ type: 'hostRequest', id: 6, method: 'ask', params: { ...ASK, title: 'Second question' } });
    assert.equal(await p.page.locator('.ask-card').count(), 2);
    await p.page.locator('.ask-card button').first().focus();
    await p.post({ type: 'cancelHostRequest', id: 5 });
    assert.equal(await p.page.locator('.ask-card').count(), 1);
    assert.equal(await p.page.locator('.ask-card .ask-title').textContent(), 'Second question');
    assert.equal(await p.page.locator('[role="status"][aria-live="polite"]').textContent(), STRINGS.askWithdrawn);
    assert.equal(await p.page.evaluate(() => document.activeElement?.className), 'composer-input', 'focus does not fall to the page');
    // A withdrawal of something already gone, or never asked, changes nothing.
    await p.post({ type: 'cancelHostRequest', id: 5 });
    await p.post({ type: 'cancelHostRequest', id: 99 });
    assert.equal(await p.page.locator('.ask-card').count(), 1);
    assert.deepEqual(await replies(p), []);
  });

  it('stays through a redraw of the conversation and stays after new messages; a request sent again shows once', async () => {
    await p.post({ type: 'hostRequest', id: 8, method: 'ask', params: ASK });
    await p.post({ type: 'state', state: state([answer('b', 'Another conversation.')]) });
    await p.post({ type: 'messageAdded', message: question('u2', 'more') });
    await p.post({ type: 'hostRequest', id: 8, method: 'ask', params: ASK });
    assert.equal(await p.page.locator('.ask-card').count(), 1);
    assert.equal(await p.page.evaluate(() => document.querySelector('.message-list .host-requests')!.previousElementSibling?.getAttribute('data-id')), 'u2');
    await p.page.locator('.ask-card button.primary').click();
    assert.deepEqual(await replies(p), [{ type: 'reply', id: 8, result: { choice: 'run' } }]);
  });

  it('answers at once, with an error, what it cannot show and methods it does not know', async () => {
    await p.post({ type: 'hostRequest', id: 10, method: 'ask', params: { ...ASK, buttons: [] } });
    await p.post({ type: 'hostRequest', id: 11, method: 'ask', params: { ...ASK, title: '<img src=x onerror=alert(1)>', buttons: [{ id: 'a', label: 'A' }, { id: 'a', label: 'B' }] } });
    await p.post({ type: 'hostRequest', id: 12, method: 'openTerminal', params: {} });
    await p.post({ type: 'hostRequest', id: 13, method: 'toString', params: {} });
    const r = await replies(p);
    assert.deepEqual(r.map((x) => x.id), [10, 11, 12, 13]);
    for (const x of r) assert.equal(typeof x.error, 'string', JSON.stringify(x));
    assert.equal(await p.page.locator('.ask-card').count(), 0);
    assert.deepEqual(p.dialogs, []);
  });
});
