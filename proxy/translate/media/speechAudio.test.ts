import { describe, expect, it } from 'vitest';
import type { GenerateContentResponse, Part } from '../../gemini/types.js';
import { toSpeechAudio } from './speechAudio.js';

const PCM = 'audio/L16;codec=pcm;rate=24000';
const answer = (parts: Part[], finishReason = 'STOP'): GenerateContentResponse => ({
  candidates: [{ content: { role: 'model', parts }, finishReason, index: 0 }],
});
const samples = (...values: number[]) => {
  const out = Buffer.alloc(values.length * 2);
  values.forEach((value, i) => out.writeInt16LE(value, i * 2));
  return out;
};

describe('toSpeechAudio', () => {
  const first = samples(1, -2, 300);
  const second = samples(-32768, 32767);
  const streamed = answer([
    { inlineData: { mimeType: PCM, data: first.toString('base64') } },
    { inlineData: { mimeType: PCM, data: second.toString('base64') } },
  ]);

  it('pcm: the samples of every piece, joined, nothing added', () => {
    expect(toSpeechAudio(streamed, 'pcm')).toEqual({
      contentType: 'audio/pcm',
      body: Buffer.concat([first, second]),
    });
  });

  it('wav: a RIFF header for 24 kHz 16-bit mono, then the same samples', () => {
    const { contentType, body } = toSpeechAudio(streamed, 'wav');
    expect(contentType).toBe('audio/wav');
    expect(body.subarray(0, 4).toString('ascii')).toBe('RIFF');
    expect(body.readUInt32LE(4)).toBe(body.length - 8);
    expect(body.subarray(8, 16).toString('ascii')).toBe('WAVEfmt ');
    expect(body.readUInt16LE(20)).toBe(1); // PCM
    expect(body.readUInt16LE(22)).toBe(1); // mono
    expect(body.readUInt32LE(24)).toBe(24_000);
    expect(body.readUInt32LE(28)).toBe(48_000);
    expect(body.readUInt16LE(34)).toBe(16);
    expect(body.subarray(36, 40).toString('ascii')).toBe('data');
    expect(body.readUInt32LE(40)).toBe(10);
    expect(body.subarray(44)).toEqual(Buffer.concat([first, second]));
  });

  it('reads the rate from the mime type', () => {
    const at16k = answer([
      { inlineData: { mimeType: 'audio/L16;codec=pcm;rate=16000', data: first.toString('base64') } },
    ]);
    expect(toSpeechAudio(at16k, 'wav').body.readUInt32LE(24)).toBe(16_000);
  });

  it('an answer without audio is a 502 saying why', () => {
    expect(() => toSpeechAudio(answer([{ text: 'no' }], 'OTHER'), 'wav')).toThrow(
      expect.objectContaining({
        name: 'AnswerWithoutMedia',
        media: 'audio',
        message: expect.stringContaining('OTHER'),
      }),
    );
  });
});
