import { describe, expect, it } from 'vitest';
import { parallelCallsWhole, thinkingTextWhole } from '../openai/__fixtures__/gemini/responses.js';
import { storedModelTurn } from './storedModelTurn.js';

describe('storedModelTurn', () => {
  it('keeps the answer and its signature, drops the thought summary', () => {
    expect(storedModelTurn(thinkingTextWhole, true)).toEqual({
      role: 'model',
      parts: [{ text: 'The answer is 42.', thoughtSignature: 'CiIBAXLI2nyT' }],
    });
  });

  it('keeps every call, or only the first with parallel_tool_calls false', () => {
    expect(storedModelTurn(parallelCallsWhole, true)?.parts).toHaveLength(2);
    expect(storedModelTurn(parallelCallsWhole, false)?.parts).toEqual([
      {
        functionCall: { name: 'get_weather', args: { city: 'Paris' } },
        thoughtSignature: 'CtEBAXLI2nwSIGpar1s',
      },
    ]);
  });

  it('moves a signature that came alone on an empty part onto the text before it', () => {
    const turn = storedModelTurn(
      {
        candidates: [
          { content: { role: 'model', parts: [{ text: 'Hi.' }, { text: '', thoughtSignature: 'S' }] } },
        ],
      },
      true,
    );
    expect(turn).toEqual({ role: 'model', parts: [{ text: 'Hi.', thoughtSignature: 'S' }] });
  });

  it('nothing when nothing is left', () => {
    expect(
      storedModelTurn(
        { candidates: [{ content: { role: 'model', parts: [{ text: 'hm', thought: true }] } }] },
        true,
      ),
    ).toBeUndefined();
    expect(storedModelTurn({}, true)).toBeUndefined();
  });

  it("keeps Gemini's own searches (toolCall / toolResponse parts) whole and in place, for previous_response_id", () => {
    const parts = [
      {
        toolCall: { id: 's1', toolType: 'GOOGLE_SEARCH_WEB', args: { queries: ['q'] } },
        thoughtSignature: 'S0',
      },
      { toolResponse: { id: 's1', toolType: 'GOOGLE_SEARCH_WEB', response: {} } },
      { functionCall: { name: 'f', args: {} }, thoughtSignature: 'S1' },
    ];
    expect(storedModelTurn({ candidates: [{ content: { role: 'model', parts } }] }, true)).toEqual({
      role: 'model',
      parts,
    });
  });
});
