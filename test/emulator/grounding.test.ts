import { beforeEach, describe, expect, it } from 'vitest';
import type { GenerateContentRequest, GenerateContentResponse } from '../../proxy/gemini/types.js';
import { readSseFrames } from './index.js';
import { ask, call, emulatorPerFile, sdk, sse } from './testing.js';
import type { ScriptedGrounding } from './types.js';

const t = emulatorPerFile();

const QUESTION = 'Who won Euro 2024?';
const FIRST = 'Spain won Euro 2024 (la Selección Española).';
const SECOND = 'It was their fourth title.';
const ANSWER = `${FIRST} ${SECOND}`;
const GROUNDING: ScriptedGrounding = {
  queries: ['UEFA Euro 2024 winner', 'who won euro 2024'],
  sources: [
    { uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/aaa', title: 'aljazeera.com' },
    { uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/bbb', title: 'uefa.com' },
  ],
  supports: [
    { text: FIRST, sources: [0] },
    { text: SECOND, sources: [0, 1] },
    { text: 'not in the answer', sources: [1] },
  ],
};
const searching = ask(QUESTION, { tools: [{ googleSearch: {} }] });
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Google's shape (ai.google.dev/gemini-api/docs/google-search): byte offsets, a zero start left out. */
const EXPECTED = {
  webSearchQueries: GROUNDING.queries,
  searchEntryPoint: { renderedContent: expect.stringContaining('UEFA Euro 2024 winner') },
  groundingChunks: GROUNDING.sources.map((web) => ({ web })),
  groundingSupports: [
    { segment: { endIndex: bytes(FIRST), text: FIRST }, groundingChunkIndices: [0] },
    {
      segment: { startIndex: bytes(FIRST) + 1, endIndex: bytes(ANSWER), text: SECOND },
      groundingChunkIndices: [0, 1],
    },
  ],
};

describe('scripted Google Search grounding', () => {
  beforeEach(() => t.emu.setAnswer(QUESTION, { text: ANSWER, grounding: GROUNDING }));

  it('a whole answer carries groundingMetadata on its candidate, beside the finishReason', async () => {
    const body = (await (await call(t.emu, searching, { key: t.key })).json()) as GenerateContentResponse;
    const candidate = body.candidates![0]!;
    expect(candidate.finishReason).toBe('STOP');
    expect(candidate['groundingMetadata']).toEqual(EXPECTED);
    const second = EXPECTED.groundingSupports[1]!.segment;
    expect(Buffer.from(ANSWER).subarray(second.startIndex, second.endIndex).toString()).toBe(SECOND);
  });

  it('a stream carries it on its last frame only, the one with the finishReason', async () => {
    const read = await readSseFrames(await sse(t.emu, searching, { key: t.key }));
    expect(read.text).toBe(ANSWER);
    const grounded = read.frames.map((frame) => frame.candidates?.[0]?.['groundingMetadata'] !== undefined);
    expect(grounded.indexOf(true)).toBe(read.frames.length - 1);
    const last = read.frames.at(-1)!.candidates![0]!;
    expect(last.finishReason).toBe('STOP');
    expect(last['groundingMetadata']).toEqual(EXPECTED);
  });

  it('the @google/genai SDK reads it as Gemini’s', async () => {
    const response = await sdk(t.emu, t.key).models.generateContent({
      model: 'gemini-2.5-flash',
      contents: QUESTION,
      config: { tools: [{ googleSearch: {} }] },
    });
    const metadata = response.candidates?.[0]?.groundingMetadata;
    expect(metadata?.webSearchQueries).toEqual(GROUNDING.queries);
    expect(metadata?.groundingChunks?.map((chunk) => chunk.web?.title)).toEqual([
      'aljazeera.com',
      'uefa.com',
    ]);
    expect(metadata?.groundingSupports?.[1]?.segment?.text).toBe(SECOND);
  });

  it('a request that cannot search gets the text without grounding', async () => {
    const body = (await (await call(t.emu, ask(QUESTION), { key: t.key })).json()) as GenerateContentResponse;
    expect(body.candidates![0]!['groundingMetadata']).toBeUndefined();
    expect(body.candidates![0]!.content!.parts).toEqual([{ text: ANSWER }]);
  });

  it('without supports, the whole answer is backed by every source', async () => {
    t.emu.setAnswer(QUESTION, { text: ANSWER, grounding: { queries: ['q'], sources: GROUNDING.sources } });
    const body = (await (await call(t.emu, searching, { key: t.key })).json()) as GenerateContentResponse;
    expect(body.candidates![0]!['groundingMetadata']).toMatchObject({
      groundingSupports: [
        { segment: { endIndex: bytes(ANSWER), text: ANSWER }, groundingChunkIndices: [0, 1] },
      ],
    });
  });
});

describe('Gemini 3 shows its search as toolCall / toolResponse parts beside function calling (tool combination)', () => {
  const MODEL = 'gemini-3-flash-preview';
  const functions = [{ name: 'getWeather', parameters: { type: 'object' } }];
  const combined = (circulation: boolean) =>
    ask(QUESTION, {
      tools: [{ googleSearch: {}, functionDeclarations: functions }],
      ...(circulation ? { toolConfig: { includeServerSideToolInvocations: true } } : {}),
    });
  const searchParts = [
    {
      toolCall: {
        id: expect.stringMatching(/^srch_/),
        toolType: 'GOOGLE_SEARCH_WEB',
        args: { queries: GROUNDING.queries },
      },
    },
    {
      toolResponse: {
        id: expect.stringMatching(/^srch_/),
        toolType: 'GOOGLE_SEARCH_WEB',
        response: { results: GROUNDING.sources },
      },
    },
  ];
  const sameId = (parts: Array<Record<string, unknown>>) =>
    expect((parts[0]!['toolCall'] as { id: string }).id).toBe(
      (parts[1]!['toolResponse'] as { id: string }).id,
    );

  it.each<
    [
      string,
      { text?: string; functionCalls?: Array<{ name: string; args: Record<string, unknown> }> },
      string,
    ]
  >([
    [
      'before a function call',
      { functionCalls: [{ name: 'getWeather', args: { city: 'Madrid' } }] },
      'functionCall',
    ],
    ['before a text answer', { text: ANSWER }, 'text'],
  ])('%s, in a whole answer and in a stream', async (_name, answer, after) => {
    t.emu.setAnswer(QUESTION, { ...answer, grounding: GROUNDING });
    const body = (await (
      await call(t.emu, combined(true), { key: t.key, model: MODEL })
    ).json()) as GenerateContentResponse;
    const parts = body.candidates![0]!.content!.parts as Array<Record<string, unknown>>;
    expect(parts.slice(0, 2)).toEqual(searchParts);
    sameId(parts);
    expect(
      parts.slice(2).every((part) => part['toolCall'] === undefined && part['toolResponse'] === undefined),
    ).toBe(true);
    expect(parts[2]![after]).toBeDefined();

    const read = await readSseFrames(await sse(t.emu, combined(true), { key: t.key, model: MODEL }));
    const streamed = read.frames.flatMap((frame) => frame.candidates?.[0]?.content?.parts ?? []);
    expect(streamed.slice(0, 2)).toEqual(searchParts);
  });

  it.each<[string, string, GenerateContentRequest]>([
    [
      'Gemini 2.5 (which has no tool combination)',
      'gemini-2.5-flash',
      ask(QUESTION, { tools: [{ googleSearch: {} }] }),
    ],
    ['search without function declarations', MODEL, ask(QUESTION, { tools: [{ googleSearch: {} }] })],
  ])('not on %s', async (_name, model, request) => {
    t.emu.setAnswer(QUESTION, { text: ANSWER, grounding: GROUNDING });
    const body = (await (
      await call(t.emu, request, { key: t.key, model })
    ).json()) as GenerateContentResponse;
    expect(JSON.stringify(body.candidates![0]!.content)).not.toContain('GOOGLE_SEARCH_WEB');
  });

  it('a history that passes them back is accepted, and so is one without them', async () => {
    t.emu.setAnswer(QUESTION, {
      functionCalls: [{ name: 'getWeather', args: { city: 'Madrid' } }],
      grounding: GROUNDING,
    });
    const body = (await (
      await call(t.emu, combined(true), { key: t.key, model: MODEL })
    ).json()) as GenerateContentResponse;
    const modelTurn = body.candidates![0]!.content!;
    const reply = {
      role: 'user',
      parts: [{ functionResponse: { name: 'getWeather', response: { sky: 'clear' } } }],
    };
    for (const parts of [modelTurn.parts, modelTurn.parts.filter((part) => part.functionCall)]) {
      const next = {
        ...combined(true),
        contents: [...combined(true).contents, { role: 'model', parts }, reply],
      };
      const res = await call(t.emu, next, { key: t.key, model: MODEL });
      expect(res.status, await res.clone().text()).toBe(200);
    }
  });
});
