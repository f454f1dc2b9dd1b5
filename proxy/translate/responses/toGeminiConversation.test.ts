import { describe, expect, it } from 'vitest';
import type { Content } from '../../gemini/types.js';
import { modelTraits } from '../../models/modelTraits.js';
import { InputError } from '../../failures/inputError.js';
import { SKIP_THOUGHT_SIGNATURE_VALIDATOR } from '../openai/thoughtSignatureStore.js';
import { PNG_1X1_BASE64 } from '../openai/__fixtures__/media.js';
import { encodeReasoningCarrier } from './reasoningCarrier.js';
import { parseResponsesRequest } from './parseResponsesRequest.js';
import { toGeminiConversation, type ConversationState } from './toGeminiConversation.js';

const GEMINI_25 = modelTraits('gemini-2.5-flash');
const GEMINI_3 = modelTraits('gemini-3-pro-preview');

const convert = (
  input: unknown,
  extra: { instructions?: string; history?: ConversationState; gemini3?: boolean } = {},
) =>
  toGeminiConversation(parseResponsesRequest({ model: 'm', input, instructions: extra.instructions }), {
    traits: extra.gemini3 ? GEMINI_3 : GEMINI_25,
    history: extra.history,
  });

const user = (text: string): Content => ({ role: 'user', parts: [{ text }] });
const call = (callId: string, name = 'f', args = '{}') => ({
  type: 'function_call',
  call_id: callId,
  name,
  arguments: args,
});
const output = (callId: string, text: string) => ({
  type: 'function_call_output',
  call_id: callId,
  output: text,
});
const fnResponse = (name: string, response: Record<string, unknown>) => ({
  functionResponse: { name, response },
});

