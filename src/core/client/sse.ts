import { createParser } from 'eventsource-parser';
import type { EventSourceParser } from 'eventsource-parser';

/** One server-sent event: `event` is undefined for plain `data:` messages. */
export interface SseEvent {
  event?: string | undefined;
  data: string;
}

/**
 * Bytes in, SSE events out. UTF-8 is decoded with one streaming TextDecoder, so a character whose
 * bytes arrive in two network reads is decoded whole (and decoding stays linear: no re-scans).
 * Framing (CR, LF, CRLF, comments, multi-line `data`, BOM) is eventsource-parser 3's WHATWG
 * implementation. `push` collects the events of one chunk into a reused array, so the caller can
 * feed big chunks and walk the results without a callback per event.
 */
export class SseDecoder {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly parser: EventSourceParser;
  private readonly out: SseEvent[] = [];

  constructor() {
    this.parser = createParser({
      // The parser's own event object is kept (it has `event` and `data`): no second allocation.
      onEvent: (e) => {
        this.out.push(e);
      },
    });
  }

  /** Feeds one network chunk; returns the events it completed (valid until the next call). */
  push(chunk: Uint8Array): SseEvent[] {
    this.out.length = 0;
    const text = this.decoder.decode(chunk, { stream: true });
    if (text) this.parser.feed(text);
    return this.out;
  }

  /**
   * End of the body: flushes an incomplete UTF-8 sequence and a last event that lacked its blank
   * line (some gateways end the body right after `data: [DONE]\n`).
   */
  end(): SseEvent[] {
    this.out.length = 0;
    const tail = this.decoder.decode();
    if (tail) this.parser.feed(tail);
    this.parser.feed('\n\n');
    return this.out;
  }
}
