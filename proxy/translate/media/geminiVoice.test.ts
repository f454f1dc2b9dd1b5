import { describe, expect, it } from 'vitest';
import { GEMINI_VOICES, toGeminiVoice } from './geminiVoice.js';

describe('toGeminiVoice', () => {
  it.each([
    ['alloy', 'Zephyr'],
    ['ash', 'Puck'],
    ['ballad', 'Enceladus'],
    ['coral', 'Aoede'],
    ['echo', 'Charon'],
    ['fable', 'Fenrir'],
    ['nova', 'Leda'],
    ['onyx', 'Orus'],
    ['sage', 'Iapetus'],
    ['shimmer', 'Kore'],
    ['verse', 'Achird'],
    ['marin', 'Sulafat'],
    ['cedar', 'Algieba'],
    ['Alloy', 'Zephyr'],
    ['kore', 'Kore'],
    ['ZUBENELGENUBI', 'Zubenelgenubi'],
  ])('%s -> %s', (voice, gemini) => {
    expect(toGeminiVoice(voice)).toBe(gemini);
    expect(GEMINI_VOICES).toContain(gemini);
  });

  it.each(['robot', '', { id: 'voice_1234' }, 42])('%j is a 400 naming voice', (voice) => {
    expect(() => toGeminiVoice(voice)).toThrow(
      expect.objectContaining({ name: 'InputError', param: 'voice' }),
    );
  });
});
