import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SseFrameReader, type ReadOptions, type StreamEnd } from './sseFrameReader.js';
import { geminiPayloads, type StreamFrame } from './geminiFrame.js';
import type { GenerateContentResponse } from '../gemini/types.js';

const OPTIONS: ReadOptions = { firstByteTimeoutMs: 1000, stallTimeoutMs: 1000 };

/** A body that delivers each piece in a network read of its own (a turn of the event loop each). */
function networkBody(pieces: string[], { end = true } = {}): Readable {
  const body = new Readable({ read() {} });
  const next = (i: number) => {
    if (i === pieces.length) {
      if (end) body.push(null);
      return;
    }
    body.push(Buffer.from(pieces[i]!));
    setImmediate(() => next(i + 1));
  };
  setImmediate(() => next(0));
  return body;
}

/** The reader as the Gemini family builds it. */
const geminiReader = (body: Readable, options: ReadOptions) =>
  new SseFrameReader(body, geminiPayloads(options.parseEveryFrame), options);

async function drain(body: Readable, options = OPTIONS) {
  const batches: StreamFrame[][] = [];
  const end = await geminiReader(body, options).read((frames) => batches.push(frames));
  const chunks: GenerateContentResponse[] = batches.flat().map((frame) => frame.chunk);
  return { chunks, batches, end: end as StreamEnd };
}

const frame = (text: string) =>
  `data: ${JSON.stringify({ candidates: [{ content: { parts: [{ text }] } }] })}\r\n\r\n`;

