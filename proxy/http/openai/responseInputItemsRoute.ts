import type { Request, Response } from 'express';
import type { ClientLocals, GatewayContext } from '../gatewayContext.js';
import { inputItemsPage } from '../../translate/responses/index.js';
import { GatewayError } from '../gatewayError.js';

/**
 * `GET /v1/responses/{id}/input_items`: the input items of a response this client stored, as it
 * gave them (item references resolved), a page at a time as OpenAI serves them (inputItemsPage.ts:
 * `limit`, `order`, `after`, `before`). Another client's response, or one made with
 * `store: false`, is not found.
 */
export async function listResponseInputItems(
  ctx: GatewayContext,
  req: Request,
  res: Response,
): Promise<void> {
  const id = String(req.params.id);
  const stored = await ctx.responses.get((res.locals as ClientLocals).client.id, id);
  if (!stored) throw responseNotFound(id);
  res.json(inputItemsPage(stored.inputItems ?? [], req.query as Record<string, unknown>));
}

export function responseNotFound(id: string): GatewayError {
  return new GatewayError(404, `Response with id '${id}' not found.`, { code: 'not_found' });
}
