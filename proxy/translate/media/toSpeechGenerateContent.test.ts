import { describe, expect, it } from 'vitest';
import { parseSpeechRequest } from './parseSpeechRequest.js';
import { toSpeechGenerateContent } from './toSpeechGenerateContent.js';

const base = { model: 'gemini-2.5-flash-preview-tts', input: 'Have a wonderful day!', voice: 'shimmer' };

describe('toSpeechGenerateContent', () => {
  it('the documented single-speaker request: AUDIO out, a prebuilt voice', () => {
    expect(toSpeechGenerateContent(parseSpeechRequest(base))).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Have a wonderful day!' }] }],
      generationConfig: {
        responseModalities: ['AUDIO'],
        speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } } },
      },
    });
  });

  it('instructions are said before the text, in Gemini’s style-prompt form', () => {
    const body = toSpeechGenerateContent(parseSpeechRequest({ ...base, instructions: 'Say cheerfully' }));
    expect(body.contents[0]!.parts).toEqual([{ text: 'Say cheerfully:\nHave a wonderful day!' }]);
  });
});
