/**
 * Gemini answers, whole (`:generateContent`) and as the chunk sequence `:streamGenerateContent?alt=sse`
 * delivers (one GenerateContentResponse per `data:` line).
 *
 * Shapes from Google's reference and guides:
 * - https://ai.google.dev/api/generate-content (GenerateContentResponse, Candidate, FinishReason,
 *   PromptFeedback, UsageMetadata: cumulative on every streamed chunk, finishReason on the last)
 * - https://ai.google.dev/gemini-api/docs/thinking (thought summaries: parts with `thought: true`
 *   when includeThoughts is set; thoughtsTokenCount)
 * - https://ai.google.dev/gemini-api/docs/thought-signatures (Gemini 3: the signature rides on the
 *   first functionCall part; parallel calls after it carry none)
 * - https://ai.google.dev/gemini-api/docs/function-calling (whole functionCall parts, parallel calls)
 * Typed against proxy/gemini/types.ts. Signatures and ids are shortened stand-ins: they are opaque
 * to gemgate, which only carries them.
 */
import type { GenerateContentResponse } from '../../../../gemini/types.js';

const modelVersion = 'gemini-3-pro-preview';

/** Thinking, then two parallel calls; the first carries the step's signature. */
export const parallelCallsChunks: GenerateContentResponse[] = [
  {
    candidates: [
      {
        content: { role: 'model', parts: [{ text: '**Checking both cities**\nI need the weather for each.', thought: true }] },
        index: 0,
      },
    ],
    usageMetadata: { promptTokenCount: 71, totalTokenCount: 71 },
    modelVersion,
    responseId: 'resp-parallel-1',
  },
  {
    candidates: [
      {
        content: {
          role: 'model',
          parts: [
            { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'CtEBAXLI2nwSIGpar1s' },
            { functionCall: { name: 'get_weather', args: { city: 'London' } } },
          ],
        },
        finishReason: 'STOP',
        index: 0,
      },
    ],
    usageMetadata: { promptTokenCount: 71, candidatesTokenCount: 30, thoughtsTokenCount: 112, totalTokenCount: 213 },
    modelVersion,
    responseId: 'resp-parallel-1',
  },
];

export const parallelCallsWhole: GenerateContentResponse = {
  candidates: [
    {
      content: {
        role: 'model',
        parts: [
          { text: '**Checking both cities**\nI need the weather for each.', thought: true },
          { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'CtEBAXLI2nwSIGpar1s' },
          { functionCall: { name: 'get_weather', args: { city: 'London' } } },
        ],
      },
      finishReason: 'STOP',
      index: 0,
    },
  ],
  usageMetadata: { promptTokenCount: 71, candidatesTokenCount: 30, thoughtsTokenCount: 112, totalTokenCount: 213 },
  modelVersion,
  responseId: 'resp-parallel-1',
};

/** A call without arguments: Gemini omits `args`. */
export const callWithoutArgsWhole: GenerateContentResponse = {
  candidates: [
    {
      content: { role: 'model', parts: [{ functionCall: { name: 'list_sessions' }, thoughtSignature: 'CgsBAXLI2nx0' }] },
      finishReason: 'STOP',
      index: 0,
    },
  ],
  usageMetadata: { promptTokenCount: 40, candidatesTokenCount: 5, totalTokenCount: 45 },
  modelVersion,
};

/**
 * Gemini 2.5 with includeThoughts: thought summary, then the answer in pieces; the trailing empty
 * text part carrying a signature is how 2.5 streams end when thinking is on.
 */
export const thinkingTextChunks: GenerateContentResponse[] = [
  {
    candidates: [{ content: { role: 'model', parts: [{ text: 'The user wants a number.', thought: true }] }, index: 0 }],
    usageMetadata: { promptTokenCount: 12, totalTokenCount: 12 },
    modelVersion: 'gemini-2.5-flash',
    responseId: 'resp-think-1',
  },
  {
    candidates: [{ content: { role: 'model', parts: [{ text: 'The answer' }] }, index: 0 }],
    usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 2, thoughtsTokenCount: 40, totalTokenCount: 54 },
    modelVersion: 'gemini-2.5-flash',
    responseId: 'resp-think-1',
  },
  {
    candidates: [
      {
        content: { role: 'model', parts: [{ text: ' is 42.' }, { text: '', thoughtSignature: 'CiIBAXLI2nyT' }] },
        finishReason: 'STOP',
        index: 0,
      },
    ],
    usageMetadata: {
      promptTokenCount: 12,
      cachedContentTokenCount: 0,
      candidatesTokenCount: 6,
      thoughtsTokenCount: 40,
      totalTokenCount: 58,
    },
    modelVersion: 'gemini-2.5-flash',
    responseId: 'resp-think-1',
  },
];

