// The real bundle in Chromium: markdown, incremental streaming (finished blocks are never touched
// again), the composer's keys and buttons, inline errors, and the messages it posts to the host.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { answer, question, state, STRINGS } from './fixtures';
import { foreignRequests, frames, useWebviewPage, type WebviewPage } from './page';

const RESULTS = join(__dirname, '..', '..', '..', 'test-results');

type Posted = { type: string; [k: string]: unknown };
async function postedSince(p: WebviewPage, from: number): Promise<Posted[]> {
  return ((await p.posted()) as Posted[]).slice(from);
}

const RICH = [
  '# Title',
  '',
  'Some **bold**, *em* and `inline code`, a [link](https://example.com/docs).',
  '',
  '- one',
  '- two',
  '',
  '1. first',
  '2. second',
  '',
  '| a | b |',
  '|---|---|',
  '| 1 | 2 |',
  '',
  '```ts',
  'const x: number = 42; // answer',
  '```',
  '',
  '> quoted',
].join('\n');

describe('webview: rendering and interaction (Chromium)', function () {
  this.timeout(60_000);
  const page = useWebviewPage();
  let p: WebviewPage;
  beforeEach(() => {
    p = page();
  });

  it('says ready first and draws nothing of the conversation before the state arrives', async () => {
    const posted = (await p.posted()) as Posted[];
    assert.deepEqual(posted[0], { type: 'ready' });
    assert.equal(await p.page.locator('article.message').count(), 0);
  });

  it('renders markdown: headings, lists, tables, links, inline and fenced code with language and toolbar', async () => {
    await p.post({ type: 'state', state: state([question('u1', 'Show me'), answer('a1', RICH, 'done', { usage: { promptTokens: 1200, completionTokens: 340 }, cost: 0.0123 })]) });
    await frames(p);
    const md = p.page.locator('article.assistant .markdown');
    assert.equal(await md.locator('h1').textContent(), 'Title');
    assert.equal(await md.locator('ul > li').count(), 2);
    assert.equal(await md.locator('ol > li').count(), 2);
    assert.equal(await md.locator('table td').count(), 2);
    assert.equal(await md.locator('code').first().textContent(), 'inline code');
    assert.equal(await md.locator('a.link').getAttribute('data-href'), 'https://example.com/docs');
    assert.equal(await md.locator('a.link').getAttribute('href'), null);
    assert.equal(await md.locator('.code-block .code-lang').textContent(), 'ts');
    assert.ok((await md.locator('.code-block .hljs-keyword').count()) > 0, 'highlighted');
    for (const action of ['copy', 'insert', 'apply', 'saveAs']) assert.equal(await md.locator(`.code-block button[data-action="${action}"]`).count(), 1);
    const meta = await p.page.locator('article.assistant .answer-meta').textContent();
    assert.equal(await p.page.locator('article.assistant .author').textContent(), 'Test Model');
    assert.match(meta ?? '', /1,200 → 340/);
    assert.match(meta ?? '', /\$0\.01/);
    assert.match((await p.page.locator('.conversation-total').textContent()) ?? '', /\$0\.01/);
    assert.doesNotMatch(meta ?? '', /≈/, 'the gateway\'s own figure is no estimate');
    assert.equal(await p.page.locator('article.assistant .answer-routed').count(), 0);
    assert.equal(await p.page.locator('[role="log"]').count(), 1);
    assert.equal(await p.page.locator('[role="status"][aria-live="polite"]').count(), 1);
    mkdirSync(RESULTS, { recursive: true });
    await p.page.screenshot({ path: join(RESULTS, 'webview-rendering.png'), fullPage: true });
    assert.deepEqual(foreignRequests(p.requests), []);
  });

  it('streams incrementally: finished blocks are rendered once and never touched again', async () => {
    await p.post({ type: 'state', state: state([answer('s', '', 'streaming')]) });
    await frames(p);
    await p.page.evaluate(() => {
      const w = window as unknown as { __mutations: string[] };
      w.__mutations = [];
      const blocks = document.querySelector('article.assistant .blocks:not(.tail)')!;
      new MutationObserver((records) => {
        for (const r of records) {
          if (r.type !== 'childList' || r.target !== blocks || r.removedNodes.length) w.__mutations.push(`${r.type} on ${(r.target as Element).nodeName ?? '#text'}`);
        }
      }).observe(blocks, { childList: true, subtree: true, characterData: true, attributes: true });
    });
    const text = Array.from({ length: 12 }, (_, i) => (i % 3 === 2 ? `\`\`\`js\nconst v${i} = ${i};\n\`\`\`` : `Paragraph ${i} with some words and \`code\`.`)).join('\n\n');
    const firstNodes: string[] = [];
    for (let i = 0; i < text.length; i += 7) {
      await p.post({ type: 'delta', messageId: 's', text: text.slice(i, i + 7) });
      if (i % 70 === 0) await frames(p, 1);
      if (!firstNodes.length) {
        const committed = await p.page.locator('article.assistant .blocks:not(.tail) > *').count();
        if (committed > 0) firstNodes.push(await p.page.evaluate(() => ((document.querySelector('article.assistant .blocks:not(.tail) > *') as HTMLElement).dataset.probe = 'kept')));
      }
    }
    await frames(p);
    const committedWhileStreaming = await p.page.locator('article.assistant .blocks:not(.tail) > *').count();
    assert.ok(committedWhileStreaming >= 8, `expected finished blocks while streaming, got ${committedWhileStreaming}`);
    assert.ok(firstNodes.length === 1, 'a block was committed early');
    assert.equal(await p.page.locator('[data-probe="kept"]').count(), 1, 'the first finished block is the same node');
    await p.post({ type: 'messageUpdated', message: answer('s', text, 'done') });
    await frames(p);
    const mutations = await p.page.evaluate(() => (window as unknown as { __mutations: string[] }).__mutations);
    assert.deepEqual(mutations.filter((m) => !m.startsWith('attributes on')), []);
    assert.equal(await p.page.locator('[data-probe="kept"]').count(), 1);
    assert.equal(await p.page.locator('article.assistant .code-block').count(), 4);
    assert.equal(await p.page.locator('article.assistant .tail > *').count(), 0);
    const rendered = await p.page.locator('article.assistant .markdown').innerText();
    assert.match(rendered, /Paragraph 0 with/);
    assert.match(rendered, /const v11 = 11;/);
  });

  it('a code block still arriving grows in place, line by line in closed groups, then is finished where it stands', async () => {
    await p.post({ type: 'state', state: state([answer('c', '', 'streaming')]) });
    const lines = Array.from({ length: 200 }, (_, i) => `const v${i} = ${i}; // line ${i}`);
    // A language without colours: nothing is highlighted ahead (./highlightAhead.test.ts), the
    // lines alone are watched.
    const text = `Intro.\n\n\`\`\`text\n${lines.join('\n')}\n`;
    const head = text.slice(0, text.indexOf(lines[10]!));
    await p.post({ type: 'delta', messageId: 'c', text: head });
    await frames(p, 1);
    // From here on, watch every change under the open block's <code>.
    await p.page.evaluate(() => {
      const w = window as unknown as { __codeMutations: string[] };
      w.__codeMutations = [];
      const code = document.querySelector('article.assistant .tail pre > code')!;
      (code.closest('.code-block') as HTMLElement).dataset.probe = 'open';
      // Records come in order: text may change only in the newest line at that point.
      let newest = Array.from(code.querySelectorAll('.code-line')).pop() as Element & { __probe?: boolean };
      (code.querySelector('.code-line') as Element & { __probe?: boolean }).__probe = true;
      new MutationObserver((records) => {
        for (const r of records) {
          if (r.removedNodes.length) w.__codeMutations.push(`removed from ${(r.target as Element).className}`);
          for (const n of Array.from(r.addedNodes)) if ((n as Element).classList?.contains('code-line')) newest = n as Element;
          if (r.type === 'characterData' && r.target.parentElement !== newest) w.__codeMutations.push(`text of an earlier line changed: ${r.target.parentElement?.textContent}`);
        }
      }).observe(code, { childList: true, subtree: true, characterData: true });
    });
    const rest = text.slice(head.length);
    for (let i = 0; i < rest.length; i += 23) {
      await p.post({ type: 'delta', messageId: 'c', text: rest.slice(i, i + 23) });
      if (i % 230 === 0) await frames(p, 1);
    }
    await frames(p);
    const open = await p.page.evaluate(() => {
      const code = document.querySelector('article.assistant .tail pre > code')!;
      const groups = Array.from(code.children);
      return {
        groups: groups.map((g) => `${g.className}:${g.children.length}`),
        text: Array.from(code.querySelectorAll('.code-line')).map((l) => l.textContent).join('\n'),
        mutations: (window as unknown as { __codeMutations: string[] }).__codeMutations,
        firstLineKept: (code.querySelector('.code-line') as Element & { __probe?: boolean }).__probe === true,
      };
    });
    assert.deepEqual(open.groups, ['code-lines:64', 'code-lines:64', 'code-lines:64', 'code-lines:9'], 'lines in groups of 64 (the last one open)');
    assert.equal(open.text, `${lines.join('\n')}\n`);
    assert.deepEqual(open.mutations, [], 'earlier lines are never touched');
    assert.ok(open.firstLineKept, 'the first line is the same node throughout');
    await p.post({ type: 'delta', messageId: 'c', text: '```\n\nDone.' });
    await frames(p);
    const block = p.page.locator('article.assistant .blocks:not(.tail) .code-block');
    assert.equal(await block.count(), 1);
    assert.equal(await block.getAttribute('data-probe'), 'open', 'the block that streamed, finished where it stands');
    assert.equal(await block.locator('.code-lines').count(), 0);
    assert.equal(await block.locator('pre code').textContent(), lines.join('\n'), 'the code as text, lines and all (what Copy takes)');
    assert.equal(await block.locator('button[data-action="copy"]').count(), 1, 'the finished toolbar');
    assert.equal(await block.locator('pre code.streaming-lines').count(), 0);
    assert.equal((await p.page.locator('article.assistant .tail').textContent())?.trim(), 'Done.', 'a new tail, after the block');
    assert.match(await p.page.locator('article.assistant .markdown').innerText(), /line 199\s+Done\.$/, 'the text after the block follows it');
  });

  it('Enter sends, Shift+Enter adds a line; Escape and the stop button stop while streaming', async () => {
    await p.post({ type: 'state', state: state([]) });
    const from = (await p.posted()).length;
    const input = p.page.locator('textarea.composer-input');
    await input.click();
    await p.page.keyboard.type('line one');
    await p.page.keyboard.press('Shift+Enter');
    await p.page.keyboard.type('line two');
    await p.page.keyboard.press('Enter');
    let posted = await postedSince(p, from);
    assert.deepEqual(posted, [{ type: 'send', text: 'line one\nline two' }]);
    assert.equal(await input.inputValue(), '');
    await p.post({ type: 'streaming', streaming: true });
    assert.equal(await p.page.locator('button[data-action="send"]').isHidden(), true);
    await input.click();
    await p.page.keyboard.press('Escape');
    await p.page.locator('button[data-action="stop"]').click();
    posted = await postedSince(p, from + 1);
    assert.deepEqual(posted, [{ type: 'stop' }, { type: 'stop' }]);
  });

  it('keyboard only: Tab reaches the model picker, the composer and its buttons', async () => {
    await p.post({ type: 'state', state: state([answer('a', 'Hi [there](https://example.com)')]) });
    await frames(p);
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      await p.page.keyboard.press('Tab');
      seen.add(await p.page.evaluate(() => {
        const e = document.activeElement as HTMLElement;
        return e.className || e.tagName;
      }));
    }
    for (const cls of ['model-button', 'composer-input', 'message-list', 'link']) {
      assert.ok([...seen].some((s) => s.split(' ').includes(cls)), `Tab reaches .${cls} (saw ${[...seen].join(', ')})`);
    }
  });

  it('shows an error inline with the message, keeps the partial answer, and Retry posts retry', async () => {
    await p.post({
      type: 'state',
      state: state([
        question('u', 'q'),
        answer('a', 'Partial text', 'error', { error: { message: 'TokenHub had a server error (500).', actions: [{ title: 'Show Log', command: 'tokenhub.showLog' }] } }),
      ]),
    });
    await frames(p);
    const box = p.page.locator('article.assistant .answer-error');
    assert.equal(await box.getAttribute('role'), 'alert');
    assert.match((await box.textContent()) ?? '', /server error \(500\)/);
    assert.match((await p.page.locator('article.assistant .markdown').textContent()) ?? '', /Partial text/);
    const from = (await p.posted()).length;
    await p.page.locator('article.assistant button[data-action="retry"]').click();
    await p.page.locator('article.assistant button[data-action="errorAction"]').click();
    assert.deepEqual(await postedSince(p, from), [{ type: 'retry', messageId: 'a' }, { type: 'errorAction', messageId: 'a', index: 0 }]);
  });

  it('opens a long conversation scrolled to its end, with off-screen messages skipped by content-visibility', async () => {
    const msgs = Array.from({ length: 40 }, (_, i) => answer(`a${i}`, `## Answer ${i}\n\n${'Some text. '.repeat(40)}`));
    await p.post({ type: 'state', state: state(msgs) });
    // Messages lay out at their real size as they come into view, over a number of frames that
    // depends on the machine: wait for the end (the view follows it) rather than count frames.
    const gap = () => p.page.evaluate(() => {
      const log = document.querySelector('.message-list')!;
      return log.scrollHeight - log.scrollTop - log.clientHeight;
    });
    await p.page
      .waitForFunction(() => {
        const log = document.querySelector('.message-list')!;
        return log.scrollTop > 0 && log.scrollHeight - log.scrollTop - log.clientHeight < 5;
      }, undefined, { timeout: 10_000, polling: 'raf' })
      .catch(async () => assert.fail(`not scrolled to the end (gap ${await gap()}px)`));
    assert.equal(await p.page.evaluate(() => getComputedStyle(document.querySelector('article.message')!).contentVisibility), 'auto');
  });

  it('a routed answer names the model asked for again when the model list renames it', async () => {
    const routed = answer('a1', 'Hi.', 'done', { model: 'openai/gpt-4.1-mini', requestedModel: 'test/model', usage: { promptTokens: 10, completionTokens: 2 }, cost: 0.5 });
    const models = (name: string) => [{ id: 'test/model', name, vision: true }];
    await p.post({ type: 'state', state: state([question('u1', 'q'), routed], { models: models('Test Model'), strings: { ...STRINGS, routedFrom: 'routed from {0}' } }) });
    await frames(p);
    const note = p.page.locator('article.assistant .answer-routed');
    assert.equal(await note.textContent(), ' (routed from Test Model)');
    await p.post({ type: 'models', models: models('Renamed Model'), model: 'test/model' });
    await frames(p);
    assert.equal(await note.textContent(), ' (routed from Renamed Model)');
    assert.equal(await note.getAttribute('title'), 'test/model');
  });

  it('marks a stopped answer as cut off', async () => {
    await p.post({ type: 'state', state: state([answer('a', 'Half of it', 'cut')]) });
    await frames(p);
    assert.equal(await p.page.locator('article.assistant .answer-cut').textContent(), STRINGS.cutOff);
  });

  it('an answer the gateway routed names the model that answered and the one asked for; an estimate says ≈', async () => {
    const routed = answer('a1', 'Hi.', 'done', { model: 'openai/gpt-4.1-mini', requestedModel: 'test/model', usage: { promptTokens: 10, completionTokens: 2 }, cost: 0.5 });
    const stopped = answer('a2', 'Half', 'cut', { usage: { promptTokens: 100, completionTokens: 20, estimated: true }, cost: 0.25 });
    await p.post({ type: 'state', state: state([question('u1', 'q'), routed, question('u2', 'q2'), stopped]) });
    await frames(p);
    const metas = p.page.locator('article.assistant .answer-meta');
    const first = (await metas.nth(0).textContent()) ?? '';
    assert.equal(await p.page.locator('article.assistant .author').first().textContent(), 'gpt-4.1-mini');
    assert.match(first, /«routedFrom»|Test Model/);
    assert.doesNotMatch(first, /≈/);
    const second = (await metas.nth(1).textContent()) ?? '';
    assert.match(second, /≈ 100 → 20/);
    assert.match(second, /≈ \$0\.25/);
    assert.equal(await metas.nth(1).locator('.answer-figures').getAttribute('title'), '«estimate»');
    assert.match((await p.page.locator('.conversation-total').textContent()) ?? '', /≈ \$0\.75/);
  });

  it('edit and resend an earlier message, regenerate the last answer', async () => {
    await p.post({ type: 'state', state: state([question('u1', 'old question'), answer('a1', 'old answer')]) });
    await frames(p);
    const from = (await p.posted()).length;
    await p.page.locator('article.user button[data-action="edit"]').click();
    const edit = p.page.locator('article.user textarea.edit-input');
    assert.equal(await edit.inputValue(), 'old question');
    await edit.fill('new question');
    await edit.press('Enter');
    await p.page.locator('article.assistant button[data-action="regenerate"]').click();
    assert.deepEqual(await postedSince(p, from), [{ type: 'editResend', messageId: 'u1', text: 'new question' }, { type: 'regenerate' }]);
  });

  it('code block buttons send a codeAction request with the code, and the response settles it', async () => {
    await p.post({ type: 'state', state: state([answer('a', '```python\nprint("hi")\n```')]) });
    await frames(p);
    const from = (await p.posted()).length;
    await p.page.locator('.code-block button[data-action="insert"]').click();
    const [req] = (await postedSince(p, from)) as { type: string; id: number; method: string; params: unknown }[];
    assert.equal(req!.type, 'request');
    assert.equal(req!.method, 'codeAction');
    assert.deepEqual(req!.params, { action: 'insert', code: 'print("hi")', language: 'python' });
    await p.post({ type: 'response', id: req!.id, result: { ok: true } });
  });

  it('attachment chips show and can be removed; the model button opens the picker; the simulator badge shows', async () => {
    await p.post({
      type: 'state',
      state: state([], {
        pending: [
          { id: 'p1', kind: 'selection', label: 'a.ts:1-3' },
          { id: 'p2', kind: 'image', label: 'shot.png', thumbnail: 'data:image/png;base64,iVBORw0KGgo=' },
        ],
        endpointBadge: 'simulator',
      }),
    });
    assert.equal(await p.page.locator('.composer .chip').count(), 2);
    assert.equal(await p.page.locator('.endpoint-badge').isVisible(), true);
    assert.equal(await p.page.locator('.endpoint-badge').textContent(), STRINGS.simulator);
    const from = (await p.posted()).length;
    await p.page.locator('.composer .chip').first().locator('button').click();
    await p.page.locator('button.model-button').click();
    assert.deepEqual(await postedSince(p, from), [{ type: 'removeAttachment', id: 'p1' }, { type: 'runCommand', command: 'pickModel' }]);
  });

  it('without a key shows its own welcome with Set API Key (webview views get no viewsWelcome), and hides it once a key is set', async () => {
    await p.post({ type: 'state', state: state([], { hasKey: false }) });
    const welcome = p.page.locator('.key-welcome');
    assert.equal(await welcome.isVisible(), true);
    assert.equal(await welcome.locator('h2').textContent(), STRINGS.welcomeTitle);
    assert.equal(await p.page.locator('.empty-state').count(), 0, 'the intro is replaced by the welcome');
    const from = (await p.posted()).length;
    await welcome.getByRole('button', { name: STRINGS.setApiKey }).click();
    assert.deepEqual(await postedSince(p, from), [{ type: 'runCommand', command: 'setApiKey' }]);
    await p.post({ type: 'hasKey', hasKey: true });
    assert.equal(await welcome.isVisible(), false);
    assert.equal(await p.page.locator('.empty-state').isVisible(), true);
  });

  it('typing / lists the registered slash commands', async () => {
    await p.post({ type: 'state', state: state([], { slashCommands: [{ name: 'image', description: 'Generate an image' }, { name: 'video', description: 'Generate a video' }] }) });
    const hint = p.page.locator('.slash-hint');
    assert.equal(await hint.isHidden(), true);
    await p.page.locator('textarea.composer-input').click();
    await p.page.keyboard.type('/im');
    assert.equal(await hint.isVisible(), true);
    assert.equal(await hint.locator('.slash-item').count(), 1);
    assert.match((await hint.textContent()) ?? '', /\/image Generate an image/);
    await p.page.keyboard.type('age a cat');
    assert.equal(await hint.isHidden(), true);
  });

  it('a pasted image is posted as a data URI', async () => {
    await p.post({ type: 'state', state: state([]) });
    const from = (await p.posted()).length;
    await p.page.locator('textarea.composer-input').evaluate((el) => {
      const bytes = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'pixel.png', { type: 'image/png' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    await p.page.waitForFunction((n) => (window as unknown as { __posted: unknown[] }).__posted.length > n, from, { timeout: 5000 });
    const [msg] = (await postedSince(p, from)) as { type: string; name: string; mimeType: string; dataUri: string }[];
    assert.equal(msg!.type, 'addImage');
    assert.equal(msg!.mimeType, 'image/png');
    assert.match(msg!.dataUri, /^data:image\/png;base64,iVBOR/);
  });

  it('an image too large for the host is not posted (it would be dropped) and the user is told why', async () => {
    await p.post({ type: 'state', state: state([], { strings: { ...STRINGS, imageTooLarge: '{0} is too large (at most {1} MB).' } }) });
    const from = (await p.posted()).length;
    await p.page.locator('textarea.composer-input').evaluate((el) => {
      const dt = new DataTransfer();
      // 15.5 MB: under the old 15 MiB webview limit, over what the host accepts as a data URI.
      dt.items.add(new File([new Uint8Array(15_500_000)], 'huge.png', { type: 'image/png' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    const note = p.page.locator('.composer-note');
    await note.waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(await note.textContent(), 'huge.png is too large (at most 14 MB).');
    assert.deepEqual(await postedSince(p, from), []);
  });
});
