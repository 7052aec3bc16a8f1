// A task's limits, apart from the loop: settings read them at activation, the loop only on a task.
export interface AgentLimits {
  /** Model requests per task before the task pauses and asks. */
  maxSteps: number;
  /** USD per task: a request that would pass it pauses the task and asks first. */
  maxCost: number;
}

export const DEFAULT_LIMITS: AgentLimits = { maxSteps: 25, maxCost: 0.5 };
