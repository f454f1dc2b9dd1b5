import { StringDecoder } from 'node:string_decoder';

/**
 * A small Server-Sent Events decoder (https://html.spec.whatwg.org/multipage/server-sent-events.html),
 * after openai-node's src/core/streaming.ts: bytes in, complete `data` payloads out. Text is decoded
 * with a streaming decoder, so a UTF-8 character split across two network reads is never broken.
 *
 * Gemini's `alt=sse` streams end without a terminator, so the caller needs to know whether the last
 * event was complete: `remainder()` returns what was left half-written when the bytes stopped.
 */
export class SseDecoder {
  // StringDecoder keeps a character split across reads whole like a streaming TextDecoder, at a
  // fifth of the cost per read in Node.
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  private dataLines: string[] = [];

  /** Feeds bytes; returns the data payloads of every event completed by them. */
  push(bytes: Uint8Array): string[] {
    this.buffer += this.decoder.write(bytes);
    return this.drain();
  }

  /**
   * Call at end of input. `events` are those the last bytes completed; `incomplete` is the text of an
   * event that was still being written when the bytes stopped ('' when the stream ended cleanly).
   */
  end(): { events: string[]; incomplete: string } {
    this.buffer += this.decoder.end();
    if (this.buffer.endsWith('\r')) this.buffer += '\n'; // a final lone CR ends its line
    const events = this.drain();
    const incomplete = [...this.dataLines, this.buffer].filter((part) => part.length > 0).join('\n');
    this.dataLines = [];
    this.buffer = '';
    return { events, incomplete };
  }

  /**
   * Splits complete lines off the buffer. Line ends are found with indexOf rather than a character
   * loop: a Gemini stream is almost all long `data:` lines, and scanning them char by char was a
   * visible share of a streamed request's CPU (see docs/BENCHMARKS.md).
   */
  private drain(): string[] {
    const events: string[] = [];
    const buffer = this.buffer;
    let start = 0;
    // Next CR and LF at or after `start`; -1 once there is none left, -2 when not looked up yet.
    let cr = -2;
    let lf = -2;
    for (;;) {
      if (cr !== -1 && cr < start) cr = buffer.indexOf('\r', start);
      if (lf !== -1 && lf < start) lf = buffer.indexOf('\n', start);
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        // A lone CR at the very end might be the first half of CRLF: wait for more bytes.
        if (cr + 1 >= buffer.length) break;
        end = cr;
        next = lf === cr + 1 ? cr + 2 : cr + 1;
      } else if (lf !== -1) {
        end = lf;
        next = lf + 1;
      } else {
        break;
      }
      if (end === start) {
        if (this.dataLines.length === 1) events.push(this.dataLines[0]!);
        else if (this.dataLines.length > 1) events.push(this.dataLines.join('\n'));
        this.dataLines = [];
      } else if (buffer.startsWith('data:', start)) {
        // Gemini sends only data lines; event/id/retry and comments (keep-alives) are skipped.
        const valueStart = buffer.charCodeAt(start + 5) === 32 ? start + 6 : start + 5;
        this.dataLines.push(buffer.slice(Math.min(valueStart, end), end));
      } else if (end - start === 4 && buffer.startsWith('data', start)) {
        this.dataLines.push('');
      }
      start = next;
    }
    this.buffer = start === 0 ? buffer : buffer.slice(start);
    return events;
  }
}
