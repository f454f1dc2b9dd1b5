import { describe, expect, it } from 'vitest';
import type { GatewayStatus } from '../events/gatewayEvent.js';
import { GatewayStatusBoard, healthOf, type StatusReadings } from './gatewayStatus.js';

const keys = (total: number, healthy: number, cooling = 0, disabled = 0) => ({
  total,
  healthy,
  cooling,
  disabled,
});

describe('healthOf', () => {
  it.each([
    ['no keys at all', keys(0, 0), 'empty'],
    ['every key disabled', keys(2, 0, 0, 2), 'down'],
    ['every key cooling down', keys(3, 0, 3), 'down'],
    ['one of three cooling down', keys(3, 2, 1), 'degraded'],
    ['one of three disabled', keys(3, 2, 0, 1), 'degraded'],
    ['every key healthy', keys(3, 3), 'healthy'],
  ] as const)('%s: %s', (_case, counts, health) => {
    expect(healthOf(counts)).toBe(health);
  });
});

describe('GatewayStatusBoard', () => {
  function board() {
    const state = { keys: keys(2, 2), requests: 0, resume: true };
    const readings: StatusReadings = {
      url: () => 'http://127.0.0.1:8787',
      keys: () => state.keys,
      today: () => ({ requests: state.requests, costUsd: state.requests * 0.01 }),
      resumeEnabled: () => state.resume,
    };
    return { state, board: new GatewayStatusBoard(readings) };
  }

  it('reads the status fresh each time it is asked', () => {
    const { state, board: status } = board();
    expect(status.current()).toEqual({
      url: 'http://127.0.0.1:8787',
      keys: keys(2, 2),
      today: { requests: 0, costUsd: 0 },
      resumeEnabled: true,
      health: 'healthy',
    });
    state.keys = keys(2, 1, 1);
    state.requests = 3;
    state.resume = false;
    expect(status.current()).toMatchObject({
      health: 'degraded',
      today: { requests: 3 },
      resumeEnabled: false,
    });
  });

  it('announces the current status to every listener, until they let go', () => {
    const { state, board: status } = board();
    const tray: GatewayStatus[] = [];
    const dashboard: GatewayStatus[] = [];
    status.onChange((s) => tray.push(s));
    const stopDashboard = status.onChange((s) => dashboard.push(s));
    state.keys = keys(2, 0, 0, 2);
    status.announce();
    stopDashboard();
    state.keys = keys(2, 2);
    status.announce();
    expect(tray.map((s) => s.health)).toEqual(['down', 'healthy']);
    expect(dashboard.map((s) => s.health)).toEqual(['down']);
  });
});
