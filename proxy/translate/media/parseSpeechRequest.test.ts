import { describe, expect, it } from 'vitest';
import { MAX_SPEECH_INPUT_CHARS, parseSpeechRequest } from './parseSpeechRequest.js';

const base = { model: 'gemini-2.5-flash-preview-tts', input: 'Hello there', voice: 'alloy' };

describe('parseSpeechRequest', () => {
  it('maps the voice, and answers wav when no format is asked for', () => {
    expect(parseSpeechRequest(base)).toEqual({
      model: 'gemini-2.5-flash-preview-tts',
      input: 'Hello there',
      voiceName: 'Zephyr',
      format: 'wav',
    });
  });

  it('keeps instructions and pcm; checks speed without using it', () => {
    expect(
      parseSpeechRequest({
        ...base,
        instructions: ' Whisper ',
        response_format: 'pcm',
        speed: 1.5,
        stream_format: 'audio',
      }),
    ).toMatchObject({ instructions: 'Whisper', format: 'pcm' });
  });

  it.each([
    [{ ...base, model: 'tts-1' }, 'model'],
    [{ ...base, model: 'gemini-2.5-flash' }, 'model'],
    [{ ...base, input: '' }, 'input'],
    [{ ...base, input: 'x'.repeat(MAX_SPEECH_INPUT_CHARS + 1) }, 'input'],
    [{ ...base, voice: 'robot' }, 'voice'],
    [{ ...base, voice: { id: 'voice_1' } }, 'voice'],
    [{ ...base, response_format: 'mp3' }, 'response_format'],
    [{ ...base, response_format: 'opus' }, 'response_format'],
    [{ ...base, response_format: 'aac' }, 'response_format'],
    [{ ...base, response_format: 'flac' }, 'response_format'],
    [{ ...base, speed: 5 }, 'speed'],
    [{ ...base, stream_format: 'sse' }, 'stream_format'],
    [{ input: 'x', voice: 'alloy' }, 'model'],
  ])('%j is a 400 naming %s', (body, param) => {
    expect(() => parseSpeechRequest(body)).toThrow(expect.objectContaining({ name: 'InputError', param }));
  });

  it('the message for mp3 says what it can do instead', () => {
    expect(() => parseSpeechRequest({ ...base, response_format: 'mp3' })).toThrow(/'wav' or 'pcm'/);
  });
});
