import { useState } from 'react';
import type { Health, TrafficView } from '../../proxy/http/admin/contract';
import { api } from '../api/client';
import { useLive } from '../api/live';
import { useNow, useResource } from '../api/useResource';
import { Badge, Card, CopyButton, ErrorNotice, Loading, PageHeader, Stat, Url } from '../components/ui';
import { formatCompact, formatCost, formatInt } from '../format';
import { setupSnippets } from '../snippets';
import { PoolQuotaCard } from './overview/PoolQuotaCard';
import { PhoneCard } from './overview/PhoneCard';

const HEALTH: Record<Health, { tone: 'good' | 'warn' | 'bad' | 'neutral'; text: string }> = {
  healthy: { tone: 'good', text: 'Healthy: every key can serve' },
  degraded: { tone: 'warn', text: 'Degraded: some keys cannot serve' },
  down: { tone: 'bad', text: 'Down: no key can serve' },
  empty: { tone: 'neutral', text: 'No keys yet' },
};

export function Overview() {
  const overview = useResource(api.overview, ['status', 'keys', 'usage', 'settings']);
  const accounts = useResource(api.accounts, ['keys', 'status', 'usage']);
  const [traffic, setTraffic] = useState<TrafficView>();
  const now = useNow();
  useLive('traffic', setTraffic);
  const data = overview.data;
  if (!data)
    return (
      <>
        <PageHeader title="Overview" />
        {overview.error ? <ErrorNotice message={overview.error} /> : <Loading />}
      </>
    );
  const live = traffic ?? data.traffic;
  const health = HEALTH[data.status.health];
  const { keys } = data.status;

  return (
    <>
      <PageHeader title="Overview">gemgate {data.version}</PageHeader>
      <ErrorNotice message={overview.error} />
      <div className="grid">
        <Card title="Health">
          <p>
            <Badge tone={health.tone}>{health.text}</Badge>
          </p>
          <div className="stats">
            <Stat label="Keys" value={formatInt(keys.total)} />
            <Stat label="Serving" value={formatInt(keys.healthy)} />
            <Stat label="Resting" value={formatInt(keys.cooling)} />
            <Stat label="Disabled" value={formatInt(keys.disabled)} />
          </div>
          <p className="muted">
            Resume of cut streams is {data.status.resumeEnabled ? 'on' : 'off'}.{' '}
            <a href="#/keys">Manage keys</a>
          </p>
        </Card>
        <Card title="Traffic">
          <div className="stats">
            <Stat
              label="Requests per second"
              value={<span data-testid="rps">{live.requestsPerSecond}</span>}
            />
            <Stat label="Last minute" value={formatInt(live.requestsLastMinute)} />
            <Stat
              label="Since start"
              value={<span data-testid="requests-total">{formatInt(live.requestsTotal)}</span>}
            />
            <Stat label="Errors, last minute" value={formatInt(live.errorsLastMinute)} />
          </div>
        </Card>
        <Card title="Today">
          <div className="stats">
            <Stat
              label="Requests"
              value={<span data-testid="today-requests">{formatInt(data.today.totals.requests)}</span>}
            />
            <Stat label="Input tokens" value={formatCompact(data.today.totals.inputTokens)} />
            <Stat
              label="Output tokens"
              value={formatCompact(data.today.totals.outputTokens + data.today.totals.thoughtTokens)}
              hint={`${formatCompact(data.today.totals.thoughtTokens)} of them thinking`}
            />
            <Stat
              label="Cost"
              value={formatCost(data.today.totals.costUsd)}
              hint={
                data.today.totals.unpriced > 0
                  ? `+ ${formatInt(data.today.totals.unpriced)} requests without a price`
                  : undefined
              }
            />
          </div>
          <p className="muted small">
            <a href="#/usage">Usage this week, per app and model</a>
          </p>
        </Card>
      </div>
      {accounts.data && <PoolQuotaCard accounts={accounts.data.accounts} now={now} />}
      <Card title="Endpoint">
        <p className="muted">
          Point your apps here, with a client token from <a href="#/clients">Clients</a> as their API key.
        </p>
        <dl className="endpoints">
          <dt>Gemini API (Cherry Studio, ChatBox, @google/genai)</dt>
          <dd>
            <Url href={data.endpoints.gemini} />{' '}
            <CopyButton text={data.endpoints.gemini} label="Gemini endpoint" />
          </dd>
          <dt>OpenAI-compatible API (Roo Code, Cline, openai SDK)</dt>
          <dd>
            <Url href={data.endpoints.openai} />{' '}
            <CopyButton text={data.endpoints.openai} label="OpenAI endpoint" />
          </dd>
        </dl>
      </Card>
      <PhoneCard reach={data.reach} />
      <Card title="Set up a client">
        <div className="snippets">
          {setupSnippets(data.endpoints).map((snippet) => (
            <article key={snippet.client} className="snippet" aria-label={snippet.client}>
              <h3>{snippet.client}</h3>
              <dl>
                {snippet.steps.map((step) => (
                  <div key={step.label} className="snippet-row">
                    <dt>{step.label}</dt>
                    <dd>
                      {step.value.startsWith('http') ? (
                        <>
                          <Url href={step.value} />
                          <CopyButton text={step.value} label={`${snippet.client} ${step.label}`} />
                        </>
                      ) : (
                        <code>{step.value}</code>
                      )}
                    </dd>
                  </div>
                ))}
              </dl>
              {snippet.note && <p className="muted">{snippet.note}</p>}
            </article>
          ))}
        </div>
      </Card>
    </>
  );
}
