import { describe, expect, it } from 'vitest';
import { fakeGatewayFactory, gatewayEvent } from '../test-support/fakeGateway.js';
import { GatewayController, type GatewayPhase } from './gatewayController.js';

const OPTIONS = { dataDir: '/data', host: '127.0.0.1' };

function setup() {
  const factory = fakeGatewayFactory();
  const controller = new GatewayController(factory.startGateway, OPTIONS);
  const phases: GatewayPhase[] = [];
  controller.onState((state) => phases.push(state.phase));
  return { factory, controller, phases };
}

describe('GatewayController', () => {
  it('starts the gateway with the given options and publishes its status', async () => {
    const { factory, controller, phases } = setup();
    await controller.start();
    expect(factory.options).toEqual([OPTIONS]);
    expect(phases).toEqual(['starting', 'running']);
    expect(controller.running).toBe(factory.latest());
    expect(controller.getState()).toMatchObject({
      phase: 'running',
      url: 'http://127.0.0.1:8787',
      error: null,
    });
    expect(controller.getState().status?.health).toBe('healthy');
  });

  it('follows the gateway’s status changes', async () => {
    const { factory, controller } = setup();
    await controller.start();
    factory.latest().setStatus({ health: 'degraded' });
    expect(controller.getState().status?.health).toBe('degraded');
  });

  it('forwards the gateway’s alerts', async () => {
    const { factory, controller } = setup();
    const seen: string[] = [];
    controller.onAlert((alert) => seen.push(alert.type));
    await controller.start();
    factory.latest().emit(gatewayEvent({ type: 'pool.down' }));
    expect(seen).toEqual(['pool.down']);
  });

  it('stops by closing the gateway and letting go of its listeners', async () => {
    const { factory, controller, phases } = setup();
    await controller.start();
    const gateway = factory.latest();
    await controller.stop();
    expect(gateway.closed).toBe(true);
    expect(gateway.listenerCount).toBe(0);
    expect(controller.running).toBeNull();
    expect(phases.slice(-2)).toEqual(['stopping', 'stopped']);
  });

  it('starts a new gateway after a stop (on is on again)', async () => {
    const { factory, controller } = setup();
    await controller.setEnabled(true);
    await controller.setEnabled(false);
    await controller.setEnabled(true);
    expect(factory.gateways).toHaveLength(2);
    expect(controller.running).toBe(factory.gateways[1]);
  });

  it('ignores a start while running and a stop while stopped', async () => {
    const { factory, controller } = setup();
    await controller.stop();
    await Promise.all([controller.start(), controller.start()]);
    expect(factory.gateways).toHaveLength(1);
  });

  it('runs quick toggles in order, ending in the last one asked for', async () => {
    const { factory, controller } = setup();
    await Promise.all([controller.start(), controller.stop(), controller.start(), controller.stop()]);
    expect(factory.gateways.every((gateway) => gateway.closed)).toBe(true);
    expect(controller.getState().phase).toBe('stopped');
  });

  it('reports a failed start with its message, and can try again', async () => {
    const { factory, controller } = setup();
    factory.failNextStart(new Error('listen EADDRINUSE: address already in use 127.0.0.1:8787'));
    await controller.start();
    expect(controller.getState()).toMatchObject({
      phase: 'failed',
      error: expect.stringContaining('EADDRINUSE'),
    });
    expect(controller.running).toBeNull();
    await controller.start();
    expect(controller.getState().phase).toBe('running');
  });

  it('sets resuming on the gateway and reads the result back', async () => {
    const { factory, controller } = setup();
    await controller.start();
    controller.setResumeEnabled(false);
    expect(factory.latest().status().resumeEnabled).toBe(false);
    expect(controller.getState().status?.resumeEnabled).toBe(false);
  });

  it('keeps working after a close that fails', async () => {
    const { factory, controller } = setup();
    await controller.start();
    factory.latest().close = () => Promise.reject(new Error('disk full'));
    await expect(controller.stop()).rejects.toThrow('disk full');
    expect(controller.getState().phase).toBe('stopped');
    await controller.start();
    expect(controller.getState().phase).toBe('running');
  });
});
