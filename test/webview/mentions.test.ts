// The @-mention picker, the context chips and the prompt's estimate in the real bundle (Chromium):
// the picker asks the host as the user types and drops late answers; arrows, Enter, Tab, Escape and
// the mouse; headings narrow the list; chips show sizes and open or go; the estimate shows past
// its threshold, says "price unknown", and names the largest context when the prompt will not fit;
// a refused message comes back into the input; a sent message's chips open what they referenced;
// files dropped from the Explorer are posted as URIs.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { MentionPart } from '../../src/core/conversation/parts';
import type { MentionCandidate, PromptEstimate } from '../../src/core/protocol/chatProtocol';
import { answer, question, state, STRINGS } from './fixtures';
import { frames, useWebviewPage, type WebviewPage } from './page';

const RESULTS = join(__dirname, '..', '..', '..', 'test-results');

type Posted = { type: string; [k: string]: unknown };
type CandidateRequest = { type: 'request'; id: number; method: 'mentionCandidates'; params: { query: string; seq: number } };

const FILES: MentionCandidate[] = [
  { kind: 'file', ref: 'file:///w/src/composer.ts', label: 'composer.ts', detail: 'src', match: [0, 1, 2, 3] },
  { kind: 'file', ref: 'file:///w/src/contextChips.ts', label: 'contextChips.ts', detail: 'src', match: [0, 1] },
  { kind: 'folder', ref: 'file:///w/src', label: 'src/', detailMatch: [] },
  { kind: 'file', ref: 'file:///w/.env', label: '.env', sensitive: true },
];
const CATEGORIES: MentionCandidate[] = [
  { kind: 'category', ref: 'file:', label: 'Files', detail: 'file:' },
  { kind: 'category', ref: 'symbol:', label: 'Symbols', detail: 'symbol:' },
];

function mention(kind: MentionPart['kind'], label: string, tokens: number, extra: Partial<MentionPart> = {}): MentionPart {
  return { type: 'mention', kind, label, ref: `file:///w/${label}`, text: `File ${label}:\n\`\`\`\nx\n\`\`\``, hash: 'h:1', tokens, ...extra };
}

/** The estimate's strings with their placeholders (the fixture's strings have none). */
const ESTIMATE_STRINGS = { promptSize: '≈ {0} tokens', promptCost: '≈ {0} to send', promptTooLarge: 'Too large for {0}: ≈ {1} tokens, and it takes {2}.', promptLargest: 'Largest: {0}' };

const ESTIMATE: PromptEstimate = { baseTokens: 1500, modelName: 'Test Model', contextWindow: 128_000, assumedWindow: false, reservedOutput: 8_000, inputPrice: 3, showAbove: 2000 };

