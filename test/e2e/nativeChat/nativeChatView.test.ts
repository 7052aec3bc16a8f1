// End to end: VS Code's own chat view on today's VS Code (code-server 4.139.1 = 1.139.1)
// with no extension but ours. A user opens the chat, picks a TokenHub model in VS Code's model
// picker (typing part of its name), asks `@tokenhub`, and gets the answer streamed from that model.
//
// What this workbench allows without Copilot (seen by hand): the
// model picker lists TokenHub's models (with our price line) and a participant's request is
// answered with the picked model; a message WITHOUT a participant goes to the default agent
// (GitHub Copilot), which opens "Sign in to use GitHub Copilot" instead, so the test addresses
// @tokenhub.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { launchWorkbench, type Workbench } from '../workbench';
import { until } from '../../host/waitFor';

const KEY = 'th-e2e-native-0123456789abcdef0123';
const MODEL_ID = 'anthropic/claude-sonnet-4-6';
const MODEL_NAME = 'Claude Sonnet 4.6';

function modelPicker(page: Page) {
  return page.locator('.interactive-input-part .action-label[aria-label^="Models"]').first();
}

describe('native chat: VS Code chat view with a TokenHub model (VS Code 1.139)', function () {
  this.timeout(300_000);
  let wb: Workbench | undefined;

  before(async function () {
    this.timeout(240_000);
    // The key from the environment (ApiKeyStore's fallback); the extension activates on startup
    // and registers its models, which VS Code lists once the catalogue is in.
    wb = await launchWorkbench({ host: '1.139', simulatorKey: KEY, env: { TOKENHUB_API_KEY: KEY } });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb?.screenshot('native-chat-failed').catch(() => undefined);
  });

  after(async () => {
    await wb?.close();
  });

  it('picks a TokenHub model in the model picker and gets an answer from it', async () => {
    const { page } = wb!;
    const sim = wb!.simulator!;
    await sim.waitFor((s) => s.requests.some((r) => r.path.endsWith('/models')), 60_000);
    await wb!.runCommand('Chat: Open Chat (Ask)');
    const picker = modelPicker(page);
    await picker.waitFor({ state: 'visible', timeout: 30_000 });
    // The picker shows one of ours once VS Code has resolved the vendor (not "sign in to use Copilot").
    await until(async () => !/sign in/i.test((await picker.getAttribute('aria-label')) ?? '') && (await picker.getAttribute('aria-label')), 30_000, 'a model in the picker');
    // Nothing else open over it (the palette that ran the command must be gone), then open it.
    await until(async () => {
      if (!(await page.locator('.quick-input-widget').isVisible())) return true;
      await page.keyboard.press('Escape');
      return false;
    }, 10_000, 'the command palette closed');
    await picker.click();
    const search = page.locator('.action-widget input:visible, .quick-input-widget:visible .quick-input-box input:visible').first();
    await search.waitFor({ state: 'visible', timeout: 10_000 });
    // Keys typed before the picker's search box has focus land nowhere: type once it has it.
    await until(async () => {
      await search.focus();
      return search.evaluate((el) => el === document.activeElement);
    }, 10_000, 'focus in the model search box');
    await page.keyboard.type('Sonnet 4.6', { delay: 20 });
    const row = page.locator('.action-widget .monaco-list-row, .quick-input-widget .monaco-list-row', { hasText: MODEL_NAME }).first();
    await row.waitFor({ state: 'visible', timeout: 20_000 }).catch(async (e: Error) => {
      const rows = await page.locator('.action-widget .monaco-list-row, .quick-input-widget .monaco-list-row').allInnerTexts();
      throw new Error(`${e.message.split('\n')[0]}; the search box says "${await search.inputValue().catch(() => '?')}", rows: ${rows.slice(0, 8).join(' | ')}`);
    });
    // Our price line is the model's detail in VS Code's picker.
    assert.match((await row.getAttribute('aria-label')) ?? (await row.textContent()) ?? '', /\$3 in \/ \$15 out per 1M tokens/);
    await wb!.screenshot('native-chat-01-picker');
    await page.keyboard.press('Enter');
    await until(async () => ((await picker.getAttribute('aria-label')) ?? '').includes(MODEL_NAME), 10_000, `the picker to show ${MODEL_NAME}`);

    const before = sim.requests.length;
    // The chat input is a Monaco editor; its edit context takes the keys. The picker hands focus
    // back to where it was when it closes, so wait until the input really has it.
    const input = page.locator('.interactive-input-part .native-edit-context:visible, .interactive-input-part .monaco-editor textarea:visible').first();
    await until(
      async () => {
        await input.click({ force: true });
        return input.evaluate((el) => el === document.activeElement || el.contains(document.activeElement));
      },
      15_000,
      'focus in the chat input',
    );
    await page.keyboard.type('@tokenhub hello native chat', { delay: 15 });
    // Monaco renders spaces as no-break spaces.
    const typed = async () => ((await page.locator('.interactive-input-part .view-lines').first().textContent()) ?? '').replace(/\u00a0/g, ' ');
    await until(async () => /@tokenhub hello native chat/.test(await typed()), 10_000, 'the typed message in the chat input');
    await wb!.screenshot('native-chat-02-typed');
    await page.keyboard.press('Enter');
    const answer = page.locator('.interactive-item-container.interactive-response', { hasText: 'hello native chat' }).last();
    await answer.waitFor({ state: 'visible', timeout: 60_000 });
    const text = await until(async () => {
      const t = ((await answer.textContent()) ?? '').replace(/\u00a0/g, ' ');
      return /streamed in small pieces/.test(t) ? t : undefined;
    }, 30_000, 'the whole answer');
    // The simulator names the model that answered: the one picked in VS Code's chat.
    assert.match(text, new RegExp(`Simulated reply from ${MODEL_NAME}`));
    const chat = sim.requests.slice(before).find((r) => r.path.endsWith('/chat/completions'));
    assert.ok(chat, 'no chat request reached the simulator');
    assert.equal((chat.body as { model: string }).model, MODEL_ID);
    assert.ok(chat.hadAuthorization);
    await wb!.screenshot('native-chat-03-answer');
  });
});
