// A fake chat webview for the host's side of host → webview requests: it can be torn down and come
// back (as VS Code does with hidden views), records what the host posted to each incarnation, and
// answers as the real webview would. A fake clock stands in for timers.
import type { CancelHostRequest, HostRequest, WebviewReply } from '../../src/core/protocol/hostRequests';
import type { HostRequestClock, HostRequestTransport } from '../../src/core/protocol/hostRequester';

export class FakeWebview implements HostRequestTransport {
  /** Whether a webview is there and has said `ready`. */
  ready = true;
  /** What the current webview received since it (re)loaded. */
  received: (HostRequest | CancelHostRequest)[] = [];
  /** Every message the host tried to post, delivered or not. */
  readonly attempts: (HostRequest | CancelHostRequest)[] = [];

  send(message: HostRequest | CancelHostRequest): boolean {
    this.attempts.push(message);
    if (!this.ready) return false;
    this.received.push(message);
    return true;
  }

  /** Hidden: the webview is torn down; what it held is gone. */
  tearDown(): void {
    this.ready = false;
    this.received = [];
  }

  /** Shown again: a new webview loads (the host's `ready` handling is the caller's). */
  load(): void {
    this.ready = true;
    this.received = [];
  }

  requests(): HostRequest[] {
    return this.received.filter((m): m is HostRequest => m.type === 'hostRequest');
  }

  cancels(): number[] {
    return this.received.filter((m): m is CancelHostRequest => m.type === 'cancelHostRequest').map((m) => m.id);
  }

  /** The reply the webview would post for choosing `choice` in request `id`. */
  static answer(id: number, choice: string): WebviewReply {
    return { type: 'reply', id, result: { choice } };
  }
}

/** Timers that fire only when the test moves time forward. */
export class FakeClock implements HostRequestClock {
  now = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private next = 1;

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.set(id, { at: this.now + ms, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  advance(ms: number): void {
    this.now += ms;
    for (const [id, t] of [...this.timers].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at > this.now) continue;
      this.timers.delete(id);
      t.fn();
    }
  }
}
