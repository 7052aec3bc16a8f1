// The real bundle in Chromium: an answer's reasoning streams into a collapsed "Thinking…" section
// as plain text, appended in place (never re-rendered), and a cut-off answer says why it ended.
import * as assert from 'node:assert/strict';
import type { Message } from '../../src/core/conversation/conversation';
import { answer, state as baseState, STRINGS } from './fixtures';
import { frames, useWebviewPage, type WebviewPage } from './page';

/** A real-looking duration string, so the number in it can be checked. */
const THOUGHT = 'Thought for {0} s';
const state = (messages: Message[]) => baseState(messages, { strings: { ...STRINGS, thoughtFor: THOUGHT } });

describe('webview: reasoning and cut-off reasons (Chromium)', function () {
  this.timeout(60_000);
  const page = useWebviewPage();
  let p: WebviewPage;
  beforeEach(() => {
    p = page();
  });

  it('streams reasoning into a closed "Thinking…" section as plain text, appended in place, then "Thought for N s"', async () => {
    await p.post({ type: 'state', state: state([answer('r', '', 'streaming')]) });
    await frames(p);
    assert.equal(await p.page.locator('article.assistant details.reasoning').count(), 0, 'no section before any reasoning');
    const hostile = '<img src=x onerror="window.__pwned.push(1)"><b>bold?</b> ';
    await p.post({ type: 'reasoningDelta', messageId: 'r', text: 'Let me think. ' });
    await frames(p, 1);
    // Watch the section: later deltas must only change the one text node's data.
    await p.page.evaluate(() => {
      const w = window as unknown as { __reasoningMutations: string[] };
      w.__reasoningMutations = [];
      const box = document.querySelector('article.assistant .reasoning-text')!;
      new MutationObserver((records) => {
        for (const r of records) w.__reasoningMutations.push(r.type);
      }).observe(box, { childList: true, subtree: true, characterData: true });
      (box.firstChild as Node & { __probe?: boolean }).__probe = true;
    });
    for (const piece of [hostile, 'step 2, ', 'step 3.']) await p.post({ type: 'reasoningDelta', messageId: 'r', text: piece });
    await frames(p);
    const details = p.page.locator('article.assistant details.reasoning');
    assert.equal(await details.count(), 1);
    assert.equal(await details.evaluate((d) => (d as HTMLDetailsElement).open), false, 'closed by default');
    assert.equal(await p.page.locator('article.assistant .reasoning-summary').textContent(), STRINGS.thinking);
    const info = await p.page.evaluate(() => {
      const box = document.querySelector('article.assistant .reasoning-text')!;
      return {
        text: box.textContent,
        elements: box.querySelectorAll('*').length,
        sameNode: (box.firstChild as Node & { __probe?: boolean }).__probe === true,
        nodes: box.childNodes.length,
        mutations: (window as unknown as { __reasoningMutations: string[] }).__reasoningMutations,
        pwned: (window as unknown as { __pwned: number[] }).__pwned.length,
      };
    });
    assert.equal(info.text, `Let me think. ${hostile}step 2, step 3.`);
    assert.equal(info.elements, 0, 'reasoning is text, never HTML');
    assert.equal(info.pwned, 0);
    assert.ok(info.sameNode && info.nodes === 1, 'appended to the same text node');
    assert.ok(info.mutations.length > 0 && info.mutations.every((m) => m === 'characterData'), `only characterData changes, saw ${info.mutations.join(',')}`);
    // The reasoning sits before the answer's body.
    assert.equal(await p.page.evaluate(() => document.querySelector('article.assistant details.reasoning + .markdown') !== null), true);

    // Text starts: the summary stops saying "Thinking…".
    await p.post({ type: 'delta', messageId: 'r', text: 'The answer.' });
    await frames(p);
    const summary = await p.page.locator('article.assistant .reasoning-summary').textContent();
    assert.match(summary ?? '', /^Thought for \d+ s$/);
    // The host's measured duration wins at the end.
    await p.post({ type: 'messageUpdated', message: answer('r', 'The answer.', 'done', { reasoning: `Let me think. ${hostile}step 2, step 3.`, reasoningMs: 12_400 }) });
    await frames(p);
    assert.equal(await p.page.locator('article.assistant details.reasoning').count(), 1);
    assert.equal(await p.page.locator('article.assistant .reasoning-summary').textContent(), 'Thought for 12 s');
    assert.equal(await p.page.locator('article.assistant .markdown').innerText(), 'The answer.');
    // Opening it shows the reasoning.
    await p.page.locator('article.assistant .reasoning-summary').click();
    assert.equal(await details.evaluate((d) => (d as HTMLDetailsElement).open), true);
    assert.ok((await p.page.locator('article.assistant .reasoning-text').innerText()).includes('step 3.'));
  });

  it('draws saved reasoning of a finished answer collapsed with its duration', async () => {
    await p.post({ type: 'state', state: state([answer('a', 'Done.', 'done', { reasoning: 'hmm <i>x</i>', reasoningMs: 61_000 })]) });
    await frames(p);
    assert.equal(await p.page.locator('article.assistant .reasoning-text').textContent(), 'hmm <i>x</i>');
    assert.equal(await p.page.locator('article.assistant .reasoning-text i').count(), 0);
    assert.equal(await p.page.locator('article.assistant .reasoning-summary').textContent(), 'Thought for 61 s');
  });

  it('says why an answer was cut off: the token limit, the content filter, or a plain stop', async () => {
    await p.post({
      type: 'state',
      state: state([
        answer('l', 'Long answer that', 'cut', { stopReason: 'length' }),
        answer('f', 'Filtered', 'cut', { stopReason: 'contentFilter' }),
        answer('s', 'Stopped', 'cut'),
      ]),
    });
    await frames(p);
    assert.equal(await p.page.locator('article[data-id="l"] .answer-cut').textContent(), STRINGS.cutOffLength);
    assert.equal(await p.page.locator('article[data-id="f"] .answer-cut').textContent(), STRINGS.cutOffContentFilter);
    assert.equal(await p.page.locator('article[data-id="s"] .answer-cut').textContent(), STRINGS.cutOff);
  });
});
