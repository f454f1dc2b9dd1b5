import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import {
  IPC_CHANNELS,
  MAX_CLIPBOARD_TEXT,
  MAX_EXTERNAL_URL,
  type IpcChannel,
  type IpcContract,
} from '../shared/ipcChannels.js';
import { isWebUrl, originOf } from './security.js';

/** What each channel accepts, checked before any handler runs: the renderer is not trusted. */
const ARGUMENTS = {
  [IPC_CHANNELS.getLoginToken]: z.tuple([]),
  [IPC_CHANNELS.copyToClipboard]: z.tuple([z.string().max(MAX_CLIPBOARD_TEXT)]),
  [IPC_CHANNELS.openExternal]: z.tuple([
    z.string().max(MAX_EXTERNAL_URL).refine(isWebUrl, 'only http(s) URLs may be opened'),
  ]),
} satisfies { [C in IpcChannel]: z.ZodType<IpcContract[C]['args']> };

const ALLOWED = new Set<string>(Object.values(IPC_CHANNELS));

export type IpcHandlers = {
  [C in IpcChannel]: (
    ...args: IpcContract[C]['args']
  ) => IpcContract[C]['result'] | Promise<IpcContract[C]['result']>;
};

/** A call the main process would not answer. Its message reaches the renderer: no secrets in it. */
export class IpcRefusal extends Error {
  override name = 'IpcRefusal';
}

export type IpcSender = Pick<IpcMainInvokeEvent, 'senderFrame'>;

export interface IpcRouterOptions {
  handlers: IpcHandlers;
  /** The gateway's origin, or null while it is off: then every call is refused. */
  allowedOrigin(): string | null;
  onRefused?(channel: string, reason: string): void;
}

export type IpcInvoke = (channel: string, event: IpcSender, args: readonly unknown[]) => Promise<unknown>;

/**
 * Checks, in order: the channel is on the allow-list; the calling frame is a page of the gateway
 * (its own URL, not the window's, so an embedded foreign frame gets nothing); the arguments have
 * the channel's shape. Only then does the handler run.
 */
export function createIpcRouter(options: IpcRouterOptions): IpcInvoke {
  const refuse = (channel: string, reason: string): never => {
    options.onRefused?.(channel, reason);
    throw new IpcRefusal(`gemgate refused ${JSON.stringify(channel)}: ${reason}`);
  };

  const dispatch = async <C extends IpcChannel>(channel: C, args: readonly unknown[]): Promise<unknown> => {
    const parsed = ARGUMENTS[channel].safeParse(args);
    if (!parsed.success) return refuse(channel, 'bad arguments');
    const handler = options.handlers[channel] as (...args: IpcContract[C]['args']) => unknown;
    return await handler(...(parsed.data as IpcContract[C]['args']));
  };

  return async (channel, event, args) => {
    if (!ALLOWED.has(channel)) return refuse(channel, 'unknown channel');
    const allowed = options.allowedOrigin();
    const sender = originOf(event.senderFrame?.url);
    if (allowed === null || sender !== allowed) return refuse(channel, 'sender is not the gemgate dashboard');
    return dispatch(channel as IpcChannel, args);
  };
}

/** Answers the allow-listed channels through the router; returns a function that stops answering. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  invoke: IpcInvoke,
): () => void {
  for (const channel of ALLOWED) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => invoke(channel, event, args));
  }
  return () => ALLOWED.forEach((channel) => ipcMain.removeHandler(channel));
}
