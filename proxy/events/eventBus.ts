import { EventEmitter } from 'node:events';
import type { GatewayEvent } from './gatewayEvent.js';

/** Pool, resume and spend events, for alerts, the tray and the dashboard's live feed. */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  emit(event: Omit<GatewayEvent, 'at'> & { at?: number }): void {
    this.emitter.emit('event', { at: Date.now(), ...event } satisfies GatewayEvent);
  }

  on(listener: (event: GatewayEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