describe('toGeminiConversation', () => {
  it.each<[string, unknown, Content[]]>([
    ['a string input is one user turn', 'Hello', [user('Hello')]],
    [
      'user messages in a row become one turn; empty ones go',
      [
        { role: 'user', content: 'a' },
        { role: 'user', content: '' },
        { role: 'user', content: [{ type: 'input_text', text: 'b' }] },
      ],
      [{ role: 'user', parts: [{ text: 'a' }, { text: 'b' }] }],
    ],
    [
      'an earlier answer (output_text, as output items come back) is a model turn',
      [
        { role: 'user', content: 'q' },
        {
          type: 'message',
          role: 'assistant',
          id: 'msg_1',
          status: 'completed',
          content: [{ type: 'output_text', text: 'a', annotations: [] }],
        },
        { role: 'user', content: 'q2' },
      ],
      [user('q'), { role: 'model', parts: [{ text: 'a' }] }, user('q2')],
    ],
    [
      'parallel calls answered in another order: the outputs follow the calls, in one user turn',
      [
        { role: 'user', content: 'q' },
        call('c1', 'first'),
        call('c2', 'second'),
        output('c2', 'two'),
        output('c1', '{"one":1}'),
      ],
      [
        user('q'),
        {
          role: 'model',
          parts: [
            { functionCall: { name: 'first', args: {} } },
            { functionCall: { name: 'second', args: {} } },
          ],
        },
        { role: 'user', parts: [fnResponse('first', { one: 1 }), fnResponse('second', { output: 'two' })] },
      ],
    ],
    [
      'an image a function returned follows its response',
      [
        { role: 'user', content: 'q' },
        call('c1', 'shot'),
        {
          type: 'function_call_output',
          call_id: 'c1',
          output: [
            { type: 'input_text', text: 'a screenshot' },
            { type: 'input_image', image_url: `data:image/png;base64,${PNG_1X1_BASE64}` },
          ],
        },
      ],
      [
        user('q'),
        { role: 'model', parts: [{ functionCall: { name: 'shot', args: {} } }] },
        {
          role: 'user',
          parts: [
            fnResponse('shot', { output: 'a screenshot' }),
            { inlineData: { mimeType: 'image/png', data: PNG_1X1_BASE64 } },
          ],
        },
      ],
    ],
    [
      'a web search that ran, and reasoning without a carrier, leave nothing',
      [
        { role: 'user', content: 'q' },
        { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'x' } },
        {
          type: 'reasoning',
          id: 'rs_1',
          summary: [{ type: 'summary_text', text: 'hm' }],
          encrypted_content: 'gAAAAAopenai',
        },
        { role: 'assistant', content: 'done' },
        { role: 'user', content: 'ok' },
      ],
      [user('q'), { role: 'model', parts: [{ text: 'done' }] }, user('ok')],
    ],
  ])('%s', (_name, input, contents) => {
    expect(convert(input).contents).toEqual(contents);
  });

  it('instructions first, then system and developer messages wherever they are', () => {
    const { systemInstruction } = convert(
      [
        { role: 'system', content: 'S1' },
        { role: 'user', content: 'q' },
        { role: 'developer', content: [{ type: 'input_text', text: 'D1' }] },
      ],
      { instructions: 'I' },
    );
    expect(systemInstruction).toEqual({ parts: [{ text: 'I\n\nS1\n\nD1' }] });
  });

  it('signatures come from the reasoning item before the call, by call_id', () => {
    const { contents } = convert(
      [
        { role: 'user', content: 'q' },
        {
          type: 'reasoning',
          id: 'rs',
          summary: [],
          encrypted_content: encodeReasoningCarrier(new Map([['c1', 'SIG1']])),
        },
        call('c1'),
        output('c1', 'x'),
      ],
      { gemini3: true },
    );
    expect(contents[1]!.parts[0]!.thoughtSignature).toBe('SIG1');
  });

  it("on Gemini 3 a step's first call without a signature gets Google's placeholder; on 2.5 nothing", () => {
    const input = [
      { role: 'user', content: 'q' },
      call('c1'),
      call('c2'),
      output('c1', 'x'),
      output('c2', 'y'),
    ];
    const three = convert(input, { gemini3: true }).contents[1]!.parts;
    expect(three[0]!.thoughtSignature).toBe(SKIP_THOUGHT_SIGNATURE_VALIDATOR);
    expect(three[1]!.thoughtSignature).toBeUndefined();
    expect(convert(input).contents[1]!.parts[0]!.thoughtSignature).toBeUndefined();
  });

  it('a stored history comes first; its calls answer the outputs of this turn; only the new turn is returned to store', () => {
    const history: ConversationState = {
      contents: [
        user('q'),
        { role: 'model', parts: [{ functionCall: { name: 'lookup', args: {} }, thoughtSignature: 'S' }] },
      ],
      systemTexts: ['Earlier developer text.'],
      calls: [['c9', 'lookup']],
    };
    const conversation = convert([output('c9', 'found')], { history, instructions: 'Now.' });
    expect(conversation.contents).toEqual([
      ...history.contents,
      { role: 'user', parts: [fnResponse('lookup', { output: 'found' })] },
    ]);
    expect(conversation.systemInstruction).toEqual({ parts: [{ text: 'Now.\n\nEarlier developer text.' }] });
    expect(conversation.turn).toEqual({
      contents: [{ role: 'user', parts: [fnResponse('lookup', { output: 'found' })] }],
      systemTexts: [],
      calls: [],
    });
  });

  it.each<[string, unknown, boolean, string, RegExp]>([
    [
      'an output for a call never made',
      [{ role: 'user', content: 'q' }, output('nope', 'x')],
      false,
      'input[1].call_id',
      /No tool call found .* nope/,
    ],
    [
      'arguments that are not JSON',
      [{ role: 'user', content: 'q' }, call('c', 'f', '{oops')],
      false,
      'input[1].arguments',
      /not valid JSON/,
    ],
    [
      'an image in a system message',
      [{ role: 'system', content: [{ type: 'input_image', image_url: 'data:image/png;base64,AA' }] }],
      false,
      'input[0].content[0].type',
      /only text/,
    ],
    [
      'an image by file_id',
      [{ role: 'user', content: [{ type: 'input_image', file_id: 'file-1' }] }],
      false,
      'input[0].content[0].file_id',
      /OpenAI's file storage/,
    ],
    [
      'a file by a URL that is not http(s)',
      [{ role: 'user', content: [{ type: 'input_file', file_url: 'file:///etc/passwd' }] }],
      false,
      'input[0].content[0].file_url',
      /http\(s\) URL/,
    ],
    ['nothing to say', [{ role: 'user', content: '' }], false, 'input', /at least one message/],
    [
      'a Gemini 3 conversation ending with the model',
      [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: 'a' },
      ],
      true,
      'input[1]',
      /ends with an assistant turn/,
    ],
  ])('400: %s', (_name, input, gemini3, param, message) => {
    let error: unknown;
    try {
      convert(input, { gemini3 });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).param).toBe(param);
    expect((error as InputError).message).toMatch(message);
  });

  describe("Gemini's own searches carried in a reasoning item go back into the model's turn, where they were", () => {
    const searched = {
      toolCall: { id: 's1', toolType: 'GOOGLE_SEARCH_WEB', args: { queries: ['q'] } },
      thoughtSignature: 'SIGsearch',
    };
    const results = { toolResponse: { id: 's1', toolType: 'GOOGLE_SEARCH_WEB', response: {} } };
    const reasoning = (signatures: Array<[string, string]>) => ({
      type: 'reasoning',
      id: 'rs',
      summary: [],
      encrypted_content: encodeReasoningCarrier(new Map(signatures), [searched, results]),
    });

    it.each<[string, unknown[], Content[]]>([
      [
        'before the call they preceded, the call with its signature',
        [{ role: 'user', content: 'q' }, reasoning([['c1', 'SIG1']]), call('c1'), output('c1', 'x')],
        [
          user('q'),
          {
            role: 'model',
            parts: [searched, results, { functionCall: { name: 'f', args: {} }, thoughtSignature: 'SIG1' }],
          },
          { role: 'user', parts: [fnResponse('f', { output: 'x' })] },
        ],
      ],
      [
        'before the text answer they preceded',
        [
          { role: 'user', content: 'q' },
          reasoning([]),
          { role: 'assistant', content: 'Sunny.' },
          { role: 'user', content: 'thanks' },
        ],
        [user('q'), { role: 'model', parts: [searched, results, { text: 'Sunny.' }] }, user('thanks')],
      ],
    ])('%s', (_name, input, contents) => {
      expect(convert(input, { gemini3: true }).contents).toEqual(contents);
    });

    it('a conversation that ends with them is a turn ending with the model', () => {
      expect(() => convert([{ role: 'user', content: 'q' }, reasoning([])], { gemini3: true })).toThrow(
        /ends with an assistant turn/,
      );
    });
  });
});
