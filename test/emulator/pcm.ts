import { Seed } from './seed.js';

/**
 * Speech for the emulated TTS models, in the format Gemini answers with: raw 16-bit signed
 * little-endian mono PCM at 24 kHz, labelled `audio/L16;codec=pcm;rate=24000`
 * (https://ai.google.dev/gemini-api/docs/speech-generation : the REST example pipes the inlineData
 * through `ffmpeg -f s16le -ar 24000 -ac 1`; the mimeType as real answers carry it, e.g. the one
 * quoted at doc-jp.302.ai/310233562e0). Not speech, but real audio: a tone whose pitch follows the
 * voice and whose length follows the text, so tests can check duration, format and determinism.
 */

export const PCM_RATE = 24_000;
export const PCM_MIME_TYPE = `audio/L16;codec=pcm;rate=${PCM_RATE}`;

/** Seconds of speech per character of text, and its bounds: short prompts still make a sound. */
const SECONDS_PER_CHAR = 0.06;
const MIN_SECONDS = 0.5;
const MAX_SECONDS = 20;

/**
 * Audio tokens per second of speech. Gemini's token guide gives 32 per second for audio
 * (https://ai.google.dev/gemini-api/docs/tokens), and Google confirmed the same rate for TTS output
 * (discuss.ai.google.dev/t/gemini-2-5-tts-workflow-questions/87410).
 */
export const AUDIO_TOKENS_PER_SECOND = 32;

export function speechSeconds(text: string): number {
  const chars = [...text].length;
  return Math.min(MAX_SECONDS, Math.max(MIN_SECONDS, chars * SECONDS_PER_CHAR));
}

/** `text` spoken by `voice`: whole samples only (an even number of bytes). */
export function speechPcm(text: string, voice: string): Buffer {
  const samples = Math.round(speechSeconds(text) * PCM_RATE);
  const seed = new Seed(`voice:${voice}`);
  const pitch = 140 + seed.below(160); // Hz
  const out = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    const t = i / PCM_RATE;
    // A syllable-like swell every 0.2 s, so the signal is not one flat tone.
    const envelope = 0.35 + 0.3 * Math.sin(Math.PI * ((t / 0.2) % 1));
    out.writeInt16LE(Math.round(Math.sin(2 * Math.PI * pitch * t) * envelope * 32_767), i * 2);
  }
  return out;
}
