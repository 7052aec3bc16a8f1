// The agent's loop: stream the model, run the tool calls it asks for, send the results back,
// repeat until it answers without tools, the user stops, or a limit is reached. Pure: the host
// (src/agent) runs the turns through the one turn runner, runs the tools (with their approvals)
// and keeps the conversation; this decides the order and when to stop or ask.
import type { ChatRequest, ToolCall } from '../api/types';
import type { ToolKind } from './tools';
import type { AgentLimits } from './limits';
import { toolByName } from './tools';

export type { AgentLimits } from './limits';
export { DEFAULT_LIMITS } from './limits';

/** What one model turn gave the loop. */
export interface StepResult {
  status: 'done' | 'cancelled' | 'error';
  toolCalls: readonly ToolCall[];
  /** USD as charged or priced (an estimate when the gateway sent no usage); undefined when unknown. */
  cost?: number;
}

export interface LimitQuestion {
  limit: 'steps' | 'cost';
  steps: number;
  spent: number;
  /** What the next request would cost, when known. */
  estimate?: number;
  /** The limit that would be passed. */
  max: number;
}

export interface AgentHost {
  /** The next request: the conversation so far, with the tools. */
  nextRequest(): ChatRequest;
  /** The most the next request may cost (its prompt priced, and a bounded answer); undefined when prices are unknown. */
  estimate(request: ChatRequest): number | undefined;
  /** One model turn; the host streams its parts into the answer. */
  turn(request: ChatRequest, signal: AbortSignal): Promise<StepResult>;
  /** One tool call to its end, approval included; records its parts. Never throws. */
  runTool(call: ToolCall, kind: ToolKind | undefined, signal: AbortSignal): Promise<void>;
  /** A limit would be passed: true to go on (the limit grows by its own size again). */
  askToContinue(question: LimitQuestion, signal: AbortSignal): Promise<boolean>;
}

export type TaskEnd =
  /** The model answered without asking for a tool. */
  | { state: 'done' }
  /** The user stopped it. */
  | { state: 'stopped' }
  /** A limit was reached and the user did not go on; the task can be continued. */
  | { state: 'paused'; limit: 'steps' | 'cost' }
  /** The model request failed (the answer says why). */
  | { state: 'failed' };

export interface TaskProgress {
  steps: number;
  spent: number;
  /** Some step's cost was unknown: `spent` is a lower bound. */
  unpriced: boolean;
}

/**
 * Groups a turn's tool calls for running, in the order the model gave them: reads next to each
 * other run together; every write or command runs alone, one after the other. An unknown tool
 * (its error goes back to the model) counts as a read: it does nothing.
 */
export function scheduleToolCalls(calls: readonly ToolCall[]): { calls: ToolCall[]; kind: ToolKind | undefined }[][] {
  const groups: { calls: ToolCall[]; kind: ToolKind | undefined }[][] = [];
  let reads: { calls: ToolCall[]; kind: ToolKind | undefined }[] | undefined;
  for (const call of calls) {
    const kind = toolByName(call.function.name)?.kind;
    if (kind === 'read' || kind === undefined) {
      if (!reads) groups.push((reads = []));
      reads.push({ calls: [call], kind });
    } else {
      reads = undefined;
      groups.push([{ calls: [call], kind }]);
    }
  }
  return groups;
}

/**
 * Runs a task until it ends. `progress` carries on from an earlier run of the same task (after a
 * pause or a reload) and is updated in place, so the caller can show the running totals.
 */
export async function runAgentTask(
  host: AgentHost,
  limits: AgentLimits,
  signal: AbortSignal,
  progress: TaskProgress = { steps: 0, spent: 0, unpriced: false },
  /** The user continued a task that paused at this limit: its next question is answered already. */
  agreed?: 'steps' | 'cost',
): Promise<TaskEnd> {
  let maxSteps = Math.max(1, limits.maxSteps);
  let maxCost = Math.max(0, limits.maxCost);
  // A task continued after a pause has already been allowed its spending so far.
  while (progress.steps >= maxSteps) maxSteps += Math.max(1, limits.maxSteps);
  while (maxCost > 0 && progress.spent >= maxCost) maxCost += limits.maxCost;
  for (;;) {
    if (signal.aborted) return { state: 'stopped' };
    if (progress.steps >= maxSteps) {
      const go = agreed === 'steps' || (await host.askToContinue({ limit: 'steps', steps: progress.steps, spent: progress.spent, max: maxSteps }, signal));
      agreed = undefined;
      if (signal.aborted) return { state: 'stopped' };
      if (!go) return { state: 'paused', limit: 'steps' };
      maxSteps += Math.max(1, limits.maxSteps);
    }
    const request = host.nextRequest();
    const estimate = host.estimate(request);
    if (progress.spent + (estimate ?? 0) > maxCost) {
      const go = agreed === 'cost' || (await host.askToContinue({ limit: 'cost', steps: progress.steps, spent: progress.spent, estimate, max: maxCost }, signal));
      agreed = undefined;
      if (signal.aborted) return { state: 'stopped' };
      if (!go) return { state: 'paused', limit: 'cost' };
      while (progress.spent + (estimate ?? 0) > maxCost) maxCost += Math.max(limits.maxCost, 0.01);
    }
    const step = await host.turn(request, signal);
    progress.steps++;
    if (step.cost === undefined) progress.unpriced = true;
    else progress.spent += step.cost;
    if (step.status === 'cancelled' || signal.aborted) return { state: 'stopped' };
    if (step.status === 'error') return { state: 'failed' };
    if (!step.toolCalls.length) return { state: 'done' };
    for (const group of scheduleToolCalls(step.toolCalls)) {
      if (signal.aborted) return { state: 'stopped' };
      await Promise.all(group.map((g) => host.runTool(g.calls[0]!, g.kind, signal)));
    }
  }
}
