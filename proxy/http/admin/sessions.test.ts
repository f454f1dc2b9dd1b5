import { describe, expect, it } from 'vitest';
import { AdminSessions } from './sessions.js';

describe('AdminSessions', () => {
  it('exchanges a login token once for a session', () => {
    const sessions = new AdminSessions();
    const token = sessions.issueLoginToken();
    const session = sessions.redeem(token);
    expect(session).toBeTruthy();
    expect(sessions.touch(session)).toBe(true);
    expect(sessions.redeem(token)).toBeUndefined();
    expect(sessions.redeem('made-up')).toBeUndefined();
  });

  it('ends a session left idle too long, but not one in use', () => {
    let now = 0;
    const sessions = new AdminSessions(() => now, 1000);
    const session = sessions.redeem(sessions.issueLoginToken())!;
    now = 900;
    expect(sessions.touch(session)).toBe(true);
    now = 1800; // 900 ms after the last use
    expect(sessions.touch(session)).toBe(true);
    now = 2800; // 1000 ms idle
    expect(sessions.touch(session)).toBe(false);
    expect(sessions.touch(session)).toBe(false);
  });

  it('refuses an expired login token and ends sessions on sign-out', () => {
    let now = 0;
    const sessions = new AdminSessions(() => now);
    const token = sessions.issueLoginToken();
    now = 25 * 3600_000;
    expect(sessions.redeem(token)).toBeUndefined();
    const session = sessions.redeem(sessions.issueLoginToken());
    sessions.end(session);
    expect(sessions.touch(session)).toBe(false);
    expect(sessions.touch(undefined)).toBe(false);
  });
});
