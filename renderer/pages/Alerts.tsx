import { api } from '../api/client';
import { useResource } from '../api/useResource';
import { Badge, Card, ErrorNotice, Loading, PageHeader } from '../components/ui';
import { formatTime, forPeople } from '../format';

const TONE = { info: 'neutral', warning: 'warn', error: 'bad' } as const;

export function Alerts() {
  const events = useResource(api.events, ['event']);
  return (
    <>
      <PageHeader title="Alerts">
        What went wrong, and what recovered: keys Gemini refused, exhausted projects, streams that could not
        be resumed. Since gemgate started, newest first.
      </PageHeader>
      <ErrorNotice message={events.error} />
      <Card title="Events">
        {!events.data ? (
          <Loading />
        ) : events.data.events.length === 0 ? (
          <p className="muted">Nothing has happened yet. All quiet.</p>
        ) : (
          <ol className="events" aria-live="polite">
            {events.data.events.map((event, index) => (
              <li key={`${event.at}-${index}`} className="event">
                <Badge tone={TONE[event.severity]}>{event.severity}</Badge> <strong>{event.title}</strong>{' '}
                <time className="muted small" dateTime={new Date(event.at).toISOString()}>
                  {formatTime(event.at)}
                </time>
                <p>{forPeople(event.message)}</p>
                {(event.keyId || event.projectId) && (
                  <p className="muted small">
                    <a href="#/keys">See it in Accounts &amp; keys</a>
                  </p>
                )}
              </li>
            ))}
          </ol>
        )}
      </Card>
    </>
  );
}
