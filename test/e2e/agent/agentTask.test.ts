// End to end: an agent task in the real workbench (VS Code 1.100.3 and 1.139.1 in Chromium),
// clicked through as a person would: switch the chat to Agent, ask for a rename across three
// files, accept each change on its card (one opened in VS Code's diff editor first), read the
// task's steps and cost, then Undo Task. Screenshots: test-results/screenshots/agent-*.png.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { AGENT_DEMO_FILES } from '../../simulator/agentDemo';
import { RENAME_FILES } from '../../simulator/agentScenarios';
import { until } from '../../host/waitFor';
import { launchWorkbench, type Workbench } from '../workbench';

const KEY = `th-e2e-agent-${Date.now().toString(16)}0123456789abcdef`;

for (const host of ['1.100', '1.139'] as const) describe(`agent mode (real workbench, VS Code ${host})`, function () {
  this.timeout(300_000);
  let wb: Workbench;
  let chat: Frame;
  const shot = (name: string) => (host === '1.100' ? `agent-${name}` : `agent-${host}-${name}`);
  const file = (rel: string) => path.join(wb.workspace, rel);

  before(async function () {
    this.timeout(240_000);
    const files = Object.fromEntries(RENAME_FILES.map((f) => [f, AGENT_DEMO_FILES[f]!]));
    wb = await launchWorkbench({ host, simulatorKey: KEY, env: { TOKENHUB_API_KEY: KEY }, settings: { 'tokenhub.chatModel': 'anthropic/claude-sonnet-4-6' }, files });
    await wb.openTokenHubView();
    chat = await wb.chatFrame(60_000);
    await chat.locator('textarea.composer-input').waitFor({ state: 'visible', timeout: 30_000 });
  });

  after(async () => {
    await wb?.close();
  });

  it('switches to Agent, approves three changes on their cards, shows steps and cost, and Undo Task restores the files', async () => {
    await chat.locator('.mode-button[data-mode="agent"]').click();
    await until(async () => (await chat.locator('.mode-button[data-mode="agent"]').getAttribute('aria-pressed')) === 'true', 10_000, 'agent mode on');
    const input = chat.locator('textarea.composer-input');
    await input.fill('[[agent:rename]] rename oldName to newName');
    await input.press('Enter');

    for (let i = 0; i < 3; i++) {
      const card = chat.locator('.ask-card');
      await card.waitFor({ state: 'visible', timeout: 60_000 });
      const title = (await card.locator('.ask-title').textContent()) ?? '';
      assert.match(title, /[abc]\.ts/);
      if (i === 0) {
        // The change card and the task's running line, then the diff in VS Code's diff editor.
        await until(async () => (await chat.locator('.tool-card').count()) >= 4, 20_000, 'the steps so far as cards');
        assert.match((await chat.locator('.task-now').textContent()) ?? '', /\d+.*\$/);
        await wb.screenshot(shot('01-approval'));
        await card.locator('button[data-choice="diff"]').click();
        await wb.page.locator('.monaco-diff-editor').first().waitFor({ timeout: 20_000 });
        await wb.screenshot(shot('02-diff-editor'));
        chat = await wb.chatFrame(30_000);
        await chat.locator('.ask-card').waitFor({ state: 'visible', timeout: 30_000 });
      }
      const name = RENAME_FILES.find((f) => title.includes(f))!;
      assert.equal(fs.readFileSync(file(name), 'utf8'), AGENT_DEMO_FILES[name], `${name} untouched before Accept`);
      await chat.locator('.ask-card button[data-choice="accept"]').click();
      await until(async () => (await chat.locator('.ask-card').count()) === 0 || (await chat.locator('.ask-card .ask-title').textContent()) !== title, 20_000, 'the card to go');
    }

    const task = chat.locator('article.message.assistant').last();
    await task.locator('.task-line[data-state="done"]').waitFor({ timeout: 60_000 });
    assert.equal(await task.locator('.change-card[data-state="accepted"]').count(), 3);
    assert.match((await task.locator('.task-summary').textContent()) ?? '', /\$/);
    for (const f of RENAME_FILES) assert.ok(!fs.readFileSync(file(f), 'utf8').includes('oldName'), `${f} renamed`);
    await task.scrollIntoViewIfNeeded();
    await wb.screenshot(shot('03-done'));

    await task.locator('button[data-action="undoTask"]').click();
    await task.locator('.change-card[data-state="undone"]').first().waitFor({ timeout: 20_000 });
    for (const f of RENAME_FILES) assert.equal(fs.readFileSync(file(f), 'utf8'), AGENT_DEMO_FILES[f], `${f} back as it was`);
    await wb.screenshot(shot('04-undone'));
  });
});
