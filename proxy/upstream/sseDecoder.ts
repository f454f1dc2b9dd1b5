/**
 * A small Server-Sent Events decoder (https://html.spec.whatwg.org/multipage/server-sent-events.html),
 * after openai-node's src/core/streaming.ts: bytes in, complete `data` payloads out. Text is decoded
 * with a streaming TextDecoder, so a UTF-8 character split across two network reads is never broken.
 *
 * Gemini's `alt=sse` streams end without a terminator, so the caller needs to know whether the last
 * event was complete: `remainder()` returns what was left half-written when the bytes stopped.
 */
export class SseDecoder {
  private readonly decoder = new TextDecoder('utf-8');
  private buffer = '';
  private dataLines: string[] = [];

  /** Feeds bytes; returns the data payloads of every event completed by them. */
  push(bytes: Uint8Array): string[] {
    this.buffer += this.decoder.decode(bytes, { stream: true });
    return this.drain();
  }

  /**
   * Call at end of input. `events` are those the last bytes completed; `incomplete` is the text of an
   * event that was still being written when the bytes stopped ('' when the stream ended cleanly).
   */
  end(): { events: string[]; incomplete: string } {
    this.buffer += this.decoder.decode();
    if (this.buffer.endsWith('\r')) this.buffer += '\n'; // a final lone CR ends its line
    const events = this.drain();
    const incomplete = [...this.dataLines, this.buffer].filter((part) => part.length > 0).join('\n');
    this.dataLines = [];
    this.buffer = '';
    return { events, incomplete };
  }

  private drain(): string[] {
    const events: string[] = [];
    let start = 0;
    for (;;) {
      const newline = this.findLineEnd(start);
      if (newline === -1) break;
      const line = this.buffer.slice(start, newline.index);
      start = newline.index + newline.length;
      if (line === '') {
        if (this.dataLines.length > 0) events.push(this.dataLines.join('\n'));
        this.dataLines = [];
        continue;
      }
      if (line.startsWith(':')) continue; // comment (keep-alive)
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      if (field !== 'data') continue; // Gemini sends only data; event/id/retry are not used
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      this.dataLines.push(value);
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  private findLineEnd(from: number): { index: number; length: number } | -1 {
    for (let i = from; i < this.buffer.length; i++) {
      const char = this.buffer.charCodeAt(i);
      if (char === 10) return { index: i, length: 1 };
      if (char === 13) {
        // A lone CR at the very end might be the first half of CRLF: wait for more bytes.
        if (i + 1 >= this.buffer.length) return -1;
        return { index: i, length: this.buffer.charCodeAt(i + 1) === 10 ? 2 : 1 };
      }
    }
    return -1;
  }
}
