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
 * has), and a webhook POST when `alerts.webhookUrl` is set. The desktop app shows notifications
 * from the same events itself (Gateway.onEvent). Repeats are folded (AlertFolder).
 */
export class AlertService {
  private readonly folder: AlertFolder;
  private readonly unsubscribe: () => void;
  private readonly inFlight = new Set<Promise<void>>();

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

  /** Sends what is folded and waits (briefly) for webhook calls in flight. */
  async close(): Promise<void> {
    this.unsubscribe();
    this.folder.flush();
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((r) => setTimeout(r, 2000).unref()),
    ]);
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
