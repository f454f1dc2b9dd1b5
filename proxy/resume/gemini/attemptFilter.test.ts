import { describe, expect, it } from 'vitest';
import type { GenerateContentResponse, Part, UsageMetadata } from '../../gemini/types.js';
import type { StreamFrame } from '../../upstream/geminiFrame.js';
import { skimFrame } from '../../upstream/skimFrame.js';
import { AnswerSoFar, AttemptFilter, type AttemptMode } from './attemptFilter.js';

/** What the filter still held when its attempt's stream ended (AttemptFilter.end). */
function heldAtEnd(filter: AttemptFilter): StreamFrame | undefined {
  const out: StreamFrame[] = [];
  filter.end(out);
  return out[0];
}

// Frames shaped like Gemini's streamGenerateContent chunks
// (https://ai.google.dev/api/generate-content#v1beta.GenerateContentResponse), with the JSON text
// the stream reader keeps beside each one.
function frame(chunk: GenerateContentResponse): StreamFrame {
  return { chunk, json: JSON.stringify(chunk) };
}
function partsFrame(parts: Part[], extra: { finishReason?: string; usageMetadata?: UsageMetadata } = {}) {
  const { finishReason, usageMetadata } = extra;
  return frame({
    candidates: [{ content: { role: 'model', parts }, ...(finishReason ? { finishReason } : {}), index: 0 }],
    ...(usageMetadata ? { usageMetadata } : {}),
    responseId: 'r1',
  });
}
const text = (t: string, extra?: { finishReason?: string; usageMetadata?: UsageMetadata }) =>
  partsFrame([{ text: t }], extra);
const thought = (t: string) => partsFrame([{ text: t, thought: true }]);
const stop = (reason = 'STOP', usageMetadata?: UsageMetadata) =>
  partsFrame([], { finishReason: reason, usageMetadata });
const call = (name: string) => partsFrame([{ functionCall: { name, args: {} } }]);

/** Feeds batches (one per upstream read) through a filter; returns what each batch became. */
function feed(filter: AttemptFilter, ...batches: StreamFrame[][]): StreamFrame[][] {
  return batches.map((batch) => {
    const out: StreamFrame[] = [];
    filter.take(batch, out);
    return out;
  });
}
const partsOf = (frames: StreamFrame[]) =>
  frames.flatMap((f) => f.chunk.candidates?.[0]?.content?.parts ?? []);
const shownText = (frames: StreamFrame[]) =>
  partsOf(frames)
    .filter((p) => !p.thought && typeof p.text === 'string')
    .map((p) => p.text)
    .join('');
const shownThoughts = (frames: StreamFrame[]) =>
  partsOf(frames)
    .filter((p) => p.thought)
    .map((p) => p.text)
    .join('');
const finishReasons = (frames: StreamFrame[]) =>
  frames.map((f) => f.chunk.candidates?.[0]?.finishReason).filter((r) => r !== undefined);

function attempt(mode: AttemptMode = 'first', answer = new AnswerSoFar()) {
  return { answer, filter: new AttemptFilter(answer, mode) };
}
/** An answer of which the client already holds `sent`, as after a cut. */
function continuing(sent: string) {
  const answer = new AnswerSoFar();
  answer.text = sent;
  return attempt('continue', answer);
}

describe('attempt filter: a first attempt', () => {
  it('relays frames that need no change as Gemini sent them, JSON text included, one batch per read', () => {
    const { filter } = attempt();
    const read1 = [text('Hello, '), text('world')];
    const read2 = [text('.', { finishReason: 'STOP' })];
    const [out1, out2] = feed(filter, read1, read2);
    expect(out1).toHaveLength(2);
    expect(out1![0]).toBe(read1[0]);
    expect(out1![1]).toBe(read1[1]);
    expect(out2![0]).toBe(read2[0]);
  });

  it('learns what the client saw: the answer text, visible characters, usage and the finishReason', () => {
    const { answer, filter } = attempt();
    const usage = { promptTokenCount: 4, candidatesTokenCount: 3, totalTokenCount: 7 };
    feed(filter, [text('Hello'), text(' world', { finishReason: 'STOP', usageMetadata: usage })]);
    expect(answer.text).toBe('Hello world');
    expect(answer.responseId).toBe('r1');
    expect(filter.visibleChars).toBe(11);
    expect(filter.usage).toEqual(usage);
    expect(filter.finish).toEqual({ reason: 'STOP', cls: 'complete' });
    expect(filter.sawVisible).toBe(true);
    expect(heldAtEnd(filter)).toBeUndefined();
  });

  it('tells of each thought signature it carries', () => {
    const signatures: string[] = [];
    const filter = new AttemptFilter(new AnswerSoFar(), 'first', (s) => signatures.push(s));
    feed(filter, [partsFrame([{ text: 'Hi', thoughtSignature: 'sig-1' }]), call('lookup')]);
    expect(signatures).toEqual(['sig-1']);
  });
});

