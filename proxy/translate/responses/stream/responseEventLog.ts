import type { OutputItem, ResponseObject, ResponseStreamEvent } from '../types.js';

/** An event before the log numbers it. */
export type UnnumberedEvent = ResponseStreamEvent extends infer E
  ? E extends unknown
    ? Omit<E, 'sequence_number'>
    : never
  : never;

export type ItemIdPrefix = 'msg' | 'rs' | 'fc' | 'ws';

/**
 * The events of one Response, numbered in the order they are written (`sequence_number` from 0, as
 * the openai SDK checks), and the Response's `output` they describe. Writers of each item kind
 * (messageItem.ts, reasoningItem.ts, functionCallItem.ts, webSearchItem.ts) add items and events
 * here; the translator drains what is pending after each chunk.
 */
export class ResponseEventLog {
  private sequence = 0;
  private readonly pending: ResponseStreamEvent[] = [];

  constructor(
    readonly response: ResponseObject,
    readonly newItemId: (prefix: ItemIdPrefix) => string,
  ) {}

  /**
   * Numbers the event and keeps it. Events carry copies of what they describe: items keep changing
   * after an event about them went out.
   */
  emit(event: UnnumberedEvent): void {
    const numbered: Record<string, unknown> = { ...event, sequence_number: this.sequence++ };
    for (const key of ['item', 'part', 'response', 'annotation']) {
      if (key in numbered) numbered[key] = structuredClone(numbered[key]);
    }
    this.pending.push(numbered as unknown as ResponseStreamEvent);
  }

  /** Appends an item to the Response's output (`output_item.added`); returns its `output_index`. */
  addItem(item: OutputItem): number {
    const index = this.response.output.length;
    this.response.output.push(item);
    this.emit({ type: 'response.output_item.added', output_index: index, item });
    return index;
  }

  /** Marks an item finished (`output_item.done`). */
  finishItem(index: number, item: OutputItem, status: 'completed' | 'incomplete'): void {
    item.status = status;
    this.emit({ type: 'response.output_item.done', output_index: index, item });
  }

  /** The events written since the last drain, in order. */
  drain(): ResponseStreamEvent[] {
    return this.pending.splice(0, this.pending.length);
  }
}
