import { randomHex } from '../../util/ids.js';

/** An item as a stored response keeps it: the client's JSON, with an id. */
export type StoredItem = Record<string, unknown> & { id: string };

/** Id prefixes of the items gemgate names itself, as OpenAI's look. */
const ID_PREFIX: Record<string, string> = {
  message: 'msg',
  function_call: 'fc',
  function_call_output: 'fco',
  reasoning: 'rs',
  web_search_call: 'ws',
};

/**
 * A request's `input` as the client gave it (references already resolved, see
 * resolveItemReferences.ts; validated, so a string or an array of item objects) -> the items a stored response keeps, for
 * `GET /v1/responses/{id}/input_items` and later `item_reference`s.
 *
 * | input                                   | stored item                                           |
 * |-----------------------------------------|-------------------------------------------------------|
 * | a string                                | a user `message` with one `input_text` part           |
 * | a message whose `content` is a string   | the message with one text part (`output_text` for the |
 * |                                         | assistant, `input_text` for the others), as OpenAI    |
 * |                                         | lists it; `type: 'message'` when the client left it   |
 * | any item                                | as given, keeping its `id`, or a new one (`msg_`,     |
 * |                                         | `fc_`, `fco_`, `rs_`, `ws_` + 32 hex digits)           |
 */
export function storedInputItems(
  input: unknown,
  newId: (prefix: string) => string = (prefix) => `${prefix}_${randomHex(16)}`,
): StoredItem[] {
  const items: unknown[] =
    typeof input === 'string'
      ? [{ type: 'message', role: 'user', content: input }]
      : Array.isArray(input)
        ? input
        : [];
  return items.map((given) => {
    const item: Record<string, unknown> = { ...(given as Record<string, unknown>) };
    // EasyInputMessage may leave out `type`, as parseResponsesRequest allows.
    if (item.type === undefined && 'role' in item) item.type = 'message';
    if (item.type === 'message' && typeof item.content === 'string') {
      const type = item.role === 'assistant' ? 'output_text' : 'input_text';
      item.content = [{ type, text: item.content }];
    }
    const id =
      typeof item.id === 'string' && item.id !== '' ? item.id : newId(ID_PREFIX[String(item.type)] ?? 'item');
    return { ...item, id };
  });
}
