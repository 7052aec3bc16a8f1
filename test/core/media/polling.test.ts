import * as assert from 'node:assert/strict';
import type { VideoStatus, VideoTask } from '../../../src/core/api/types';
import { MediaError } from '../../../src/core/media/errors';
import { backoffDelay, backoffDelays, DEFAULT_BACKOFF, pollVideoTask, realClock } from '../../../src/core/media/polling';
import type { Clock } from '../../../src/core/media/polling';

/** A clock whose sleep advances time at once and records the delays asked for. */
function fakeClock(start = 1_000_000): Clock & { slept: number[]; t: number } {
  const c = {
    t: start,
    slept: [] as number[],
    now: () => c.t,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw new MediaError('cancelled', 'cancelled');
      c.slept.push(ms);
      c.t += ms;
    },
  };
  return c;
}

function scripted(states: (VideoStatus | Error)[], extra: Partial<VideoTask> = {}) {
  const calls: string[] = [];
  let i = 0;
  return {
    calls,
    getVideo: async (id: string): Promise<VideoTask> => {
      calls.push(id);
      const s = states[Math.min(i++, states.length - 1)];
      if (s instanceof Error) throw s;
      return { id, model: 'm', status: s, ...(s === 'succeeded' ? { videoUrl: 'http://x/v.mp4', ...extra } : {}), ...(s === 'failed' ? { error: 'content policy' } : {}) };
    },
  };
}