export const thinkingTextWhole: GenerateContentResponse = {
  candidates: [
    {
      content: {
        role: 'model',
        parts: [
          { text: 'The user wants a number.', thought: true },
          { text: 'The answer is 42.', thoughtSignature: 'CiIBAXLI2nyT' },
        ],
      },
      finishReason: 'STOP',
      index: 0,
    },
  ],
  usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 6, thoughtsTokenCount: 40, totalTokenCount: 58 },
  modelVersion: 'gemini-2.5-flash',
  responseId: 'resp-think-1',
};

/** Cut at maxOutputTokens. */
export const maxTokensChunks: GenerateContentResponse[] = [
  {
    candidates: [{ content: { role: 'model', parts: [{ text: 'Once upon a time, in a' }] }, index: 0 }],
    usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 6, totalTokenCount: 15 },
    modelVersion: 'gemini-2.5-flash',
  },
  {
    candidates: [
      { content: { role: 'model', parts: [{ text: ' land far' }] }, finishReason: 'MAX_TOKENS', index: 0 },
    ],
    usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 8, totalTokenCount: 17 },
    modelVersion: 'gemini-2.5-flash',
  },
];

export const maxTokensWhole: GenerateContentResponse = {
  candidates: [
    {
      content: { role: 'model', parts: [{ text: 'Once upon a time, in a land far' }] },
      finishReason: 'MAX_TOKENS',
      index: 0,
    },
  ],
  usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 8, totalTokenCount: 17 },
  modelVersion: 'gemini-2.5-flash',
};

/** The candidate itself was stopped for safety before any text: no content at all. */
export const safetyStopWhole: GenerateContentResponse = {
  candidates: [
    {
      finishReason: 'SAFETY',
      index: 0,
      safetyRatings: [
        { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true },
        { category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' },
      ],
    },
  ],
  usageMetadata: { promptTokenCount: 15, totalTokenCount: 15 },
  modelVersion: 'gemini-2.5-flash',
};

/** Some text, then a safety stop mid-answer. */
export const safetyMidAnswerChunks: GenerateContentResponse[] = [
  {
    candidates: [{ content: { role: 'model', parts: [{ text: 'Here is how to' }] }, index: 0 }],
    usageMetadata: { promptTokenCount: 15, candidatesTokenCount: 4, totalTokenCount: 19 },
  },
  {
    candidates: [
      {
        content: { role: 'model', parts: [] },
        finishReason: 'SAFETY',
        index: 0,
        safetyRatings: [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true }],
      },
    ],
    usageMetadata: { promptTokenCount: 15, candidatesTokenCount: 4, totalTokenCount: 19 },
  },
];

/** HTTP 200, no candidates: the prompt itself was blocked. Streams deliver this as their only chunk. */
export const blockedPrompt: GenerateContentResponse = {
  promptFeedback: {
    blockReason: 'PROHIBITED_CONTENT',
    safetyRatings: [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true }],
  },
  usageMetadata: { promptTokenCount: 8, totalTokenCount: 8 },
  modelVersion: 'gemini-2.5-flash',
};

/** n=2: two candidates. */
export const twoCandidatesWhole: GenerateContentResponse = {
  candidates: [
    { content: { role: 'model', parts: [{ text: 'Blue.' }] }, finishReason: 'STOP', index: 0 },
    { content: { role: 'model', parts: [{ text: 'Azure.' }] }, finishReason: 'STOP', index: 1 },
  ],
  usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 4, totalTokenCount: 9 },
};

/** A JSON-schema answer (responseMimeType application/json): plain text that is JSON. */
export const jsonAnswerChunks: GenerateContentResponse[] = [
  {
    candidates: [{ content: { role: 'model', parts: [{ text: '{"name": "Ada",' }] }, index: 0 }],
    usageMetadata: { promptTokenCount: 20, candidatesTokenCount: 5, totalTokenCount: 25 },
  },
  {
    candidates: [{ content: { role: 'model', parts: [{ text: ' "born": 1815}' }] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 20, candidatesTokenCount: 11, totalTokenCount: 31 },
  },
];
