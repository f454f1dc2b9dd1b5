import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createElectronStandIn } from '../test-support/electronStandIn.js';
import { gatewayEvent } from '../test-support/fakeGateway.js';
import { EventFolder, Notifier, type DesktopNotice } from './notifications.js';

describe('EventFolder', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    const shown: DesktopNotice[] = [];
    const folder = new EventFolder((notice) => shown.push(notice), 60_000);
    return { shown, folder };
  }

  it('shows the first event of a type at once', () => {
    const { shown, folder } = setup();
    folder.handle(gatewayEvent({ title: 'Key disabled', message: 'key_1 was rejected' }));
    expect(shown).toEqual([{ title: 'Key disabled', body: 'key_1 was rejected', severity: 'warning' }]);
  });

  it('folds a burst of one type into one summary at the end of the window', () => {
    const { shown, folder } = setup();
    for (let n = 1; n <= 10; n++)
      folder.handle(gatewayEvent({ message: `key_${n} was rejected`, keyId: `key_${n}` }));
    expect(shown).toHaveLength(1);
    vi.advanceTimersByTime(60_000);
    expect(shown).toHaveLength(2);
    expect(shown[1]).toEqual({
      title: 'Key disabled (9 more like this)',
      body: 'key_10 was rejected',
      severity: 'warning',
    });
  });

  it('makes one notification per window out of a steady stream', () => {
    const { shown, folder } = setup();
    for (let second = 0; second < 300; second++) {
      folder.handle(gatewayEvent({ type: 'project.exhausted', title: 'Project out of quota' }));
      vi.advanceTimersByTime(1000);
    }
    // The first at once, then a summary each minute: 5 minutes, 6 notifications at most.
    expect(shown.length).toBeLessThanOrEqual(6);
    expect(shown[1]?.title).toBe('Project out of quota (59 more like this)');
  });

  it('says nothing more when a window ends without repeats, and shows the next event at once', () => {
    const { shown, folder } = setup();
    folder.handle(gatewayEvent());
    vi.advanceTimersByTime(60_000);
    expect(shown).toHaveLength(1);
    folder.handle(gatewayEvent());
    expect(shown).toHaveLength(2);
  });

  it('never lets one type hide another', () => {
    const { shown, folder } = setup();
    folder.handle(gatewayEvent({ type: 'pool.down', title: 'No key can serve', severity: 'error' }));
    folder.handle(
      gatewayEvent({ type: 'pool.recovered', title: 'Keys are serving again', severity: 'info' }),
    );
    expect(shown.map((notice) => notice.title)).toEqual(['No key can serve', 'Keys are serving again']);
  });

  it('stops its timers on dispose', () => {
    const { shown, folder } = setup();
    folder.handle(gatewayEvent());
    folder.handle(gatewayEvent());
    folder.dispose();
    vi.advanceTimersByTime(120_000);
    expect(shown).toHaveLength(1);
  });
});

describe('Notifier', () => {
  it('shows a desktop notification that opens the dashboard when clicked', () => {
    const standIn = createElectronStandIn();
    const onClick = vi.fn();
    new Notifier(standIn.electron, { onClick, iconPath: '/app/icon.png' }).show({
      title: 'No key can serve',
      body: 'All 3 keys are cooling down.',
      severity: 'error',
    });
    const [notification] = standIn.notifications;
    expect(notification?.options).toMatchObject({
      title: 'No key can serve',
      body: 'All 3 keys are cooling down.',
      silent: false,
      urgency: 'critical',
      icon: '/app/icon.png',
    });
    expect(notification?.shown).toBe(true);
    notification?.emit('click');
    expect(onClick).toHaveBeenCalledOnce();
  });

  it('keeps good news quiet', () => {
    const standIn = createElectronStandIn();
    new Notifier(standIn.electron, { onClick: () => undefined }).show({
      title: 't',
      body: 'b',
      severity: 'info',
    });
    expect(standIn.notifications[0]?.options.silent).toBe(true);
  });

  it('does nothing where the system has no notifications', () => {
    const standIn = createElectronStandIn({ notificationsSupported: false });
    new Notifier(standIn.electron, { onClick: () => undefined }).show({
      title: 't',
      body: 'b',
      severity: 'error',
    });
    expect(standIn.notifications).toHaveLength(0);
  });
});
