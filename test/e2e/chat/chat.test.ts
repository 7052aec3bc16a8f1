// End to end: the chat view in the real workbench (code-server: VS Code 1.100.3 with the
// extension loaded from the project, and 1.139.1 with it installed from the .vsix) in Chromium,
// against the simulator. A person types a question and sees the answer stream, stops an
// answer, reloads the window and finds the conversation, inserts a code block into an editor,
// attaches the selection, and sees a simulator error inline and Retry work. Screenshots land in
// test-results/screenshots/chat-*.png (1.100) and chat-1.139-*.png.
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import type { Simulator } from '../../simulator/server';
import { launchWorkbench, type Workbench } from '../workbench';
import { until } from '../../host/waitFor';

const KEY = `th-e2e-chat-${Date.now().toString(16)}0123456789abcdef`;

/** Polls `fn` until it returns a truthy value, or throws after `timeoutMs`. */

function chatBodies(sim: Simulator): { messages: { role: string; content: unknown }[] }[] {
  return sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/chat/completions')).map((r) => r.body as never);
}

for (const host of ['1.100', '1.139'] as const) describe(`chat view (real workbench, VS Code ${host})`, function () {
  this.timeout(300_000);
  let wb: Workbench;
  let sim: Simulator;
  let chat: Frame;

  async function send(text: string): Promise<void> {
    const input = chat.locator('textarea.composer-input');
    await input.click();
    await input.fill(text);
    await input.press('Enter');
  }

  /** 1.100's screenshots keep their names (the README shows them); 1.139's get the version. */
  const shot = (name: string) => (host === '1.100' ? `chat-${name}` : `chat-${host}-${name}`);

  const answers = () => chat.locator('article.message.assistant');
  const lastAnswer = () => answers().last();

  before(async function () {
    this.timeout(240_000);
    wb = await launchWorkbench({
      host,
      simulatorKey: KEY,
      env: { TOKENHUB_API_KEY: KEY },
      settings: { 'tokenhub.chatModel': 'anthropic/claude-sonnet-4-6' },
      files: { 'sample.js': 'function greet(name) {\n  return "hi " + name;\n}\n' },
    });
    sim = wb.simulator!;
    await wb.openTokenHubView();
    chat = await wb.chatFrame(60_000);
    await chat.locator('textarea.composer-input').waitFor({ state: 'visible', timeout: 30_000 });
  });

  after(async () => {
    await wb?.close();
  });

  it('shows the simulator badge', async () => {
    const badge = chat.locator('.endpoint-badge');
    await badge.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match((await badge.textContent()) ?? '', /Simulator/);
  });

  it('sends a message and the answer streams in, then shows model, tokens and cost', async () => {
    const reply = `Here is a list:\n\n${Array.from({ length: 30 }, (_, i) => `- item number ${i}`).join('\n')}\n\nDone.`;
    sim.enqueue({ reply, chunkChars: 8, delayMs: 40, usage: { prompt_tokens: 21, completion_tokens: 140 } });
    await send('List thirty things');
    await chat.locator('article.message.user', { hasText: 'List thirty things' }).waitFor({ timeout: 10_000 });
    // Streaming: the answer's text is seen at two lengths before it is complete.
    const first = await until(async () => {
      const t = (await lastAnswer().locator('.markdown').textContent()) ?? '';
      return t.length > 10 ? t.length : 0;
    }, 20_000, 'the first text of the answer');
    const later = await until(async () => {
      const t = (await lastAnswer().locator('.markdown').textContent()) ?? '';
      return t.length > first ? t.length : 0;
    }, 20_000, 'more text of the answer');
    assert.ok(later > first);
    assert.equal(await chat.locator('button[data-action="stop"]').isVisible(), true, 'stop is offered while streaming');
    await wb.screenshot(shot('01-streaming'));
    await lastAnswer().locator('.answer-meta').waitFor({ timeout: 30_000 });
    assert.equal(await lastAnswer().locator('.markdown li').count(), 30);
    const meta = (await lastAnswer().locator('.answer-meta').textContent()) ?? '';
    // The model by name, once; its id in the tooltip.
    const author = lastAnswer().locator('.author');
    assert.equal(await author.textContent(), 'Claude Sonnet 4.6');
    assert.equal(await author.getAttribute('title'), 'anthropic/claude-sonnet-4-6');
    assert.doesNotMatch(await lastAnswer().innerText(), /anthropic\/claude-sonnet-4-6/);
    assert.match(meta, /21 → 140/);
    assert.match(meta, /\$\d/);
    await wb.screenshot(shot('02-answered'));
  });

  it('stops mid-answer: the partial answer stays, marked as cut off', async () => {
    const reply = Array.from({ length: 400 }, (_, i) => `w${i}`).join(' ');
    sim.enqueue({ reply, chunkChars: 4, delayMs: 30 });
    const before = await answers().count();
    await send('Talk for a long time');
    await until(async () => (await answers().count()) > before && ((await lastAnswer().locator('.markdown').textContent()) ?? '').length > 20, 20_000, 'some streamed text');
    await chat.locator('button[data-action="stop"]').click();
    await lastAnswer().locator('.answer-cut').waitFor({ timeout: 10_000 });
    const text = (await lastAnswer().locator('.markdown').textContent()) ?? '';
    assert.ok(text.length > 20 && text.length < reply.length, `partial (${text.length} chars)`);
    await wb.screenshot(shot('03-stopped'));
  });

  it('an error from the simulator shows inline, and Retry gets an answer', async () => {
    sim.enqueue({ status: 500, body: { error: { message: 'simulated outage', type: 'server_error' } }, times: 3 });
    await send('This will fail first');
    const error = lastAnswer().locator('.answer-error');
    await error.waitFor({ timeout: 30_000 });
    assert.ok(((await error.textContent()) ?? '').length > 10);
    await wb.screenshot(shot('04-error'));
    sim.reset();
    sim.enqueue({ reply: 'Recovered after retry.' });
    await lastAnswer().locator('button[data-action="retry"]').click();
    await until(async () => ((await lastAnswer().locator('.markdown').textContent()) ?? '').includes('Recovered after retry.'), 30_000, 'the retried answer');
    assert.equal(await chat.locator('.answer-error').count(), 0, 'the failed answer was replaced');
  });

  it('a window reload keeps the conversation intact', async () => {
    const before = await chat.locator('article.message').allTextContents();
    assert.ok(before.length >= 6);
    await wb.reload();
    // The workbench restores the open view after a reload; open it only if it did not.
    chat = await wb.chatFrame(20_000).catch(async () => {
      await wb.openTokenHubView();
      return wb.chatFrame(60_000);
    });
    await until(async () => (await chat.locator('article.message').count()) === before.length, 30_000, 'the restored messages');
    await chat.locator('article.message.user', { hasText: 'List thirty things' }).waitFor({ timeout: 10_000 });
    assert.equal(await chat.locator('article.assistant .markdown li').count(), 30);
    assert.equal(await chat.locator('article.assistant .answer-cut').count(), 1);
    assert.match((await lastAnswer().textContent()) ?? '', /Recovered after retry\./);
    await wb.screenshot(shot('05-after-reload'));
  });

  async function openSample(): Promise<void> {
    await wb.page.keyboard.press('Control+P');
    const input = wb.quickInput();
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill('sample.js');
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'sample.js' }).first().waitFor({ timeout: 10_000 });
    await wb.page.keyboard.press('Enter');
    await wb.page.locator('.editor-instance .view-lines', { hasText: 'greet' }).first().waitFor({ timeout: 10_000 });
  }

  it('attaches the selection as a chip, and sends it with the message', async () => {
    await openSample();
    await wb.page.locator('.editor-instance .view-lines').first().click();
    await wb.page.keyboard.press('Control+A');
    await wb.runCommand('Attach Selection to Chat');
    chat = await wb.chatFrame(30_000);
    const chip = chat.locator('.composer .chip');
    await chip.waitFor({ timeout: 10_000 });
    assert.match((await chip.textContent()) ?? '', /sample\.js:1-/);
    await wb.screenshot(shot('06-attached'));
    sim.enqueue({ reply: 'It greets.' });
    await send('What does this do?');
    await until(async () => ((await lastAnswer().locator('.markdown').textContent()) ?? '').includes('It greets.'), 20_000, 'the answer');
    const body = chatBodies(sim).at(-1)!;
    const user = JSON.stringify(body.messages.at(-1)!.content);
    assert.match(user, /return \\"hi \\" \+ name;/);
    assert.match(user, /What does this do\?/);
    assert.equal(await chat.locator('.composer .chip').count(), 0);
  });

  it('inserts a code block at the cursor of the editor', async () => {
    sim.enqueue({ reply: 'Add this:\n\n```js\nconst inserted = 1234;\n```\n' });
    await send('Give me a constant');
    const insert = lastAnswer().locator('.code-block button[data-action="insert"]');
    await insert.waitFor({ timeout: 20_000 });
    await insert.click();
    await wb.page.locator('.editor-instance .view-lines', { hasText: 'const inserted = 1234;' }).first().waitFor({ timeout: 10_000 });
    await wb.screenshot(shot('07-inserted'));
  });

  it("the Usage view shows today's spend: every answered request, counted once", async () => {
    // Every answer that shows its tokens was one billed request (a stopped or failed one shows none).
    const answered = await chat.locator('article.message.assistant .answer-meta', { hasText: /→ [\d,]+ tokens/ }).count();
    assert.ok(answered >= 3, `answers with usage so far: ${answered}`);
    const header = wb.page.locator('.part.sidebar .pane-header', { hasText: /^Usage/i }).first();
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    const today = wb.page.locator('.part.sidebar .pane-body .monaco-list-row', { hasText: 'Today' }).first();
    await today.waitFor({ timeout: 20_000 });
    let seen = '';
    const text = await until(async () => {
      seen = await today.innerText();
      return new RegExp(`\\$[0-9.]+ · ${answered} requests`).test(seen) ? seen : undefined;
    }, 20_000, `Today: $… · ${answered} requests`).catch(async (e: Error) => {
      await wb.screenshot(shot('08-usage-failed'));
      throw new Error(`${e.message}; the row says "${seen}"`);
    });
    // The same money as the chat's own total (one conversation, all of today's requests).
    const total = /\$[0-9.,]+/.exec(await chat.locator('.conversation-total').innerText())?.[0];
    assert.ok(total && text.includes(`${total} · `), `Today (${text}) shows the chat's total ${total}`);
    await wb.screenshot(shot('08-usage'));
  });
});
