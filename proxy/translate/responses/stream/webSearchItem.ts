import type { UrlCitation, WebSearchCallItem } from '../types.js';
import type { OpenMessage } from './messageItem.js';
import type { ResponseEventLog } from './responseEventLog.js';

/**
 * What Google Search grounding becomes (groundingToOutput.ts finds it in Gemini's last chunk):
 * `url_citation` annotations on the answer while it is still open (`output_text.annotation.added`
 * each), and a `web_search_call` item after it (`output_item.added`, `web_search_call.completed`,
 * `output_item.done`).
 */
export function annotateAnswer(
  log: ResponseEventLog,
  { item, index, part }: OpenMessage,
  citations: UrlCitation[],
): void {
  for (const annotation of citations) {
    part.annotations.push(annotation);
    log.emit({
      type: 'response.output_text.annotation.added',
      item_id: item.id,
      output_index: index,
      content_index: 0,
      annotation_index: part.annotations.length - 1,
      annotation,
    });
  }
}

export function writeWebSearchCall(log: ResponseEventLog, call: Omit<WebSearchCallItem, 'status'>): void {
  const item: WebSearchCallItem = { ...call, status: 'in_progress' };
  const index = log.addItem(item);
  log.emit({ type: 'response.web_search_call.completed', item_id: item.id, output_index: index });
  log.finishItem(index, item, 'completed');
}
