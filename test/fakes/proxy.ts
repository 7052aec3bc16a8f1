// A tiny real HTTP proxy on 127.0.0.1 for client tests: CONNECT tunnels and absolute-URI
// forwarding, with a log of what went through it and an optional refusal status.
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ProxyLogEntry {
  method: string;
  /** `host:port` for CONNECT, the absolute URL for forwarded requests. */
  target: string;
  /** Whether an Authorization header passed through a forwarded request (never for CONNECT). */
  hadAuthorization: boolean;
  /** Whether the client sent Proxy-Authorization. */
  hadProxyAuthorization?: boolean;
}

export class TestProxy {
  readonly log: ProxyLogEntry[] = [];
  /** Answer every request/CONNECT with this status instead of forwarding (e.g. 407). */
  refuseWith: number | undefined;
  /** `user:password` the proxy demands (Basic Proxy-Authorization); others get 407. */
  requireCredentials: string | undefined;
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly server: http.Server, readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<TestProxy> {
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const proxy = new TestProxy(server, (server.address() as AddressInfo).port);
    server.on('connection', (s: net.Socket) => {
      proxy.sockets.add(s);
      s.on('close', () => proxy.sockets.delete(s));
    });
    server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      proxy.log.push({ method: 'CONNECT', target: req.url ?? '', hadAuthorization: false, hadProxyAuthorization: req.headers['proxy-authorization'] !== undefined });
      const refuse = proxy.refuseWith ?? (proxy.accepts(req) ? undefined : 407);
      if (refuse) {
        client.end(`HTTP/1.1 ${refuse} Refused\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      const [host, port] = (req.url ?? '').split(':');
      const upstream = net.connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      proxy.sockets.add(upstream);
      upstream.on('close', () => proxy.sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      proxy.log.push({
        method: req.method ?? 'GET',
        target: req.url ?? '',
        hadAuthorization: req.headers.authorization !== undefined,
        hadProxyAuthorization: req.headers['proxy-authorization'] !== undefined,
      });
      const refuse = proxy.refuseWith ?? (proxy.accepts(req) ? undefined : 407);
      if (refuse) {
        res.writeHead(refuse, { 'proxy-authenticate': 'Basic realm="test"', 'content-type': 'text/plain' });
        res.end('Proxy refused');
        return;
      }
      const target = new URL(req.url ?? '');
      const up = http.request(
        { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers },
        (upRes) => {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
        },
      );
      up.on('error', () => res.destroy());
      req.pipe(up);
    });
    return proxy;
  }

  private accepts(req: http.IncomingMessage): boolean {
    if (!this.requireCredentials) return true;
    return req.headers['proxy-authorization'] === `Basic ${Buffer.from(this.requireCredentials).toString('base64')}`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
