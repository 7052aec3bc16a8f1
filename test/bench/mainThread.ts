// What the benches read from Chromium about a page's main thread: every task it ran (a trace of
// the `toplevel` category: one `ThreadControllerImpl::RunTask` event per task, with its wall time
// and its thread time), and Chromium's own counter of main-thread time (CDP Performance).
//
// On a shared, loaded machine a task's wall time includes the time the OS gave the CPU to other
// processes; its thread time does not. Both are printed: thread time is what our code costs, wall
// time is what a user on this machine would have waited.
import type { Browser, CDPSession, Page } from 'playwright-core';

export interface Task {
  /** Wall time, ms. */
  readonly wall: number;
  /** Thread (CPU) time, ms. */
  readonly cpu: number;
}

export interface TaskSummary {
  readonly count: number;
  readonly longest: Task;
  /** The longest by thread time (the one our code is to blame for). */
  readonly longestCpu: Task;
  /** Tasks whose thread time exceeds 50 ms. */
  readonly over50: number;
  readonly totalCpu: number;
}

interface TraceEvent {
  readonly ph: string;
  readonly name: string;
  readonly pid: number;
  readonly tid: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly args?: { name?: string };
}

export class MainThreadTrace {
  private constructor(private readonly browser: Browser) {}

  static async start(browser: Browser, page: Page): Promise<MainThreadTrace> {
    await browser.startTracing(page, { categories: ['toplevel'] });
    return new MainThreadTrace(browser);
  }

  /** Stops the trace; the tasks of the busiest renderer main thread (the page's). */
  async stop(): Promise<TaskSummary> {
    const buf = await this.browser.stopTracing();
    const parsed = JSON.parse(buf.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
    const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
    const names = new Map<string, string>();
    for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name) names.set(`${e.pid}:${e.tid}`, e.args.name);
    const byThread = new Map<string, Task[]>();
    for (const e of events) {
      if (e.ph !== 'X' || e.name !== 'ThreadControllerImpl::RunTask') continue;
      const key = `${e.pid}:${e.tid}`;
      if (names.get(key) !== 'CrRendererMain') continue;
      const list = byThread.get(key) ?? [];
      // Thread time cannot exceed wall time; when the trace says so, its CPU clock was coarse.
      const wall = (e.dur ?? 0) / 1000;
      list.push({ wall, cpu: Math.min(wall, (e.tdur ?? e.dur ?? 0) / 1000) });
      byThread.set(key, list);
    }
    let tasks: Task[] = [];
    let most = -1;
    for (const list of byThread.values()) {
      const total = list.reduce((a, t) => a + t.wall, 0);
      if (total > most) {
        most = total;
        tasks = list;
      }
    }
    return summarize(tasks);
  }
}

export function summarize(tasks: readonly Task[]): TaskSummary {
  const none = { wall: 0, cpu: 0 };
  let longest = none;
  let longestCpu = none;
  let over50 = 0;
  let totalCpu = 0;
  for (const t of tasks) {
    if (t.wall > longest.wall) longest = t;
    if (t.cpu > longestCpu.cpu) longestCpu = t;
    if (t.cpu > 50) over50++;
    totalCpu += t.cpu;
  }
  return { count: tasks.length, longest, longestCpu, over50, totalCpu };
}

/** Time inside the main thread's tasks and the CPU time it used, in ms. */
export interface TaskTimes {
  task: number;
  cpu: number;
}

/** Chromium's main-thread time counters (CDP Performance.TaskDuration and ThreadTime), in ms. */
export class TaskClock {
  private constructor(
    private readonly page: Page,
    private readonly cdp: CDPSession,
  ) {}

  static async open(page: Page): Promise<TaskClock> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    return new TaskClock(page, cdp);
  }

  /**
   * Waits until the page's main thread runs undisturbed. For a second or so after a page opens,
   * its own start (background compiling, the GPU process, first collections) competes for this
   * machine's two cores, and the main thread spends part of every task off the CPU: a short
   * measurement taken then (ours) counts that time, a long one (the naive way's) barely does.
   * Busy probes of 50 ms run until one is all CPU time; returns how many ran (at most `tries`).
   */
  async settle(tries = 40): Promise<number> {
    for (let k = 0; k < tries; k++) {
      const a = await this.both();
      await this.page.evaluate(() => {
        const t0 = performance.now();
        while (performance.now() - t0 < 50);
      });
      const b = await this.both();
      if (b.task - a.task - (b.cpu - a.cpu) < 1) return k + 1;
    }
    return tries;
  }

  async now(): Promise<number> {
    return (await this.both()).task;
  }

  /**
   * Time inside the main thread's tasks (`task`, wall time) and the CPU time the main thread used
   * (`cpu`), in ms. They part when the thread is inside a task but off the CPU: on a small shared
   * machine, other processes (the test driver, the GPU process) take its core for a while.
   */
  async both(): Promise<TaskTimes> {
    const { metrics } = await this.cdp.send('Performance.getMetrics');
    const value = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
    return { task: value('TaskDuration'), cpu: value('ThreadTime') };
  }

  /** JS heap in use after a full garbage collection, in MB. */
  async heapMb(): Promise<number> {
    await this.cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await this.cdp.send('Runtime.getHeapUsage');
    return usedSize / 1e6;
  }
}

export const fmt = {
  ms: (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`,
  task: (t: Task) => `${t.cpu.toFixed(1)} (${t.wall.toFixed(0)} wall)`,
  x: (v: number) => `${v.toFixed(1)}x`,
};

/** A table row: a label, then columns right-aligned. */
export function row(label: string, ...cols: string[]): void {
  console.log(`  ${label.padEnd(44)}${cols.map((c) => c.padStart(22)).join('')}`);
}
