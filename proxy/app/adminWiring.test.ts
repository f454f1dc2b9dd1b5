import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../store/openStore.js';
import { FileSecretStore } from '../secrets/fileStore.js';
import { GeminiClient } from '../upstream/geminiClient.js';
import { QuotaAwarePool } from '../pool/quotaAwarePool.js';
import { EventBus } from '../events/eventBus.js';
import { AdminFeed } from '../http/admin/feed.js';
import { tempDataDir } from '../../test/support/dataDir.js';
import { GatewayStatusBoard } from './gatewayStatus.js';
import { wireAdmin } from './adminWiring.js';
import { buildServices } from './services.js';
import { ProviderClient } from '../upstream/openaiCompatible/providerClient.js';

describe('wireAdmin', () => {
  const cleanups: Array<() => void | Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function setup() {
    const data = tempDataDir('admin-wiring');
    const store = openStore(data.dir);
    const client = new GeminiClient('http://127.0.0.1:9');
    const providerClient = new ProviderClient();
    cleanups.push(
      data.cleanup,
      () => store.close(),
      () => client.close(),
      () => providerClient.close(),
    );
    const state = { keys: { total: 2, healthy: 2, cooling: 0, disabled: 0 } };
    const status = new GatewayStatusBoard({
      url: () => 'http://127.0.0.1:8787',
      keys: () => state.keys,
      today: () => ({ requests: 0, costUsd: 0 }),
      resumeEnabled: () => true,
    });
    const steps: string[] = [];
    const events = new EventBus();
    const feed = new AdminFeed();
    feed.subscribe((name, data) => {
      steps.push(name === 'status' ? `status ${(data as { health: string }).health}` : name);
    });
    const admin = wireAdmin({
      version: '1.2.3',
      feed,
      services: buildServices(store, {
        secrets: FileSecretStore.open(data.dir, 'admin wiring'),
        client,
        providerClient,
      }),
      client,
      pool: new QuotaAwarePool(),
      events,
      status,
      async reloadKeys() {
        await new Promise((resolve) => setImmediate(resolve));
        // The reload found a key disabled from elsewhere.
        state.keys = { total: 2, healthy: 1, cooling: 0, disabled: 1 };
        steps.push('reload');
      },
      applySettings: () => steps.push('apply'),
      files: { list: () => [], delete: async () => false },
      boundUrl: () => 'http://127.0.0.1:8787',
    });
    cleanups.push(() => admin.close());
    return { admin, events, feed, status, steps };
  }

  it('lists gateway events for the Alerts page, newest first, and sends them to open dashboards', () => {
    const { admin, events, steps } = setup();
    events.emit({ type: 'pool.down', severity: 'error', title: 'No key can serve', message: 'all cooling' });
    events.emit({ type: 'pool.recovered', severity: 'info', title: 'Keys serve again', message: 'ok' });
    expect(admin.context.events.list().map((event) => event.type)).toEqual(['pool.recovered', 'pool.down']);
    expect(steps).toEqual(['event', 'event']);
  });

  it('sends every status change to open dashboards', () => {
    const { status, steps } = setup();
    status.announce();
    expect(steps).toEqual(['status healthy']);
  });

  it('after keys change in the dashboard: reloads the pool, then shows the new status, then says what changed', async () => {
    const { admin, steps } = setup();
    await admin.context.keysChanged('key key_1 disabled');
    expect(steps).toEqual(['reload', 'status degraded', 'keys']);
    expect(admin.context.status().health).toBe('degraded');
  });

  it('after a setting changes in the dashboard: applies it, reloads the pool with it, then shows the status', async () => {
    const { admin, steps } = setup();
    await admin.context.settingsChanged('pool.strategy');
    expect(steps).toEqual(['apply', 'reload', 'status degraded']);
  });

  it('ends open dashboard streams on close and publishes nothing after', () => {
    const { admin, events, feed, status, steps } = setup();
    let ended = false;
    feed.onClose(() => (ended = true));
    admin.close();
    events.emit({ type: 'pool.down', severity: 'error', title: 'No key can serve', message: 'closing' });
    status.announce();
    expect(ended).toBe(true);
    expect(steps).toEqual([]);
  });
});
