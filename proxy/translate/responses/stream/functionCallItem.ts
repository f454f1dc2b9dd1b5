import type { FunctionCallItem } from '../types.js';
import type { ResponseEventLog } from './responseEventLog.js';

/**
 * A `function_call` item (with its `namespace` when the function was declared in one), written whole (Gemini sends each call complete): `output_item.added` with
 * empty arguments, one `function_call_arguments.delta` with the whole JSON,
 * `function_call_arguments.done`, `output_item.done`.
 */
export function writeFunctionCall(
  log: ResponseEventLog,
  call: { callId: string; name: string; namespace?: string | undefined; arguments: string },
): FunctionCallItem {
  const item: FunctionCallItem = {
    type: 'function_call',
    id: log.newItemId('fc'),
    call_id: call.callId,
    name: call.name,
    ...(call.namespace ? { namespace: call.namespace } : {}),
    arguments: '',
    status: 'in_progress',
  };
  const index = log.addItem(item);
  item.arguments = call.arguments;
  const at = { item_id: item.id, output_index: index };
  log.emit({ type: 'response.function_call_arguments.delta', ...at, delta: call.arguments });
  log.emit({
    type: 'response.function_call_arguments.done',
    ...at,
    name: item.name,
    arguments: call.arguments,
  });
  log.finishItem(index, item, 'completed');
  return item;
}
