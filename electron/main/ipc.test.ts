import { describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS, MAX_CLIPBOARD_TEXT } from '../shared/ipcChannels.js';
import { createElectronStandIn } from '../test-support/electronStandIn.js';
import { createIpcRouter, IpcRefusal, registerIpc, type IpcHandlers } from './ipc.js';

const ORIGIN = 'http://127.0.0.1:8787';
const PAGE = `${ORIGIN}/keys`;

function setup(origin: string | null = ORIGIN) {
  const handlers = {
    'gemgate:get-login-token': vi.fn(() => 'login-1'),
    'gemgate:copy-to-clipboard': vi.fn(),
    'gemgate:open-external': vi.fn(),
  } satisfies IpcHandlers;
  const refused: string[] = [];
  const invoke = createIpcRouter({
    handlers,
    allowedOrigin: () => origin,
    onRefused: (channel, reason) => refused.push(`${channel}: ${reason}`),
  });
  const from = (url: string | null) => ({ senderFrame: url === null ? null : ({ url } as never) });
  return { handlers, invoke, refused, from };
}

describe('IPC router', () => {
  it('answers an allowed channel from the dashboard', async () => {
    const { invoke, from, handlers } = setup();
    await expect(invoke(IPC_CHANNELS.getLoginToken, from(PAGE), [])).resolves.toBe('login-1');
    await invoke(IPC_CHANNELS.copyToClipboard, from(PAGE), ['http://127.0.0.1:8787']);
    await invoke(IPC_CHANNELS.openExternal, from(PAGE), ['https://aistudio.google.com/apikey']);
    expect(handlers['gemgate:copy-to-clipboard']).toHaveBeenCalledWith('http://127.0.0.1:8787');
    expect(handlers['gemgate:open-external']).toHaveBeenCalledWith('https://aistudio.google.com/apikey');
  });

  it('refuses a channel that is not on the allow-list', async () => {
    const { invoke, from, refused } = setup();
    await expect(invoke('gemgate:read-file', from(PAGE), ['/etc/passwd'])).rejects.toThrow(IpcRefusal);
    expect(refused).toEqual(['gemgate:read-file: unknown channel']);
  });

  it.each([
    ['another origin', 'https://evil.example/'],
    ['another port on localhost', 'http://127.0.0.1:9999/'],
    ['localhost by another name', 'http://localhost:8787/'],
    ['a file page', 'file:///tmp/page.html'],
    ['about:blank', 'about:blank'],
    ['a frame that is gone', null],
  ])('refuses a sender from %s', async (_name, url) => {
    const { invoke, from, handlers } = setup();
    await expect(invoke(IPC_CHANNELS.getLoginToken, from(url), [])).rejects.toThrow(
      'sender is not the gemgate dashboard',
    );
    expect(handlers['gemgate:get-login-token']).not.toHaveBeenCalled();
  });

  it('refuses everyone while the gateway is off', async () => {
    const { invoke, from } = setup(null);
    await expect(invoke(IPC_CHANNELS.getLoginToken, from(PAGE), [])).rejects.toThrow(IpcRefusal);
  });

  it.each([
    ['a number to copy', IPC_CHANNELS.copyToClipboard, [42]],
    ['nothing to copy', IPC_CHANNELS.copyToClipboard, []],
    ['too much to copy', IPC_CHANNELS.copyToClipboard, ['x'.repeat(MAX_CLIPBOARD_TEXT + 1)]],
    ['an extra argument', IPC_CHANNELS.copyToClipboard, ['a', 'b']],
    ['arguments to a call that takes none', IPC_CHANNELS.getLoginToken, ['please']],
    ['a file URL to open', IPC_CHANNELS.openExternal, ['file:///etc/passwd']],
    ['a javascript: URL to open', IPC_CHANNELS.openExternal, ['javascript:alert(1)']],
    ['a custom scheme to open', IPC_CHANNELS.openExternal, ['ms-settings:']],
    ['not a URL to open', IPC_CHANNELS.openExternal, ['not a url']],
    ['an object to open', IPC_CHANNELS.openExternal, [{ toString: () => 'https://x' }]],
  ])('refuses bad arguments: %s', async (_name, channel, args) => {
    const { invoke, from, handlers, refused } = setup();
    await expect(invoke(channel, from(PAGE), args)).rejects.toThrow('bad arguments');
    expect(Object.values(handlers).every((handler) => handler.mock.calls.length === 0)).toBe(true);
    expect(refused).toEqual([`${channel}: bad arguments`]);
  });
});

describe('registerIpc', () => {
  it('answers exactly the allow-listed channels, through the router', async () => {
    const standIn = createElectronStandIn();
    const { invoke } = setup();
    const dispose = registerIpc(standIn.electron.ipcMain, invoke);
    expect([...standIn.ipcMain.handlers.keys()].sort()).toEqual(Object.values(IPC_CHANNELS).sort());
    await expect(standIn.ipcMain.invoke(IPC_CHANNELS.getLoginToken, PAGE)).resolves.toBe('login-1');
    await expect(standIn.ipcMain.invoke(IPC_CHANNELS.getLoginToken, 'https://evil.example/')).rejects.toThrow(
      IpcRefusal,
    );
    await expect(standIn.ipcMain.invoke('gemgate:shell', PAGE)).rejects.toThrow('No handler registered');
    dispose();
    expect(standIn.ipcMain.handlers.size).toBe(0);
  });
});
