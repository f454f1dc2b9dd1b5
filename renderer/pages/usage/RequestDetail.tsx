import type { RequestAttemptView, RequestDetailResponse } from '../../../proxy/http/admin/contract';
import { api } from '../../api/client';
import { useResource } from '../../api/useResource';
import { Badge, Dialog, ErrorNotice, Loading } from '../../components/ui';
import { formatCost, formatDuration, formatInt, formatTime, localizeTimes } from '../../format';
import { attemptEnd, attemptKind, OUTCOMES } from './describeAttempt';

/** One request opened: what its client was told, each call it made and why that ended, and its figures. */
export function RequestDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const detail = useResource(() => api.request(id), [], [id]);
  const entry = detail.data?.entry;
  return (
    <Dialog title={entry ? `Request of ${formatTime(entry.at)}` : 'Request'} onClose={onClose}>
      <ErrorNotice message={detail.error} />
      {!detail.data ? <Loading /> : <DetailBody detail={detail.data} />}
    </Dialog>
  );
}

function DetailBody({ detail }: { detail: RequestDetailResponse }) {
  const { entry, told, attempts, timings, tokens } = detail;
  const ok = entry.status < 400 && !entry.error;
  return (
    <div className="request-detail" data-testid="request-detail">
      <dl className="facts">
        <dt>App</dt>
        <dd>{entry.clientName ?? 'no token (refused before it was read)'}</dd>
        <dt>Model</dt>
        <dd>
          {entry.model || '—'}{' '}
          <span className="muted">
            ({entry.provider}, {entry.endpoint}
            {entry.streamed ? ', streamed' : ''})
          </span>
        </dd>
        <dt>Outcome</dt>
        <dd>
          <Badge tone={ok ? 'good' : 'bad'}>
            {entry.status} {OUTCOMES[entry.outcome] ?? entry.outcome}
          </Badge>
          {entry.error && <code className="small"> {entry.error}</code>}
        </dd>
      </dl>
      <section aria-label="What the client was told">
        <h3>What the client was told</h3>
        {told.message ? (
          <>
            <blockquote className="told" data-testid="client-message">
              HTTP {told.status}: {told.message}
            </blockquote>
            {localizeTimes(told.message) !== told.message && (
              <p className="muted small">In your time: {localizeTimes(told.message)}</p>
            )}
          </>
        ) : (
          <p>
            HTTP {told.status}: {entry.streamed ? 'the answer, streamed in full' : 'the answer'}.
          </p>
        )}
      </section>
      <section aria-label="Calls to the provider">
        <h3>Calls to {entry.provider === 'gemini' ? 'Google' : entry.provider}</h3>
        {attempts.length === 0 ? (
          <p className="muted">
            None: gemgate answered without calling {entry.provider === 'gemini' ? 'Google' : entry.provider}.
          </p>
        ) : (
          <ol className="attempts">
            {attempts.map((attempt, index) => (
              <Attempt key={index} attempt={attempt} detail={detail} last={index === attempts.length - 1} />
            ))}
          </ol>
        )}
        {detail.resumes > 0 && (
          <p className="muted small">
            Resumed {detail.resumes} time{detail.resumes === 1 ? '' : 's'}: the client saw one answer, with
            the seams joined.
          </p>
        )}
      </section>
      <section aria-label="Figures">
        <h3>Figures</h3>
        <dl className="facts">
          <dt>First byte to the client</dt>
          <dd>{timings.firstByteMs === null ? '—' : formatDuration(timings.firstByteMs)}</dd>
          <dt>Total time</dt>
          <dd>{formatDuration(timings.totalMs)}</dd>
          <dt>Tokens</dt>
          <dd>
            {tokens
              ? `${formatInt(tokens.input)} in (${formatInt(tokens.cached)} cached), ${formatInt(tokens.output)} out, ${formatInt(tokens.thoughts)} thinking`
              : 'none reported'}
          </dd>
          <dt>Cost</dt>
          <dd>{formatCost(entry.costUsd)}</dd>
        </dl>
      </section>
    </div>
  );
}

function Attempt({
  attempt,
  detail,
  last,
}: {
  attempt: RequestAttemptView;
  detail: RequestDetailResponse;
  last: boolean;
}) {
  const project = attempt.project
    ? `${attempt.project.gcpProject ?? (detail.entry.provider === 'gemini' ? `own project of ${attempt.project.label}` : attempt.project.label)}${attempt.project.account ? `, account ${attempt.project.account}` : ''}`
    : 'a project since removed';
  return (
    <li className="attempt" data-mode={attempt.mode}>
      <strong>{attemptKind(attempt)}</strong> with key <code>{attempt.masked ?? 'removed since'}</code>{' '}
      <span className="muted">({project})</span>
      <div>{attemptEnd(attempt, detail.entry.outcome, last)}</div>
      {attempt.seamRemoved ? (
        <div className="muted small">
          Seam: {attempt.seamRemoved} repeated characters removed where it joined the answer.
        </div>
      ) : null}
      {attempt.tokens && (
        <div className="muted small">
          {formatInt(attempt.tokens.input)} tokens in, {formatInt(attempt.tokens.output)} out,{' '}
          {formatInt(attempt.tokens.thoughts)} thinking
        </div>
      )}
    </li>
  );
}
