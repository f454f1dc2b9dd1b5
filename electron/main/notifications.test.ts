import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createElectronStandIn } from '../test-support/electronStandIn.js';
import { FakeGateway, gatewayEvent } from '../test-support/fakeGateway.js';
import type { Alert } from '../../proxy/app/gatewayApi.js';
import { Notifier, alertNotice, type DesktopNotice } from './notifications.js';

describe('alertNotice', () => {
  const alert = (over: Partial<Alert>): Alert => ({
    ...gatewayEvent({ title: 'Key disabled', message: 'key_1 was rejected' }),
    count: 1,
    firstAt: 0,
    lastAt: 0,
    folded: false,
    eventMessage: 'key_1 was rejected',
    ...over,
  });

  it.each([
    ['the first of its kind', alert({}), 'Key disabled', 'key_1 was rejected'],
    [
      'one repeat, folded',
      alert({ folded: true, message: 'key_1 was rejected (1 more time within 1 min)' }),
      'Key disabled (1 more like this)',
      'key_1 was rejected',
    ],
    [
      'nine repeats, folded',
      alert({
        folded: true,
        count: 9,
        message: 'key_1 was rejected again (9 more times within 1 min)',
        eventMessage: 'key_1 was rejected again',
      }),
      'Key disabled (9 more like this)',
      'key_1 was rejected again',
    ],
  ])('%s', (_case, given, title, body) => {
    expect(alertNotice(given)).toEqual({ title, body, severity: 'warning' });
  });
});

/**
 * Notifications never storm: the gateway folds repeats (its own AlertFolder, which the fake
 * gateway runs too) and the desktop shows what it is handed.
 */
describe('notifications from the gateway’s alerts', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(foldWindowMs = 60_000) {
    const shown: DesktopNotice[] = [];
    const gateway = new FakeGateway('http://127.0.0.1:8787', { foldWindowMs });
    const stop = gateway.onAlert((alert) => shown.push(alertNotice(alert)));
    return { shown, gateway, stop };
  }

  it('shows the first event of a type at once', () => {
    const { shown, gateway } = setup();
    gateway.emit(gatewayEvent({ title: 'Key disabled', message: 'key_1 was rejected' }));
    expect(shown).toEqual([{ title: 'Key disabled', body: 'key_1 was rejected', severity: 'warning' }]);
  });

  it('folds a burst about one key into one summary at the end of the window', () => {
    const { shown, gateway } = setup();
    for (let n = 1; n <= 10; n++)
      gateway.emit(gatewayEvent({ at: n * 1000, message: `key_1 was rejected (${n} of 10)` }));
    expect(shown).toHaveLength(1);
    vi.advanceTimersByTime(60_000);
    expect(shown).toHaveLength(2);
    expect(shown[1]).toEqual({
      title: 'Key disabled (9 more like this)',
      body: 'key_1 was rejected (10 of 10)',
      severity: 'warning',
    });
  });

  it('keeps a steady stream to the news and one summary per window', () => {
    const { shown, gateway } = setup();
    for (let second = 0; second < 300; second++) {
      gateway.emit(
        gatewayEvent({ type: 'project.exhausted', title: 'Project out of quota', at: second * 1000 }),
      );
      vi.advanceTimersByTime(1000);
    }
    // Five one-minute windows: at most two notifications in each.
    expect(shown.length).toBeLessThanOrEqual(10);
    expect(shown[1]?.title).toBe('Project out of quota (59 more like this)');
  });

  it('makes two notifications of five minutes of one event a second, at the default fold window', () => {
    const { shown, gateway } = setup(300_000);
    for (let second = 0; second < 300; second++) {
      gateway.emit(
        gatewayEvent({ type: 'project.exhausted', title: 'Project out of quota', at: second * 1000 }),
      );
      vi.advanceTimersByTime(1000);
    }
    expect(shown.map((notice) => notice.title)).toEqual([
      'Project out of quota',
      'Project out of quota (299 more like this)',
    ]);
  });

  it('says nothing more when a window ends without repeats, and shows the next event at once', () => {
    const { shown, gateway } = setup();
    gateway.emit(gatewayEvent());
    vi.advanceTimersByTime(60_000);
    expect(shown).toHaveLength(1);
    gateway.emit(gatewayEvent());
    expect(shown).toHaveLength(2);
  });

  it('never lets one type hide another', () => {
    const { shown, gateway } = setup();
    gateway.emit(gatewayEvent({ type: 'pool.down', title: 'No key can serve', severity: 'error' }));
    gateway.emit(gatewayEvent({ type: 'pool.recovered', title: 'Keys are serving again', severity: 'info' }));
    expect(shown.map((notice) => notice.title)).toEqual(['No key can serve', 'Keys are serving again']);
  });

  it('never lets one key’s trouble hide another’s', () => {
    const { shown, gateway } = setup();
    gateway.emit(gatewayEvent({ keyId: 'key_1', message: 'key_1 was rejected' }));
    gateway.emit(gatewayEvent({ keyId: 'key_2', message: 'key_2 was rejected' }));
    expect(shown.map((notice) => notice.body)).toEqual(['key_1 was rejected', 'key_2 was rejected']);
  });

  it('shows nothing more once it stopped listening', () => {
    const { shown, gateway, stop } = setup();
    gateway.emit(gatewayEvent());
    gateway.emit(gatewayEvent());
    stop();
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
