import { z } from 'zod';
import { invalidRequest } from '../openai/openAIError.js';
import { INCLUDABLES } from './responsesRequestSchema.js';
import type { StoredItem } from './storedInputItems.js';

/** OpenAI's list of a response's input items (openai SDK: resources/responses/input-items.d.ts ResponseItemList). */
export interface InputItemsPage {
  object: 'list';
  data: StoredItem[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

const query = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  order: z.enum(['asc', 'desc']).default('desc'),
  after: z.string().min(1).optional(),
  before: z.string().min(1).optional(),
  include: z.union([z.enum(INCLUDABLES), z.array(z.enum(INCLUDABLES))]).optional(),
});

/**
 * `GET /v1/responses/{id}/input_items` with its query -> one page of the response's input items.
 * Parameters as OpenAI documents them (https://platform.openai.com/docs/api-reference/responses/input-items ,
 * InputItemListParams in the openai SDK, which pages with `after` = the last id it got):
 *
 * | parameter | gemgate                                                                         |
 * |-----------|---------------------------------------------------------------------------------|
 * | `order`   | `desc` (default): the last input item first; `asc`: in the order given           |
 * | `after`   | only the items after this id, in that order (an id not in the list: a 400)       |
 * | `before`  | only the items before this id, in that order                                     |
 * | `limit`   | 1 to 100, default 20; `has_more` says whether more follow                        |
 * | `include` | accepted: stored items are kept whole, so nothing more is there to include       |
 */
export function inputItemsPage(items: readonly StoredItem[], raw: Record<string, unknown>): InputItemsPage {
  const parsed = query.safeParse(raw);
  if (!parsed.success) {
    const param = String(parsed.error.issues[0]?.path[0] ?? 'query');
    throw invalidRequest(
      `Invalid '${param}': ${parsed.error.issues[0]?.message ?? 'invalid value'}.`,
      param,
      'invalid_value',
    );
  }
  const { limit, order, after, before } = parsed.data;
  let ordered = order === 'asc' ? [...items] : [...items].reverse();
  if (after !== undefined) ordered = ordered.slice(positionOf(ordered, after, 'after') + 1);
  if (before !== undefined) ordered = ordered.slice(0, positionOf(ordered, before, 'before'));
  const data = ordered.slice(0, limit);
  return {
    object: 'list',
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: ordered.length > data.length,
  };
}

function positionOf(items: readonly StoredItem[], id: string, param: 'after' | 'before'): number {
  const index = items.findIndex((item) => item.id === id);
  if (index === -1) {
    throw invalidRequest(
      `Invalid '${param}': no input item of this response has id '${id}'.`,
      param,
      'invalid_value',
    );
  }
  return index;
}