/** A frame read by a skim, as the stream reader makes it; reading its chunk is a mistake here. */
function skimmed(chunk: GenerateContentResponse): StreamFrame {
  const json = JSON.stringify(chunk);
  const plain = skimFrame(json);
  if (!plain) throw new Error(`not a plain frame: ${json}`);
  return {
    json,
    plain,
    get chunk(): GenerateContentResponse {
      throw new Error('a skimmed frame was parsed');
    },
  };
}

describe('attempt filter: frames of plain text, skimmed', () => {
  const usage = { promptTokenCount: 4, candidatesTokenCount: 2, totalTokenCount: 6 };
  const plainText = (t: string) =>
    skimmed({
      candidates: [{ content: { role: 'model', parts: [{ text: t }] }, index: 0 }],
      usageMetadata: usage,
      responseId: 'r1',
    });

  it('relays them on a first attempt unread, learning text, usage and responseId from the skim', () => {
    const { answer, filter } = attempt();
    const sent = [plainText('Line one\n'), plainText('and "two"')];
    const [out] = feed(filter, sent);
    expect(out).toEqual(sent);
    expect(answer.textLength).toBe('Line one\nand "two"'.length);
    expect(filter.visibleChars).toBe(answer.textLength);
    expect(filter.sawVisible).toBe(true);
    expect(answer.responseId).toBe('r1');
    expect(filter.usage).toEqual(usage);
    expect(answer.text).toBe('Line one\nand "two"');
  });

  // A parsed frame's text is kept after the skimmed text still undecoded, and read back exactly.
  it.each([
    ['plain after plain', ['Line one\n', 'and "two"'], 'end.'],
    ['escapes after plain', ['a'], 'quote " backslash \\ newline \n tab \t'],
    ['a lone surrogate', ['x'], 'broken \ud83d pair'],
    ['control characters', ['x'], '\u0000\u001f'],
    ['no skimmed text before it', [], 'first "and" only'],
  ])('knows the answer text across skimmed and parsed frames: %s', (_case, skimmedTexts, parsedText) => {
    const { answer, filter } = attempt();
    feed(filter, [...skimmedTexts.map(plainText), text(parsedText)], [plainText('after')]);
    const whole = `${skimmedTexts.join('')}${parsedText}after`;
    expect(answer.textLength).toBe(whole.length);
    expect(answer.text).toBe(whole);
  });

  it('lets a later parsed frame see the text so far (thoughts after the answer began are hidden)', () => {
    const { filter } = attempt();
    const [out] = feed(filter, [
      plainText('Answer'),
      thought('More thinking.'),
      text('.', { finishReason: 'STOP' }),
    ]);
    expect(shownThoughts(out!.slice(1))).toBe('');
    expect(filter.finish).toEqual({ reason: 'STOP', cls: 'complete' });
  });
});

describe('attempt filter: thoughts are shown once', () => {
  it('shows thoughts before the answer text, none after it', () => {
    const { filter } = attempt();
    const [out] = feed(filter, [thought('Let me think.'), text('Answer'), thought('More thinking.')]);
    expect(shownThoughts(out!)).toBe('Let me think.');
    expect(shownText(out!)).toBe('Answer');
    expect(filter.sawThoughts).toBe(true);
  });

  it('does not show a replay its thoughts again when the client has seen some', () => {
    const { answer, filter } = attempt();
    feed(filter, [thought('First go.'), stop()]);
    const replay = new AttemptFilter(answer, 'replay');
    const [out] = feed(replay, [thought('Second go.'), text('Answer', { finishReason: 'STOP' })]);
    expect(shownThoughts(out!)).toBe('');
    expect(shownText(out!)).toBe('Answer');
    expect(replay.sawThoughts).toBe(true);
  });

  it("shows a replay's thoughts when the client has seen none", () => {
    const { answer, filter } = attempt();
    feed(filter, [stop()]);
    const [out] = feed(new AttemptFilter(answer, 'replay'), [thought('Now thinking.'), text('Answer')]);
    expect(shownThoughts(out!)).toBe('Now thinking.');
  });
});

