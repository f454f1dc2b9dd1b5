import type { Notification } from 'electron';
import type { Alert } from '../../proxy/app/gatewayApi.js';
import type { ElectronMain } from './electronApi.js';

export interface DesktopNotice {
  title: string;
  body: string;
  severity: Alert['severity'];
}

/** Shows desktop notifications; a click on one opens the dashboard. */
export class Notifier {
  // Electron drops a Notification's click handler once the object is garbage-collected, so keep
  // each one until it is closed.
  private readonly live = new Set<Notification>();

  constructor(
    private readonly electron: Pick<ElectronMain, 'Notification'>,
    private readonly options: { onClick: () => void; iconPath?: string },
  ) {}

  show(notice: DesktopNotice): void {
    const { Notification } = this.electron;
    if (!Notification.isSupported()) return;
    const notification = new Notification({
      title: notice.title,
      body: notice.body,
      silent: notice.severity === 'info',
      urgency: notice.severity === 'error' ? 'critical' : 'normal',
      ...(this.options.iconPath ? { icon: this.options.iconPath } : {}),
    });
    this.live.add(notification);
    notification.on('click', () => this.options.onClick());
    notification.on('close', () => this.live.delete(notification));
    notification.show();
  }

  dispose(): void {
    this.live.forEach((notification) => notification.close());
    this.live.clear();
  }
}

/**
 * What a notification says about one of the gateway's alerts. The gateway folds repeats (the same
 * folding its log line and webhook get, over `alerts.foldWindowSeconds`), so the desktop shows
 * every alert it is handed and never storms:
 *
 * | alert                                   | title                              | body                     |
 * | --------------------------------------- | ---------------------------------- | ------------------------ |
 * | the first of its kind (`folded: false`) | its title                          | its message              |
 * | repeats folded at the window's end      | its title `(N more like this)`     | the latest one's message |
 *
 * The body is the event's own message: the title already says how many more there were.
 */
export function alertNotice(alert: Alert): DesktopNotice {
  const title = alert.folded ? `${alert.title} (${alert.count} more like this)` : alert.title;
  return { title, body: alert.eventMessage, severity: alert.severity };
}
