import { EventEmitter } from 'node:events';
import type { StreamEventName, StreamMessages } from './contract.js';

export type FeedListener = <N extends StreamEventName>(name: N, data: StreamMessages[N]) => void;

/**
 * The one place the dashboard's live updates come from: gateway events, status changes, traffic
 * ticks and "this changed, reload it" notices are published here and fanned out to every open
 * Server-Sent Events stream.
 */
export class AdminFeed {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open dashboard tab; a handful is normal, hundreds would be a leak.
    this.emitter.setMaxListeners(200);
  }

  publish<N extends StreamEventName>(name: N, data: StreamMessages[N]): void {
    this.emitter.emit('message', name, data);
  }

  subscribe(listener: FeedListener): () => void {
    this.emitter.on('message', listener);
    return () => this.emitter.off('message', listener);
  }

  /** Called when the gateway stops: every open stream ends, so shutdown need not wait for them. */
  onClose(listener: () => void): () => void {
    this.emitter.once('close', listener);
    return () => this.emitter.off('close', listener);
  }

  close(): void {
    this.emitter.emit('close');
  }

  get listenerCount(): number {
    return this.emitter.listenerCount('message');
  }
}