describe('webview: @-mentions, context chips and the prompt estimate (Chromium)', function () {
  this.timeout(60_000);
  const page = useWebviewPage();
  let p: WebviewPage;
  const input = () => p.page.locator('textarea.composer-input');
  const picker = () => p.page.locator('.mention-picker');
  const rows = () => p.page.locator('.mention-picker .mention-item');

  async function posted(): Promise<Posted[]> {
    return (await p.posted()) as Posted[];
  }
  async function candidateRequests(): Promise<CandidateRequest[]> {
    return (await posted()).filter((m): m is CandidateRequest => m.type === 'request' && m.method === 'mentionCandidates');
  }
  /** Waits for the request for `query` and answers it with `items`. */
  async function answerQuery(query: string, items: MentionCandidate[]): Promise<CandidateRequest> {
    const req = await p.page.waitForFunction(
      (q) => (window as unknown as { __posted: CandidateRequest[] }).__posted.filter((m) => m.type === 'request' && m.method === 'mentionCandidates' && m.params.query === q).at(-1),
      query,
      { timeout: 5000 },
    );
    const r = (await req.jsonValue()) as CandidateRequest;
    await p.post({ type: 'response', id: r.id, result: { seq: r.params.seq, items } });
    return r;
  }

  beforeEach(async () => {
    p = page();
    await p.post({ type: 'state', state: state([], { estimate: ESTIMATE, strings: { ...STRINGS, ...ESTIMATE_STRINGS } }) });
    await input().click();
  });

  it('typing @ asks the host with a growing sequence number and lists what it answers, first entry active', async () => {
    await input().pressSequentially('Look at @');
    const first = await answerQuery('', [...CATEGORIES, ...FILES]);
    await rows().first().waitFor();
    assert.equal(await rows().count(), 6);
    assert.equal(await picker().getAttribute('role'), null, 'the list inside carries the role');
    assert.equal(await p.page.locator('.mention-list').getAttribute('role'), 'listbox');
    assert.equal(await rows().first().getAttribute('aria-selected'), 'true');
    assert.equal(await input().getAttribute('aria-expanded'), 'true');
    assert.equal(await input().getAttribute('aria-activedescendant'), await rows().first().getAttribute('id'));
    await input().pressSequentially('co');
    const second = await answerQuery('co', FILES);
    assert.ok(second.params.seq > first.params.seq);
    await p.page.waitForFunction(() => document.querySelectorAll('.mention-picker .mention-item').length === 4);
    // The matched characters are marked, built as text (a label is never HTML).
    assert.equal(await rows().first().locator('.mention-label mark').textContent(), 'comp');
    assert.equal(await rows().nth(3).locator('.mention-secret').count(), 1, 'a secret file is marked');
    mkdirSync(RESULTS, { recursive: true });
    await p.page.screenshot({ path: join(RESULTS, 'webview-mention-picker.png') });
  });

  it('drops an answer to an older query that arrives after the newer one', async () => {
    await input().pressSequentially('@c');
    await input().pressSequentially('o');
    const reqs = await p.page.waitForFunction(() => (window as unknown as { __posted: CandidateRequest[] }).__posted.filter((m) => m.method === 'mentionCandidates').length >= 2);
    void reqs;
    const [older, newer] = (await candidateRequests()).slice(-2) as [CandidateRequest, CandidateRequest];
    assert.deepEqual([older.params.query, newer.params.query], ['c', 'co']);
    await p.post({ type: 'response', id: newer.id, result: { seq: newer.params.seq, items: [FILES[0]!] } });
    await p.post({ type: 'response', id: older.id, result: { seq: older.params.seq, items: FILES } });
    await frames(p);
    assert.equal(await rows().count(), 1, 'the late answer did not replace the list');
    assert.equal(await rows().first().locator('.mention-label').textContent(), 'composer.ts');
  });

  it('arrows move (and wrap), Enter chooses: the @ text leaves the input, the host is asked to add it, nothing is sent', async () => {
    await input().pressSequentially('Explain @co please');
    for (let i = 0; i < ' please'.length; i++) await input().press('ArrowLeft');
    await input().press('ArrowLeft');
    await input().press('ArrowRight');
    await answerQuery('co', FILES);
    await rows().first().waitFor();
    await input().press('ArrowDown');
    assert.equal(await rows().nth(1).getAttribute('aria-selected'), 'true');
    await input().press('ArrowUp');
    await input().press('ArrowUp');
    assert.equal(await rows().nth(3).getAttribute('aria-selected'), 'true', 'wrapped to the last');
    await input().press('ArrowDown');
    const from = (await posted()).length;
    await input().press('Enter');
    const after = (await posted()).slice(from);
    assert.deepEqual(after, [{ type: 'addMention', kind: 'file', ref: 'file:///w/src/composer.ts' }]);
    assert.equal(await input().inputValue(), 'Explain please');
    assert.equal(await picker().isHidden(), true);
    assert.equal(await input().getAttribute('aria-expanded'), 'false');
  });

  it('Tab chooses too; a click chooses the entry clicked and keeps the focus in the input', async () => {
    await input().pressSequentially('@con');
    await answerQuery('con', FILES);
    await rows().first().waitFor();
    let from = (await posted()).length;
    await input().press('Tab');
    assert.deepEqual((await posted()).slice(from), [{ type: 'addMention', kind: 'file', ref: 'file:///w/src/composer.ts' }]);
    await input().pressSequentially('@s');
    await answerQuery('s', FILES);
    await rows().nth(2).waitFor();
    from = (await posted()).length;
    await rows().nth(2).click();
    assert.deepEqual((await posted()).slice(from), [{ type: 'addMention', kind: 'folder', ref: 'file:///w/src' }]);
    assert.equal(await p.page.evaluate(() => document.activeElement?.className), 'composer-input');
  });

  it('Escape closes the list without stopping or sending, and it stays closed for that @ until a new one', async () => {
    await p.post({ type: 'streaming', streaming: true });
    await input().pressSequentially('@co');
    await answerQuery('co', FILES);
    await rows().first().waitFor();
    const from = (await posted()).length;
    await input().press('Escape');
    assert.equal(await picker().isHidden(), true);
    assert.deepEqual((await posted()).slice(from).filter((m) => m.type !== 'request'), [], 'no stop, no send');
    await input().pressSequentially('m');
    await frames(p);
    assert.equal(await picker().isHidden(), true, 'the same @ stays dismissed');
    assert.equal((await candidateRequests()).some((r) => r.params.query === 'com'), false);
    await input().pressSequentially(' @x');
    await answerQuery('x', FILES.slice(0, 1));
    await rows().first().waitFor();
    assert.equal(await picker().isVisible(), true, 'a new @ opens it again');
  });

  it('choosing a heading types its prefix and lists only that kind', async () => {
    await input().pressSequentially('@');
    await answerQuery('', CATEGORIES);
    await rows().first().waitFor();
    await input().press('ArrowDown');
    await input().press('Enter');
    assert.equal(await input().inputValue(), '@symbol:');
    await answerQuery('symbol:', [{ kind: 'symbol', ref: 'symbol:3:parse:file:///w/a.ts', label: 'parse', detail: 'a.ts:4', icon: 'symbol-function' }]);
    await p.page.locator('.mention-item[data-kind="symbol"]').waitFor();
    assert.equal(await p.page.locator('.mention-item .codicon-symbol-function').count(), 1);
  });

  it('an empty answer says nothing matches; Enter then sends the message as usual', async () => {
    await input().pressSequentially('hello @zzz');
    await answerQuery('zzz', []);
    await p.page.locator('.mention-empty').waitFor();
    assert.equal(await p.page.locator('.mention-empty').textContent(), STRINGS.mentionNoMatch);
    const from = (await posted()).length;
    await input().press('Enter');
    assert.deepEqual((await posted()).slice(from), [{ type: 'send', text: 'hello @zzz' }]);
  });

  it('an e-mail address is not a mention: no list, no request', async () => {
    await input().pressSequentially('write to me@example.com');
    await frames(p);
    assert.equal((await candidateRequests()).length, 0);
    assert.equal(await picker().isHidden(), true);
  });

  it('chips show their size; the label opens (click, Enter), the × removes', async () => {
    await p.post({
      type: 'pending',
      pending: [
        { id: 'p1', kind: 'file', label: 'composer.ts', tokens: 1234, openable: true },
        { id: 'p2', kind: 'terminal', label: 'Terminal: npm test', tokens: 40_000, openable: true, truncated: true },
      ],
    });
    const chips = p.page.locator('.composer .chip');
    assert.equal(await chips.count(), 2);
    assert.equal(await chips.first().locator('.chip-tokens').textContent(), '1.2k');
    assert.equal(await chips.nth(1).locator('.chip-tokens.truncated').count(), 1);
    assert.equal(await chips.first().locator('.codicon-file').count(), 1);
    assert.equal(await chips.nth(1).locator('.codicon-terminal').count(), 1);
    assert.equal(await chips.first().locator('button').count(), 1, 'one button per chip: its ×');
    const from = (await posted()).length;
    await chips.first().locator('.chip-open').click();
    await chips.nth(1).locator('.chip-open').focus();
    await p.page.keyboard.press('Enter');
    await chips.nth(1).locator('button').click();
    assert.deepEqual((await posted()).slice(from), [
      { type: 'openPending', id: 'p1' },
      { type: 'openPending', id: 'p2' },
      { type: 'removeAttachment', id: 'p2' },
    ]);
  });

  it('the estimate shows past its threshold, grows as you type, and says "price unknown" rather than $0', async () => {
    const line = p.page.locator('.prompt-estimate');
    assert.equal(await line.isHidden(), true, 'under the threshold');
    await input().fill('x'.repeat(3500)); // about 1,000 tokens more
    await input().dispatchEvent('input');
    await line.waitFor({ state: 'visible' });
    const text = (await line.textContent()) ?? '';
    assert.match(text, /2\.5k/);
    assert.match(text, /\$0\.0075/, '2.5k tokens at $3 per million');
    await p.post({ type: 'estimate', estimate: { ...ESTIMATE, inputPrice: undefined } });
    assert.match((await line.textContent()) ?? '', new RegExp(STRINGS.priceUnknown!));
    assert.doesNotMatch((await line.textContent()) ?? '', /\$0\b|\$0\.00/);
    await p.post({ type: 'estimate', estimate: { ...ESTIMATE, showAbove: 0 } });
    await input().fill('');
    await input().dispatchEvent('input');
    assert.equal(await line.isVisible(), true, 'a threshold of 0 always shows it');
  });

  it('when the prompt will not fit, the estimate warns and names the largest context', async () => {
    await p.post({
      type: 'pending',
      pending: [
        { id: 'p1', kind: 'file', label: 'small.ts', tokens: 100, openable: true },
        { id: 'p2', kind: 'folder', label: 'vendor/', tokens: 110_000, openable: true },
        { id: 'p3', kind: 'git', label: 'Staged changes', tokens: 15_000, openable: true },
      ],
    });
    await p.post({ type: 'estimate', estimate: { ...ESTIMATE, baseTokens: 126_600 } });
    const line = p.page.locator('.prompt-estimate.too-large');
    await line.waitFor({ state: 'visible' });
    const text = (await line.textContent()) ?? '';
    assert.match(text, /^Too large for Test Model: ≈ 126\.6k tokens, and it takes 120k\./);
    assert.match(text, /vendor\/ \(110k\), Staged changes \(15k\), small\.ts \(100\)/);
    // A model whose window is unknown is never said to be too small.
    await p.post({ type: 'estimate', estimate: { ...ESTIMATE, baseTokens: 126_600, assumedWindow: true } });
    assert.equal(await p.page.locator('.prompt-estimate.too-large').count(), 0);
  });

  it('a refused message comes back into the input with the reason; a note is shown and read out', async () => {
    await p.post({ type: 'sendRefused', text: 'my long question', reason: 'Too large for Test Model.' });
    assert.equal(await input().inputValue(), 'my long question');
    assert.equal(await p.page.locator('.composer-note').textContent(), 'Too large for Test Model.');
    await input().fill('typed meanwhile');
    await p.post({ type: 'sendRefused', text: 'older words', reason: '' });
    assert.equal(await input().inputValue(), 'typed meanwhile', 'what was typed since is not replaced');
    await p.post({ type: 'note', text: '.env cannot be read.' });
    assert.equal(await p.page.locator('.composer-note').textContent(), '.env cannot be read.');
    assert.match((await p.page.locator('[role="status"][aria-live="polite"]').textContent()) ?? '', /\.env cannot be read\./);
  });

  it('a sent message shows what it referenced as chips, "re-read" where it changed, and opens them', async () => {
    const user = question('u1', 'Why?');
    user.parts = [mention('file', 'a.ts', 900), mention('git', 'Staged changes', 2000, { rereadAt: 5 }), { type: 'text', text: 'Why?' }];
    await p.post({ type: 'state', state: state([user, answer('a1', 'Because.')]) });
    const chips = p.page.locator('article.user .chip');
    assert.equal(await chips.count(), 2);
    assert.equal(await chips.first().locator('.chip-tokens').textContent(), '900');
    assert.equal(await chips.first().locator('.chip-reread').count(), 0);
    assert.equal(await chips.nth(1).locator('.chip-reread').textContent(), STRINGS.contextReread);
    // No × ends a history chip: its size keeps clear of the rounded edge.
    const gap = await chips.first().evaluate((c) => c.getBoundingClientRect().right - c.querySelector('.chip-tokens')!.getBoundingClientRect().right);
    assert.ok(gap >= 5, `the size ends ${gap}px from the chip's edge`);
    const from = (await posted()).length;
    await chips.nth(1).locator('.chip-open').click();
    await chips.first().locator('.chip-open').focus();
    await p.page.keyboard.press('Enter');
    assert.deepEqual((await posted()).slice(from), [
      { type: 'openContext', messageId: 'u1', index: 1 },
      { type: 'openContext', messageId: 'u1', index: 0 },
    ]);
    // A regenerate read it again: the host's copy of the question redraws its chips.
    user.parts[0] = mention('file', 'a.ts', 950, { rereadAt: 9 });
    await p.post({ type: 'messageUpdated', message: user });
    assert.equal(await chips.first().locator('.chip-reread').count(), 1);
    assert.equal(await chips.first().locator('.chip-tokens').textContent(), '950');
  });

  it('files and folders dropped from the Explorer are posted as URIs (every form VS Code puts on the drag)', async () => {
    const drop = (data: Record<string, string>) =>
      p.page.evaluate((d) => {
        const dt = new DataTransfer();
        for (const [k, v] of Object.entries(d)) dt.setData(k, v);
        const target = document.querySelector('.message-list') ?? document.body;
        target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
        const ev = new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true });
        target.dispatchEvent(ev);
        return ev.defaultPrevented;
      }, data);
    let from = (await posted()).length;
    assert.equal(await drop({ 'application/vnd.code.uri-list': 'file:///w/a.ts\r\nfile:///w/src\r\n', 'text/uri-list': 'file:///w/a.ts' }), true);
    assert.deepEqual((await posted()).slice(from), [{ type: 'dropUris', uris: ['file:///w/a.ts', 'file:///w/src'] }]);
    from = (await posted()).length;
    await drop({ resourceurls: JSON.stringify(['file:///w/b.ts', 'file:///w/c.ts']) });
    assert.deepEqual((await posted()).slice(from), [{ type: 'dropUris', uris: ['file:///w/b.ts', 'file:///w/c.ts'] }]);
    from = (await posted()).length;
    await drop({ 'text/uri-list': '# a comment\nvscode-remote://host/w/d.ts\n' });
    assert.deepEqual((await posted()).slice(from), [{ type: 'dropUris', uris: ['vscode-remote://host/w/d.ts'] }]);
    from = (await posted()).length;
    assert.equal(await drop({ 'text/plain': 'just text' }), false, 'plain text is not taken');
    assert.deepEqual((await posted()).slice(from), []);
  });
});
