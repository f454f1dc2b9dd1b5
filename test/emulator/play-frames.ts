import type { ServerResponse } from 'node:http';
import type { EmulatorState } from './context.js';
import type { Fault } from './types.js';
import { destroySocket, firstHalf, flushed, headers, nextTurn, sleep, writeChunk } from './wire.js';

/** Sends a stream's status and headers now, Nagle off, so each frame leaves as soon as it is written. */
export function openStream(res: ServerResponse, contentType: string): void {
  res.writeHead(200, headers(contentType));
  res.socket?.setNoDelay(true);
  res.flushHeaders();
}

/** The pause between two frames of a stream: `chunkDelayMs`, or else one turn of the event loop. */
async function pauseBetweenFrames(state: EmulatorState): Promise<void> {
  if (state.chunkDelayMs > 0) await sleep(state.chunkDelayMs, state.signal);
  else await nextTurn();
}

/**
 * Gemini returns a whole answer once it has generated all of it: as late as the same answer streamed
 * would end. So the whole answer waits through the same `pauses` as the stream, one by one (timers
 * overshoot a little each time, and that adds up), and stops waiting once the caller has gone.
 */
export async function paceLikeStream(
  state: EmulatorState,
  res: ServerResponse,
  pauses: number,
): Promise<void> {
  for (let i = 0; i < pauses && !res.destroyed; i++) await pauseBetweenFrames(state);
}

/** How one stream's frames go on the wire, and where a positional fault falls among them. */
export interface FramePlay<F> {
  encode(frame: F, index: number): string;
  /** Whether the fault at `position` visible characters strikes before this frame. */
  strikesBefore(frame: F, position: number): boolean;
  /** The bytes that end a stream `endWithoutFinish` closes before frame `index` ('' for none). */
  closeEarly?(index: number): string;
}

/**
 * Writes a stream's frames one awaited write each (a turn of the event loop, or `chunkDelayMs`,
 * between them) and plays the queued positional fault where it falls: `cut` destroys the socket,
 * `halfFrame` writes half the next frame and ends, `endWithoutFinish` ends cleanly, `stall` goes
 * silent for its `ms` and carries on. Resolves with how many frames went out whole and whether the
 * stream reached its end (the caller writes what closes it).
 */
export async function playFrames<F>(
  state: EmulatorState,
  res: ServerResponse,
  frames: readonly F[],
  fault: Fault | undefined,
  position: number | undefined,
  play: FramePlay<F>,
): Promise<{ sent: number; finished: boolean }> {
  let pending = position === undefined ? undefined : fault;
  for (const [i, frame] of frames.entries()) {
    if (pending && position !== undefined && play.strikesBefore(frame, position)) {
      const strike = pending;
      pending = undefined;
      switch (strike.kind) {
        case 'cut':
          await flushed(res);
          destroySocket(res);
          return { sent: i, finished: false };
        case 'halfFrame':
          await writeChunk(res, firstHalf(play.encode(frame, i)));
          res.end();
          return { sent: i, finished: false };
        case 'endWithoutFinish': {
          const close = play.closeEarly?.(i) ?? '';
          if (close) await writeChunk(res, close);
          res.end();
          return { sent: i, finished: false };
        }
        case 'stall':
          await flushed(res);
          await sleep(strike.ms, state.signal);
          break;
        default:
          break;
      }
    }
    if (!(await writeChunk(res, play.encode(frame, i)))) return { sent: i, finished: false };
    if (i < frames.length - 1) await pauseBetweenFrames(state);
  }
  return { sent: frames.length, finished: true };
}
