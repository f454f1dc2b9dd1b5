import type { GatewayStatus } from '../events/gatewayEvent.js';

type KeyCounts = GatewayStatus['keys'];

/**
 * The pool's health in one word, from its key counts:
 *
 * | keys                          | health     |
 * | ----------------------------- | ---------- |
 * | none at all                   | `empty`    |
 * | none healthy                  | `down`     |
 * | some healthy, not all         | `degraded` |
 * | every one healthy             | `healthy`  |
 *
 * Cooling and disabled keys both count against health: either way a request cannot use them now.
 */
export function healthOf(keys: KeyCounts): GatewayStatus['health'] {
  if (keys.total === 0) return 'empty';
  if (keys.healthy === 0) return 'down';
  return keys.healthy < keys.total ? 'degraded' : 'healthy';
}

/** Where each part of the status is read from, at the moment it is asked for. */
export interface StatusReadings {
  /** The address the gateway listens on (known once it listens; the status is read only after). */
  url(): string;
  keys(): KeyCounts;
  today(): GatewayStatus['today'];
  resumeEnabled(): boolean;
}

/**
 * The gateway's status as hosts (the tray, `serve`) and dashboards see it. It is read fresh on
 * every call rather than kept up to date, so it cannot drift from the pool and the request log;
 * `announce` pushes the current reading to listeners whenever something it depends on may have
 * changed (an event, keys reloaded, a setting applied).
 */
export class GatewayStatusBoard {
  private readonly listeners = new Set<(status: GatewayStatus) => void>();

  constructor(private readonly readings: StatusReadings) {}

  current(): GatewayStatus {
    const keys = this.readings.keys();
    return {
      url: this.readings.url(),
      keys,
      today: this.readings.today(),
      resumeEnabled: this.readings.resumeEnabled(),
      health: healthOf(keys),
    };
  }

  onChange(listener: (status: GatewayStatus) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Reads the status once and hands that same reading to every listener. */
  announce(): void {
    if (this.listeners.size === 0) return;
    const status = this.current();
    for (const listener of this.listeners) listener(status);
  }
}
