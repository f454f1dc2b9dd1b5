import type { GatewayEvent } from '../events/gatewayEvent.js';

/** An alert: one event, or several of the same kind about the same thing folded into one. */
export interface Alert extends GatewayEvent {
  /** How many events this alert stands for. */
  count: number;
  firstAt: number;
  lastAt: number;
  /**
   * False for the alert an event raises at once; true for the one a fold window closes with,
   * which stands for the `count` repeats held back since.
   */
  folded: boolean;
  /** The latest event's own message: `message` with the fold note ("(3 more times within 2 min)") left off. */
  eventMessage: string;
}

interface Window {
  opened: number;
  timer: NodeJS.Timeout;
  /** Events since the alert that opened the window, not yet delivered. */
  held: GatewayEvent[];
}

/** Events of one type about one thing (a key, a project, a client, a model) fold together. */
export function subjectOf(event: GatewayEvent): string {
  return [event.type, event.keyId ?? event.projectId ?? event.clientId ?? '', event.model ?? ''].join('|');
}

/**
 * Folds repeats so nothing storms: the first event of a kind goes out at once and opens a window;
 * repeats inside the window are held and go out as one alert with their count when it closes.
 * A quiet window closes without a second alert.
 */
export class AlertFolder {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly deliver: (alert: Alert) => void,
    private readonly windowMs: () => number,
  ) {}

  push(event: GatewayEvent): void {
    const subject = subjectOf(event);
    const open = this.windows.get(subject);
    if (open) {
      open.held.push(event);
      return;
    }
    this.deliver({
      ...event,
      count: 1,
      firstAt: event.at,
      lastAt: event.at,
      folded: false,
      eventMessage: event.message,
    });
    const timer = setTimeout(() => this.closeWindow(subject), this.windowMs());
    timer.unref();
    this.windows.set(subject, { opened: event.at, timer, held: [] });
  }

  /** Delivers everything held (on shutdown). */
  flush(): void {
    for (const subject of [...this.windows.keys()]) this.closeWindow(subject);
  }

  private closeWindow(subject: string): void {
    const window = this.windows.get(subject);
    if (!window) return;
    clearTimeout(window.timer);
    this.windows.delete(subject);
    const last = window.held.at(-1);
    if (!last) return;
    const count = window.held.length;
    const minutes = Math.max(1, Math.round((last.at - window.opened) / 60_000));
    this.deliver({
      ...last,
      message: `${last.message} (${count} more time${count === 1 ? '' : 's'} within ${minutes} min)`,
      count,
      firstAt: window.held[0]!.at,
      lastAt: last.at,
      folded: true,
      eventMessage: last.message,
    });
  }
}
