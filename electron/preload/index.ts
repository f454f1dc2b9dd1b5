// The dashboard window's preload. It runs sandboxed (no Node), is bundled to one CommonJS file,
// and hands the page exactly four things; never ipcRenderer itself, so the page cannot reach any
// channel outside the allow-list or see IPC event objects.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNELS } from '../shared/ipcChannels.js';
import type { GemgateDesktopApi } from './api.js';

const api: GemgateDesktopApi = {
  isDesktop: true,
  getLoginToken: () => ipcRenderer.invoke(IPC_CHANNELS.getLoginToken) as Promise<string>,
  copyToClipboard: async (text) => {
    await ipcRenderer.invoke(IPC_CHANNELS.copyToClipboard, text);
  },
  openExternal: async (url) => {
    await ipcRenderer.invoke(IPC_CHANNELS.openExternal, url);
  },
};

contextBridge.exposeInMainWorld('gemgateDesktop', api);
