import { describe, expect, it } from 'vitest';
import {
  parallelCallsChunks,
  parallelCallsWhole,
  thinkingTextChunks,
  thinkingTextWhole,
} from '../openai/__fixtures__/gemini/responses.js';
import { GROUNDED, groundedAnswer } from './__fixtures__/grounding.js';
import { testStreamOptions } from './__fixtures__/streamOptions.js';
import { fromGeminiToResponse } from './fromGeminiToResponse.js';
import { createResponsesStreamTranslator } from './responsesStreamTranslator.js';

describe('fromGeminiToResponse', () => {
  it.each([
    ['thoughts and text', thinkingTextChunks, thinkingTextWhole],
    ['parallel calls', parallelCallsChunks, parallelCallsWhole],
  ])('a whole answer is the same Response as the streamed one (%s)', (_name, chunks, whole) => {
    const streamed = createResponsesStreamTranslator(testStreamOptions());
    chunks.forEach((chunk) => streamed.push(chunk));
    streamed.end();
    const answer = fromGeminiToResponse(whole, undefined, testStreamOptions());
    expect(answer.response).toEqual(streamed.response);
    expect(answer.calls).toEqual(streamed.calls);
  });

  it('a grounded answer: the message with its citations, then the search call; tool-use prompt tokens are input', () => {
    const { response } = fromGeminiToResponse(
      groundedAnswer,
      groundedAnswer.usageMetadata,
      testStreamOptions(),
    );
    expect(response.output.map((item) => item.type)).toEqual(['message', 'web_search_call']);
    const message = response.output[0];
    expect(message?.type === 'message' && message.content[0]).toMatchObject({
      type: 'output_text',
      text: GROUNDED.answer,
      annotations: [
        { type: 'url_citation', title: 'aljazeera.com', start_index: 0 },
        {},
        { title: 'uefa.com' },
      ],
    });
    expect(response.usage).toMatchObject({ input_tokens: 310, output_tokens: 40, total_tokens: 350 });
  });

  it('echoes the settings the request gave, with OpenAI defaults for the rest', () => {
    const { response } = fromGeminiToResponse(
      thinkingTextWhole,
      undefined,
      testStreamOptions({
        instructions: 'Be brief.',
        metadata: { ticket: 'T-1' },
        temperature: 0.3,
        reasoning: { effort: 'low', summary: 'auto' },
        tools: [{ type: 'function', name: 'f' }],
      }),
    );
    expect(response).toMatchObject({
      instructions: 'Be brief.',
      metadata: { ticket: 'T-1' },
      model: 'gemini-test',
      temperature: 0.3,
      top_p: 1,
      parallel_tool_calls: true,
      tool_choice: 'auto',
      tools: [{ type: 'function', name: 'f', description: null, parameters: null, strict: null }],
      reasoning: { effort: 'low', summary: 'auto' },
      text: { format: { type: 'text' } },
      store: true,
      truncation: 'disabled',
      previous_response_id: null,
      background: false,
      error: null,
      incomplete_details: null,
    });
  });
});
