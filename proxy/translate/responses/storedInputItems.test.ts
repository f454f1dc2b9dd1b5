import { describe, expect, it } from 'vitest';
import { storedInputItems } from './storedInputItems.js';

const numbered = () => {
  let next = 0;
  return (prefix: string) => `${prefix}_${++next}`;
};

/** A call sent back with its own id and a field gemgate does not read. */
const call = {
  type: 'function_call',
  id: 'fc_given',
  call_id: 'call_1',
  name: 'f',
  arguments: '{}',
  namespace: 'n',
};

describe('storedInputItems', () => {
  it.each([
    [
      'a string input is one user message',
      'Hi',
      [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }], id: 'msg_1' }],
    ],
    [
      'string content becomes one text part, output_text for the assistant',
      [
        { role: 'developer', content: 'Be brief.' },
        { role: 'assistant', content: 'Hello.' },
      ],
      [
        {
          type: 'message',
          role: 'developer',
          content: [{ type: 'input_text', text: 'Be brief.' }],
          id: 'msg_1',
        },
        {
          type: 'message',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Hello.' }],
          id: 'msg_2',
        },
      ],
    ],
    [
      'an item keeps its id and every field it came with; others get an id by their type',
      [
        call,
        { type: 'function_call_output', call_id: 'call_1', output: 'ok' },
        { type: 'reasoning', summary: [], encrypted_content: null },
      ],
      [
        call,
        { type: 'function_call_output', call_id: 'call_1', output: 'ok', id: 'fco_1' },
        { type: 'reasoning', summary: [], encrypted_content: null, id: 'rs_2' },
      ],
    ],
    ['no input (a continuation by previous_response_id alone) keeps nothing', undefined, []],
  ])('%s', (_name, input, expected) => {
    expect(storedInputItems(input, numbered())).toEqual(expected);
  });
});
