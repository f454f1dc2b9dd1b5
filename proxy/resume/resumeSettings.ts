import type { Settings } from '../config/settings.js';
import type { ResumeSettings } from './generation.js';

export function resumeSettingsOf(settings: Settings): ResumeSettings {
  return {
    enabled: settings['resume.enabled'],
    maxAttempts: settings['resume.maxAttempts'],
    firstByteTimeoutMs: settings['resume.firstByteTimeoutMs'],
    stallTimeoutMs: settings['resume.stallTimeoutMs'],
    continuationThinking: settings['resume.continuationThinking'],
  };
}
