import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readGeminiStream, type StreamEnd } from './readGeminiStream.js';
import type { GenerateContentResponse } from '../gemini/types.js';

async function drain(pieces: string[], options = { firstByteTimeoutMs: 1000, stallTimeoutMs: 1000 }) {
  const body = Readable.from(pieces.map((piece) => Buffer.from(piece)));
  const stream = readGeminiStream(body, options);
  const chunks: GenerateContentResponse[] = [];
  for (;;) {
    const next = await stream.next();
    if (next.done) return { chunks, end: next.value as StreamEnd };
    chunks.push(next.value);
  }
}

const frame = (text: string) =>
  `data: ${JSON.stringify({ candidates: [{ content: { parts: [{ text }] } }] })}\r\n\r\n`;

describe('readGeminiStream', () => {
  it('reads whole frames and reports a clean end', async () => {
    const { chunks, end } = await drain([frame('a'), frame('b')]);
    expect(chunks).toHaveLength(2);
    expect(end).toEqual({ kind: 'ended' });
  });

  it('reports half a frame as a cut', async () => {
    const whole = frame('cut');
    const { chunks, end } = await drain([frame('a'), whole.slice(0, whole.length / 2)]);
    expect(chunks).toHaveLength(1);
    expect(end).toEqual({ kind: 'frame-cut' });
  });

  it('accepts a last frame whose JSON is whole even if its blank line was trimmed', async () => {
    const { chunks, end } = await drain([frame('a'), frame('b').trimEnd()]);
    expect(chunks).toHaveLength(2);
    expect(end).toEqual({ kind: 'ended' });
  });

  it('reports an error object inside the stream', async () => {
    const { end } = await drain([
      frame('a'),
      `data: {"error":{"code":500,"message":"boom","status":"INTERNAL"}}\r\n\r\n`,
    ]);
    expect(end).toMatchObject({ kind: 'upstream-error', error: { error: { code: 500 } } });
  });

  it('reports a stall between chunks', async () => {
    const body = new Readable({ read() {} });
    body.push(frame('a'));
    const stream = readGeminiStream(body, { firstByteTimeoutMs: 1000, stallTimeoutMs: 50 });
    expect((await stream.next()).value).toMatchObject({ candidates: expect.any(Array) });
    const last = await stream.next();
    expect(last).toEqual({ done: true, value: { kind: 'stalled', afterMs: 50, beforeFirstByte: false } });
  });
});
