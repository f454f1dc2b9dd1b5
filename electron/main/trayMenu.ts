import type { MenuItemConstructorOptions } from 'electron';
import type { GatewayState } from './gatewayController.js';

/** Everything the tray shows, gathered in one value so the menu is a pure function of it. */
export interface TrayView {
  gateway: GatewayState;
  startAtLogin: { enabled: boolean; supported: boolean };
}

export interface TrayActions {
  setGatewayEnabled(enabled: boolean): void;
  setResumeEnabled(enabled: boolean): void;
  copyEndpointUrl(): void;
  copyNewClientToken(): void;
  openDashboard(): void;
  setStartAtLogin(enabled: boolean): void;
  quit(): void;
}

export type TrayIconState = 'running' | 'paused' | 'degraded';

/**
 * Running: on and every key can serve. Degraded: something needs the user (keys cooling or dead,
 * no keys yet, or the gateway failed to start). Paused: the gateway is off, on purpose.
 */
export function trayIconState(gateway: GatewayState): TrayIconState {
  if (gateway.phase === 'failed') return 'degraded';
  if (gateway.phase !== 'running') return 'paused';
  return gateway.status?.health === 'healthy' ? 'running' : 'degraded';
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2 });
const count = new Intl.NumberFormat('en-US');

export function formatCost(costUsd: number): string {
  if (costUsd > 0 && costUsd < 0.01) return '< $0.01';
  return usd.format(costUsd);
}

const MAX_ERROR_LENGTH = 80;

/** The menu's status lines: what is going on, at a glance, without opening the dashboard. */
export function statusLines(gateway: GatewayState): string[] {
  switch (gateway.phase) {
    case 'starting':
      return ['Starting the gateway…'];
    case 'stopping':
      return ['Stopping the gateway…'];
    case 'stopped':
      return ['Gateway is off'];
    case 'failed': {
      const error = gateway.error ?? 'unknown error';
      const short = error.length > MAX_ERROR_LENGTH ? `${error.slice(0, MAX_ERROR_LENGTH - 1)}…` : error;
      return ['Gateway failed to start', short];
    }
    case 'running': {
      const status = gateway.status;
      if (!status) return ['Gateway is on'];
      const { keys, today } = status;
      const keyLine =
        keys.total === 0
          ? 'No keys yet: add one in the dashboard'
          : `Keys: ${count.format(keys.healthy)} of ${count.format(keys.total)} healthy` +
            (status.health === 'down' ? ' (none can serve)' : '');
      const requests = `${count.format(today.requests)} request${today.requests === 1 ? '' : 's'}`;
      return [keyLine, `Today: ${requests}, ${formatCost(today.costUsd)}`];
    }
  }
}

export function trayTooltip(gateway: GatewayState): string {
  const state = trayIconState(gateway);
  const word = gateway.phase === 'running' ? (state === 'running' ? 'running' : 'needs attention') : 'off';
  return `gemgate: ${gateway.phase === 'failed' ? 'failed to start' : word}`;
}

/**
 * The tray menu for one state. Checkboxes act on `item.checked`, which Electron has already
 * flipped when `click` runs: that is what the user saw and chose, even if this menu is a moment old.
 * Rebuilt whole on every change: Linux trays (AppIndicator) only pick up a menu that is set again,
 * and a fresh template is simpler than patching items.
 */
export function trayMenuTemplate(view: TrayView, actions: TrayActions): MenuItemConstructorOptions[] {
  const { gateway, startAtLogin } = view;
  const on = gateway.phase === 'running';
  const busy = gateway.phase === 'starting' || gateway.phase === 'stopping';
  return [
    ...statusLines(gateway).map((label): MenuItemConstructorOptions => ({ label, enabled: false })),
    { type: 'separator' },
    {
      id: 'gateway',
      label: 'Gateway On',
      type: 'checkbox',
      checked: on || gateway.phase === 'starting',
      enabled: !busy,
      click: (item) => actions.setGatewayEnabled(item.checked),
    },
    {
      id: 'resume',
      label: 'Resume Cut-Off Streams',
      type: 'checkbox',
      checked: gateway.status?.resumeEnabled ?? false,
      enabled: on,
      click: (item) => actions.setResumeEnabled(item.checked),
    },
    { type: 'separator' },
    { id: 'copy-url', label: 'Copy Endpoint URL', enabled: on, click: () => actions.copyEndpointUrl() },
    {
      id: 'copy-token',
      // Says "new": each click creates a token (see DesktopApp.copyNewClientToken for why).
      label: 'Copy New Client Token',
      enabled: on,
      click: () => actions.copyNewClientToken(),
    },
    { id: 'dashboard', label: 'Open Dashboard', enabled: on, click: () => actions.openDashboard() },
    { type: 'separator' },
    {
      id: 'login',
      label: startAtLogin.supported ? 'Start at Login' : 'Start at Login (installed app only)',
      type: 'checkbox',
      checked: startAtLogin.enabled,
      enabled: startAtLogin.supported,
      click: (item) => actions.setStartAtLogin(item.checked),
    },
    { type: 'separator' },
    { id: 'quit', label: 'Quit gemgate', click: () => actions.quit() },
  ];
}