describe("SseFrameReader, reading Gemini's stream", () => {
  it('reads whole frames and reports a clean end', async () => {
    const { chunks, end } = await drain(networkBody([frame('a'), frame('b')]));
    expect(chunks).toHaveLength(2);
    expect(end).toEqual({ kind: 'ended' });
  });

  it('reports half a frame as a cut', async () => {
    const whole = frame('cut');
    const { chunks, end } = await drain(networkBody([frame('a'), whole.slice(0, whole.length / 2)]));
    expect(chunks).toHaveLength(1);
    expect(end).toEqual({ kind: 'frame-cut' });
  });

  it('accepts a last frame whose JSON is whole even if its blank line was trimmed', async () => {
    const { chunks, end } = await drain(networkBody([frame('a'), frame('b').trimEnd()]));
    expect(chunks).toHaveLength(2);
    expect(end).toEqual({ kind: 'ended' });
  });

  it('hands over the frames of one read together, each with the JSON text Gemini sent', async () => {
    const spaced = `data: {"candidates": [{"content": {"parts": [{"text": "c"}]}}]}\r\n\r\n`;
    const { batches, end } = await drain(networkBody([frame('a') + frame('b'), spaced]));
    expect(batches.map((batch) => batch.length)).toEqual([2, 1]);
    expect(batches[1]![0]!.json).toBe(spaced.slice(6, -4));
    expect(batches[1]![0]!.chunk).toEqual({ candidates: [{ content: { parts: [{ text: 'c' }] } }] });
    expect(end).toEqual({ kind: 'ended' });
  });

  it('hands over frames that arrive as separate pieces within one turn together', async () => {
    // undici hands each HTTP chunk of one network read over as a piece of its own.
    const body = new Readable({ read() {} });
    setImmediate(() => {
      body.push(Buffer.from(frame('a')));
      body.push(Buffer.from(frame('b')));
      body.push(Buffer.from(frame('c')));
      body.push(null);
    });
    const { batches } = await drain(body);
    expect(batches.map((batch) => batch.length)).toEqual([3]);
  });

  it('skims frames of plain text instead of parsing them, and reads every frame the same', async () => {
    const plain =
      '{"candidates": [{"content": {"parts": [{"text": "Hi\\nthere"}],"role": "model"},"index": 0}],' +
      '"usageMetadata": {"promptTokenCount": 3,"totalTokenCount": 5},"modelVersion": "m","responseId": "r"}';
    const finish = JSON.stringify({
      candidates: [{ content: { parts: [{ text: '!' }], role: 'model' }, finishReason: 'STOP', index: 0 }],
    });
    const pieces = [`data: ${plain}\r\n\r\n`, `data: ${finish}\r\n\r\n`];
    const skimmed = await drain(networkBody(pieces));
    const parsed = await drain(networkBody(pieces), { ...OPTIONS, parseEveryFrame: true });
    const [first, last] = skimmed.batches.flat();
    expect(first!.plain).toMatchObject({ texts: ['Hi\\nthere'], length: 8, responseId: 'r' });
    expect(first!.json).toBe(plain);
    expect(last!.plain).toBeUndefined(); // a finishReason is for the resume engine to read
    expect(parsed.batches.flat().every((f) => f.plain === undefined)).toBe(true);
    expect(skimmed.chunks).toEqual(parsed.chunks);
  });

  it('passes on the frames before an error object that arrives in the same read', async () => {
    const { chunks, end } = await drain(
      networkBody([
        frame('a') + `data: {"error":{"code":503,"message":"overloaded","status":"UNAVAILABLE"}}\r\n\r\n`,
      ]),
    );
    expect(chunks).toEqual([{ candidates: [{ content: { parts: [{ text: 'a' }] } }] }]);
    expect(end).toMatchObject({ kind: 'upstream-error', error: { error: { code: 503 } } });
  });

  it('reports a frame that is JSON but not an object as a cut', async () => {
    const { chunks, end } = await drain(networkBody([frame('a'), 'data: 42\r\n\r\n']));
    expect(chunks).toHaveLength(1);
    expect(end).toEqual({ kind: 'frame-cut' });
  });

  it('reports an error object inside the stream', async () => {
    const { end } = await drain(
      networkBody([frame('a'), `data: {"error":{"code":500,"message":"boom","status":"INTERNAL"}}\r\n\r\n`]),
    );
    expect(end).toMatchObject({ kind: 'upstream-error', error: { error: { code: 500 } } });
  });

  it('reports a broken connection, after the frames that came whole before it', async () => {
    const body = networkBody([frame('a')], { end: false });
    setTimeout(() => body.destroy(new Error('other side closed')), 20);
    const { chunks, end } = await drain(body);
    expect(chunks).toHaveLength(1);
    expect(end).toEqual({ kind: 'transport-error', message: 'other side closed' });
  });

  it('reports a stall between chunks, and releases the body', async () => {
    const body = networkBody([frame('a')], { end: false });
    const { chunks, end } = await drain(body, { firstByteTimeoutMs: 1000, stallTimeoutMs: 50 });
    expect(chunks).toHaveLength(1);
    expect(end).toEqual({ kind: 'stalled', afterMs: 50, beforeFirstByte: false });
    expect(body.destroyed).toBe(true);
  });

  it('reports a stall before the first byte', async () => {
    const { end } = await drain(networkBody([], { end: false }), {
      firstByteTimeoutMs: 30,
      stallTimeoutMs: 1000,
    });
    expect(end).toEqual({ kind: 'stalled', afterMs: 30, beforeFirstByte: true });
  });

  it('ends as aborted when the client goes, and when the consumer stops it', async () => {
    const controller = new AbortController();
    const body = networkBody([frame('a')], { end: false });
    setTimeout(() => controller.abort(), 20);
    expect((await drain(body, { ...OPTIONS, signal: controller.signal })).end).toEqual({ kind: 'aborted' });

    const reader = geminiReader(networkBody([frame('a'), frame('b')]), OPTIONS);
    const taken: StreamFrame[] = [];
    const end = await reader.read((frames) => {
      taken.push(...frames);
      reader.stop();
    });
    expect(end).toEqual({ kind: 'aborted' });
    expect(taken).toHaveLength(1);
  });

  it('reads nothing while paused', async () => {
    const body = networkBody([frame('a'), frame('b')]);
    const reader = geminiReader(body, OPTIONS);
    const taken: number[] = [];
    const ended = reader.read((frames) => {
      taken.push(frames.length);
      if (taken.length === 1) {
        reader.pause();
        setTimeout(() => {
          expect(taken).toEqual([1]);
          reader.resume();
        }, 30);
      }
    });
    expect(await ended).toEqual({ kind: 'ended' });
    expect(taken).toEqual([1, 1]);
  });
});
