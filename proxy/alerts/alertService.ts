import type { Logger } from '../log/logger.js';
import type { EventBus } from '../events/eventBus.js';
import { AlertFolder, type Alert } from './alertFolder.js';
import { postWebhook } from './webhook.js';

export interface AlertSettings {
  webhookUrl: string;
  foldWindowMs: number;
}

/**
 * Turns pool, resume and spend events into alerts: always a log line (what a headless server
 * has), a webhook POST when `alerts.webhookUrl` is set, and the same alerts to whoever listens
 * (Gateway.onAlert: the desktop app's notifications). Repeats are folded once, here
 * (AlertFolder), so the log, the webhook and the desktop tell the same story.
 */
export class AlertService {
  private readonly folder: AlertFolder;
  private readonly unsubscribe: () => void;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly listeners = new Set<(alert: Alert) => void>();

  constructor(
    events: EventBus,
    private readonly logger: Logger,
    private readonly settings: () => AlertSettings,
  ) {
    this.folder = new AlertFolder(
      (alert) => this.deliver(alert),
      () => this.settings().foldWindowMs,
    );
    this.unsubscribe = events.on((event) => this.folder.push(event));
  }

  /** Hands `listener` every alert the log and the webhook get. Returns an unsubscribe function. */
  onAlert(listener: (alert: Alert) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Sends what is folded and waits (briefly) for webhook calls in flight. */
  async close(): Promise<void> {
    this.unsubscribe();
    this.folder.flush();
    if (this.inFlight.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => (timer = setTimeout(resolve, 2000))),
    ]);
    clearTimeout(timer);
  }

  private deliver(alert: Alert): void {
    const level = alert.severity === 'error' ? 'error' : alert.severity === 'warning' ? 'warn' : 'info';
    this.logger[level](
      {
        alert: alert.type,
        count: alert.count,
        ...(alert.keyId ? { keyId: alert.keyId } : {}),
        ...(alert.projectId ? { projectId: alert.projectId } : {}),
        ...(alert.model ? { model: alert.model } : {}),
        ...(alert.clientId ? { clientId: alert.clientId } : {}),
      },
      `${alert.title}: ${alert.message}`,
    );
    for (const listener of this.listeners) {
      // A listener runs inside whatever raised the event, or in a fold timer: its failure must
      // neither stop the webhook nor escape into the pool's request path.
      try {
        listener(alert);
      } catch (error) {
        this.logger.error({ err: error, alert: alert.type }, 'an alert listener failed');
      }
    }
    const url = this.settings().webhookUrl;
    if (!url) return;
    const call = postWebhook(url, alert)
      .then((status) => {
        if (status >= 300)
          this.logger.warn({ status, alert: alert.type }, 'alert webhook answered with an error');
      })
      .catch((error: unknown) =>
        this.logger.warn(
          { err: (error as Error).message, alert: alert.type },
          'alert webhook could not be reached',
        ),
      )
      .finally(() => this.inFlight.delete(call));
    this.inFlight.add(call);
  }
}
