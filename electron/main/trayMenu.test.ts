import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { GatewayStatus } from '../../proxy/app/gatewayApi.js';
import { healthyStatus } from '../test-support/fakeGateway.js';
import type { GatewayState } from './gatewayController.js';
import {
  formatCost,
  statusLines,
  trayIconState,
  trayMenuTemplate,
  trayTooltip,
  type TrayActions,
} from './trayMenu.js';

const URL = 'http://127.0.0.1:8787';

function running(status: Partial<GatewayStatus> = {}): GatewayState {
  return { phase: 'running', url: URL, status: healthyStatus(URL, status), error: null };
}

const stopped: GatewayState = { phase: 'stopped', url: null, status: null, error: null };

function actions() {
  return {
    setGatewayEnabled: vi.fn<(enabled: boolean) => void>(),
    setResumeEnabled: vi.fn<(enabled: boolean) => void>(),
    copyEndpointUrl: vi.fn<() => void>(),
    copyNewClientToken: vi.fn<() => void>(),
    openDashboard: vi.fn<() => void>(),
    setStartAtLogin: vi.fn<(enabled: boolean) => void>(),
    quit: vi.fn<() => void>(),
  } satisfies TrayActions;
}

function menu(
  gateway: GatewayState,
  act: TrayActions = actions(),
  login = { enabled: false, supported: true },
) {
  const template = trayMenuTemplate({ gateway, startAtLogin: login }, act);
  const item = (id: string): MenuItemConstructorOptions => {
    const found = template.find((candidate) => candidate.id === id);
    if (!found) throw new Error(`no item ${id}`);
    return found;
  };
  // Electron flips a checkbox before calling click with the item.
  const click = (id: string): void => {
    const found = item(id);
    const flipped = { ...found, checked: found.type === 'checkbox' ? !found.checked : found.checked };
    (found.click as unknown as (item: unknown) => void)(flipped);
  };
  const labels = template.filter((entry) => entry.type !== 'separator').map((entry) => entry.label);
  return { template, item, click, labels };
}

describe('tray icon state', () => {
  it.each([
    ['healthy', 'running'],
    ['degraded', 'degraded'],
    ['down', 'degraded'],
    ['empty', 'degraded'],
  ] as const)('a running gateway whose health is %s shows %s', (health, icon) => {
    expect(trayIconState(running({ health }))).toBe(icon);
  });

  it('is paused while the gateway is off, starting or stopping', () => {
    for (const phase of ['stopped', 'starting', 'stopping'] as const) {
      expect(trayIconState({ ...stopped, phase })).toBe('paused');
    }
  });

  it('is degraded when the gateway failed to start: the user has something to fix', () => {
    expect(trayIconState({ ...stopped, phase: 'failed', error: 'port 8787 is in use' })).toBe('degraded');
  });
});

describe('status lines', () => {
  it('give healthy keys of all keys, and today’s requests and cost', () => {
    const lines = statusLines(
      running({
        keys: { total: 5, healthy: 3, cooling: 1, disabled: 1 },
        today: { requests: 1234, costUsd: 1.5 },
        health: 'degraded',
      }),
    );
    expect(lines).toEqual(['Keys: 3 of 5 healthy', 'Today: 1,234 requests, $1.50']);
  });

  it('say when no key can serve', () => {
    const lines = statusLines(
      running({ keys: { total: 2, healthy: 0, cooling: 2, disabled: 0 }, health: 'down' }),
    );
    expect(lines[0]).toBe('Keys: 0 of 2 healthy (none can serve)');
  });

  it('point a new user to the dashboard when there are no keys', () => {
    const lines = statusLines(
      running({
        keys: { total: 0, healthy: 0, cooling: 0, disabled: 0 },
        today: { requests: 1, costUsd: 0 },
        health: 'empty',
      }),
    );
    expect(lines).toEqual(['No keys yet: add one in the dashboard', 'Today: 1 request, $0.00']);
  });

  it('show a start failure, shortened to fit a menu', () => {
    const error = `The OS keychain is not available. ${'x'.repeat(200)}`;
    const [title, detail] = statusLines({ ...stopped, phase: 'failed', error });
    expect(title).toBe('Gateway failed to start');
    expect(detail).toHaveLength(80);
    expect(detail?.endsWith('…')).toBe(true);
  });

  it('formats tiny costs without rounding them to nothing', () => {
    expect(formatCost(0)).toBe('$0.00');
    expect(formatCost(0.004)).toBe('< $0.01');
    expect(formatCost(12.345)).toBe('$12.35');
  });
});

