import { describe, expect, it } from 'vitest';
import type { InputError } from '../../failures/inputError.js';
import { parseResponsesRequest } from './parseResponsesRequest.js';
import { resolveItemReferences } from './resolveItemReferences.js';

/** Items as gemgate stored them for one client: an answer's reasoning and message, and a user message. */
const STORED = new Map<string, unknown>([
  [
    'rs_1',
    { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gemgate.1.e30', status: 'completed' },
  ],
  [
    'msg_2',
    {
      type: 'message',
      id: 'msg_2',
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: 'Paris.', annotations: [], logprobs: [] }],
    },
  ],
  ['msg_0', { type: 'message', id: 'msg_0', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }],
]);

function resolve(input: unknown[]) {
  const asked: string[][] = [];
  const request = parseResponsesRequest({ model: 'gemini-2.5-flash', input });
  const resolved = resolveItemReferences(request, input, async (ids) => {
    asked.push(ids);
    return new Map(ids.flatMap((id) => (STORED.has(id) ? [[id, STORED.get(id)] as const] : [])));
  });
  return { resolved, asked };
}

describe('resolveItemReferences', () => {
  it.each([
    [
      'a reference to a stored reasoning item becomes the item, its carried signatures with it',
      [{ type: 'item_reference', id: 'rs_1' }],
      [{ type: 'reasoning', summary: [], encrypted_content: 'gemgate.1.e30' }],
    ],
    [
      'a reference to an answer becomes the assistant message',
      [
        { role: 'user', content: 'Capital of France?' },
        { type: 'item_reference', id: 'msg_2' },
      ],
      [
        { type: 'message', role: 'user', content: 'Capital of France?' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Paris.' }] },
      ],
    ],
    [
      'an input item of a stored response can be referred to as well',
      [{ type: 'item_reference', id: 'msg_0' }],
      [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }],
    ],
  ])('%s', async (_name, input, expected) => {
    const { resolved } = resolve(input);
    expect((await resolved).request.input).toEqual(expected);
  });

  it('keeps the input as the client gave it, each reference replaced by the stored item whole', async () => {
    const given = [
      { role: 'user', content: 'Capital of France?', id: 'msg_mine' },
      { type: 'item_reference', id: 'msg_2' },
    ];
    const { inputAsGiven } = await resolve(given).resolved;
    expect(inputAsGiven).toEqual([given[0], STORED.get('msg_2')]);
  });

  it('asks the store once, for each id once; not at all without a reference', async () => {
    const twice = resolve([
      { type: 'item_reference', id: 'rs_1' },
      { type: 'item_reference', id: 'msg_2' },
      { type: 'item_reference', id: 'rs_1' },
    ]);
    await twice.resolved;
    expect(twice.asked).toEqual([['rs_1', 'msg_2']]);
    const none = resolve([{ role: 'user', content: 'Hi' }]);
    await none.resolved;
    expect(none.asked).toEqual([]);
  });

  it("an id the store does not have for this client is a 404 in OpenAI's words, naming the item", async () => {
    const { resolved } = resolve([
      { role: 'user', content: 'Hi' },
      { type: 'item_reference', id: 'rs_gone' },
    ]);
    const error = (await resolved.catch((caught: unknown) => caught)) as InputError;
    expect(error).toMatchObject({ status: 404, param: 'input[1].id', code: 'item_not_found' });
    expect(error.message).toMatch(/^Item with id 'rs_gone' not found\. Items are not persisted when `store`/);
  });
});
