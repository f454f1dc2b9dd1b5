// One upstream call of a request, in words: what kind of call it was and why it ended.
import type { RequestAttemptView, RequestOutcome } from '../../../proxy/http/admin/contract';

/** | mode | said as | */
const MODES: Record<RequestAttemptView['mode'], string> = {
  first: 'First call',
  continue: 'Resumed: continued the cut answer',
  replay: 'Resumed: asked again from the start',
  failover: 'Key tried',
};

/** The resume engine's causes, as a person would say why an answer stopped short. */
const CAUSES: Record<string, string> = {
  'frame-cut': 'the stream was cut in the middle of a chunk',
  'transport-error': 'the connection to Google broke',
  stalled: 'the stream went silent too long',
  'upstream-error': 'Google sent an error in the middle of the answer',
  'no-finish-reason': 'the stream ended without saying it was done',
  empty: 'the answer was empty',
  'thoughts-only': 'the model only thought, and said nothing',
  'malformed-function-call': 'the model wrote a broken tool call',
};

/** What a failover's error answer meant. */
const FAILURES: Record<string, string> = {
  'rate-limited': 'rate-limited: its project rests for this model',
  'key-invalid': 'Google refused the key as invalid: it was disabled',
  'key-denied': 'Google denied the key (suspended, leaked or API disabled): it was disabled',
  'resource-denied': 'the file or cache belongs to another project',
  'upstream-unavailable': 'Google was overloaded or failing, or could not be reached',
  'client-error': 'Google refused the request itself',
  'not-found': 'Google does not know the model',
};

/** The kind of call, e.g. "Resumed: continued the cut answer". */
export function attemptKind(attempt: Pick<RequestAttemptView, 'mode'>): string {
  return MODES[attempt.mode];
}

/** Why the call ended, in words; `last` is the request's final call, whose end is the request's. */
export function attemptEnd(
  attempt: Pick<RequestAttemptView, 'mode' | 'cause' | 'failure' | 'status' | 'finishReason'>,
  outcome: RequestOutcome,
  last: boolean,
): string {
  if (attempt.mode === 'failover') {
    const status = attempt.status === 'network' ? 'No answer' : `HTTP ${attempt.status}`;
    const meaning = FAILURES[attempt.failure ?? ''] ?? attempt.failure ?? 'an error';
    const next = last ? 'the client got the error' : 'the next key was tried';
    return `${status}: ${meaning}; ${next}.`;
  }
  if (attempt.cause) return `Stopped short: ${CAUSES[attempt.cause] ?? attempt.cause}`;
  if (!last) return 'Answered';
  if (outcome === 'incomplete') return 'Stopped short: gemgate gave up and told the client';
  if (outcome === 'aborted') return 'The client hung up';
  if (outcome === 'policy-stop')
    return `Stopped by Google's safety or policy filter (${attempt.finishReason ?? 'no reason given'})`;
  if (outcome === 'tool-call') return 'Finished with a tool call';
  return attempt.finishReason ? `Finished (${attempt.finishReason})` : 'Finished';
}

/** The request's end in a few words, for the list. */
export const OUTCOMES: Record<RequestOutcome, string> = {
  complete: 'complete',
  ok: 'ok',
  'tool-call': 'tool call',
  'policy-stop': 'stopped by a filter',
  incomplete: 'incomplete',
  aborted: 'client hung up',
  failed: 'failed',
  rejected: 'refused by gemgate',
};