describe('attempt filter: a continuation joins at the seam', () => {
  it('removes the repeated start, and holds text back only while it could still be a repeat', () => {
    const { answer, filter } = continuing('Hello wor');
    const [out1, out2] = feed(filter, [text('wor')], [text('ld, how are you?')]);
    expect(out1).toEqual([]);
    expect(shownText(out2!)).toBe('ld, how are you?');
    expect(answer.text).toBe('Hello world, how are you?');
    expect(filter.seamRemoved).toBe(3);
    expect(filter.visibleChars).toBe('ld, how are you?'.length);
  });

  it('rewrites every frame of a continuation, keeping the first responseId', () => {
    const { answer, filter } = continuing('The answer so far');
    answer.responseId = 'first-id';
    const sent = text(', and the rest.');
    const [out] = feed(filter, [sent]);
    expect(out![0]).not.toBe(sent);
    expect(out![0]!.json).toBeUndefined();
    expect(out![0]!.chunk.responseId).toBe('first-id');
  });

  it('releases what it held with the finishReason, after removing a long repeat', () => {
    const { answer, filter } = continuing('The quick brown fox jumps');
    const [out] = feed(filter, [text('brown fox jumps'), text(' over the dog.'), stop()]);
    expect(shownText(out!)).toBe(' over the dog.');
    expect(finishReasons(out!)).toEqual(['STOP']);
    expect(answer.text).toBe('The quick brown fox jumps over the dog.');
    expect(filter.seamRemoved).toBe(15);
  });

  it('releases what it held when the attempt ends without a finishReason, as a frame of its own', () => {
    const { answer, filter } = continuing('It was the best of times, it was');
    const [out] = feed(filter, [text(' it was')]);
    expect(out).toEqual([]);
    // Not a restart of a word, and shorter than MIN_OVERLAP: the model may mean it.
    const held = heldAtEnd(filter);
    expect(shownText([held!])).toBe(' it was');
    expect(answer.text).toBe('It was the best of times, it was it was');
    expect(filter.sawVisible).toBe(true);
  });

  it('lets a function call first release the text held at the seam', () => {
    const { answer, filter } = continuing('Let me look that');
    const [out] = feed(filter, [text(' that'), call('lookup')]);
    expect(partsOf(out!)).toEqual([{ text: ' that' }, { functionCall: { name: 'lookup', args: {} } }]);
    expect(answer.toolCallSent).toBe(true);
  });
});

describe('attempt filter: a finishReason that is no answer is held back', () => {
  it.each([
    ['an empty answer', [stop()], { thoughts: false, visible: false }],
    ['thoughts only', [thought('Hmm.'), stop()], { thoughts: true, visible: false }],
    ['a malformed function call', [stop('MALFORMED_FUNCTION_CALL')], { thoughts: false, visible: false }],
    [
      'a malformed function call after text',
      [text('Calling'), stop('MALFORMED_FUNCTION_CALL')],
      { thoughts: false, visible: true },
    ],
  ])('%s', (_name, frames, saw) => {
    const { filter } = attempt();
    const [out] = feed(filter, frames);
    expect(finishReasons(out!)).toEqual([]);
    expect(filter.finish?.cls).toBe('retry');
    expect(filter.sawThoughts).toBe(saw.thoughts);
    expect(filter.sawVisible).toBe(saw.visible);
  });

  it('passes nothing after a held finishReason, not even usage', () => {
    const { filter } = attempt();
    const [, out] = feed(filter, [stop()], [frame({ usageMetadata: { totalTokenCount: 5 } })]);
    expect(out).toEqual([]);
  });

  it('takes STOP after text or a function call as final', () => {
    const afterText = attempt();
    expect(finishReasons(feed(afterText.filter, [text('Done.'), stop()])[0]!)).toEqual(['STOP']);
    expect(afterText.filter.finish).toEqual({ reason: 'STOP', cls: 'complete' });
    const afterCall = attempt();
    expect(finishReasons(feed(afterCall.filter, [call('lookup'), stop()])[0]!)).toEqual(['STOP']);
    expect(afterCall.answer.toolCallSent).toBe(true);
  });
});

