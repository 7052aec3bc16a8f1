// End to end: spending in the real workbench (code-server, VS Code 1.100.3) in Chromium, against
// the simulator. A person stops an answer just after the model finished and sees its estimated
// cost ("≈"), then the gateway's figure; sees what a video will cost before anything is sent;
// gets the 80% budget warning once (not again after a window reload) and, at 100%, the question
// before the next request, and allows it. Screenshots land in test-results/screenshots/spending-*.png.
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import type { Simulator } from '../../simulator/server';
import { launchWorkbench, type Workbench } from '../workbench';
import { until } from '../../host/waitFor';

const KEY = `th-e2e-spend-${Date.now().toString(16)}0123456789abcdef`;
const REPLY = 'Here is the whole answer. The model wrote it to its end, and the gateway is still counting.';

describe('spending (real workbench, VS Code 1.100)', function () {
  this.timeout(300_000);
  let wb: Workbench;
  let sim: Simulator;
  let chat: Frame;

  const answers = () => chat.locator('article.message.assistant');
  const lastAnswer = () => answers().last();
  const metaText = async () => (await lastAnswer().locator('.answer-meta').textContent().catch(() => '')) ?? '';
  const toast = (text: string) => wb.page.locator('.notifications-toasts .notification-toast', { hasText: text });
  const dialog = () => wb.page.locator('.monaco-dialog-box');
  const budgetItem = () => wb.page.locator('.statusbar-item', { hasText: '/ $1.00' }).first();

  async function send(text: string): Promise<void> {
    const input = chat.locator('textarea.composer-input');
    await input.click();
    await input.fill(text);
    await input.press('Enter');
  }

  async function openChat(): Promise<void> {
    chat = await wb.chatFrame(20_000).catch(async () => {
      await wb.openTokenHubView();
      return wb.chatFrame(60_000);
    });
    await chat.locator('textarea.composer-input').waitFor({ state: 'visible', timeout: 30_000 });
  }

  const generationRequests = () => sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/videos/generations')).length;

  before(async function () {
    this.timeout(240_000);
    wb = await launchWorkbench({
      host: '1.100',
      simulatorKey: KEY,
      env: { TOKENHUB_API_KEY: KEY },
      settings: { 'tokenhub.chatModel': 'anthropic/claude-sonnet-4-6', 'tokenhub.budget.daily': 1 },
    });
    sim = wb.simulator!;
    await wb.openTokenHubView();
    await openChat();
  });

  after(async () => {
    await wb?.close();
  });

  it('a stopped answer shows its estimated cost at once, then the gateway’s figure', async () => {
    sim.enqueue({ reply: REPLY, chunkChars: 12, delayMs: 30, finishInLastChunk: true, usageDelayMs: 3_500, usage: { prompt_tokens: 1200, completion_tokens: 80, cost: 0.0123 } });
    await send('Explain it, then I stop');
    await until(async () => ((await lastAnswer().locator('.markdown').textContent()) ?? '').includes('still counting.'), 20_000, 'the whole answer');
    await chat.locator('button[data-action="stop"]').click();
    const estimate = await until(async () => {
      const t = await metaText();
      return /≈ \$[\d.]+/.test(t) ? t : undefined;
    }, 10_000, 'the estimated cost under the answer');
    assert.doesNotMatch(estimate, /\$0\.0123/);
    assert.match((await chat.locator('.conversation-total').innerText()) ?? '', /≈ \$/, 'the total says it holds an estimate');
    assert.equal(await lastAnswer().locator('.answer-cut').count(), 0, 'the model had finished: the answer is whole');
    await wb.screenshot('spending-01-stopped-estimate');
    await until(async () => {
      const t = await metaText();
      return t.includes('$0.0123') && !t.includes('≈') ? t : undefined;
    }, 15_000, 'the gateway’s figure to replace the estimate');
    assert.match(await metaText(), /1,?200 → 80/);
    assert.doesNotMatch((await chat.locator('.conversation-total').innerText()) ?? '', /≈/);
    await wb.screenshot('spending-02-stopped-corrected');
  });

  it('/video says what the video will cost before anything is sent', async () => {
    const before = generationRequests();
    await send('/video a fox running through snow');
    const box = dialog();
    await box.waitFor({ state: 'visible', timeout: 20_000 });
    const text = await box.innerText();
    assert.match(text, /Generate a 5-second video with Seedance 2\.0\?/);
    assert.match(text, /Price: \$1\.00 \(5 s × \$0\.20 per second\)\./);
    assert.equal(generationRequests(), before, 'nothing was sent while the price is shown');
    await wb.screenshot('spending-03-video-price');
    await box.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await until(async () => ((await lastAnswer().locator('.markdown').textContent()) ?? '').includes('Not generated.'), 10_000, 'the answer to say nothing was made');
    assert.equal(generationRequests(), before);
  });

  it('warns once at 80% of the daily budget, and not again after a window reload', async () => {
    await budgetItem().waitFor({ state: 'visible', timeout: 20_000 });
    sim.enqueue({ reply: 'A costly answer.', usage: { prompt_tokens: 50_000, completion_tokens: 2000, cost: 0.85 } });
    await send('Something costly');
    await toast('of your daily TokenHub budget').first().waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await toast('of your daily TokenHub budget').first().innerText(), /You have spent (≈ )?\$0\.8\d+ today, 8\d% of your daily TokenHub budget of \$1\.00\./);
    assert.match(await budgetItem().innerText(), /\$0\.8\d+ \/ \$1\.00/);
    await wb.screenshot('spending-04-budget-warning');
    await wb.runCommand('Notifications: Clear All Notifications');
    await toast('of your daily TokenHub budget').first().waitFor({ state: 'hidden', timeout: 10_000 });

    await wb.reload();
    await openChat();
    // Still under 100% when it is sent; afterwards the day is over its budget.
    sim.enqueue({ reply: 'After the reload.', usage: { prompt_tokens: 10, completion_tokens: 5, cost: 0.2 } });
    await send('After the reload');
    await until(async () => ((await lastAnswer().locator('.markdown').textContent()) ?? '').includes('After the reload.'), 20_000, 'the answer');
    await until(async () => /\$1\.0\d+ \/ \$1\.00/.test(await budgetItem().innerText()), 20_000, 'the status bar to count it');
    assert.equal(await toast('of your daily TokenHub budget').count(), 0, 'no second warning today, also after the reload');
  });

  it('at 100% the next request asks first; "Allow This Request" sends it', async () => {
    const sent = sim.requests.filter((r) => r.path.endsWith('/chat/completions')).length;
    sim.enqueue({ reply: 'Allowed past the budget.', usage: { prompt_tokens: 10, completion_tokens: 5, cost: 0.001 } });
    await send('One more, please');
    const box = dialog();
    await box.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await box.innerText(), /Your daily TokenHub budget is reached: \$1\.0\d+ of \$1\.00 spent today\./);
    assert.equal(sim.requests.filter((r) => r.path.endsWith('/chat/completions')).length, sent, 'not sent while asking');
    await wb.screenshot('spending-05-budget-question');
    await box.locator('.monaco-button', { hasText: 'Allow This Request' }).click();
    await until(async () => ((await lastAnswer().locator('.markdown').textContent()) ?? '').includes('Allowed past the budget.'), 20_000, 'the allowed answer');
    await wb.screenshot('spending-06-allowed');
  });
});
