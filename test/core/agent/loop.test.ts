import * as assert from 'node:assert/strict';
import type { ChatRequest, ToolCall } from '../../../src/core/api/types';
import type { AgentHost, LimitQuestion, StepResult } from '../../../src/core/agent/loop';
import { runAgentTask, scheduleToolCalls } from '../../../src/core/agent/loop';
import type { ToolKind } from '../../../src/core/agent/tools';

const call = (id: string, name: string): ToolCall => ({ id, type: 'function', function: { name, arguments: '{}' } });

/** A host that plays scripted turns and records what the loop asked of it. */
class ScriptedHost implements AgentHost {
  readonly log: string[] = [];
  readonly questions: LimitQuestion[] = [];
  answers: boolean[] = [];
  estimateEach: number | undefined = 0.01;
  running = 0;
  maxRunning = 0;
  constructor(private readonly steps: StepResult[], private readonly onTool?: (c: ToolCall) => void) {}
  nextRequest(): ChatRequest {
    return { model: 'm', messages: [] };
  }
  estimate(): number | undefined {
    return this.estimateEach;
  }
  async turn(): Promise<StepResult> {
    const s = this.steps.shift();
    assert.ok(s, 'the loop asked for more turns than scripted');
    this.log.push(`turn:${s.toolCalls.map((c) => c.id).join(',')}`);
    return s;
  }
  async runTool(c: ToolCall, kind: ToolKind | undefined): Promise<void> {
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    this.log.push(`start:${c.id}:${kind ?? 'unknown'}`);
    this.onTool?.(c);
    await new Promise((r) => setImmediate(r));
    this.log.push(`end:${c.id}`);
    this.running--;
  }
  async askToContinue(q: LimitQuestion): Promise<boolean> {
    this.questions.push(q);
    return this.answers.shift() ?? false;
  }
}

const done = (cost = 0.01): StepResult => ({ status: 'done', toolCalls: [], cost });
const tools = (calls: ToolCall[], cost = 0.01): StepResult => ({ status: 'done', toolCalls: calls, cost });
const limits = { maxSteps: 25, maxCost: 0.5 };

