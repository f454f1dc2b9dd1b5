import { describe, expect, it } from 'vitest';
import type { ChatChunkWire } from '../../upstream/openaiCompatible/chatWire.js';
import type { ChatFrame } from '../../upstream/openaiCompatible/chatFrame.js';
import { ChatAnswerSoFar, ChatAttemptFilter } from './chatAttempt.js';

const frame = (chunk: ChatChunkWire): ChatFrame => ({ chunk, json: JSON.stringify(chunk) });
const delta = (id: string, fields: Record<string, unknown>, finish: string | null = null) =>
  frame({
    id,
    object: 'chat.completion.chunk',
    created: 1,
    model: 'qwen-plus',
    choices: [{ index: 0, delta: fields, finish_reason: finish }],
  });
const usage = (id: string, prompt: number, completion: number) =>
  frame({
    id,
    object: 'chat.completion.chunk',
    choices: [],
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
  });

/** What the client is sent for one attempt's chunks, parsed. */
function run(filter: ChatAttemptFilter, frames: ChatFrame[]): ChatChunkWire[] {
  const out: ChatFrame[] = [];
  filter.take(frames, out);
  filter.end(out);
  return out.map((frame) => JSON.parse(frame.json) as ChatChunkWire);
}
const contents = (chunks: ChatChunkWire[]) =>
  chunks.map((chunk) => chunk.choices?.[0]?.delta?.content ?? null);

describe('ChatAttemptFilter: one attempt of a streamed answer, as the client is sent it', () => {
  it('relays a first attempt exactly as the provider wrote it, and holds its usage chunk back', () => {
    const answer = new ChatAnswerSoFar();
    const filter = new ChatAttemptFilter(answer, 'first');
    const frames = [
      delta('a', { role: 'assistant', content: '' }),
      delta('a', { content: 'Hello' }),
      delta('a', { content: '' }, 'stop'),
      usage('a', 9, 2),
    ];
    const out: ChatFrame[] = [];
    filter.take(frames, out);
    expect(out.map((f) => f.json)).toEqual(frames.slice(0, 3).map((f) => f.json));
    expect(filter.finish).toEqual({ reason: 'stop', empty: false });
    expect(filter.usage).toMatchObject({ promptTokenCount: 9, candidatesTokenCount: 2 });
    expect(filter.usageFrame?.json).toBe(frames[3]!.json);
    expect(answer.text).toBe('Hello');
  });

  it("stamps a continuation's chunks with the first attempt's id, and drops its opening role", () => {
    const answer = new ChatAnswerSoFar();
    run(new ChatAttemptFilter(answer, 'first'), [
      delta('first-id', { role: 'assistant', content: '' }),
      delta('first-id', { content: 'The quick brown fox jumps over ' }),
    ]);
    answer.moveOn(undefined);
    const sent = run(new ChatAttemptFilter(answer, 'continue'), [
      delta('second-id', { role: 'assistant', content: '' }),
      delta('second-id', { content: 'the lazy dog.' }),
      delta('second-id', { content: '' }, 'stop'),
    ]);
    expect(sent.every((chunk) => chunk.id === 'first-id')).toBe(true);
    expect(sent.some((chunk) => chunk.choices?.[0]?.delta?.role)).toBe(false);
    expect(contents(sent).join('')).toBe('the lazy dog.');
    expect(answer.text).toBe('The quick brown fox jumps over the lazy dog.');
  });

  it('removes what a continuation repeats at the seam (SeamJoiner), across chunks', () => {
    const answer = new ChatAnswerSoFar();
    run(new ChatAttemptFilter(answer, 'first'), [
      delta('a', { content: 'Streams arrive in frames, and each frame carries' }),
    ]);
    answer.moveOn(undefined);
    const filter = new ChatAttemptFilter(answer, 'continue');
    const sent = run(filter, [
      delta('b', { content: 'and each frame ' }),
      delta('b', { content: 'carries the usage so far.' }),
      delta('b', {}, 'stop'),
    ]);
    expect(contents(sent).join('')).toBe(' the usage so far.');
    expect(filter.seamRemoved).toBe('and each frame carries'.length);
  });

  it('shows reasoning before the answer, and not again on a later attempt', () => {
    const answer = new ChatAnswerSoFar();
    const first = run(new ChatAttemptFilter(answer, 'first'), [
      delta('a', { reasoning_content: 'Let me think.' }),
    ]);
    expect(first[0]!.choices?.[0]?.delta?.reasoning_content).toBe('Let me think.');
    answer.moveOn(undefined);
    const replay = new ChatAttemptFilter(answer, 'replay');
    const sent = run(replay, [
      delta('b', { reasoning_content: 'Let me think.' }),
      delta('b', { content: 'Answer.' }, 'stop'),
    ]);
    expect(sent.map((chunk) => chunk.choices?.[0]?.delta?.reasoning_content).filter(Boolean)).toEqual([]);
    expect(contents(sent)).toEqual(['Answer.']);
    expect(replay.sawReasoning).toBe(true);
  });

  it('holds back a stop that comes with no answer at all: the attempt was empty', () => {
    const answer = new ChatAnswerSoFar();
    const filter = new ChatAttemptFilter(answer, 'first');
    const sent = run(filter, [
      delta('a', { role: 'assistant', content: '' }),
      delta('a', { content: '' }, 'stop'),
    ]);
    expect(filter.finish).toEqual({ reason: 'stop', empty: true });
    expect(sent.some((chunk) => chunk.choices?.[0]?.finish_reason)).toBe(false);
  });

  it('lets text held at the seam out before a tool call, and remembers the call', () => {
    const answer = new ChatAnswerSoFar();
    run(new ChatAttemptFilter(answer, 'first'), [delta('a', { content: 'Let me check the weather for ' })]);
    answer.moveOn(undefined);
    const call = [
      { index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } },
    ];
    const sent = run(new ChatAttemptFilter(answer, 'continue'), [
      delta('b', { content: 'you.' }),
      delta('b', { tool_calls: call }, 'tool_calls'),
    ]);
    expect(contents(sent).join('')).toBe('you.');
    expect(sent.at(-1)!.choices?.[0]?.delta?.tool_calls).toEqual(call);
    expect(answer.toolCallSent).toBe(true);
  });

  it('passes several choices (n > 1) through as they come', () => {
    const answer = new ChatAnswerSoFar();
    const filter = new ChatAttemptFilter(answer, 'first');
    const both = frame({
      id: 'a',
      choices: [
        { index: 0, delta: { content: 'x' }, finish_reason: 'stop' },
        { index: 1, delta: { content: 'y' }, finish_reason: null },
      ],
    });
    const out: ChatFrame[] = [];
    filter.take([both], out);
    expect(out.map((f) => f.json)).toEqual([both.json]);
    expect(filter.finish?.reason).toBe('stop');
  });
});

describe('ChatAnswerSoFar', () => {
  it("shows one answer's usage over attempts: the prompt once, every attempt's output", () => {
    const answer = new ChatAnswerSoFar();
    answer.id = 'a';
    answer.moveOn({ promptTokenCount: 10, candidatesTokenCount: 4, totalTokenCount: 14 });
    const shown = JSON.parse(
      answer.usageChunk(
        answer.shownUsage({ promptTokenCount: 14, candidatesTokenCount: 6, totalTokenCount: 20 }),
      ).json,
    ) as ChatChunkWire;
    expect(shown).toMatchObject({
      id: 'a',
      choices: [],
      usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
    });
  });
});
