import type { VideoTask } from '../api/types';
import { MediaError } from './errors';

/** Delays between polls: `initialMs`, then ×`factor` each time, never above `maxMs`. */
export interface BackoffSchedule {
  initialMs: number;
  factor: number;
  maxMs: number;
}

// Video tasks take minutes; polling every 2 s at first catches quick ones, and 15 s later keeps a
// long task from costing hundreds of requests.
export const DEFAULT_BACKOFF: BackoffSchedule = { initialMs: 2000, factor: 1.5, maxMs: 15000 };

export function backoffDelay(schedule: BackoffSchedule, attempt: number): number {
  const d = schedule.initialMs * Math.pow(schedule.factor, Math.max(0, attempt));
  return Math.min(schedule.maxMs, Math.round(d));
}

/** The first `count` delays of the schedule (for display and tests). */
export function backoffDelays(schedule: BackoffSchedule, count: number): number[] {
  return Array.from({ length: count }, (_, i) => backoffDelay(schedule, i));
}

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new MediaError('cancelled', 'cancelled'));
      const onAbort = () => {
        clearTimeout(timer);
        reject(new MediaError('cancelled', 'cancelled'));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export interface PollOptions {
  id: string;
  getVideo(id: string, signal?: AbortSignal): Promise<VideoTask>;
  /** When the task was created (ms): a resumed task keeps its original deadline. */
  startedAt: number;
  timeoutMs: number;
  schedule?: BackoffSchedule;
  clock?: Clock;
  signal?: AbortSignal;
  /** Every answer, in order (the progress notification and the Generations list show it). */
  onUpdate?(task: VideoTask): void;
  /** Errors that do not end the task (a dropped connection, a 5xx); others are thrown. */
  isTransient?(error: unknown): boolean;
  /** How many transient errors in a row are tolerated before giving up. */
  maxTransientErrors?: number;
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new MediaError('cancelled', 'cancelled');
}

/**
 * Polls a video task until it succeeds (returns it), fails (MediaError 'failed' with the
 * gateway's reason), passes its deadline (MediaError 'timeout') or is cancelled (MediaError
 * 'cancelled'). The first poll is immediate, so a resumed task shows its state at once; the
 * last one happens at the deadline, so a task that finishes just in time is not thrown away.
 */
export async function pollVideoTask(o: PollOptions): Promise<VideoTask> {
  const clock = o.clock ?? realClock;
  const schedule = o.schedule ?? DEFAULT_BACKOFF;
  const deadline = o.startedAt + o.timeoutMs;
  const maxTransient = o.maxTransientErrors ?? 5;
  let attempt = 0;
  let transientInARow = 0;
  for (;;) {
    checkAborted(o.signal);
    let task: VideoTask | undefined;
    try {
      task = await o.getVideo(o.id, o.signal);
      transientInARow = 0;
    } catch (e) {
      checkAborted(o.signal);
      if (!o.isTransient?.(e) || ++transientInARow > maxTransient) throw e;
    }
    checkAborted(o.signal);
    if (task) {
      o.onUpdate?.(task);
      if (task.status === 'succeeded') return task;
      if (task.status === 'failed') throw new MediaError('failed', `task ${o.id} failed`, task.error);
    }
    const remaining = deadline - clock.now();
    if (remaining <= 0) throw new MediaError('timeout', `task ${o.id} did not finish within ${Math.round(o.timeoutMs / 60000)} min`);
    await clock.sleep(Math.min(backoffDelay(schedule, attempt++), remaining), o.signal);
  }
}