describe('core/media/polling', () => {
  it('backs off by the factor up to the cap', () => {
    assert.deepEqual(backoffDelays({ initialMs: 1000, factor: 2, maxMs: 5000 }, 5), [1000, 2000, 4000, 5000, 5000]);
    assert.deepEqual(backoffDelays(DEFAULT_BACKOFF, 3), [2000, 3000, 4500]);
    assert.equal(backoffDelay(DEFAULT_BACKOFF, 50), DEFAULT_BACKOFF.maxMs);
  });

  it('polls at once, then after each back-off delay, until the task succeeds', async () => {
    const clock = fakeClock();
    const api = scripted(['queued', 'queued', 'running', 'running', 'succeeded']);
    const seen: VideoStatus[] = [];
    const task = await pollVideoTask({
      id: 'tsk-1',
      getVideo: api.getVideo,
      startedAt: clock.t,
      timeoutMs: 60_000,
      schedule: { initialMs: 100, factor: 2, maxMs: 500 },
      clock,
      onUpdate: (t) => seen.push(t.status),
    });
    assert.equal(task.status, 'succeeded');
    assert.equal(task.videoUrl, 'http://x/v.mp4');
    assert.deepEqual(seen, ['queued', 'queued', 'running', 'running', 'succeeded']);
    assert.deepEqual(clock.slept, [100, 200, 400, 500]);
    assert.deepEqual(api.calls, ['tsk-1', 'tsk-1', 'tsk-1', 'tsk-1', 'tsk-1']);
  });

  it('throws a failed MediaError with the gateway reason', async () => {
    const clock = fakeClock();
    await assert.rejects(
      pollVideoTask({ id: 't', getVideo: scripted(['queued', 'failed']).getVideo, startedAt: clock.t, timeoutMs: 60_000, clock }),
      (e: unknown) => e instanceof MediaError && e.kind === 'failed' && e.detail === 'content policy',
    );
  });

  it('gives up at the deadline, after a last poll at the deadline itself', async () => {
    const clock = fakeClock();
    const api = scripted(['running']);
    await assert.rejects(
      pollVideoTask({ id: 't', getVideo: api.getVideo, startedAt: clock.t, timeoutMs: 1000, schedule: { initialMs: 300, factor: 2, maxMs: 10_000 }, clock }),
      (e: unknown) => e instanceof MediaError && e.kind === 'timeout',
    );
    // 300 + 600, then only the 100 ms left: never sleeping past the deadline.
    assert.deepEqual(clock.slept, [300, 600, 100]);
    assert.equal(api.calls.length, 4);
  });

  it('a task that finishes on the last poll at the deadline is kept', async () => {
    const clock = fakeClock();
    const api = scripted(['running', 'running', 'succeeded']);
    const t = await pollVideoTask({ id: 't', getVideo: api.getVideo, startedAt: clock.t, timeoutMs: 300, schedule: { initialMs: 200, factor: 1, maxMs: 200 }, clock });
    assert.equal(t.status, 'succeeded');
    assert.deepEqual(clock.slept, [200, 100]);
  });

  it('a resumed task keeps its original deadline', async () => {
    const clock = fakeClock();
    const api = scripted(['running']);
    // Created 59.9 s ago with a 60 s limit: one poll now, one at the deadline, then the end.
    await assert.rejects(
      pollVideoTask({ id: 't', getVideo: api.getVideo, startedAt: clock.t - 59_900, timeoutMs: 60_000, schedule: { initialMs: 1000, factor: 1, maxMs: 1000 }, clock }),
      /did not finish/,
    );
    assert.deepEqual(clock.slept, [100]);
    assert.equal(api.calls.length, 2);
  });

  it('stops when cancelled, between polls and during a sleep', async () => {
    const clock = fakeClock();
    const ac = new AbortController();
    const api = scripted(['queued']);
    await assert.rejects(
      pollVideoTask({
        id: 't',
        getVideo: api.getVideo,
        startedAt: clock.t,
        timeoutMs: 60_000,
        clock,
        signal: ac.signal,
        onUpdate: () => {
          if (api.calls.length === 2) ac.abort();
        },
      }),
      (e: unknown) => e instanceof MediaError && e.kind === 'cancelled',
    );
    assert.equal(api.calls.length, 2);

    const ac2 = new AbortController();
    const sleeping = realClock.sleep(60_000, ac2.signal);
    ac2.abort();
    await assert.rejects(sleeping, (e: unknown) => e instanceof MediaError && e.kind === 'cancelled');
  });

  it('rides over transient errors, but not too many in a row nor permanent ones', async () => {
    const clock = fakeClock();
    const transient = new Error('ECONNRESET');
    const ok = await pollVideoTask({
      id: 't',
      getVideo: scripted([transient, transient, 'succeeded']).getVideo,
      startedAt: clock.t,
      timeoutMs: 60_000,
      clock,
      isTransient: (e) => e === transient,
    });
    assert.equal(ok.status, 'succeeded');
    await assert.rejects(
      pollVideoTask({ id: 't', getVideo: scripted([transient]).getVideo, startedAt: clock.t, timeoutMs: 600_000, clock, isTransient: (e) => e === transient, maxTransientErrors: 3 }),
      /ECONNRESET/,
    );
    const permanent = new Error('401');
    await assert.rejects(pollVideoTask({ id: 't', getVideo: scripted([permanent]).getVideo, startedAt: clock.t, timeoutMs: 60_000, clock, isTransient: (e) => e === transient }), /401/);
  });

  it('tolerates the limit of transient errors in a row, and gives up on the next one', async () => {
    const clock = fakeClock();
    const transient = new Error('ECONNRESET');
    const api = scripted([transient, transient, transient, transient, 'succeeded']);
    const seen: VideoStatus[] = [];
    await assert.rejects(
      pollVideoTask({ id: 't', getVideo: api.getVideo, startedAt: clock.t, timeoutMs: 600_000, clock, isTransient: (e) => e === transient, maxTransientErrors: 3, onUpdate: (t) => seen.push(t.status) }),
      (e: unknown) => e === transient,
    );
    // Three tolerated, the fourth thrown as it came: no fifth poll, nothing reported.
    assert.equal(api.calls.length, 4);
    assert.deepEqual(seen, []);
    // Waiting between failed polls like between answers.
    assert.equal(clock.slept.length, 3);
  });

  it('counts transient errors in a row: an answer between them starts the count again', async () => {
    // A long task over a flaky network: blips now and then must not add up to a failure.
    const clock = fakeClock();
    const blip = new Error('ECONNRESET');
    const api = scripted([blip, blip, blip, 'running', blip, blip, blip, 'running', blip, blip, blip, 'succeeded']);
    const seen: VideoStatus[] = [];
    const task = await pollVideoTask({
      id: 't',
      getVideo: api.getVideo,
      startedAt: clock.t,
      timeoutMs: 3_600_000,
      clock,
      isTransient: (e) => e === blip,
      maxTransientErrors: 3,
      onUpdate: (t) => seen.push(t.status),
    });
    assert.equal(task.status, 'succeeded');
    assert.deepEqual(seen, ['running', 'running', 'succeeded']);
    assert.equal(api.calls.length, 12);
  });

  it('tolerates five transient errors in a row by default', async () => {
    const clock = fakeClock();
    const blip = new Error('ECONNRESET');
    const five = await pollVideoTask({ id: 't', getVideo: scripted([blip, blip, blip, blip, blip, 'succeeded']).getVideo, startedAt: clock.t, timeoutMs: 3_600_000, clock, isTransient: (e) => e === blip });
    assert.equal(five.status, 'succeeded');
    const api = scripted([blip, blip, blip, blip, blip, blip, 'succeeded']);
    await assert.rejects(pollVideoTask({ id: 't', getVideo: api.getVideo, startedAt: clock.t, timeoutMs: 3_600_000, clock, isTransient: (e) => e === blip }), /ECONNRESET/);
    assert.equal(api.calls.length, 6);
  });
});
