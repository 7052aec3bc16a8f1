// The header's model control and how answers name their model, in the real bundle in Chromium:
// one button with the model's whole short name that opens the host's picker; an answer names its
// model once (the id in the tooltip).
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelOption } from '../../src/core/protocol/chatProtocol';
import { answer, question, state, STRINGS } from './fixtures';
import { frames, useWebviewPage, type WebviewPage } from './page';

const RESULTS = join(__dirname, '..', '..', '..', 'test-results');

const MODELS: ModelOption[] = [
  { id: 'anthropic/claude-sonnet-4-6', name: 'Claude Sonnet 4.6', vision: true },
  { id: 'deepseek/deepseek-r1', name: 'DeepSeek R1', vision: false },
  { id: 'deepseek/deepseek-v3.2', name: 'DeepSeek V3.2', vision: false },
  { id: 'openrouter/some-model', name: 'SomeProvider: Some Model Max', vision: false },
];

type Posted = { type: string; [k: string]: unknown };

describe('webview: the header names the model in full, and answers name it once (Chromium)', function () {
  this.timeout(60_000);
  const page = useWebviewPage();
  let p: WebviewPage;
  beforeEach(() => {
    p = page();
  });

  /** The model button's name as drawn: its text, and whether any of it is cut off. */
  async function shownName(): Promise<{ text: string; cut: boolean; buttons: number; selects: number }> {
    return p.page.evaluate(() => {
      const name = document.querySelector<HTMLElement>('.chat-header .model-name')!;
      return {
        text: name.textContent ?? '',
        cut: name.scrollWidth > name.clientWidth + 1 || name.getBoundingClientRect().right > document.querySelector('.chat-header')!.getBoundingClientRect().right,
        buttons: document.querySelectorAll('.chat-header button').length,
        selects: document.querySelectorAll('.chat-header select').length,
      };
    });
  }

  for (const width of [230, 300]) {
    it(`at ${width} px, beside the badge and the total, every model's short name shows whole in one control`, async () => {
      await p.page.setViewportSize({ width, height: 600 });
      const priced = answer('a1', 'Hi.', 'done', { model: 'anthropic/claude-sonnet-4-6', usage: { promptTokens: 1200, completionTokens: 340 }, cost: 0.0022 });
      for (const [id, expected] of [
        ['anthropic/claude-sonnet-4-6', 'Claude Sonnet 4.6'],
        ['deepseek/deepseek-r1', 'DeepSeek R1'],
        ['deepseek/deepseek-v3.2', 'DeepSeek V3.2'],
        ['openrouter/some-model', 'Some Model Max'],
      ] as const) {
        await p.post({ type: 'state', state: state([question('u1', 'q'), priced], { models: MODELS, model: id, endpointBadge: 'simulator' }) });
        await frames(p);
        const shown = await shownName();
        assert.equal(shown.text, expected);
        assert.equal(shown.cut, false, `"${expected}" is cut off at ${width} px`);
        assert.equal(shown.selects, 0, 'no dropdown');
        assert.equal(shown.buttons, 1, 'one model control, no second button beside it');
        assert.match((await p.page.locator('.conversation-total').textContent()) ?? '', /\$0\.0022/);
      }
      const title = (await p.page.locator('.model-button').getAttribute('title')) ?? '';
      assert.match(title, /openrouter\/some-model/, 'the id is in the tooltip');
      if (width === 230) {
        mkdirSync(RESULTS, { recursive: true });
        await p.page.screenshot({ path: join(RESULTS, 'webview-header-230.png'), clip: { x: 0, y: 0, width, height: 120 } });
      }
    });
  }

  it('the model button opens the host\'s model picker, and says what it is to a screen reader', async () => {
    await p.post({ type: 'state', state: state([], { models: MODELS, model: 'deepseek/deepseek-r1' }) });
    const button = p.page.getByRole('button', { name: new RegExp(`^${STRINGS.model}: DeepSeek R1`) });
    assert.equal(await button.count(), 1);
    const from = (await p.posted()).length;
    await button.click();
    assert.deepEqual(((await p.posted()) as Posted[]).slice(from), [{ type: 'runCommand', command: 'pickModel' }]);
  });

  it('a new model list renames the header and the answers', async () => {
    await p.post({ type: 'state', state: state([question('u1', 'q'), answer('a1', 'Hi.', 'done', { model: 'deepseek/deepseek-r1' })], { models: [], model: 'deepseek/deepseek-r1' }) });
    await frames(p);
    assert.equal(await p.page.locator('.model-name').textContent(), 'deepseek-r1', 'an unknown model reads as its id without the provider');
    await p.post({ type: 'models', models: MODELS, model: 'deepseek/deepseek-r1' });
    assert.equal(await p.page.locator('.model-name').textContent(), 'DeepSeek R1');
    assert.equal(await p.page.locator('article.assistant .author').textContent(), 'DeepSeek R1');
  });

  it('an answer names its model once, by name, with the id in the tooltip', async () => {
    const done = answer('a1', 'Hi.', 'done', { model: 'anthropic/claude-sonnet-4-6', usage: { promptTokens: 21, completionTokens: 140 }, cost: 0.0022 });
    await p.post({ type: 'state', state: state([question('u1', 'q'), done], { models: MODELS, model: 'anthropic/claude-sonnet-4-6' }) });
    await frames(p);
    const article = p.page.locator('article.assistant');
    const author = article.locator('.author');
    assert.equal(await author.textContent(), 'Claude Sonnet 4.6');
    assert.equal(await author.getAttribute('title'), 'anthropic/claude-sonnet-4-6');
    const whole = (await article.innerText()) ?? '';
    assert.doesNotMatch(whole, /anthropic\/claude-sonnet-4-6/, 'the raw id is not shown');
    assert.equal(whole.split('Claude Sonnet 4.6').length - 1, 1, 'the name is shown once');
    const meta = (await article.locator('.answer-meta').textContent()) ?? '';
    assert.match(meta, /21 → 140/);
    assert.match(meta, /\$0\.0022/);
  });

  it('a routed answer names both models by name, with their ids in tooltips', async () => {
    const routed = answer('a1', 'Hi.', 'done', { model: 'deepseek/deepseek-v3.2', requestedModel: 'deepseek/deepseek-r1', usage: { promptTokens: 10, completionTokens: 2 }, cost: 0.5 });
    await p.post({ type: 'state', state: state([question('u1', 'q'), routed], { models: MODELS, model: 'deepseek/deepseek-r1', strings: { ...STRINGS, routedFrom: 'routed from {0}' } }) });
    await frames(p);
    assert.equal(await p.page.locator('article.assistant .author').textContent(), 'DeepSeek V3.2');
    const routedNote = p.page.locator('article.assistant .answer-routed');
    assert.match((await routedNote.textContent()) ?? '', /routed from DeepSeek R1/);
    assert.equal(await routedNote.getAttribute('title'), 'deepseek/deepseek-r1');
  });
});

describe('webview: the welcome without a key (Chromium)', function () {
  this.timeout(60_000);
  const page = useWebviewPage();

  it('on the simulator says any th-sim- key works; on the gateway, where to get a key', async () => {
    const p = page();
    await p.post({ type: 'state', state: state([], { hasKey: false, endpointBadge: 'simulator' }) });
    const welcome = p.page.locator('.key-welcome');
    assert.equal(await welcome.locator('.hint').textContent(), STRINGS.welcomeSimulator);
    assert.doesNotMatch((await welcome.textContent()) ?? '', new RegExp(STRINGS.welcomeNoAccount!));
    await p.post({ type: 'state', state: state([], { hasKey: false, endpointBadge: null }) });
    assert.equal(await welcome.locator('.hint').textContent(), STRINGS.welcomeNoAccount);
  });
});
