import { invalidRequest } from '../openai/openAIError.js';

/**
 * Gemini's 30 prebuilt voices (https://ai.google.dev/gemini-api/docs/speech-generation#voices), with
 * the character Google gives each.
 */
export const GEMINI_VOICES = [
  'Zephyr', // bright
  'Puck', // upbeat
  'Charon', // informative
  'Kore', // firm
  'Fenrir', // excitable
  'Leda', // youthful
  'Orus', // firm
  'Aoede', // breezy
  'Callirrhoe', // easy-going
  'Autonoe', // bright
  'Enceladus', // breathy
  'Iapetus', // clear
  'Umbriel', // easy-going
  'Algieba', // smooth
  'Despina', // smooth
  'Erinome', // clear
  'Algenib', // gravelly
  'Rasalgethi', // informative
  'Laomedeia', // upbeat
  'Achernar', // soft
  'Alnilam', // firm
  'Schedar', // even
  'Gacrux', // mature
  'Pulcherrima', // forward
  'Achird', // friendly
  'Zubenelgenubi', // casual
  'Vindemiatrix', // gentle
  'Sadachbia', // lively
  'Sadaltager', // knowledgeable
  'Sulafat', // warm
] as const;

/**
 * OpenAI's voices -> the Gemini voice of the nearest character (a choice of gemgate's: the two
 * sets have nothing in common but the idea):
 *
 * | OpenAI  | Gemini    | |  OpenAI  | Gemini   |
 * | ------- | --------- | | -------- | -------- |
 * | alloy   | Zephyr    | | nova     | Leda     |
 * | ash     | Puck      | | onyx     | Orus     |
 * | ballad  | Enceladus | | sage     | Iapetus  |
 * | coral   | Aoede     | | shimmer  | Kore     |
 * | echo    | Charon    | | verse    | Achird   |
 * | fable   | Fenrir    | | marin    | Sulafat  |
 * |         |           | | cedar    | Algieba  |
 *
 * A Gemini voice name (any case) is taken as it is. Anything else, a custom voice `{id}` included,
 * is a 400 naming `voice`.
 */
const OPENAI_VOICES: Record<string, (typeof GEMINI_VOICES)[number]> = {
  alloy: 'Zephyr',
  ash: 'Puck',
  ballad: 'Enceladus',
  coral: 'Aoede',
  echo: 'Charon',
  fable: 'Fenrir',
  nova: 'Leda',
  onyx: 'Orus',
  sage: 'Iapetus',
  shimmer: 'Kore',
  verse: 'Achird',
  marin: 'Sulafat',
  cedar: 'Algieba',
};

export function toGeminiVoice(voice: unknown): string {
  if (typeof voice === 'string') {
    const name = voice.trim().toLowerCase();
    const mapped = OPENAI_VOICES[name] ?? GEMINI_VOICES.find((gemini) => gemini.toLowerCase() === name);
    if (mapped) return mapped;
  }
  throw invalidRequest(
    `Invalid value for 'voice': ${JSON.stringify(voice)}. Use an OpenAI voice (${Object.keys(OPENAI_VOICES).join(', ')}) or a Gemini voice (${GEMINI_VOICES.join(', ')}).`,
    'voice',
    'invalid_value',
  );
}
