// Following the end of the message list, in the real bundle in Chromium: when an answer ends, its
// footer (tokens, cost, buttons) comes into view whole, as long as the user was at the end.
import * as assert from 'node:assert/strict';
import { answer, question, state } from './fixtures';
import { frames, useWebviewPage, type WebviewPage } from './page';

describe('webview: the message list follows the end (Chromium)', function () {
  this.timeout(60_000);
  const page = useWebviewPage();
  let p: WebviewPage;
  beforeEach(async () => {
    p = page();
    await p.page.setViewportSize({ width: 320, height: 500 });
  });

  /** How far the bottom of the last answer's footer is below the list's visible bottom (<= 0: fully visible). */
  const footerBelow = () =>
    p.page.evaluate(() => {
      const list = document.querySelector('.message-list')!.getBoundingClientRect();
      const footer = document.querySelector('article.assistant:last-of-type .answer-footer')!.getBoundingClientRect();
      return Math.round(footer.bottom - list.bottom);
    });

  it('an answer that ends shows its whole footer, even when it wraps onto two lines', async () => {
    const earlier = Array.from({ length: 6 }, (_, i) => [question(`u${i}`, `question ${i}`), answer(`a${i}`, `answer ${i}\n\n${'words '.repeat(60)}`, 'done', { usage: { promptTokens: 10, completionTokens: 20 }, cost: 0.01 })]).flat();
    await p.post({ type: 'state', state: state([...earlier, question('u9', 'last question')]) });
    await frames(p, 12);
    await p.post({ type: 'messageAdded', message: answer('s', '', 'streaming') });
    await p.post({ type: 'streaming', streaming: true });
    const text = Array.from({ length: 30 }, (_, i) => `Line ${i} of a long answer.`).join('\n\n');
    for (let i = 0; i < text.length; i += 40) {
      await p.post({ type: 'delta', messageId: 's', text: text.slice(i, i + 40) });
      if (i % 200 === 0) await frames(p, 1);
    }
    await frames(p, 3);
    await p.post({ type: 'messageUpdated', message: answer('s', text, 'done', { usage: { promptTokens: 123_456, completionTokens: 7_890 }, cost: 1.2345, model: 'a/very-long-model-name-that-wraps-the-footer' }) });
    await p.post({ type: 'streaming', streaming: false });
    await p.page
      .waitForFunction(() => {
        const list = document.querySelector('.message-list')!.getBoundingClientRect();
        const footer = document.querySelector('article.assistant:last-of-type .answer-footer')!.getBoundingClientRect();
        return footer.height > 0 && footer.bottom <= list.bottom + 0.5;
      }, undefined, { timeout: 5000, polling: 'raf' })
      .catch(async () => assert.fail(`the footer ends ${await footerBelow()} px below the visible list`));
    assert.ok((await footerBelow()) <= 0);
  });

  it('an answer that arrives whole within one frame still ends with its footer in view', async () => {
    await p.post({ type: 'state', state: state([question('u1', 'Write a greeting function')]) });
    await frames(p, 4);
    const text = ['Here is a function:', '```js', 'function greet(name) {', '  return name;', '}', '```', ...Array.from({ length: 14 }, (_, i) => `Note ${i}.`)].join('\n\n');
    // A fast gateway: the first words, the end and the end of streaming before the next frame.
    const burst = [
      { type: 'messageAdded', message: answer('s', '', 'streaming') },
      { type: 'streaming', streaming: true },
      { type: 'delta', messageId: 's', text: 'Here is' },
      { type: 'messageUpdated', message: answer('s', text, 'done', { usage: { promptTokens: 30, completionTokens: 220 }, cost: 0.0034 }) },
      { type: 'streaming', streaming: false },
    ];
    await p.page.evaluate((ms) => ms.forEach((m) => window.dispatchEvent(new MessageEvent('message', { data: m }))), burst);
    await p.page
      .waitForFunction(() => {
        const list = document.querySelector('.message-list')!.getBoundingClientRect();
        const footer = document.querySelector('article.assistant:last-of-type .answer-footer')!.getBoundingClientRect();
        return footer.height > 0 && footer.bottom <= list.bottom + 0.5;
      }, undefined, { timeout: 5000, polling: 'raf' })
      .catch(async () => assert.fail(`the footer ends ${await footerBelow()} px below the visible list`));
  });

  it('does not pull the user back down when they scrolled up to read', async () => {
    const earlier = Array.from({ length: 6 }, (_, i) => [question(`u${i}`, `question ${i}`), answer(`a${i}`, `answer ${i}\n\n${'words '.repeat(60)}`)]).flat();
    await p.post({ type: 'state', state: state([...earlier, question('u9', 'last')]) });
    await frames(p, 12);
    await p.post({ type: 'messageAdded', message: answer('s', '', 'streaming') });
    await p.post({ type: 'delta', messageId: 's', text: 'Some text.\n\n'.repeat(20) });
    await frames(p, 3);
    await p.page.locator('.message-list').evaluate((el) => el.scrollTo({ top: 0 }));
    await frames(p, 2);
    await p.post({ type: 'messageUpdated', message: answer('s', 'Some text.\n\n'.repeat(20), 'done', { usage: { promptTokens: 1, completionTokens: 2 } }) });
    await frames(p, 4);
    assert.equal(await p.page.locator('.message-list').evaluate((el) => el.scrollTop), 0);
  });
});
