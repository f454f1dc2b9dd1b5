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
  it('keeps the latest event’s own message beside the folded one, and says which alert sums up repeats', () => {
    vi.useFakeTimers();
    const sent: Alert[] = [];
    const folder = new AlertFolder(
      (alert) => sent.push(alert),
      () => 60_000,
    );
    folder.push(event(0, { message: 'first refusal' }));
    folder.push(event(1000, { message: 'second refusal' }));
    folder.push(event(2000, { message: 'third refusal' }));
    vi.advanceTimersByTime(60_000);
    expect(
      sent.map(({ count, folded, message, eventMessage }) => ({ count, folded, message, eventMessage })),
    ).toEqual([
      { count: 1, folded: false, message: 'first refusal', eventMessage: 'first refusal' },
      {
        count: 2,
        folded: true,
        message: 'third refusal (2 more times within 1 min)',
        eventMessage: 'third refusal',
      },
    ]);
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

describe('AlertService listeners', () => {
  afterEach(() => vi.useRealTimers());

  it('hands listeners the alerts it logs, folded the same way, even when another listener fails', async () => {
    vi.useFakeTimers();
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
    const service = new AlertService(events, logger, () => ({ webhookUrl: '', foldWindowMs: 60_000 }));
    const heard: Alert[] = [];
    service.onAlert(() => {
      throw new Error('the tray is gone');
    });
    const stop = service.onAlert((alert) => heard.push(alert));
    for (let i = 0; i < 5; i++) events.emit(event(i * 1000));
    vi.advanceTimersByTime(60_000);
    expect(heard.map((alert) => [alert.count, alert.folded])).toEqual([
      [1, false],
      [4, true],
    ]);
    expect(log).toMatch(/an alert listener failed/);
    expect(log.match(/A Gemini key was disabled: /g)).toHaveLength(2);
    stop();
    events.emit(event(70_000, { keyId: 'key_2' }));
    await service.close();
    expect(heard).toHaveLength(2);
  });
});
