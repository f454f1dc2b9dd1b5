import type { Response } from 'express';

/**
 * `x-gemgate-tools-dropped: web_search`: the tools of a request that were left out because the model
 * cannot have them beside the others (web search beside functions on a model older than Gemini 3;
 * translate/responses/googleSearchSupport.ts). Said before any answer goes out, so a client sees at
 * once that it got no web search, in the Responses and Anthropic dialects alike.
 */
export function sayDroppedTools(res: Response, dropped: ReadonlyArray<'web_search'>): void {
  if (dropped.length > 0) res.setHeader('x-gemgate-tools-dropped', dropped.join(','));
}
