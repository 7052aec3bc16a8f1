// Agent mode in the real extension host, against the simulator playing agents
// (test/simulator/agentScenarios.ts): approvals, Undo task, denied and stopped commands, the cost
// limit, an untrusted workspace, and every attack of agent-safety.md.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Settings } from '../../../src/platform/ids';
import { textOf } from '../../../src/core/conversation/parts';
import { AGENT_DEMO_FILES } from '../../simulator/agentDemo';
import { ESCAPE_READ_PATHS, INJECTED_COMMAND, RENAME_FILES } from '../../simulator/agentScenarios';
import { chatRequests, setUserSetting, usageSince, useSimulator, waitFor } from '../helpers';
import { AGENT_MODEL, answer, changes, nextAsk, readWs, results, startTask, taskAnswer, toolCalls, workspaceRoot, writeDemo } from './agentHelpers';

describe('agent mode: tasks in the workspace', function () {
  this.timeout(120_000);
  const s = useSimulator();
  let cleanup: () => void = () => undefined;
  const restores: (() => Promise<void>)[] = [];

  before(async () => {
    await s.api.services.models.refresh(true);
    assert.equal(s.api.services.models.find(AGENT_MODEL)?.capabilities.tools, true, 'the agent model calls tools');
  });
  beforeEach(() => {
    s.sim.reset();
    cleanup = writeDemo();
  });
  afterEach(async () => {
    await s.api.chat.session.stop();
    s.api.agent.setTrustForTests(undefined);
    for (const r of restores.splice(0).reverse()) await r();
    cleanup();
  });

  it('renames across three files, each change approved, then Undo task restores every file byte for byte', async () => {
    const { api, sim } = s;
    const before = api.services.usage.total.requests;
    const originals = Object.fromEntries(RENAME_FILES.map((f) => [f, fs.readFileSync(path.join(workspaceRoot(), f))]));
    const { done } = await startTask(api, '[[agent:rename]] rename oldName to newName');
    for (let i = 0; i < 3; i++) {
      const card = await nextAsk(api, `change ${i + 1} of 3`);
      assert.match(card.params.title, /[abc]\.ts/);
      assert.ok(card.params.buttons.some((b) => b.id === 'diff'), 'a change can be opened as a diff');
      // Nothing is written before the user accepts.
      const file = RENAME_FILES.find((f) => card.params.code === f)!;
      assert.equal(readWs(file), AGENT_DEMO_FILES[file], `${file} is untouched before Accept`);
      await answer(api, card, 'accept');
    }
    await done;
    const task = taskAnswer(api);
    assert.equal(task.task?.state, 'done', JSON.stringify(task.task));
    for (const f of RENAME_FILES) {
      assert.ok(!readWs(f).includes('oldName') && readWs(f).includes('newName'), `${f} renamed`);
    }
    assert.deepEqual(changes(task).map((c) => [c.path, c.state]), RENAME_FILES.map((f) => [f, 'accepted']));
    // Each step is in the history: what was asked, what the user allowed, what happened.
    const edits = toolCalls(task).filter((c) => c.name === 'edit_file');
    assert.deepEqual(edits.map((c) => [c.status, c.approval]), [['done', 'user'], ['done', 'user'], ['done', 'user']]);
    assert.equal(results(task).length, toolCalls(task).length, 'every call has its result');
    assert.ok(task.task!.steps >= 4 && task.task!.cost > 0);
    // Usage: each request once, as the agent's.
    const records = usageSince(api.services.usage, before);
    assert.equal(records.length, chatRequests(sim.requests).length);
    assert.ok(records.every((r) => r.source === 'agent'));
    // The conversation, reloaded from disk, holds the same task.
    await api.chat.store.flush();
    const stored = await api.chat.store.load(api.chat.session.conversation.id);
    assert.deepEqual(stored?.messages.at(-1), task);

    // Undo task, also after the files were saved (the agent saves them) and the task's live state is gone.
    await api.chat.session.undoTask(task.id);
    for (const f of RENAME_FILES) assert.deepEqual(fs.readFileSync(path.join(workspaceRoot(), f)), originals[f], `${f} back byte for byte`);
    assert.deepEqual(changes(taskAnswer(api)).map((c) => c.state), ['undone', 'undone', 'undone']);
    assert.equal(taskAnswer(api).task?.undone, true);
  });

  it('a denied command does not run, and the model is told so', async () => {
    const { api } = s;
    const marker = path.join(workspaceRoot(), 'ran.txt');
    const { done } = await startTask(api, `[[agent:denied:touch ran.txt]] install something`);
    const card = await nextAsk(api, 'the command');
    assert.equal(card.params.code, 'touch ran.txt');
    await answer(api, card, 'deny');
    await done;
    assert.equal(fs.existsSync(marker), false, 'the command did not run');
    const call = toolCalls(taskAnswer(api)).find((c) => c.name === 'run_command')!;
    assert.equal(call.status, 'denied');
    assert.match(results(taskAnswer(api)).find((r) => r.callId === call.id)!.content, /^Denied: /);
    assert.equal(taskAnswer(api).task?.state, 'done');
  });

  it('Stop during a running command ends the command and the task at once', async function () {
    if (process.platform === 'win32') this.skip();
    const { api } = s;
    const done = await startTask(api, `[[agent:long:sh -c 'echo $$ > pid.txt; exec sleep 600']] wait`);
    await answer(api, await nextAsk(api, 'the long command'), 'run');
    const pidFile = path.join(workspaceRoot(), 'pid.txt');
    const pid = await waitFor(() => (fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').trim()) || undefined : undefined), 15_000, 'the command to start');
    await api.chat.session.stop();
    await done;
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await waitFor(() => !alive(), 5000, 'the command to be killed');
    assert.equal(taskAnswer(api).task?.state, 'stopped');
    assert.equal(toolCalls(taskAnswer(api)).find((c) => c.name === 'run_command')?.status, 'stopped');
  });

  it('a command that never ends is stopped by its timeout, and the task goes on', async () => {
    const { api } = s;
    restores.push(await setUserSetting(`${Settings.section}.${Settings.agentCommandTimeout}`, 2));
    const { done } = await startTask(api, `[[agent:long:sleep 600]] wait`);
    await answer(api, await nextAsk(api, 'the long command'), 'run');
    await done;
    const r = results(taskAnswer(api)).find((x) => x.name === 'run_command')!;
    assert.match(r.content, /stopped after its timeout of 2 s/);
    assert.equal(taskAnswer(api).task?.state, 'done');
  });

  it('pauses before a request that would pass the cost limit, and goes on when asked to', async () => {
    const { api, sim } = s;
    // The first request (its estimate about $0.03) fits; the pages it reads make the next one pass the limit.
    restores.push(await setUserSetting(`${Settings.section}.${Settings.agentMaxCost}`, 0.05));
    const { done } = await startTask(api, '[[agent:costly]] read the log');
    const card = await nextAsk(api, 'the cost limit');
    const sent = chatRequests(sim.requests).length;
    assert.ok(sent >= 1, 'requests under the limit were sent');
    assert.match(card.params.body, /\$0\.05/, 'the card names the limit');
    assert.ok(card.params.buttons.some((b) => b.id === 'pause'));
    await answer(api, card, 'pause');
    await done;
    assert.equal(chatRequests(sim.requests).length, sent, 'no request past the limit');
    const task = taskAnswer(api);
    assert.deepEqual([task.task?.state, task.task?.limit], ['paused', 'cost']);
    assert.ok(task.task!.cost > 0 && task.task!.cost <= 0.05, `spent ${task.task!.cost}`);
    // Continue: the task goes on (and asks again at the raised limit, or ends).
    const going = api.chat.session.continueTask(task.id);
    const again = await nextAsk(api, 'the cost limit again', 60_000).catch(() => undefined);
    if (again) await answer(api, again, 'pause');
    await going;
    assert.ok(chatRequests(sim.requests).length > sent, 'the continued task sent more requests');
  });

  it('in an untrusted workspace the agent only reads: no change, no command', async () => {
    const { api, sim } = s;
    api.agent.setTrustForTests(false);
    await (await startTask(api, '[[agent:rename]] rename oldName')).done;
    const offered = (chatRequests(sim.requests)[0] as unknown as { tools?: { function: { name: string } }[] }).tools?.map((t) => t.function.name) ?? [];
    assert.ok(offered.includes('read_file') && !offered.includes('edit_file') && !offered.includes('run_command'), offered.join(','));
    for (const f of RENAME_FILES) assert.equal(readWs(f), AGENT_DEMO_FILES[f]);
    assert.equal(api.chat.view.pendingHostRequests.length, 0, 'nothing was asked');
  });

  describe('attacks (agent-safety.md)', () => {
    it('paths that leave the workspace are refused, reads and writes alike, symlinks included', async () => {
      const { api } = s;
      await (await startTask(api, '[[agent:escape]] look around')).done;
      const task = taskAnswer(api);
      const reads = toolCalls(task).filter((c) => c.name === 'read_file');
      assert.equal(reads.length, ESCAPE_READ_PATHS.length);
      for (const c of reads) assert.equal(c.status, 'refused', `${c.arguments} refused: ${results(task).find((r) => r.callId === c.id)?.content}`);
      for (const r of results(task)) assert.doesNotMatch(r.content, /outside the workspace\. An agent must never read it/, 'no outside content reached the model');
      assert.equal(fs.existsSync(path.join(path.dirname(workspaceRoot()), 'escaped.txt')), false);
      assert.equal(toolCalls(task).find((c) => c.name === 'create_file')?.status, 'refused');
    });

    it('a file that tells the model to run a command and change settings: both still ask, even with auto-apply on', async () => {
      const { api } = s;
      restores.push(await setUserSetting(`${Settings.section}.${Settings.agentAutoApply}`, true));
      const { done } = await startTask(api, '[[agent:injection]] summarise the notes');
      const command = await nextAsk(api, 'the planted command');
      assert.equal(command.params.code, INJECTED_COMMAND);
      assert.ok(!command.params.buttons.some((b) => b.id === 'always'), 'a destructive pipe is never "always allowed"');
      await answer(api, command, 'deny');
      const settings = await nextAsk(api, 'the settings write');
      assert.match(settings.params.code ?? '', /\.vscode\/settings\.json/);
      assert.ok(!settings.params.buttons.some((b) => b.id === 'acceptAll'));
      await answer(api, settings, 'reject');
      await done;
      assert.equal(fs.existsSync(path.join(workspaceRoot(), '.vscode', 'settings.json')), false);
    });

    it('reading .env asks first; denied, nothing of it reaches the model', async () => {
      const { api, sim } = s;
      const { done } = await startTask(api, '[[agent:secrets]] what is configured?');
      const card = await nextAsk(api, 'reading .env');
      assert.equal(card.params.code, '.env');
      await answer(api, card, 'deny');
      await done;
      for (const r of sim.requests) assert.ok(!r.rawBody.includes('demo-password'), 'the secret never went out');
    });

    it('malformed arguments and an unknown tool go back to the model as errors; the task goes on', async () => {
      const { api } = s;
      await (await startTask(api, '[[agent:malformed]] try')).done;
      const task = taskAnswer(api);
      const [bad, unknown] = toolCalls(task);
      assert.deepEqual([bad?.status, unknown?.status], ['refused', 'refused']);
      assert.match(results(task)[0]!.content, /JSON/i);
      assert.equal(task.task?.state, 'done');
      assert.ok(textOf(task).length > 0);
    });

    it('an allow-list a repository ships in .vscode/settings.json is ignored; a destructive command asks even when allow-listed', async () => {
      const { api } = s;
      // VS Code refuses to write these settings to a workspace; a cloned repository can still ship the file.
      const file = path.join(workspaceRoot(), '.vscode', 'settings.json');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify({ 'tokenhub.agent.allowedCommands': ['touch ran.txt'], 'tokenhub.agent.autoApply': true }));
      restores.push(async () => fs.rmSync(file, { force: true }));
      let { done } = await startTask(api, '[[agent:command:touch ran.txt]] run it');
      await answer(api, await nextAsk(api, 'the workspace-allowed command'), 'deny');
      await done;
      restores.push(await setUserSetting(`${Settings.section}.${Settings.agentAllowedCommands}`, ['rm']));
      ({ done } = await startTask(api, '[[agent:command:rm -rf build]] clean'));
      const card = await nextAsk(api, 'the destructive command');
      assert.ok(!card.params.buttons.some((b) => b.id === 'always'));
      await answer(api, card, 'deny');
      await done;
    });

    it('the key is never in a tool result, a prompt, or a command\'s environment', async () => {
      const { api, sim } = s;
      const { done } = await startTask(api, '[[agent:command:env]] show the environment');
      await answer(api, await nextAsk(api, 'env'), 'run');
      await done;
      const r = results(taskAnswer(api)).find((x) => x.name === 'run_command')!;
      assert.match(r.content, /^Exit code 0/);
      assert.match(r.content, /PATH=/, 'the environment was printed');
      assert.ok(!r.content.includes(sim.apiKey), 'not the key');
      assert.doesNotMatch(r.content, /TOKENHUB_API_KEY=/);
      for (const q of chatRequests(sim.requests)) assert.ok(!JSON.stringify(q).includes(sim.apiKey), 'no prompt holds the key');
    });
  });
});
