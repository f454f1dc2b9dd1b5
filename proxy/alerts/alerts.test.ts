import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AlertFolder, type Alert } from './alertFolder.js';
import { AlertService } from './alertService.js';
import { EventBus } from '../events/eventBus.js';
import type { GatewayEvent } from '../events/gatewayEvent.js';
import { createLogger } from '../log/logger.js';
import { randomApiKey } from '../../test/support/keys.js';

const event = (at: number, over: Partial<GatewayEvent> = {}): GatewayEvent => ({
  type: 'key.disabled',
  at,
  severity: 'error',
  title: 'A Gemini key was disabled',
  message: 'Key key_1 was refused.',
  keyId: 'key_1',
  ...over,
});

describe('AlertFolder', () => {
  afterEach(() => vi.useRealTimers());

  it('sends the first event at once and folds repeats within the window into one alert with a count', () => {
    vi.useFakeTimers();
    const sent: Alert[] = [];
    const folder = new AlertFolder(
      (alert) => sent.push(alert),
      () => 60_000,
    );
    folder.push(event(0));
    for (let i = 1; i <= 50; i++) folder.push(event(i * 1000));
    folder.push(event(2000, { keyId: 'key_2' }));
    expect(sent.map((alert) => [alert.keyId, alert.count])).toEqual([
      ['key_1', 1],
      ['key_2', 1],
    ]);
    vi.advanceTimersByTime(60_000);
    expect(sent).toHaveLength(3);
    expect(sent[2]).toMatchObject({ keyId: 'key_1', count: 50, firstAt: 1000, lastAt: 50_000 });
    expect(sent[2]!.message).toMatch(/\(50 more times within 1 min\)$/);
    // The window closed: the next one is news again.
    folder.push(event(70_000));
    expect(sent).toHaveLength(4);
    vi.advanceTimersByTime(60_000);
    expect(sent).toHaveLength(4);
  });
});

describe('AlertService', () => {
  it('logs every alert and POSTs it to the webhook as JSON without key material', async () => {
    const received: Array<Record<string, unknown>> = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push(JSON.parse(body) as Record<string, unknown>);
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    let log = '';
    const logger = createLogger({
      destination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          log += chunk.toString();
          done();
        },
      }),
    });
    const events = new EventBus();
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const service = new AlertService(events, logger, () => ({ webhookUrl: url, foldWindowMs: 60_000 }));
    const leaked = randomApiKey();
    events.emit({
      type: 'pool.down',
      severity: 'error',
      title: 'No key can serve',
      message: `Every key is disabled (a library echoed ${leaked}).`,
    });
    events.emit({ type: 'pool.down', severity: 'error', title: 'No key can serve', message: 'again' });
    await vi.waitFor(() => expect(received).toHaveLength(1));
    await service.close();
    await vi.waitFor(() => expect(received).toHaveLength(2));
    server.close();
    expect(received[0]).toMatchObject({ source: 'gemgate', type: 'pool.down', severity: 'error', count: 1 });
    expect(received[1]).toMatchObject({
      type: 'pool.down',
      count: 1,
      message: 'again (1 more time within 1 min)',
    });
    expect(JSON.stringify(received)).not.toContain(leaked);
    expect(log).toMatch(/No key can serve: Every key is disabled/);
    expect(log).not.toContain(leaked);
  });
});
