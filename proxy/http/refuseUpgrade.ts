import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const BODY = JSON.stringify({
  error: {
    message:
      'gemgate serves the Responses API over HTTP with server-sent events, not over a WebSocket: send the request as a POST.',
    type: 'invalid_request_error',
    param: null,
    code: 'websocket_not_supported',
  },
});

/**
 * Answers every WebSocket upgrade (any path) with 426 at once and closes the connection.
 *
 * Codex CLI, set up with its built-in OpenAI provider and `openai_base_url`, first asks for a
 * WebSocket on `GET /v1/responses`. Measured with Codex 0.171 against a stand-in server: a socket
 * closed without an answer (what Node does with an upgrade nobody listens for) or a 404 makes it try
 * 7 times over about 6.5 s before it falls back to HTTP, on every session; a 426 makes it fall back
 * after the first try, within a tenth of a second. The body is an OpenAI-shaped error for anything
 * that shows it. Nothing of the request is read, so no token is needed to be told.
 */
export function refuseUpgrade(_req: IncomingMessage, socket: Duplex): void {
  socket.on('error', () => socket.destroy());
  socket.end(
    [
      'HTTP/1.1 426 Upgrade Required',
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(BODY)}`,
      'Connection: close',
      '',
      BODY,
    ].join('\r\n'),
  );
}