describe('attempt filter: final stops', () => {
  it('passes a policy stop on as it came', () => {
    const { filter } = attempt();
    const safety = text('Partial', { finishReason: 'SAFETY' });
    const [out] = feed(filter, [safety]);
    expect(out![0]).toBe(safety);
    expect(filter.finish).toEqual({ reason: 'SAFETY', cls: 'policy' });
  });

  it('passes the usage of a usage-only frame after the finishReason, nothing else', () => {
    const { filter } = attempt();
    const usage = { promptTokenCount: 4, candidatesTokenCount: 2, totalTokenCount: 6 };
    const [out] = feed(filter, [
      text('Done.', { finishReason: 'STOP' }),
      frame({ candidates: [{ content: { role: 'model', parts: [] } }], usageMetadata: usage }),
    ]);
    expect(out![1]!.chunk).toEqual({ usageMetadata: usage, responseId: 'r1' });
  });

  it('passes a blocked prompt on and reads no further', () => {
    const { filter } = attempt();
    const blocked = frame({
      promptFeedback: { blockReason: 'SAFETY' },
      usageMetadata: { promptTokenCount: 4 },
    });
    const [out] = feed(filter, [blocked, text('never read')]);
    expect(out).toHaveLength(1);
    expect(out![0]!.chunk.promptFeedback).toEqual({ blockReason: 'SAFETY' });
    expect(out![0]!.chunk.usageMetadata).toEqual({ promptTokenCount: 4 });
    expect(filter.blockReason).toBe('SAFETY');
  });

  it('passes frames of several candidates as they are; the first finishReason stands', () => {
    const { answer, filter } = attempt();
    const two = frame({
      candidates: [
        { content: { role: 'model', parts: [{ text: 'One' }] }, index: 0, finishReason: 'STOP' },
        { content: { role: 'model', parts: [{ text: 'Two' }] }, index: 1, finishReason: 'MAX_TOKENS' },
      ],
    });
    const [out] = feed(filter, [two]);
    expect(out![0]).toBe(two);
    expect(filter.finish).toEqual({ reason: 'STOP', cls: 'complete' });
    expect(answer.text).toBe('');
  });
});

describe('attempt filter: usage as one answer', () => {
  it("shows the prompt once and every attempt's output", () => {
    const { answer } = continuing('The answer so far');
    answer.moveOn({ promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 });
    const filter = new AttemptFilter(answer, 'continue');
    const usage = { promptTokenCount: 30, candidatesTokenCount: 7, totalTokenCount: 37 };
    const [out] = feed(filter, [text(', and the rest.', { finishReason: 'STOP', usageMetadata: usage })]);
    expect(out![0]!.chunk.usageMetadata).toEqual({
      promptTokenCount: 10,
      candidatesTokenCount: 12,
      totalTokenCount: 22,
    });
    // What the attempt itself reported is what it is billed.
    expect(filter.usage).toEqual(usage);
  });

  it("ends an answer with gemgate's own frame: the finishReason, the answer's id and usage so far", () => {
    const answer = new AnswerSoFar();
    answer.responseId = 'r1';
    answer.moveOn({ promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 });
    expect(answer.closingFrame('STOP').chunk).toEqual({
      candidates: [{ content: { role: 'model', parts: [] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
      responseId: 'r1',
    });
  });

  it("a closing frame after a cut attempt counts that attempt's output too: clients read usage off the last frame", () => {
    const answer = new AnswerSoFar();
    answer.moveOn({ promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 });
    const cutAttempt = { promptTokenCount: 30, candidatesTokenCount: 7, totalTokenCount: 37 };
    expect(answer.closingFrame('MAX_TOKENS', cutAttempt).chunk.usageMetadata).toEqual({
      promptTokenCount: 10,
      candidatesTokenCount: 12,
      totalTokenCount: 22,
    });
  });
});
