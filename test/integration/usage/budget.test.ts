// Budgets in the real extension host, against the simulator: at 80% of the daily budget the
// user is warned once, at 100% each new request asks first (nothing reaches the gateway unless
// allowed), requests that come together share one question, inline completions never ask but
// stop (and the status bar says so), "Raise Budget…" writes the setting, and all of it holds
// across a window reload (the spend comes from the usage ledger's file, the warning's mark from
// global state). The questions are answered by a fake in place of the modal dialogs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PeriodSpend } from '../../../src/core/usage/budget';
import { spendAgainst } from '../../../src/core/usage/budget';
import type { UsageSource } from '../../../src/core/usage/usageEntry';
import { BudgetService } from '../../../src/platform/budgetService';
import type { BudgetAnswer } from '../../../src/platform/budgetPrompts';
import { Settings } from '../../../src/platform/ids';
import { UsageLedger } from '../../../src/platform/usageLedger';
import { FakeBudgetPrompts } from '../../fakes/budgetPrompts';
import { FakeMemento } from '../../fakes/memento';
import { chatRequests, lastAnswer, setUserSetting, useSimulator, waitFor } from '../helpers';

const DAILY = `${Settings.section}.${Settings.budgetDaily}`;

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('spending: daily budget, warning and question', function () {
  this.timeout(60_000);
  const s = useSimulator();
  const prompts = new FakeBudgetPrompts();
  let previous: BudgetService['prompts'];
  let restoreDaily: (() => Promise<void>) | undefined;
  /** The daily limit these tests set: 80% of it lies $1 above what today had cost when they started. */
  let limit = 0;

  const spentToday = () => spendAgainst({ day: 1e9 }, s.api.services.usage.days, Date.now())[0]!.spent;
  const sentSince = (n: number) => chatRequests(s.sim.requests).length - n;
  const send = (text: string, cost: number) => {
    s.sim.enqueue({ reply: `Answer to ${text}`, usage: { prompt_tokens: 10, completion_tokens: 5, cost } });
    return s.api.chat.send({ text, newConversation: true });
  };

  let budget: BudgetService;
  before(async () => {
    budget = s.api.services.budget;
    previous = budget.prompts;
    budget.prompts = prompts;
    limit = Math.round(((spentToday() + 1) / 0.8) * 1e6) / 1e6;
    restoreDaily = await setUserSetting(DAILY, limit);
  });
  after(async () => {
    budget.prompts = previous;
    await restoreDaily?.();
  });
  beforeEach(() => s.sim.reset());

  it('shows today against the budget in the status bar, and warns once when an answer takes the day past 80%', async () => {
    const bar = s.api.usage.budgetStatusBar;
    await waitFor(() => bar.visible, 5000, 'the budget in the status bar');
    assert.match(bar.item.text, /^\$\(graph\) (≈ )?\$[\d.]+ \/ \$[\d.]+$/);
    await send('Below 80%', 0.5);
    assert.deepEqual(prompts.warned, [], 'no warning below 80%');
    await send('Past 80%', 0.6);
    await waitFor(() => prompts.warned.length === 1, 5000, `the 80% warning (${JSON.stringify(budget.status())}, limit ${limit})`);
    const warned = prompts.warned[0] as PeriodSpend;
    assert.equal(warned.period, 'day');
    assert.ok(warned.spent >= limit * 0.8 && warned.spent < limit);
    assert.ok(bar.item.backgroundColor instanceof vscode.ThemeColor && bar.item.backgroundColor.id === 'statusBarItem.warningBackground', 'warning colours from 80%');
    await send('Still under 100%', 0.01);
    assert.equal(prompts.warned.length, 1, 'once per day');
    assert.deepEqual(prompts.asked, [], 'no question below 100%');
  });

  it('at 100% a new request asks first: "Don\'t Send" sends nothing, and the answer says why', async () => {
    // This answer was allowed (the day was under its budget when it was sent); it takes the day over.
    await send('The expensive one', limit);
    assert.equal(prompts.warned.length, 1, 'no second warning the same day');
    const sent = chatRequests(s.sim.requests).length;
    prompts.answers.push('stop');
    await s.api.chat.send({ text: 'Over the budget', newConversation: true });
    assert.equal(prompts.asked.length, 1);
    assert.equal(prompts.asked[0]!.request.source, 'chat');
    assert.ok(prompts.asked[0]!.spend.spent >= limit);
    assert.equal(sentSince(sent), 0, 'nothing reached the gateway');
    const answer = lastAnswer(s.api.chat.session.conversation);
    assert.equal(answer.state, 'error');
    assert.match(answer.error!.message, /^Not sent: today's spending has reached your daily TokenHub budget\./);
    assert.deepEqual(answer.error!.actions.map((a) => [a.title, a.command]), [['Open Budget Settings', 'workbench.action.openSettings']]);
    assert.equal(answer.usage, undefined, 'nothing was billed');
    const bar = s.api.usage.budgetStatusBar.item;
    assert.ok(bar.backgroundColor instanceof vscode.ThemeColor && bar.backgroundColor.id === 'statusBarItem.errorBackground', 'error colours at 100%');
  });

  it('"Allow This Request" lets that one request go; the next one asks again', async () => {
    const sent = chatRequests(s.sim.requests).length;
    const asked = prompts.asked.length;
    prompts.answers.push('allow');
    await send('Allowed once', 0.001);
    assert.equal(prompts.asked.length, asked + 1);
    assert.equal(sentSince(sent), 1);
    assert.equal(lastAnswer(s.api.chat.session.conversation).state, 'done');
    prompts.answers.push('stop');
    await s.api.chat.send({ text: 'And again?', newConversation: true });
    assert.equal(prompts.asked.length, asked + 2, 'asked again');
    assert.equal(sentSince(sent), 1);
  });

  it('requests that come together share one question (from any caller, without the chat view)', async () => {
    const sent = chatRequests(s.sim.requests).length;
    const asked = prompts.asked.length;
    const answer = deferred<BudgetAnswer>();
    prompts.answers.push(answer.promise);
    const runs = [1, 2, 3].map((i) => s.api.services.turns.run({ model: 'anthropic/claude-sonnet-4-6', messages: [{ role: 'user', content: `burst ${i}` }] }, { source: 'nativeChat' }));
    await waitFor(() => prompts.asked.length === asked + 1, 5000, 'the question');
    assert.equal(sentSince(sent), 0, 'nothing is sent while the question is open');
    answer.resolve('allow');
    const results = await Promise.all(runs);
    assert.deepEqual(results.map((r) => r.status), ['done', 'done', 'done']);
    assert.equal(prompts.asked.length, asked + 1, 'one question for the three');
    assert.equal(sentSince(sent), 3);
  });

  it('inline completions never ask: they stop, and the status bar says so until the budget allows them', async () => {
    const sent = chatRequests(s.sim.requests).length;
    const asked = prompts.asked.length;
    const result = await s.api.services.turns.run({ model: 'anthropic/claude-sonnet-4-6', messages: [{ role: 'user', content: 'complete me' }] }, { source: 'completion' as UsageSource });
    assert.equal(result.status, 'error');
    assert.equal(result.error?.kind, 'budget');
    assert.equal(prompts.asked.length, asked, 'no question');
    assert.equal(sentSince(sent), 0);
    assert.deepEqual(s.api.services.budget.pausedSources, ['completion']);
    const bar = s.api.usage.budgetStatusBar.item;
    assert.match(bar.text, /\$\(circle-slash\)$/);
    // A higher budget lets them go on.
    const restore = await setUserSetting(DAILY, limit * 10);
    try {
      await waitFor(() => s.api.services.budget.pausedSources.length === 0, 5000, 'completions to resume');
      assert.doesNotMatch(bar.text, /circle-slash/);
    } finally {
      await restore();
    }
  });

  it('"Raise Budget…" writes the new daily budget and sends the request', async () => {
    await waitFor(() => s.api.services.budget.limits().day === limit, 5000, 'the limit back');
    const sent = chatRequests(s.sim.requests).length;
    const raised = Math.ceil(spentToday() + 5);
    prompts.answers.push('raise');
    prompts.limits.push(raised);
    await send('Raise it', 0.001);
    assert.equal(sentSince(sent), 1);
    assert.equal(lastAnswer(s.api.chat.session.conversation).state, 'done');
    await waitFor(() => vscode.workspace.getConfiguration(Settings.section).get(Settings.budgetDaily) === raised, 5000, 'the setting to be written');
    await setUserSetting(DAILY, limit);
  });

  it('across a window reload: the day is still over its budget (the question comes again), and the warning is not repeated', async () => {
    await waitFor(() => s.api.services.budget.limits().day === limit, 5000, 'the limit back');
    // A reload: a new ledger reads the file the old one wrote; the budget service starts afresh on the same global state.
    const file = path.join(s.api.services.context.globalStorageUri.fsPath, 'usage.json');
    const live = spentToday();
    const ledger = await waitFor(() => {
      const l = new UsageLedger(file);
      if (Math.abs(spendAgainst({ day: 1e9 }, l.days, Date.now())[0]!.spent - live) < 1e-9) return l;
      l.dispose();
      return undefined;
    }, 5000, 'the ledger file to hold today');
    const reloaded = new BudgetService(s.api.services.settings, ledger, s.api.services.context.globalState);
    // Its words load on first use (a bundle of their own): they are there when asked for.
    assert.ok(!(reloaded.prompts instanceof FakeBudgetPrompts) && typeof reloaded.prompts.newLimit === 'function');
    const after = new FakeBudgetPrompts();
    reloaded.prompts = after;
    try {
      assert.deepEqual(await reloaded.check({ source: 'code' }), { allowed: false, period: 'day' });
      assert.equal(after.asked.length, 1, 'asked again after the reload');
      assert.deepEqual(after.warned, [], 'the warning was given today already');
    } finally {
      reloaded.dispose();
      ledger.dispose();
    }
  });
});

describe('spending: the 80% warning across a reload (a ledger of its own)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-budget-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const settings = (daily: number | undefined, monthly?: number) => ({
    get: <T>(key: string, fallback: T): T => (key === Settings.budgetDaily && daily !== undefined ? (daily as T) : key === Settings.budgetMonthly && monthly !== undefined ? (monthly as T) : fallback),
    update: async () => undefined,
    onDidChange: new vscode.EventEmitter<vscode.ConfigurationChangeEvent>().event,
  });

  it('warns once at 80% of the day, not again after a reload, and asks at 100% after it', async () => {
    const file = path.join(dir, 'usage.json');
    const memento = new FakeMemento();
    const entry = (cost: number) => ({ model: 'm', source: 'chat' as const, promptTokens: 1, completionTokens: 1, cost });

    let ledger = new UsageLedger(file);
    let budget = new BudgetService(settings(1), ledger, memento);
    let prompts = new FakeBudgetPrompts();
    budget.prompts = prompts;
    await ledger.record(entry(0.5));
    assert.deepEqual(prompts.warned, []);
    // A generation whose price would go past asks; it is no warning of the spend so far.
    assert.deepEqual(await budget.check({ source: 'media', price: 0.6 }), { allowed: false, period: 'day' });
    assert.equal(prompts.asked.length, 1);
    await ledger.record(entry(0.35));
    assert.equal(prompts.warned.length, 1, 'warned at 85%');
    assert.deepEqual(await budget.check({ source: 'chat' }), { allowed: true });
    assert.equal(prompts.warned.length, 1);
    budget.dispose();
    ledger.dispose();

    ledger = new UsageLedger(file);
    budget = new BudgetService(settings(1), ledger, memento);
    prompts = new FakeBudgetPrompts();
    budget.prompts = prompts;
    try {
      assert.deepEqual(await budget.check({ source: 'chat' }), { allowed: true });
      assert.deepEqual(prompts.warned, [], 'no second warning after the reload');
      await ledger.record(entry(0.2));
      prompts.answers.push('allow');
      assert.deepEqual(await budget.check({ source: 'agent' }), { allowed: true });
      assert.equal(prompts.asked.length, 1, 'asked at 105%');
      assert.equal(prompts.asked[0]!.spend.spent.toFixed(2), '1.05');
      // A known price that would go past a budget asks too (a video), below 100%.
      const monthly = new BudgetService(settings(undefined, 10), ledger, memento);
      const p2 = new FakeBudgetPrompts();
      monthly.prompts = p2;
      assert.deepEqual(await monthly.check({ source: 'media', price: 9.5 }), { allowed: false, period: 'month' });
      assert.equal(p2.asked[0]!.request.price, 9.5);
      assert.deepEqual(await monthly.check({ source: 'media', price: 1 }), { allowed: true });
      monthly.dispose();
    } finally {
      budget.dispose();
      ledger.dispose();
    }
  });
});
