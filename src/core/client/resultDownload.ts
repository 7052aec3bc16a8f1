import type { RequestOptions } from './api';
import { errorFromNetwork } from './errorMapping';
import { TokenHubError } from './errors';
import { cancelledError } from './httpTransport';
import type { Call, HttpTransport } from './httpTransport';

/**
 * GET of a result file (an image or a video), following redirects. The key goes only to the
 * gateway's own origin; result files on a CDN get no credentials (and undici's redirect handler
 * drops Authorization when a redirect changes origin).
 */
export async function download(http: HttpTransport, url: string, o?: RequestOptions): Promise<{ contentLength?: number; body: AsyncIterable<Uint8Array> }> {
  const target = new URL(url, http.baseUrl + '/');
  if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new TokenHubError('badRequest', `Cannot download from a ${target.protocol} URL.`);
  const sameOrigin = target.origin === new URL(http.baseUrl).origin;
  const call: Call = { endpoint: 'download', method: 'GET', url: target, accept: '*/*', auth: sameOrigin, dispatcher: http.redirecting() };
  const { res, ctx } = await http.open(call, o?.signal);
  const len = Number(res.headers['content-length']);
  const signal = o?.signal;
  const body = res.body;
  // One chunk at a time as the caller asks for it: undici pauses the socket while its small
  // buffer is full, so a caller that writes each chunk to disk holds only that chunk.
  async function* read(): AsyncIterable<Uint8Array> {
    try {
      for await (const chunk of body) {
        if (signal?.aborted) throw cancelledError();
        yield chunk as Uint8Array;
      }
    } catch (err) {
      // No `receivedChars`: that counts a chat answer's characters "kept" on a cut, and nothing
      // of a download is kept.
      throw signal?.aborted ? cancelledError() : errorFromNetwork(err, { ...ctx, afterHeaders: true });
    } finally {
      if (!body.readableEnded) body.destroy();
    }
  }
  return { contentLength: Number.isFinite(len) && len >= 0 ? len : undefined, body: read() };
}
