// download(): result files (images, videos) fetched through the client, against a small server
// that answers each path as the test says (sizes, empty files, https, slow bodies).
import * as assert from 'node:assert/strict';
import { TokenHubError } from '../../../src/core/client/errors';
import type { TokenHubClient } from '../../../src/core/client/tokenHubClient';
import { scriptedClient, startScriptedServer } from '../../fakes/scriptedServer';
import type { Handler, ScriptedServer } from '../../fakes/scriptedServer';
import { caught } from '../../simulator/helpers';

function clientFor(server: ScriptedServer, strictSSL = true): TokenHubClient {
  return scriptedClient(server, { proxy: { url: '', strictSSL, env: {} } });
}

async function readAll(body: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of body) parts.push(Buffer.from(c));
  return Buffer.concat(parts).toString('utf8');
}

const sized = (text: string): Handler => (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
};

/** Sends one piece, then holds the response open until the client goes away. */
const endless: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'video/mp4' });
  res.write(Buffer.alloc(1024, 1));
};

describe('core/client/resultDownload', () => {
  let server: ScriptedServer;
  let client: TokenHubClient;
  afterEach(async () => {
    await client?.close();
    await server?.close();
  });

  it('gives the size the server announces (0 for an empty file) and none when it sends none', async () => {
    server = await startScriptedServer({
      '/files/five.bin': sized('12345'),
      '/files/empty.bin': sized(''),
      '/files/chunked.bin': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.write('ab');
        res.end('cd');
      },
    });
    client = clientFor(server);
    const five = await client.download(`${server.origin}/files/five.bin`);
    assert.equal(five.contentLength, 5);
    assert.equal(await readAll(five.body), '12345');
    const empty = await client.download(`${server.origin}/files/empty.bin`);
    assert.equal(empty.contentLength, 0, 'an empty file has a known size');
    assert.equal(await readAll(empty.body), '');
    const chunked = await client.download(`${server.origin}/files/chunked.bin`);
    assert.equal(chunked.contentLength, undefined);
    assert.equal(await readAll(chunked.body), 'abcd');
  });

  it('reads an address relative to the gateway like a browser would, asking for any type, with the key', async () => {
    server = await startScriptedServer({ '/api/v1/files/a.png': sized('png'), '/files/b.png': sized('png') });
    client = clientFor(server);
    assert.equal(await readAll((await client.download('files/a.png')).body), 'png');
    assert.equal(await readAll((await client.download('/files/b.png')).body), 'png');
    assert.deepEqual(server.seen, [
      { path: '/api/v1/files/a.png', accept: '*/*', auth: true },
      { path: '/files/b.png', accept: '*/*', auth: true },
    ]);
  });

  it('downloads over https too', async () => {
    server = await startScriptedServer({ '/files/a.png': sized('over tls') }, true);
    client = clientFor(server, false);
    const r = await client.download(`${server.origin}/files/a.png`);
    assert.equal(await readAll(r.body), 'over tls');
  });

  it('a cancel in the middle of a download stops it: no more data, a cancelled error, the connection closed', async () => {
    server = await startScriptedServer({ '/files/slow.mp4': endless });
    client = clientFor(server);
    const ac = new AbortController();
    const r = await client.download(`${server.origin}/files/slow.mp4`, { signal: ac.signal });
    let chunks = 0;
    const err = await caught(async () => {
      for await (const _ of r.body) {
        chunks++;
        ac.abort();
      }
    });
    assert.ok(err instanceof TokenHubError && err.kind === 'cancelled', String(err));
    assert.equal(chunks, 1);
    await server.abandoned('/files/slow.mp4');
  });

  it('a caller that stops reading frees the connection', async () => {
    server = await startScriptedServer({ '/files/slow.mp4': endless });
    client = clientFor(server);
    const r = await client.download(`${server.origin}/files/slow.mp4`);
    for await (const _ of r.body) break;
    await server.abandoned('/files/slow.mp4');
  });
});
