import { faults, type Fault } from '../emulator/index.js';
import { startHarness, type Harness, type HarnessOptions } from '../support/harness.js';

/**
 * The fault corpus for resumable streams: each pattern is the list of faults the emulator applies
 * to successive upstream attempts of one answer, and what the client must end up with.
 */
export interface FaultPattern {
  name: string;
  faults: Fault[];
  /** `full`: exactly the emulator's whole text. `error`: an honest "incomplete" error. */
  expect: 'full' | 'error';
  /** Ask for thoughts (includeThoughts), for cuts inside thinking. */
  thinking?: boolean;
}

/** A long answer mixing ASCII, Markdown, CJK and emoji, so every seam rule is exercised. */
export const LONG_ANSWER = [
  '## Resumable streams\n\n',
  'When Gemini drops a stream mid-answer, the gateway continues it: the client sees **one** answer, ',
  'with no duplicate and no gap at the seam. ',
  '长的回答有时会在中间断开，网关会从断开的地方继续，客户端只看到一个完整的回答。 ',
  'Emoji survive too 🙂🚀, as do `inline code` and lists:\n\n',
  '1. detect the cut (no finishReason, half a frame, a stall);\n',
  '2. ask the model to continue exactly where it stopped;\n',
  '3. remove whatever it repeats at the seam.\n\n',
  '最后，所有尝试的用量会被加总并记录下来。 ',
  'That is the whole story, told once and completely, ending right here.',
].join('');

/** What every corpus test asks, of which model. */
export const PROMPT = 'Explain resumable streams.';
export const MODEL = 'gemini-2.5-flash';

/**
 * A gateway in front of an emulator that answers PROMPT with LONG_ANSWER and some thoughts: by
 * default three keys, five attempts and a one-second stall timeout, so stalls stay quick.
 */
export async function startCorpusHarness(
  options: HarnessOptions = {
    accounts: { main: { keys: 3 } },
    settings: { 'resume.maxAttempts': 5, 'resume.stallTimeoutMs': 1000 },
  },
): Promise<Harness> {
  const h = await startHarness(options);
  h.emulator.setAnswer(PROMPT, { text: LONG_ANSWER, thoughts: 'Thinking about seams, cuts and stalls.' });
  return h;
}

export const CORPUS: FaultPattern[] = [
  { name: 'cut before any text', faults: [faults.cut(0)], expect: 'full' },
  { name: 'cut after 1 character', faults: [faults.cut(1)], expect: 'full' },
  { name: 'cut after 57 characters', faults: [faults.cut(57)], expect: 'full' },
  { name: 'cut inside the CJK sentence', faults: [faults.cut(160)], expect: 'full' },
  { name: 'cut next to an emoji', faults: [faults.cut(212)], expect: 'full' },
  { name: 'cut near the end', faults: [faults.cut(LONG_ANSWER.length - 5)], expect: 'full' },
  { name: 'cut inside thinking', faults: [faults.cut(0)], expect: 'full', thinking: true },
  { name: 'frame cut in half early', faults: [faults.halfFrame(30)], expect: 'full' },
  { name: 'frame cut in half inside CJK', faults: [faults.halfFrame(150)], expect: 'full' },
  { name: 'ends without finishReason', faults: [faults.endWithoutFinish(90)], expect: 'full' },
  { name: 'stall past the stall timeout', faults: [faults.stall(70, 2500)], expect: 'full' },
  { name: 'two cuts in a row', faults: [faults.cut(40), faults.cut(60)], expect: 'full' },
  {
    name: 'three different cuts in a row',
    faults: [faults.cut(20), faults.halfFrame(50), faults.endWithoutFinish(70)],
    expect: 'full',
  },
  { name: 'seam overlap 0', faults: [faults.cut(100), faults.repeatOverlap(0)], expect: 'full' },
  { name: 'seam overlap 10', faults: [faults.cut(100), faults.repeatOverlap(10)], expect: 'full' },
  { name: 'seam overlap 40', faults: [faults.cut(130), faults.repeatOverlap(40)], expect: 'full' },
  {
    name: 'seam overlap 120 across CJK',
    faults: [faults.cut(200), faults.repeatOverlap(120)],
    expect: 'full',
  },
  { name: 'seam overlap 200', faults: [faults.cut(330), faults.repeatOverlap(200)], expect: 'full' },
  { name: 'empty answer, then a clean one', faults: [faults.empty()], expect: 'full' },
  { name: 'thoughts only, then a clean one', faults: [faults.thoughtOnly()], expect: 'full' },
  { name: '503 during the continuation', faults: [faults.cut(80), faults.overloaded()], expect: 'full' },
  {
    name: '429 during the continuation',
    faults: [faults.cut(80), faults.rateLimit({ retryDelay: '30s' })],
    expect: 'full',
  },
  {
    name: 'malformed function call, then a clean answer',
    faults: [faults.finish('MALFORMED_FUNCTION_CALL', 0)],
    expect: 'full',
  },
  {
    name: 'more cuts than resume.maxAttempts allows',
    faults: [faults.cut(10), faults.cut(10), faults.cut(10), faults.cut(10), faults.cut(10)],
    expect: 'error',
  },
];
