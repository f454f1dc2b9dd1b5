import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { GoogleErrorBody } from '../../proxy/gemini/types.js';

/**
 * Putting bytes on the wire: headers like Google's front end sends, one write per frame (each awaited,
 * so backpressure is respected and a client sees frames arrive one by one), abortable pauses, and the
 * transport faults (socket destroyed, half a frame, silence).
 */

const COMMON_HEADERS: OutgoingHttpHeaders = {
  vary: 'Origin, X-Origin, Referer',
  server: 'scaffolding on HTTPServer2',
  'x-xss-protection': '0',
  'x-frame-options': 'SAMEORIGIN',
  'x-content-type-options': 'nosniff',
};

export const JSON_TYPE = 'application/json; charset=UTF-8';
export const SSE_TYPE = 'text/event-stream';

export function headers(contentType: string): OutgoingHttpHeaders {
  return { 'content-type': contentType, ...COMMON_HEADERS };
}

/** Google pretty-prints JSON bodies with two-space indentation. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = `${prettyJson(body)}\n`;
  res.writeHead(status, { ...headers(JSON_TYPE), 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * An error as Gemini sends it. On streamGenerateContent without alt=sse the body is a JSON array, so
 * errors come wrapped in one too (`[{"error": …}]`, as quoted in continuedev/continue#8516).
 */
export function sendError(res: ServerResponse, body: GoogleErrorBody, inArray = false): void {
  sendJson(res, body.error.code, inArray ? [body] : body);
}

/** Google's 404 page for a path it does not serve (HTML, not JSON). */
export function sendNotFoundPage(res: ServerResponse, path: string): void {
  if (res.headersSent) return;
  const html =
    '<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n  <title>Error 404 (Not Found)!!1</title>\n' +
    `  <p><b>404.</b> <ins>That’s an error.</ins>\n  <p>The requested URL <code>${escapeHtml(path)}</code> was not found on this server.  <ins>That’s all we know.</ins>\n`;
  res.writeHead(404, {
    'content-type': 'text/html; charset=UTF-8',
    'content-length': Buffer.byteLength(html),
  });
  res.end(html);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

/** Writes one chunk and waits until it is handed to the socket; false when the client went away. */
export function writeChunk(res: ServerResponse, data: string | Buffer): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onClose = (): void => resolve(false);
    res.once('close', onClose);
    res.write(data, (err) => {
      res.off('close', onClose);
      resolve(!err);
    });
  });
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** One event-loop turn: enough for each frame to leave in its own TCP segment. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A whole JSON body under a transport fault: `cut` writes about half of it and destroys the socket,
 * `halfFrame` writes half and ends cleanly, `stall` sends the headers, goes silent for `ms`, then the
 * body. False (nothing sent) for any other fault.
 */
export async function sendWholeUnderFault(
  res: ServerResponse,
  body: string,
  fault: { kind: string; ms?: number } | undefined,
  signal: AbortSignal,
): Promise<boolean> {
  switch (fault?.kind) {
    case 'cut':
    case 'halfFrame':
      res.writeHead(200, headers(JSON_TYPE));
      await writeChunk(res, firstHalf(body));
      if (fault.kind === 'cut') destroySocket(res);
      else res.end();
      return true;
    case 'stall':
      // Headers first, then silence, then the body: a client's body-read timeout is what trips.
      res.writeHead(200, { ...headers(JSON_TYPE), 'content-length': Buffer.byteLength(body) });
      res.flushHeaders();
      await sleep(fault.ms ?? 0, signal);
      if (!res.destroyed) res.end(body);
      return true;
    default:
      return false;
  }
}

/** Waits until everything written so far (headers included) has reached the socket. */
export function flushed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const socket = res.socket;
    if (!socket || socket.destroyed) return resolve();
    socket.write('', () => resolve());
  });
}

/** Destroys the connection under a response: the client sees the transfer end abruptly. */
export function destroySocket(res: ServerResponse): void {
  res.socket?.destroy();
  res.destroy();
}

/**
 * About the first half of `data`'s bytes. When the frame holds any multi-byte UTF-8 character, the cut
 * goes inside the one nearest the middle, so a client that decodes bytes without buffering, or that
 * accepts a frame without its terminating blank line, is caught out.
 */
export function firstHalf(data: string): Buffer {
  const bytes = Buffer.from(data, 'utf8');
  const mid = Math.floor(bytes.length / 2);
  const isContinuation = (i: number): boolean =>
    i > 0 && i < bytes.length && ((bytes[i] ?? 0) & 0xc0) === 0x80;
  for (let d = 0; d < bytes.length; d++) {
    if (isContinuation(mid + d)) return bytes.subarray(0, mid + d);
    if (isContinuation(mid - d)) return bytes.subarray(0, mid - d);
  }
  return bytes.subarray(0, mid);
}
