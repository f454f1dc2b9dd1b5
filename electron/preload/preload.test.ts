import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../shared/ipcChannels.js';
import type { GemgateDesktopApi } from './api.js';

// The preload imports 'electron' directly (it is a script, not a module with an injection point),
// so here the module itself is replaced: contextBridge records what is exposed, ipcRenderer what
// is invoked.
const exposed = new Map<string, unknown>();
const invoke = vi.fn<(channel: string, ...args: unknown[]) => Promise<unknown>>();
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: { invoke },
}));

async function loadPreload(): Promise<GemgateDesktopApi> {
  vi.resetModules();
  exposed.clear();
  await import('./index.js');
  return exposed.get('gemgateDesktop') as GemgateDesktopApi;
}

describe('preload', () => {
  beforeEach(() => invoke.mockReset());

  it('exposes one object, window.gemgateDesktop, and nothing else', async () => {
    await loadPreload();
    expect([...exposed.keys()]).toEqual(['gemgateDesktop']);
  });

  it('gives the page exactly the four members of GemgateDesktopApi: no ipcRenderer, no generic invoke', async () => {
    const api = await loadPreload();
    expect(Object.keys(api).sort()).toEqual([
      'copyToClipboard',
      'getLoginToken',
      'isDesktop',
      'openExternal',
    ]);
    expect(api.isDesktop).toBe(true);
  });

  it('maps each member to its allow-listed channel', async () => {
    const api = await loadPreload();
    invoke.mockResolvedValueOnce('login-1');
    await expect(api.getLoginToken()).resolves.toBe('login-1');
    invoke.mockResolvedValue(undefined);
    await expect(api.copyToClipboard('text')).resolves.toBeUndefined();
    await expect(api.openExternal('https://ai.google.dev/')).resolves.toBeUndefined();
    expect(invoke.mock.calls).toEqual([
      [IPC_CHANNELS.getLoginToken],
      [IPC_CHANNELS.copyToClipboard, 'text'],
      [IPC_CHANNELS.openExternal, 'https://ai.google.dev/'],
    ]);
  });

  it('passes a refusal from the main process on to the page', async () => {
    const api = await loadPreload();
    invoke.mockRejectedValueOnce(new Error('gemgate refused "gemgate:open-external": bad arguments'));
    await expect(api.openExternal('file:///etc/passwd')).rejects.toThrow('bad arguments');
  });
});
