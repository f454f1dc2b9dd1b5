import type { EventView } from './contract.js';

const KEEP = 200;

/**
 * The latest gateway events, newest first, for the Alerts page and the overview. In memory: a
 * restart starts a fresh list (the request log keeps the long history).
 */
export class RecentEvents {
  private readonly events: EventView[] = [];

  add(event: EventView): void {
    this.events.unshift(event);
    if (this.events.length > KEEP) this.events.length = KEEP;
  }

  list(): EventView[] {
    return [...this.events];
  }
}