describe('tray menu', () => {
  it('has every entry, in order, for a running gateway', () => {
    expect(menu(running()).labels).toEqual([
      'Keys: 4 of 4 healthy',
      'Today: 12 requests, $0.42',
      'Gateway On',
      'Resume Cut-Off Streams',
      'Copy Endpoint URL',
      'Copy New Client Token',
      'Open Dashboard',
      'Start at Login',
      'Quit gemgate',
    ]);
  });

  it('shows status lines as text, not as buttons', () => {
    const { template } = menu(running());
    expect(template.slice(0, 2).every((item) => item.enabled === false)).toBe(true);
  });

  it('reflects gateway and resume state in its checkboxes', () => {
    expect(menu(running({ resumeEnabled: true })).item('resume').checked).toBe(true);
    expect(menu(running({ resumeEnabled: false })).item('resume').checked).toBe(false);
    expect(menu(running()).item('gateway').checked).toBe(true);
    expect(menu(stopped).item('gateway').checked).toBe(false);
  });

  it('turns the gateway off and on', () => {
    const act = actions();
    menu(running(), act).click('gateway');
    expect(act.setGatewayEnabled).toHaveBeenLastCalledWith(false);
    menu(stopped, act).click('gateway');
    expect(act.setGatewayEnabled).toHaveBeenLastCalledWith(true);
  });

  it('lets a failed start be retried from the same checkbox', () => {
    const act = actions();
    const failed: GatewayState = { ...stopped, phase: 'failed', error: 'port in use' };
    expect(menu(failed, act).item('gateway').enabled).toBe(true);
    menu(failed, act).click('gateway');
    expect(act.setGatewayEnabled).toHaveBeenCalledWith(true);
  });

  it('turns resuming off and on', () => {
    const act = actions();
    menu(running({ resumeEnabled: true }), act).click('resume');
    expect(act.setResumeEnabled).toHaveBeenLastCalledWith(false);
    menu(running({ resumeEnabled: false }), act).click('resume');
    expect(act.setResumeEnabled).toHaveBeenLastCalledWith(true);
  });

  it('disables what needs a running gateway while it is off', () => {
    const { item } = menu(stopped);
    for (const id of ['resume', 'copy-url', 'copy-token', 'dashboard']) expect(item(id).enabled).toBe(false);
    expect(item('quit').enabled).not.toBe(false);
    expect(item('login').enabled).toBe(true);
  });

  it('does not offer the gateway switch while it is starting or stopping', () => {
    expect(menu({ ...stopped, phase: 'starting' }).item('gateway').enabled).toBe(false);
    expect(menu({ ...running(), phase: 'stopping' }).item('gateway').enabled).toBe(false);
  });

  it('wires the plain items to their actions', () => {
    const act = actions();
    const { click } = menu(running(), act);
    click('copy-url');
    click('copy-token');
    click('dashboard');
    click('quit');
    expect(act.copyEndpointUrl).toHaveBeenCalledOnce();
    expect(act.copyNewClientToken).toHaveBeenCalledOnce();
    expect(act.openDashboard).toHaveBeenCalledOnce();
    expect(act.quit).toHaveBeenCalledOnce();
  });

  it('toggles start at login, and says where it cannot', () => {
    const act = actions();
    menu(running(), act, { enabled: false, supported: true }).click('login');
    expect(act.setStartAtLogin).toHaveBeenCalledWith(true);
    const unsupported = menu(running(), act, { enabled: false, supported: false }).item('login');
    expect(unsupported.enabled).toBe(false);
    expect(unsupported.label).toBe('Start at Login (installed app only)');
  });

  it('has a tooltip per state', () => {
    expect(trayTooltip(running())).toBe('gemgate: running');
    expect(trayTooltip(running({ health: 'degraded' }))).toBe('gemgate: needs attention');
    expect(trayTooltip(stopped)).toBe('gemgate: off');
    expect(trayTooltip({ ...stopped, phase: 'failed', error: 'x' })).toBe('gemgate: failed to start');
  });
});
