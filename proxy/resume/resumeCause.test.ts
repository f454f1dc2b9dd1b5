import { describe, expect, it } from 'vitest';
import { gaveUpError, notResumedError } from './resumeCause.js';
import { PoolUnavailable, StreamIncomplete } from '../failures/failures.js';

describe('resume cause: the error when gemgate gives up', () => {
  it('names the cause, the attempts and the setting that capped them', () => {
    const error = gaveUpError('frame-cut', 5, true);
    expect(error).toBeInstanceOf(StreamIncomplete);
    expect(error.message).toBe(
      "Gemini's stream was cut off: a frame was cut in half; gemgate tried 5 times (resume.maxAttempts) and gave up; the answer is incomplete.",
    );
    expect(gaveUpError('stalled', 1, true).message).toContain('tried 1 time (resume.maxAttempts)');
  });

  it('says when resuming is off instead of counting attempts', () => {
    expect(gaveUpError('thoughts-only', 1, false).message).toBe(
      "Gemini's stream was cut off: the answer held only thoughts; resuming is off (resume.enabled); the answer is incomplete.",
    );
  });

  it('says why the next attempt could not be opened', () => {
    const error = notResumedError(new PoolUnavailable('empty', 'gemini-2.5-flash'));
    expect(error).toBeInstanceOf(StreamIncomplete);
    expect(error.message).toBe(
      "Gemini's stream was cut off and could not be resumed: gemgate has no Gemini API keys yet. Add one with `gemgate keys add --account NAME`.",
    );
  });
});