describe('core/agent/loop', () => {
  it('runs tool calls and asks again until the model answers without tools', async () => {
    const host = new ScriptedHost([tools([call('a', 'read_file')]), tools([call('b', 'edit_file')]), done()]);
    const progress = { steps: 0, spent: 0, unpriced: false };
    assert.deepEqual(await runAgentTask(host, limits, new AbortController().signal, progress), { state: 'done' });
    assert.deepEqual(host.log, ['turn:a', 'start:a:read', 'end:a', 'turn:b', 'start:b:write', 'end:b', 'turn:']);
    assert.equal(progress.steps, 3);
    assert.ok(Math.abs(progress.spent - 0.03) < 1e-12);
  });

  it('reads next to each other run together; writes and commands one at a time, in order', async () => {
    const batch = [call('r1', 'read_file'), call('r2', 'search_text'), call('w1', 'edit_file'), call('x1', 'run_command'), call('r3', 'list_directory'), call('u', 'no_such_tool')];
    assert.deepEqual(
      scheduleToolCalls(batch).map((g) => g.map((x) => x.calls[0]!.id)),
      [['r1', 'r2'], ['w1'], ['x1'], ['r3', 'u']],
    );
    const host = new ScriptedHost([tools(batch), done()]);
    await runAgentTask(host, limits, new AbortController().signal);
    assert.equal(host.maxRunning, 2, 'two reads at once, never a write beside anything');
    const i = (s: string) => host.log.findIndex((l) => l === s || l.startsWith(`${s}:`));
    assert.ok(i('end:r1') < i('start:w1') && i('end:r2') < i('start:w1') && i('end:w1') < i('start:x1') && i('end:x1') < i('start:r3'), host.log.join(' '));
  });

  it('stops at once when the signal fires: no further tool, no further turn', async () => {
    const controller = new AbortController();
    const host = new ScriptedHost([tools([call('w1', 'edit_file'), call('w2', 'edit_file')]), done()], (c) => {
      if (c.id === 'w1') controller.abort();
    });
    assert.deepEqual(await runAgentTask(host, limits, controller.signal), { state: 'stopped' });
    assert.deepEqual(host.log, ['turn:w1,w2', 'start:w1:write', 'end:w1']);
  });

  it('a cancelled or failed turn ends the task', async () => {
    assert.deepEqual(await runAgentTask(new ScriptedHost([{ status: 'cancelled', toolCalls: [] }]), limits, new AbortController().signal), { state: 'stopped' });
    assert.deepEqual(await runAgentTask(new ScriptedHost([{ status: 'error', toolCalls: [call('a', 'read_file')] }]), limits, new AbortController().signal), { state: 'failed' });
  });

  it('pauses at the step limit unless the user goes on, then allows as many steps again', async () => {
    const many = () => Array.from({ length: 10 }, (_, i) => tools([call(`s${i}`, 'read_file')]));
    const paused = new ScriptedHost(many());
    const progress = { steps: 0, spent: 0, unpriced: false };
    assert.deepEqual(await runAgentTask(paused, { maxSteps: 3, maxCost: 100 }, new AbortController().signal, progress), { state: 'paused', limit: 'steps' });
    assert.equal(progress.steps, 3);
    assert.deepEqual(paused.questions.map((q) => [q.limit, q.steps, q.max]), [['steps', 3, 3]]);

    const goesOn = new ScriptedHost([...many().slice(0, 4), done()]);
    goesOn.answers = [true];
    assert.deepEqual(await runAgentTask(goesOn, { maxSteps: 3, maxCost: 100 }, new AbortController().signal), { state: 'done' });
    assert.deepEqual(goesOn.questions.map((q) => q.max), [3]);
  });

  it('pauses BEFORE a request that would pass the cost limit, asking with the estimate', async () => {
    const host = new ScriptedHost([tools([call('a', 'read_file')], 0.3), tools([call('b', 'read_file')], 0.3), done()]);
    host.estimateEach = 0.25;
    const progress = { steps: 0, spent: 0, unpriced: false };
    assert.deepEqual(await runAgentTask(host, { maxSteps: 25, maxCost: 0.5 }, new AbortController().signal, progress), { state: 'paused', limit: 'cost' });
    assert.equal(host.log.filter((l) => l.startsWith('turn')).length, 1, 'the second request was not sent');
    assert.equal(host.questions[0]?.limit, 'cost');
    assert.equal(host.questions[0]?.estimate, 0.25);
    assert.equal(host.questions[0]?.spent, 0.3);

    // Continued later (after a pause or a reload): the spending so far was allowed already.
    const later = new ScriptedHost([tools([call('b', 'read_file')], 0.1), done(0.1)]);
    later.estimateEach = 0.05;
    assert.deepEqual(await runAgentTask(later, { maxSteps: 25, maxCost: 0.5 }, new AbortController().signal, progress), { state: 'done' });
    assert.equal(later.questions.length, 0);
  });

  it('continuing a task paused at a limit goes on past it once, without asking again at once', async () => {
    const host = new ScriptedHost([tools([call('a', 'read_file')], 0.1), done(0.1)]);
    host.estimateEach = 0.3;
    const progress = { steps: 1, spent: 0.4, unpriced: false };
    assert.deepEqual(await runAgentTask(host, { maxSteps: 25, maxCost: 0.5 }, new AbortController().signal, progress, 'cost'), { state: 'done' });
    assert.deepEqual(host.questions, [], 'the user agreed already');
    assert.equal(progress.steps, 3);

    const steps = new ScriptedHost([done()]);
    assert.deepEqual(await runAgentTask(steps, { maxSteps: 2, maxCost: 100 }, new AbortController().signal, { steps: 2, spent: 0, unpriced: false }, 'steps'), { state: 'done' });
    assert.deepEqual(steps.questions, []);
  });

  it('an unknown price does not stop the task but marks the total as a lower bound', async () => {
    const host = new ScriptedHost([{ status: 'done', toolCalls: [call('a', 'read_file')] }, done(0.01)]);
    host.estimateEach = undefined;
    const progress = { steps: 0, spent: 0, unpriced: false };
    assert.deepEqual(await runAgentTask(host, limits, new AbortController().signal, progress), { state: 'done' });
    assert.equal(progress.unpriced, true);
  });
});
