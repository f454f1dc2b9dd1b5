import { Seed } from './seed.js';
import { headCodePoints } from './text.js';

/**
 * Default answers: a pure function of the prompt. Each answer is a few hundred characters that mix
 * ASCII, Markdown, CJK (Chinese, Japanese, Korean) and emoji — including a surrogate pair, a ZWJ
 * sequence and a variation selector — so that every chunk seam and every byte boundary a gateway can
 * get wrong shows up in ordinary tests.
 */

const SENTENCES = [
  'Streaming answers arrive in small frames, and each frame carries the usage so far.',
  'A gateway can resume a cut stream by asking the model to continue where it stopped.',
  'Keys that share a project also share one quota, so spreading load needs some care.',
  'Deterministic replies make tests repeatable without any network access.',
  'Short chunks exercise the seam between two frames more often than long ones do.',
  'Every answer ends with a finish reason; a missing one means the stream was cut.',
  'Rate limits reset per minute and per day, and the error says when to retry.',
  'Thought summaries come first when they are requested, before the visible text.',
];

const BULLETS = [
  'check `finishReason` on the last frame',
  'read `usageMetadata` from every chunk',
  'keep the `thoughtSignature` with its part',
  'honour `retryDelay` before the next call',
  'count characters as code points, not bytes',
  'never split a frame in the middle of a character',
];

const CJK = [
  '流式输出会被切成很多小块，每一块都要完整地传给客户端。',
  '在中文文本里，短的重复很常见，所以去重时要设定最小长度。',
  '日本語の文章も混ぜておくと、文字の境界を正しく扱えるか確かめられます。',
  '한국어 문장도 포함하여 멀티바이트 문자를 시험합니다.',
  '网关应当在断流后无缝续写，既不重复也不遗漏。',
  '同一个项目里的密钥共享配额，请合理分配请求。',
];

const EMOJI = [
  'All good 🚀✨ — even a clef 𝄞 survives intact.',
  'Done ✅ with a family 👨‍👩‍👧 and a flag 🇯🇵 in one line.',
  'Keep going 🔁 until the finish reason says STOP 🛑.',
  'Checks passed 🧪🎉 across every seam.',
  'The weather looks fine ☀️🌈 today.',
];

const OPENERS = ['Here is a short answer', 'Good question', 'Let me explain', 'In short'];

/** The prompt shortened to a single line, as the answer quotes it. */
function topicOf(prompt: string): string {
  const line = prompt.replace(/\s+/g, ' ').trim();
  if (line.length === 0) return 'your message';
  const head = headCodePoints(line, 40);
  return head.length < line.length ? `${head}…` : head;
}

export function defaultAnswer(prompt: string): string {
  const seed = new Seed(`answer:${prompt}`);
  const first = seed.pick(SENTENCES);
  const second = seed.pick(SENTENCES.filter((s) => s !== first));
  const [b1, b2] = [seed.pick(BULLETS), seed.pick(BULLETS)];
  return (
    `${seed.pick(OPENERS)} about “${topicOf(prompt)}” (ref ${seed.hex(6)}).\n\n` +
    `**Key point:** ${first}\n\n` +
    `- ${b1}\n- ${b2}\n\n` +
    `${second} ${seed.pick(CJK)}\n\n` +
    `${seed.pick(EMOJI)}`
  );
}

/** The thought summary a thinking model returns with includeThoughts. */
export function defaultThoughts(prompt: string): string {
  return (
    `**Considering the request**\n\nThe user wrote about “${topicOf(prompt)}”. ` +
    'I will answer in a few sentences with a short list, a line of 中文 and an emoji.'
  );
}

export interface ImageInfo {
  mimeType: string;
  bytes: number;
}

/** Prefix of the default answer when the last user turn carries inline media. */
export function describeImages(images: readonly ImageInfo[]): string {
  const list = images.map((i) => `${i.mimeType} (${i.bytes} bytes)`).join(', ');
  return `I can see ${images.length} image${images.length === 1 ? '' : 's'}: ${list}.`;
}
