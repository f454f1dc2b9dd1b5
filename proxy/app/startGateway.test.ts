import { afterEach, describe, expect, it, vi } from 'vitest';
import net from 'node:net';
import { startGateway } from './startGateway.js';
import { createLogger } from '../log/logger.js';
import { tempDataDir } from '../../test/support/dataDir.js';
import { faults } from '../../test/emulator/index.js';
import { startHarness, type Harness } from '../../test/support/harness.js';
import type { Alert, GatewayEvent } from './gatewayApi.js';

/**
 * What a host (the desktop app, `serve`) gets from the real gateway: the events as they happen
 * and the alerts, folded by the same folder as the log line and the webhook.
 */
describe('startGateway: alerts for the host', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function cutAnswer(harness: Harness, prompt: string): Promise<string> {
    harness.emulator.injectFault(faults.cut(40));
    const response = await fetch(
      `${harness.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`,
      {
        method: 'POST',
        headers: { 'x-goog-api-key': harness.token, 'content-type': 'application/json' },
        body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: prompt }] }] }),
      },
    );
    return response.text();
  }

  it('folds repeats over alerts.foldWindowSeconds and sends what it held when it closes', async () => {
    h = await startHarness({
      settings: { 'resume.enabled': false, 'alerts.foldWindowSeconds': 600 },
    });
    const events: GatewayEvent[] = [];
    const alerts: Alert[] = [];
    h.gateway.onEvent((event) => events.push(event));
    h.gateway.onAlert((alert) => alerts.push(alert));

    for (const prompt of ['first', 'second', 'third']) await cutAnswer(h, prompt);
    await expect.poll(() => events.filter((e) => e.type === 'resume.gaveUp')).toHaveLength(3);
    // The first went out at once; the repeats wait for the window, ten minutes away.
    expect(alerts.map((a) => [a.type, a.count, a.folded])).toEqual([['resume.gaveUp', 1, false]]);

    const harness = h;
    h = undefined;
    await harness.close();
    expect(alerts.map((a) => [a.type, a.count, a.folded])).toEqual([
      ['resume.gaveUp', 1, false],
      ['resume.gaveUp', 2, true],
    ]);
    expect(alerts[1]!.message).toBe(`${alerts[1]!.eventMessage} (2 more times within 1 min)`);
    // The log line says the same.
    expect(harness.logs()).toMatch(/An answer stayed incomplete: .*\(2 more times within 1 min\)/);
  });

  it('sends the summary when the window set in alerts.foldWindowSeconds ends', async () => {
    h = await startHarness({ settings: { 'resume.enabled': false, 'alerts.foldWindowSeconds': 1 } });
    const alerts: Alert[] = [];
    h.gateway.onAlert((alert) => alerts.push(alert));
    // Both at once, so the second surely falls inside the first one's one-second window.
    await Promise.all([cutAnswer(h, 'first'), cutAnswer(h, 'second')]);
    await expect
      .poll(() => alerts.map((a) => [a.count, a.folded]), { timeout: 3000 })
      .toEqual([
        [1, false],
        [1, true],
      ]);
  });
});

describe('startGateway: a start that fails', () => {
  it('leaves nothing running behind it when its port is taken, so a host can retry', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    const data = tempDataDir('gemgate-failed-start');
    // Only the timers the gateway starts are counted: fake ones, so each left running shows.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    try {
      await expect(
        startGateway(
          { dataDir: data.dir, port, env: { GEMGATE_SECRET_STORE: 'file', GEMGATE_PASSPHRASE: 'pass' } },
          { logger: createLogger({ level: 'silent' }) },
        ),
      ).rejects.toThrow(/EADDRINUSE/);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
      taken.close();
      data.cleanup();
    }
  });
});
