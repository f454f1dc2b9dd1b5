/**
 * A local stand-in for Google's Gemini API (generativelanguage.googleapis.com), for tests and by-hand
 * runs: realistic REST shapes, deterministic answers, per-project quotas and injectable faults.
 * See README.md in this folder.
 */
export { startEmulator } from './server.js';
export { faults } from './faults.js';
export { MODELS } from './models.js';
export { countTextTokens } from './tokens.js';
export { readSseFrames, readJsonArrayStream, type StreamRead } from './stream-reader.js';
export type {
  AddFileOptions,
  AnswerMatch,
  ApiVersion,
  Emulator,
  EmulatorOptions,
  Fault,
  FaultContext,
  FaultFilter,
  KeyState,
  QuotaLimits,
  RecordedRequest,
  ScriptedAnswer,
  ScriptedGrounding,
} from './types.js';
