import type { Settings } from '../config/settings.js';
import type { ResumeSettings } from './generation.js';

/**
 * The resume engine's settings from the gateway's. `parseEveryFrame` (never a user setting; the
 * environment variable GEMGATE_PARSE_EVERY_FRAME=1 in the gateway's process) turns the skim of
 * plain-text frames off, so that benchmarks can measure what it saves.
 */
export function resumeSettingsOf(settings: Settings, parseEveryFrame = false): ResumeSettings {
  return {
    enabled: settings['resume.enabled'],
    maxAttempts: settings['resume.maxAttempts'],
    firstByteTimeoutMs: settings['resume.firstByteTimeoutMs'],
    stallTimeoutMs: settings['resume.stallTimeoutMs'],
    continuationThinking: settings['resume.continuationThinking'],
    ...(parseEveryFrame ? { parseEveryFrame } : {}),
  };
}
