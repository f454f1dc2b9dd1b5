import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SseFrameReader, type StreamEnd } from '../sseFrameReader.js';
import { chatPayloads, type ChatFrame } from './chatFrame.js';

const OPTIONS = { firstByteTimeoutMs: 1000, stallTimeoutMs: 200 };
const event = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
const chunk = (content: string, finish: string | null = null) =>
  event({
    id: 'c1',
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta: { content }, finish_reason: finish }],
  });

async function read(parts: Array<string | { wait: number }>): Promise<{ texts: string[]; end: StreamEnd }> {
  const body = Readable.from(
    (async function* () {
      for (const part of parts) {
        if (typeof part === 'string') yield Buffer.from(part);
        else await new Promise((resolve) => setTimeout(resolve, part.wait));
      }
    })(),
  );
  return readAll(body);
}

/** Reads a body the way the OpenAI-compatible family does: the texts of its chunks, and how it ended. */
async function readAll(body: Readable): Promise<{ texts: string[]; end: StreamEnd }> {
  const texts: string[] = [];
  const end = await new SseFrameReader<ChatFrame>(body, chatPayloads, OPTIONS).read((frames) => {
    for (const frame of frames) texts.push(frame.chunk.choices?.[0]?.delta?.content ?? '');
  });
  return { texts, end };
}

describe('SseFrameReader with chatPayloads: how an OpenAI-style stream ended', () => {
  it.each([
    [
      '[DONE] after the finish_reason',
      [chunk('Hel'), chunk('lo', 'stop'), 'data: [DONE]\n\n'],
      ['Hel', 'lo'],
      'done',
    ],
    ['closed without [DONE]', [chunk('Hel')], ['Hel'], 'ended'],
    ['half an event at the end', [chunk('Hel'), chunk('lo').slice(0, 20)], ['Hel'], 'frame-cut'],
    [
      'an error event inside the stream',
      [chunk('Hel'), event({ error: { message: 'boom', code: 'InternalError' } })],
      ['Hel'],
      'upstream-error',
    ],
  ])('%s', async (_name, parts, texts, kind) => {
    const result = await read(parts);
    expect(result.texts).toEqual(texts);
    expect(result.end.kind).toBe(kind);
  });

  it('reports a stall once the stream goes silent past the stall timeout', async () => {
    const result = await read([chunk('Hel'), { wait: 600 }, chunk('lo')]);
    expect(result.texts).toEqual(['Hel']);
    expect(result.end).toMatchObject({ kind: 'stalled', beforeFirstByte: false });
  });

  it('reads an event split across network reads, even inside a multi-byte character', async () => {
    const whole = chunk('流式输出');
    const bytes = Buffer.from(whole);
    const cut = bytes.indexOf(Buffer.from('式')) + 1;
    const body = Readable.from([
      bytes.subarray(0, cut),
      bytes.subarray(cut),
      Buffer.from('data: [DONE]\n\n'),
    ]);
    const { texts, end } = await readAll(body);
    expect(texts).toEqual(['流式输出']);
    expect(end.kind).toBe('done');
  });
});
