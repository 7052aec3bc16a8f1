import type { ChatRequest } from '../api/types';
import { redact } from '../log';
import type { ChatStreamEvent, RequestOptions } from './api';
import { ChatStreamAssembler, completionFromJson, eventsFromCompletion } from './chatStream';
import { errorFromNetwork } from './errorMapping';
import { TokenHubError } from './errors';
import { cancelledError } from './httpTransport';
import type { Call, HttpTransport } from './httpTransport';
import { SseDecoder } from './sse';

/**
 * A streamed chat completion: the SSE body decoded in big chunks (one network read at a time),
 * its events delivered in order, never retried once the headers came. The request is sent on the
 * first `next()`; every exit (end, error, break, abort) consumes or destroys the body.
 */
export async function* streamChat(http: HttpTransport, req: ChatRequest, o?: RequestOptions): AsyncGenerator<ChatStreamEvent, void, undefined> {
  const signal = o?.signal;
  const log = http.log;
  const extra = (req as { stream_options?: Record<string, unknown> }).stream_options;
  const body = JSON.stringify({ ...req, stream: true, stream_options: { ...extra, include_usage: true } });
  const call: Call = { endpoint: 'chat', method: 'POST', url: http.url('/chat/completions'), body, accept: 'text/event-stream', auth: true, model: req.model };
  const { res, ctx, secrets, started } = await http.open(call, signal);
  const ct = String(res.headers['content-type'] ?? '');
  const resBody = res.body;
  const asm = new ChatStreamAssembler(secrets);
  const out: ChatStreamEvent[] = [];
  try {
    if (!/event-stream/i.test(ct)) {
      // A gateway that ignored `stream` and answered with one JSON body (or a proxy's page).
      const json = await http.readJson(res, call, ctx, secrets);
      for (const ev of eventsFromCompletion(completionFromJson(json as Record<string, unknown>))) {
        if (signal?.aborted) throw cancelledError();
        yield ev;
      }
      return;
    }
    const decoder = new SseDecoder();
    for await (const chunk of resBody) {
      const events = decoder.push(chunk as Uint8Array);
      let failure: unknown;
      try {
        for (let i = 0; i < events.length; i++) asm.accept(events[i], out);
      } catch (e) {
        failure = e; // deliver what came before the error event first
      }
      for (let i = 0; i < out.length; i++) {
        if (signal?.aborted) throw cancelledError();
        yield out[i];
      }
      out.length = 0;
      if (failure) throw failure;
      if (asm.done) break;
    }
    if (!asm.done) {
      for (const ev of decoder.end()) {
        try {
          asm.accept(ev, out);
        } catch (e) {
          if (e instanceof TokenHubError) throw e;
        }
      }
      // A last event without its blank line still counts (and is delivered before any cut error).
      for (let i = 0; i < out.length; i++) {
        if (signal?.aborted) throw cancelledError();
        yield out[i];
      }
      out.length = 0;
    }
    if (!asm.complete) {
      throw new TokenHubError(
        'streamCut',
        `The answer ended in the middle${asm.receivedChars ? ` after ${asm.receivedChars} characters` : ''}: the stream closed without a finish reason or [DONE].${asm.receivedChars ? ` The partial answer (${asm.receivedChars} characters) was kept.` : ''}`,
        { receivedChars: asm.receivedChars },
      );
    }
    asm.end(out);
    for (let i = 0; i < out.length; i++) {
      if (signal?.aborted) throw cancelledError();
      yield out[i];
    }
    log.debug(`← stream ${call.model ?? ''} done in ${Date.now() - started} ms (${asm.receivedChars} chars, finish ${asm.finishReason ?? 'none'})`);
  } catch (err) {
    const e = signal?.aborted ? cancelledError() : errorFromNetwork(err, { ...ctx, afterHeaders: true, receivedChars: asm.receivedChars });
    // A cancel is the user's own doing, not a problem: it goes to the debug level.
    (e.kind === 'cancelled' ? log.debug : log.warn).call(log, redact(`✗ stream ${call.model ?? ''}: ${e.kind}: ${e.message}`, secrets));
    throw e;
  } finally {
    // Every body is consumed or destroyed (also on errors, breaks and aborts): frees the socket.
    if (!resBody.readableEnded) resBody.destroy();
  }
}
