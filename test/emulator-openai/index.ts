/**
 * A local stand-in for an OpenAI-compatible service, shaped like Alibaba Cloud's DashScope in its
 * compatible mode: keys, model list, Chat Completions streamed and whole, DashScope's error codes,
 * usage objects and partial mode, and injectable faults. See README.md in this folder.
 */
export { startOpenAIEmulator } from './server.js';
export type { OpenAIEmulator, OpenAIEmulatorOptions, RecordedChat } from './server.js';
export { chatFaults, type ChatFault, type FaultFilter } from './faults.js';
