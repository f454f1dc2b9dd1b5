import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createElectronStandIn, type FakeNativeImage } from '../test-support/electronStandIn.js';
import { healthyStatus } from '../test-support/fakeGateway.js';
import type { GatewayState } from './gatewayController.js';
import { TrayPresenter, trayIconFile } from './tray.js';
import type { TrayActions, TrayView } from './trayMenu.js';

const URL = 'http://127.0.0.1:8787';
const noActions: TrayActions = {
  setGatewayEnabled: () => undefined,
  setResumeEnabled: () => undefined,
  copyEndpointUrl: () => undefined,
  copyNewClientToken: () => undefined,
  openDashboard: () => undefined,
  setStartAtLogin: () => undefined,
  quit: () => undefined,
};

function view(gateway: Partial<GatewayState> = {}, requests = 1): TrayView {
  return {
    gateway: {
      phase: 'running',
      url: URL,
      status: healthyStatus(URL, { today: { requests, costUsd: 0 } }),
      error: null,
      ...gateway,
    },
    startAtLogin: { enabled: false, supported: true },
  };
}

describe('tray icon files', () => {
  it('are template images on macOS and coloured elsewhere', () => {
    expect(trayIconFile('running', 'darwin')).toBe('runningTemplate.png');
    expect(trayIconFile('degraded', 'win32')).toBe('tray-degraded.png');
    expect(trayIconFile('paused', 'linux')).toBe('tray-paused.png');
  });
});

describe('TrayPresenter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function present(platform: NodeJS.Platform, initial = view(), actions = noActions) {
    const standIn = createElectronStandIn({ platform });
    const presenter = new TrayPresenter(
      { electron: standIn.electron, iconDir: '/app/tray', platform, actions, minIntervalMs: 1000 },
      initial,
    );
    const tray = standIn.trays[0];
    if (!tray) throw new Error('no tray');
    return { standIn, presenter, tray, image: () => tray.image as FakeNativeImage };
  }

  it('shows the icon, tooltip and menu for the first state at once', () => {
    const { tray, image } = present('linux');
    expect(image().path).toBe('/app/tray/tray-running.png');
    expect(tray.tooltip).toBe('gemgate: running');
    expect(tray.menu?.labels()).toContain('Open Dashboard');
  });

  it('marks macOS icons as template images', () => {
    const { image } = present('darwin');
    expect(image().path).toBe('/app/tray/runningTemplate.png');
    expect(image().isTemplate).toBe(true);
  });

  it('changes icon as the health changes', () => {
    const { presenter, image } = present('win32');
    vi.advanceTimersByTime(1000);
    presenter.update(view({ status: healthyStatus(URL, { health: 'degraded' }) }));
    expect(image().path).toBe('/app/tray/tray-degraded.png');
    vi.advanceTimersByTime(1000);
    presenter.update(view({ phase: 'stopped', url: null, status: null }));
    expect(image().path).toBe('/app/tray/tray-paused.png');
  });

  it('rebuilds the menu at most once a second, ending with the latest state', () => {
    const { presenter, tray } = present('linux');
    for (let requests = 2; requests <= 50; requests++) presenter.update(view({}, requests));
    expect(tray.menuSets).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(tray.menuSets).toBe(2);
    expect(tray.menu?.labels()).toContain('Today: 50 requests, $0.00');
  });

  it('shows the gateway turning on or off at once, throttle or not', () => {
    const { presenter, tray } = present('linux');
    presenter.update(view({ phase: 'stopping' }));
    presenter.update(view({ phase: 'stopped', url: null, status: null }));
    expect(tray.menuSets).toBe(3);
    expect(tray.menu?.labels()[0]).toBe('Gateway is off');
  });

  it('does not rebuild when nothing visible changed', () => {
    const { presenter, tray } = present('linux');
    vi.advanceTimersByTime(5000);
    presenter.update(view());
    expect(tray.menuSets).toBe(1);
  });

  it('opens the dashboard on a left click on Windows only', () => {
    const openDashboard = vi.fn();
    const windows = present('win32', view(), { ...noActions, openDashboard });
    windows.tray.emit('click');
    expect(openDashboard).toHaveBeenCalledOnce();
    const linux = present('linux', view(), { ...noActions, openDashboard });
    expect(linux.tray.listenerCount('click')).toBe(0);
  });

  it('destroys the tray and drops a pending update', () => {
    const { presenter, tray } = present('linux');
    presenter.update(view({}, 99));
    presenter.destroy();
    vi.advanceTimersByTime(5000);
    expect(tray.destroyed).toBe(true);
    expect(tray.menuSets).toBe(1);
  });
});
