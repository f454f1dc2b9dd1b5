import type { GenerateContentResponse } from '../../proxy/gemini/types.js';

/**
 * Test helpers that read a streamGenerateContent response the strict way, keeping what a lenient
 * client would hide: whether the transfer ended cleanly, and any bytes left after the last complete
 * frame (a frame cut in half).
 */
export interface StreamRead {
  frames: GenerateContentResponse[];
  /** Everything received, decoded as UTF-8 (a split character shows as U+FFFD). */
  raw: string;
  /** Bytes after the last complete frame ("" when the stream ended on a frame boundary). */
  leftover: string;
  /** The transfer failed (socket destroyed) rather than ending. */
  error?: Error;
  /** Concatenated visible text (thought parts excluded). */
  text: string;
  /** finishReason of the last frame that had one. */
  finishReason?: string;
}

/** Every byte of a response body, and the error that ended the transfer early (if one did). */
export async function readAll(res: Response): Promise<{ bytes: Buffer; error?: Error }> {
  const chunks: Buffer[] = [];
  try {
    const reader = res.body?.getReader();
    if (!reader) return { bytes: Buffer.alloc(0) };
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(Buffer.from(value));
    }
    return { bytes: Buffer.concat(chunks) };
  } catch (err) {
    return { bytes: Buffer.concat(chunks), error: err instanceof Error ? err : new Error(String(err)) };
  }
}

function summarize(frames: GenerateContentResponse[]): { text: string; finishReason?: string } {
  let text = '';
  let finishReason: string | undefined;
  for (const f of frames) {
    const c = f.candidates?.[0];
    for (const p of c?.content?.parts ?? []) if (typeof p.text === 'string' && !p.thought) text += p.text;
    if (c?.finishReason) finishReason = c.finishReason;
  }
  return finishReason === undefined ? { text } : { text, finishReason };
}

/** Reads `data: {json}\r\n\r\n` frames (alt=sse). */
export async function readSseFrames(res: Response): Promise<StreamRead> {
  const { bytes, error } = await readAll(res);
  const raw = bytes.toString('utf8');
  const frames: GenerateContentResponse[] = [];
  let rest = raw;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const event = rest.slice(0, end);
    rest = rest.slice(end + 4);
    if (event.startsWith('data: '))
      frames.push(JSON.parse(event.slice('data: '.length)) as GenerateContentResponse);
  }
  return { frames, raw, leftover: rest, ...(error ? { error } : {}), ...summarize(frames) };
}

/** Reads the JSON-array stream Gemini sends without alt=sse. */
export async function readJsonArrayStream(res: Response): Promise<StreamRead> {
  const { bytes, error } = await readAll(res);
  const raw = bytes.toString('utf8');
  try {
    const frames = JSON.parse(raw) as GenerateContentResponse[];
    return { frames, raw, leftover: '', ...(error ? { error } : {}), ...summarize(frames) };
  } catch {
    return { frames: [], raw, leftover: raw, ...(error ? { error } : {}), text: '' };
  }
}
