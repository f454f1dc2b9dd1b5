/**
 * The only IPC channels between the dashboard window and the main process. The preload invokes
 * nothing else and the main process answers nothing else; both import this one list.
 */
export const IPC_CHANNELS = {
  getLoginToken: 'gemgate:get-login-token',
  copyToClipboard: 'gemgate:copy-to-clipboard',
  openExternal: 'gemgate:open-external',
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];

/** Argument and result types per channel: what the preload sends is what the main process parses. */
export interface IpcContract {
  'gemgate:get-login-token': { args: []; result: string };
  'gemgate:copy-to-clipboard': { args: [text: string]; result: void };
  'gemgate:open-external': { args: [url: string]; result: void };
}

/** Longest text the dashboard may put on the clipboard: tokens and URLs, never bulk data. */
export const MAX_CLIPBOARD_TEXT = 64 * 1024;
/** Longest URL the dashboard may hand to the OS browser. */
export const MAX_EXTERNAL_URL = 2048;
