import { InputError } from '../../failures/inputError.js';
import { responsesInputItemSchema, type InputItem, type ResponsesRequest } from './responsesRequestSchema.js';

/** A request with its references resolved, and its input as the client gave it, references resolved too. */
export interface ResolvedRequest {
  /** The validated request, each reference replaced by the item it names. */
  request: ResponsesRequest;
  /** The body's `input` with each reference replaced by the stored item as it was kept: what is stored of this request. */
  inputAsGiven: unknown;
}

/** Finds the stored items of the requesting client by id; ids it does not have are left out. */
export type StoredItemLookup = (ids: string[]) => Promise<ReadonlyMap<string, unknown>>;

/**
 * `{"type": "item_reference", "id": …}` in `input` -> the item it names, as the client gave it to, or
 * got it from, a response gemgate stored (ResponseStore keeps every input and output item of a
 * stored response). What the AI SDK's default OpenAI provider sends from the second step of a tool
 * loop (the reasoning item that carries the thought signatures) and in a multi-turn chat (earlier
 * assistant messages).
 *
 * | input item                         | becomes                                                    |
 * |------------------------------------|------------------------------------------------------------|
 * | `item_reference` to a stored item  | that item (a message, function call or output, reasoning,  |
 * |                                    | web search call), read as if the client had sent it        |
 * | `item_reference` to anything else  | 404 in OpenAI's words: another client's items, items of a  |
 * | (never stored, expired, deleted,   | response made with `store: false`, and ids gemgate never   |
 * | another client's)                  | made are all "not found"                                   |
 * | any other item                     | itself                                                     |
 *
 * The lookup is asked once, for every referenced id, and not at all when there is no reference.
 */
export async function resolveItemReferences(
  request: ResponsesRequest,
  givenInput: unknown,
  lookup: StoredItemLookup,
): Promise<ResolvedRequest> {
  const input = request.input;
  if (!Array.isArray(input) || !input.some((item) => item.type === 'item_reference')) {
    return { request, inputAsGiven: givenInput };
  }
  const ids = input.flatMap((item) => (item.type === 'item_reference' ? [item.id] : []));
  const found = await lookup([...new Set(ids)]);
  const given = Array.isArray(givenInput) ? (givenInput as unknown[]) : [];
  const resolved = input.map((item, index): InputItem => {
    if (item.type !== 'item_reference') return item;
    const parsed = responsesInputItemSchema.safeParse(found.get(item.id));
    if (!parsed.success || parsed.data.type === 'item_reference') throw itemNotFound(item.id, index);
    return parsed.data;
  });
  const inputAsGiven = given.map((item, index) =>
    input[index]?.type === 'item_reference' ? found.get((input[index] as { id: string }).id) : item,
  );
  return { request: { ...request, input: resolved }, inputAsGiven };
}

/** OpenAI's answer to a reference it cannot resolve: a 404 whose message says why it may be so. */
function itemNotFound(id: string, index: number): InputError {
  return new InputError(
    `Item with id '${id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input. gemgate keeps the items of a stored response for its own client, for 30 days after the response's last use.`,
    { status: 404, param: `input[${index}].id`, code: 'item_not_found' },
  );
}
