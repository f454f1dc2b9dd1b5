import type { Notification } from 'electron';
import type { GatewayEvent, GatewayEventType } from '../../proxy/app/gatewayApi.js';
import type { ElectronMain } from './electronApi.js';

export interface DesktopNotice {
  title: string;
  body: string;
  severity: GatewayEvent['severity'];
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

interface Fold {
  timer: NodeJS.Timeout;
  folded: number;
  last: GatewayEvent;
}

/**
 * Turns gateway events into notifications without a storm: the first event of a type shows at
 * once; more of the same type within `windowMs` are counted, and when the window ends one summary
 * shows the latest of them and how many there were. A steady stream of one type thus makes one
 * notification per window. Types fold together (ten keys disabled at once is one story), severe
 * or not; different types never hide each other (pool.down and pool.recovered both show).
 */
export class EventFolder {
  private readonly folds = new Map<GatewayEventType, Fold>();

  constructor(
    private readonly show: (notice: DesktopNotice) => void,
    private readonly windowMs = 60_000,
  ) {}

  handle(event: GatewayEvent): void {
    const fold = this.folds.get(event.type);
    if (fold) {
      fold.folded += 1;
      fold.last = event;
      return;
    }
    this.show(noticeFor(event));
    this.openWindow(event);
  }

  dispose(): void {
    this.folds.forEach((fold) => clearTimeout(fold.timer));
    this.folds.clear();
  }

  private openWindow(event: GatewayEvent): void {
    const timer = setTimeout(() => this.closeWindow(event.type), this.windowMs);
    this.folds.set(event.type, { timer, folded: 0, last: event });
  }

  private closeWindow(type: GatewayEventType): void {
    const fold = this.folds.get(type);
    this.folds.delete(type);
    if (!fold || fold.folded === 0) return;
    const notice = noticeFor(fold.last);
    const more = fold.folded === 1 ? '1 more like this' : `${fold.folded} more like this`;
    this.show({ ...notice, title: `${notice.title} (${more})` });
    // Keep folding: if the storm goes on, the next summary comes one window later.
    this.openWindow(fold.last);
  }
}

function noticeFor(event: GatewayEvent): DesktopNotice {
  return { title: event.title, body: event.message, severity: event.severity };
}
