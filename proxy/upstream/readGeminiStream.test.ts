import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readGeminiStream, type StreamEnd } from './readGeminiStream.js';
import type { GenerateContentResponse } from '../gemini/types.js';

async function drain(pieces: string[], options = { firstByteTimeoutMs: 1000, stallTimeoutMs: 1000 }) {
  const body = Readable.from(pieces.map((piece) => Buffer.from(piece)));
  const stream = readGeminiStream(body, options);
  const chunks: GenerateContentResponse[] = [];
  const batches: number[] = [];
  for (;;) {
    const next = await stream.next();
    if (next.done) return { chunks, batches, end: next.value as StreamEnd };
    batches.push(next.value.length);
    chunks.push(...next.value.map((frame) => frame.chunk));
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

  it('hands over the frames of one read together, each with the JSON text Gemini sent', async () => {
    const spaced = `data: {"candidates": [{"content": {"parts": [{"text": "c"}]}}]}\r\n\r\n`;
    const body = Readable.from([Buffer.from(frame('a') + frame('b')), Buffer.from(spaced)]);
    const stream = readGeminiStream(body, { firstByteTimeoutMs: 1000, stallTimeoutMs: 1000 });
    const first = await stream.next();
    expect(first.value).toHaveLength(2);
    const second = await stream.next();
    expect(second.value).toEqual([
      { chunk: { candidates: [{ content: { parts: [{ text: 'c' }] } }] }, json: spaced.slice(6, -4) },
    ]);
    expect(await stream.next()).toEqual({ done: true, value: { kind: 'ended' } });
  });

  it('passes on the frames before an error object that arrives in the same read', async () => {
    const { chunks, end } = await drain([
      frame('a') + `data: {"error":{"code":503,"message":"overloaded","status":"UNAVAILABLE"}}\r\n\r\n`,
    ]);
    expect(chunks).toEqual([{ candidates: [{ content: { parts: [{ text: 'a' }] } }] }]);
    expect(end).toMatchObject({ kind: 'upstream-error', error: { error: { code: 503 } } });
  });

  it('reports a frame that is JSON but not an object as a cut', async () => {
    const { chunks, end } = await drain([frame('a'), 'data: 42\r\n\r\n']);
    expect(chunks).toHaveLength(1);
    expect(end).toEqual({ kind: 'frame-cut' });
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
    expect((await stream.next()).value).toMatchObject([{ chunk: { candidates: expect.any(Array) } }]);
    const last = await stream.next();
    expect(last).toEqual({ done: true, value: { kind: 'stalled', afterMs: 50, beforeFirstByte: false } });
  });
});
