import net from 'node:net';

/**
 * A raw TCP conversation with the gateway, for tests that control every byte and pause a hostile
 * client would: headers without their body, a body trickled or abandoned halfway.
 */
export interface Conversation {
  socket: net.Socket;
  /** Everything the server sent so far, as latin1 text. */
  received(): string;
  /** Resolves with the milliseconds from connect to the server closing the connection. */
  closed: Promise<number>;
  /** Resolves once a whole response head (status line and headers) has arrived, or after `ms`. */
  answered(ms: number): Promise<number>;
}

export function connect(port: number): Promise<Conversation> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let text = '';
    const socket = net.connect(port, '127.0.0.1');
    const closed = new Promise<number>((done) =>
      socket.once('close', () => done(performance.now() - started)),
    );
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('error', () => {}); // a reset after the server gives up is an expected ending
    const answered = async (ms: number) => {
      const deadline = performance.now() + ms;
      while (!text.includes('\r\n\r\n') && performance.now() < deadline && !socket.destroyed) {
        await new Promise((wait) => setTimeout(wait, 10));
      }
      return statusOf(text);
    };
    socket.once('connect', () => resolve({ socket, received: () => text, closed, answered }));
    socket.once('error', reject);
  });
}

export const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
