// A gateway profile's own budget in the real extension host, with two simulators as two gateways:
// it counts only the requests sent through its profile (TokenHub's go on without a question),
// its warning and question name the profile, "Don't Send" keeps the request from its gateway and
// the answer says which budget stopped it, "Raise Budget…" writes the profile's entry (not the
// main budget), a stopped answer's late usage stays on its profile, and the main budget keeps
// counting every profile together.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AddProfileResult } from '../../../src/auth/profileCommands';
import { textOf } from '../../../src/core/conversation/parts';
import { DEFAULT_PROFILE_ID } from '../../../src/core/profiles/modelRef';
import type { PeriodSpend } from '../../../src/core/usage/budget';
import { spendAgainst } from '../../../src/core/usage/budget';
import type { BudgetService } from '../../../src/platform/budgetService';
import { Commands, Settings } from '../../../src/platform/ids';
import type { ProfileBudgetResult } from '../../../src/usage/profileBudgetCommand';
import { FakeBudgetPrompts } from '../../fakes/budgetPrompts';
import { Simulator } from '../../simulator/server';
import { chatRequests, lastAnswer, setUserSetting, useSimulator, waitFor } from '../helpers';

const KEY_B = 'sk-budget-profile-b-0000000003';
const MODEL = 'anthropic/claude-sonnet-4-6';
const full = (key: string) => `${Settings.section}.${key}`;

