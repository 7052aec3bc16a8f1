// Opening the connection to the gateway before the first request needs it. A new HTTPS connection
// costs a DNS lookup, a TCP handshake and a TLS handshake (tens to hundreds of milliseconds, all
// before the first token); when the chat view opens, the user is about to ask something. So the
// client opens a socket then, with undici's own connector and options, and keeps it as a spare:
// when undici opens its first connection to that origin, it is handed the spare instead. No
// request is sent to warm it (a request would reach the gateway's logs, or its limits).
//
// A spare is dropped when the server closes it or sends anything, and after SPARE_MS (servers
// close connections that stay silent): the request then opens its own, as it would have anyway.
import type { Socket } from 'node:net';
import { buildConnector } from 'undici';

/** How long a socket opened ahead of need waits for the request that needs it. */
const SPARE_MS = 20_000;

interface Spare {
  readonly origin: string;
  readonly socket: Socket;
  readonly timer: NodeJS.Timeout;
  readonly drop: () => void;
}

function originOf(o: { protocol: string; host?: string; hostname: string; port: string }): string {
  return `${o.protocol}//${o.host ?? (o.port ? `${o.hostname}:${o.port}` : o.hostname)}`;
}

export class Preconnector {
  private readonly open: buildConnector.connector;
  private spare: Spare | undefined;
  private opening: string | undefined;

  constructor(options: buildConnector.BuildOptions) {
    this.open = buildConnector(options);
  }

  /** undici's connect hook: the spare when it is to that origin and still open, else a new socket. */
  readonly connect: buildConnector.connector = (options, callback) => {
    const spare = this.spare;
    if (spare && spare.origin === originOf(options) && !spare.socket.destroyed) {
      this.release(false);
      process.nextTick(() => callback(null, spare.socket));
      return;
    }
    this.open(options, callback);
  };

  /** True while a spare socket to `origin` waits. */
  has(origin: URL): boolean {
    return this.spare?.origin === origin.origin && !this.spare.socket.destroyed;
  }

  /** Opens a spare socket to `origin` (unless one is open or opening); resolves when it is there or failed. */
  warm(origin: URL): Promise<void> {
    const key = origin.origin;
    if (this.opening === key || this.has(origin)) return Promise.resolve();
    this.opening = key;
    return new Promise((resolve) => {
      const done = (err: Error | null, socket: Socket | null) => {
        this.opening = undefined;
        if (!err && socket) this.keep(key, socket);
        resolve();
      };
      try {
        this.open({ hostname: origin.hostname, host: origin.host, protocol: origin.protocol, port: origin.port }, done as buildConnector.Callback);
      } catch {
        done(new Error('connect failed'), null);
      }
    });
  }

  private keep(origin: string, socket: Socket): void {
    this.release(true);
    // Anything the server sends before a request (or its end of the connection) makes it unusable.
    const drop = () => {
      if (this.spare?.socket === socket) this.release(true);
    };
    socket.on('readable', drop).on('close', drop).on('error', drop);
    const timer = setTimeout(drop, SPARE_MS);
    timer.unref?.();
    this.spare = { origin, socket, timer, drop };
  }

  private release(destroy: boolean): void {
    const s = this.spare;
    if (!s) return;
    this.spare = undefined;
    clearTimeout(s.timer);
    s.socket.off('readable', s.drop).off('close', s.drop).off('error', s.drop);
    if (destroy) s.socket.destroy();
  }

  close(): void {
    this.release(true);
  }
}
