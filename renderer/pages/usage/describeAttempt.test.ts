import { describe, expect, it } from 'vitest';
import type { RequestAttemptView, RequestOutcome } from '../../../proxy/http/admin/contract';
import { attemptEnd, attemptKind } from './describeAttempt';

type Call = Pick<RequestAttemptView, 'mode' | 'cause' | 'failure' | 'status' | 'finishReason'>;

describe('one call of a request, in words', () => {
  it.each<[string, Call, RequestOutcome, boolean, string]>([
    ['a plain answer', { mode: 'first', finishReason: 'STOP' }, 'complete', true, 'Finished (STOP)'],
    [
      'a cut the engine resumed',
      { mode: 'first', cause: 'stalled' },
      'complete',
      false,
      'Stopped short: the stream went silent too long',
    ],
    [
      'the continuation that finished it',
      { mode: 'continue', finishReason: 'STOP' },
      'complete',
      true,
      'Finished (STOP)',
    ],
    [
      'a key rate-limited before the answer',
      { mode: 'failover', status: 429, failure: 'rate-limited' },
      'failed',
      false,
      'HTTP 429: rate-limited: its project rests for this model; the next key was tried.',
    ],
    [
      'a network failure',
      { mode: 'failover', status: 'network', failure: 'upstream-unavailable' },
      'failed',
      true,
      'No answer: Google was overloaded or failing, or could not be reached; the client got the error.',
    ],
    [
      'an answer gemgate gave up on',
      { mode: 'continue' },
      'incomplete',
      true,
      'Stopped short: gemgate gave up and told the client',
    ],
    [
      'a safety stop',
      { mode: 'first', finishReason: 'SAFETY' },
      'policy-stop',
      true,
      "Stopped by Google's safety or policy filter (SAFETY)",
    ],
  ])('%s', (_case, call, outcome, last, words) => {
    expect(attemptEnd(call, outcome, last)).toBe(words);
  });

  it('names the kind of call: a resume or a failover', () => {
    expect(attemptKind({ mode: 'continue' })).toBe('Resumed: continued the cut answer');
    expect(attemptKind({ mode: 'replay' })).toBe('Resumed: asked again from the start');
    expect(attemptKind({ mode: 'failover' })).toBe('Key tried');
  });
});