describe('spending: a gateway profile\'s own budget', function () {
  this.timeout(90_000);
  const s = useSimulator();
  let simB: Simulator;
  let profileB = '';
  let limitB = 0;
  let budget: BudgetService;
  /** Kept from `before`: the simulator's own `after` (registered first) runs before this suite's. */
  let keys: { clear(profile: string): Promise<void> } | undefined;
  let previous: BudgetService['prompts'];
  const prompts = new FakeBudgetPrompts();
  const restores: (() => Promise<void>)[] = [];

  /** What today cost through a profile (or every profile), from the usage ledger. */
  const spentToday = (profile?: string) => spendAgainst({ day: 1e9 }, s.api.services.usage.days, Date.now(), profile)[0]!.spent;

  /** One answer through `profile` (undefined: TokenHub's default profile) costing `cost`, from the chat. */
  async function send(text: string, cost: number, profile?: string): Promise<void> {
    (profile ? simB : s.sim).enqueue({ reply: `Answer to ${text}`, usage: { prompt_tokens: 10, completion_tokens: 5, cost } });
    await s.api.chat.send({ text, model: profile ? `${profile}|${MODEL}` : MODEL, newConversation: true });
  }

  before(async function () {
    this.timeout(60_000);
    simB = await Simulator.start({ apiKey: KEY_B });
    for (const key of [Settings.profiles, Settings.budgetProfiles, Settings.budgetDaily, Settings.budgetMonthly]) {
      const was = vscode.workspace.getConfiguration(Settings.section).inspect(key)?.globalValue;
      restores.push(async () => void (await vscode.workspace.getConfiguration(Settings.section).update(key, was, vscode.ConfigurationTarget.Global)));
    }
    // No main budget while the profile's own is tested (undefined: the setting removed).
    await setUserSetting(full(Settings.budgetDaily), undefined);
    await setUserSetting(full(Settings.budgetMonthly), undefined);
    const added = (await vscode.commands.executeCommand(Commands.addProfile, { name: 'Gateway B', baseUrl: simB.baseUrl, key: KEY_B })) as AddProfileResult;
    assert.equal(added.outcome, 'added', added.problem);
    profileB = added.profile!.id;
    budget = s.api.services.budget;
    keys = s.api.services.keys;
    previous = budget.prompts;
    budget.prompts = prompts;
    // 80% of B's daily budget lies $1 above what B had cost today when these tests started.
    limitB = Math.round(((spentToday(profileB) + 1) / 0.8) * 1e6) / 1e6;
    await setUserSetting(full(Settings.budgetProfiles), { [profileB]: { daily: limitB } });
  });

  after(async () => {
    if (budget) budget.prompts = previous;
    if (profileB) await keys?.clear(profileB);
    for (const restore of restores.reverse()) await restore();
    await simB.close();
  });

  beforeEach(() => {
    s.sim.reset();
    simB.reset();
  });

  it('counts only the requests through its profile, and its warning and the status bar name it', async () => {
    const bar = s.api.usage.budgetStatusBar;
    await waitFor(() => bar.visible, 5000, 'the profile\'s budget in the status bar');
    assert.match(bar.item.text, /^\$\(graph\) Gateway B: (≈ )?\$[\d.]+ \/ \$[\d.]+$/);
    // TokenHub's requests, however dear, are not this budget's.
    await send('Through TokenHub', limitB * 3);
    await send('Through B, below 80%', 0.5, profileB);
    assert.deepEqual(prompts.warned, [], 'nothing counted against B but B\'s own');
    await send('Through B, past 80%', 0.6, profileB);
    await waitFor(() => prompts.warned.length === 1, 5000, `the 80% warning (${JSON.stringify(budget.statusAll())})`);
    // (Read through a cast: the deepEqual above narrowed the array's type to empty.)
    const warned = prompts.warned[0] as PeriodSpend;
    assert.equal(warned.profile, profileB);
    assert.equal(warned.period, 'day');
    assert.ok(warned.spent >= limitB * 0.8 && warned.spent < limitB);
    assert.equal(budget.nameOf(profileB), 'Gateway B', 'the name the messages use');
  });

  it('at 100% a request through the profile asks, naming it; "Don\'t Send" keeps it from the gateway, and TokenHub\'s requests still go', async () => {
    await send('Through B, over it', limitB, profileB);
    await send('Through B, stopped', 0.01, profileB);
    assert.equal(prompts.asked.length, 1);
    assert.equal(prompts.asked[0]!.spend.profile, profileB);
    assert.equal(prompts.asked[0]!.request.profile, profileB);
    assert.equal(chatRequests(simB.requests).length, 1, 'only the answer that took B over its budget reached B');
    const answer = lastAnswer(s.api.chat.session.conversation);
    assert.equal(answer.state, 'error');
    assert.match(answer.error!.message, /^Not sent: today's spending through Gateway B has reached its daily budget\./);
    assert.deepEqual(answer.error!.actions.map((a) => a.title), ['Open Budget Settings']);
    const bar = s.api.usage.budgetStatusBar.item;
    assert.ok(bar.backgroundColor instanceof vscode.ThemeColor && bar.backgroundColor.id === 'statusBarItem.errorBackground', 'error colours at 100%');

    await send('Through TokenHub, still free to go', 0.01);
    assert.equal(prompts.asked.length, 1, 'no question for TokenHub\'s request');
    assert.equal(lastAnswer(s.api.chat.session.conversation).state, 'done');
    assert.equal(chatRequests(s.sim.requests).length, 1);
  });

  it('"Raise Budget…" writes the profile\'s own entry, not the main budget, and sends the request', async () => {
    const raised = Math.ceil(spentToday(profileB) + 5);
    prompts.answers.push('raise');
    prompts.limits.push(raised);
    await send('Through B, raised', 0.01, profileB);
    assert.equal(lastAnswer(s.api.chat.session.conversation).state, 'done');
    assert.equal(chatRequests(simB.requests).length, 1);
    const config = () => vscode.workspace.getConfiguration(Settings.section);
    await waitFor(() => JSON.stringify(config().get(Settings.budgetProfiles)) === JSON.stringify({ [profileB]: { daily: raised } }), 5000, 'the profile\'s entry to be written');
    assert.equal(config().inspect(Settings.budgetDaily)?.globalValue, undefined, 'the main budget untouched');
  });

  it('an answer through the profile stopped before its usage: the estimate, then the gateway\'s figure, stay on that profile', async () => {
    const before = { b: spentToday(profileB), tokenhub: spentToday(DEFAULT_PROFILE_ID) };
    const reply = 'The whole answer, written to its end before the stop.';
    // The finish reason rides on the last piece of text; the usage (with the gateway's cost) follows 3 s later.
    simB.enqueue({ reply, finishInLastChunk: true, usageDelayMs: 3_000, usage: { prompt_tokens: 321, completion_tokens: 45, cost: 0.25 }, chunkChars: 8 });
    const sent = s.api.chat.send({ text: 'Answer, then I stop', newConversation: true, model: `${profileB}|${MODEL}` });
    const conv = await waitFor(() => {
      const c = s.api.chat.session.conversation;
      return c.messages.length === 2 && textOf(lastAnswer(c)) === reply ? c : undefined;
    }, 10_000, 'the whole answer to arrive');
    await s.api.chat.session.stop();
    await sent;
    assert.equal(lastAnswer(conv).usage?.estimated, true, 'an estimate first');
    await waitFor(() => !lastAnswer(conv).usage?.estimated, 10_000, 'the gateway\'s usage to replace the estimate');
    await waitFor(() => Math.abs(spentToday(profileB) - (before.b + 0.25)) < 1e-9, 5_000, `B's spend to hold the gateway's figure (${spentToday(profileB)})`);
    assert.equal(spentToday(DEFAULT_PROFILE_ID), before.tokenhub, 'nothing moved to TokenHub\'s row');
  });

  it('the main budget counts every profile together: over it, a request through either profile asks about it', async () => {
    // Today's spend through TokenHub and B together already passes this main budget; B's own does not.
    await setUserSetting(full(Settings.budgetDaily), Math.round(spentToday() * 0.9 * 1e6) / 1e6);
    const asked = prompts.asked.length;
    await send('Through B, main budget', 0.01, profileB);
    assert.equal(prompts.asked.length, asked + 1);
    assert.equal(prompts.asked[asked]!.spend.profile, undefined, 'the main budget');
    assert.equal(chatRequests(simB.requests).length, 0);
    assert.match(lastAnswer(s.api.chat.session.conversation).error!.message, /^Not sent: today's spending has reached your daily TokenHub budget\./);
    await send('Through TokenHub, main budget', 0.01);
    assert.equal(prompts.asked.length, asked + 2);
    assert.equal(chatRequests(s.sim.requests).length, 0);
    assert.match(s.api.usage.budgetStatusBar.item.text, /^\$\(graph\) (≈ )?\$[\d.]+ \/ \$[\d.]+$/, 'the status bar shows the main budget');
  });

  it('"Set Budget…" on a profile writes its own limits, removes them when emptied, and refuses a profile that does not exist', async () => {
    const config = () => vscode.workspace.getConfiguration(Settings.section);
    const other = { tokenhub: { monthly: 1000 } };
    await setUserSetting(full(Settings.budgetProfiles), other);
    // As the Models view's profile menu passes it: the node, whose `profile` is the profile.
    const set = (await vscode.commands.executeCommand(Commands.setProfileBudget, { profile: { id: profileB }, daily: 7, monthly: 70 })) as ProfileBudgetResult;
    assert.deepEqual(set, { outcome: 'set', profile: profileB, limits: { day: 7, month: 70 } });
    await waitFor(() => JSON.stringify(config().get(Settings.budgetProfiles)) === JSON.stringify({ ...other, [profileB]: { daily: 7, monthly: 70 } }), 5000, 'the entry written beside the others');
    assert.deepEqual(budget.profileLimits(profileB), { day: 7, month: 70 });
    await vscode.commands.executeCommand(Commands.setProfileBudget, { profile: profileB, daily: null, monthly: null });
    await waitFor(() => JSON.stringify(config().get(Settings.budgetProfiles)) === JSON.stringify(other), 5000, 'the emptied entry removed');
    assert.deepEqual(budget.profileLimits(profileB), { day: undefined, month: undefined });
    const missing = (await vscode.commands.executeCommand(Commands.setProfileBudget, { profile: 'no-such-profile', daily: 1 })) as ProfileBudgetResult;
    assert.equal(missing.outcome, 'unknownProfile');
    assert.equal(JSON.stringify(config().get(Settings.budgetProfiles)), JSON.stringify(other), 'nothing written');
  });
});
