import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openStore, type Store } from '../store/openStore.js';
import { tempDataDir } from '../../test/support/dataDir.js';
import { watchExternalChanges, type ExternalChangeOptions } from './externalChanges.js';

/**
 * The gateway's connection and a second one on the same file, as `gemgate` in a terminal has:
 * real SQLite, so what is tested is what data_version really does.
 */
describe('watchExternalChanges', () => {
  const cleanups: Array<() => void> = [];
  beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }));
  afterEach(() => {
    vi.useRealTimers();
    cleanups.splice(0).forEach((cleanup) => cleanup());
  });

  function setup(onChange: ExternalChangeOptions['onChange'] = async () => undefined) {
    const { dir, cleanup } = tempDataDir('external-changes');
    const gateway = openStore(dir);
    const cli = openStore(dir);
    const changes = vi.fn(onChange);
    const errors: unknown[] = [];
    const stop = watchExternalChanges(gateway.db, {
      onChange: changes,
      onError: (error) => errors.push(error),
    });
    cleanups.push(() => {
      stop();
      cli.close();
      gateway.close();
      cleanup();
    });
    return { gateway, cli, changes, errors, stop };
  }

  const disableResume = (store: Store) => store.settings.set('resume.enabled', false);
  const tick = () => vi.advanceTimersByTimeAsync(1000);

  it('catches up once, within a second, after another process changed the database', async () => {
    const { cli, changes } = setup();
    await tick();
    expect(changes).not.toHaveBeenCalled();
    disableResume(cli);
    await tick();
    expect(changes).toHaveBeenCalledOnce();
    await tick();
    await tick();
    expect(changes).toHaveBeenCalledOnce();
  });

  it('is not woken by the gateway’s own writes', async () => {
    const { gateway, changes } = setup();
    disableResume(gateway);
    gateway.tokens.create('laptop');
    await tick();
    await tick();
    expect(changes).not.toHaveBeenCalled();
  });

  it('catches up one at a time, and sees a change made meanwhile once the first is done', async () => {
    let finish = () => {};
    const { cli, changes } = setup(() => new Promise<void>((resolve) => (finish = resolve)));
    disableResume(cli);
    await tick();
    cli.tokens.create('phone'); // while the gateway is still reloading
    await tick();
    await tick();
    expect(changes).toHaveBeenCalledOnce();
    finish();
    await tick();
    expect(changes).toHaveBeenCalledTimes(2);
  });

  it('reports a catch-up that failed and keeps watching', async () => {
    const { cli, changes, errors } = setup(() => {
      throw new Error('secret store locked');
    });
    disableResume(cli);
    await tick();
    expect(errors).toEqual([new Error('secret store locked')]);
    cli.tokens.create('phone');
    await tick();
    expect(changes).toHaveBeenCalledTimes(2);
  });

  it('stops looking when stopped', async () => {
    const { cli, changes, stop } = setup();
    stop();
    disableResume(cli);
    await tick();
    expect(changes).not.toHaveBeenCalled();
  });
});
