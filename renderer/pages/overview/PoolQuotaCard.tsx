import type { AccountView } from '../../../proxy/http/admin/contract';
import { Badge, Card } from '../../components/ui';
import { formatInt, formatReset } from '../../format';
import { poolQuota, STANDING_WORDS, type PoolModelQuota } from '../../quota';

/**
 * "How much can I still ask of gemini-2.5-pro today, across my pool, and when does it reset?" One
 * row per model in use; the same reading of each project as its detail on Accounts & keys.
 */
export function PoolQuotaCard({ accounts, now }: { accounts: AccountView[]; now: number }) {
  const rows = poolQuota(accounts, now);
  return (
    <Card title="Quota left today">
      {rows.length === 0 ? (
        <p className="muted">No model used yet today: every project&apos;s quota is whole.</p>
      ) : (
        <table className="table stack-table" data-testid="pool-quota">
          <caption className="visually-hidden">Quota left today across the pool, per model</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Requests left today</th>
              <th scope="col">More from</th>
              <th scope="col">Carried by</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.model} data-model={row.model}>
                <th scope="row" data-label="Model">
                  {row.model}
                  {row.provider !== 'gemini' && <div className="muted small">{row.provider}</div>}
                </th>
                <td data-label="Requests left today">
                  <LeftToday row={row} />
                </td>
                <td data-label="More from">
                  {row.nextReset !== null ? formatReset(row.nextReset, now) : '—'}
                </td>
                <td data-label="Carried by">
                  <ul className="carriers">
                    {row.carriers.map((carrier) => (
                      <li key={`${carrier.account}/${carrier.project}`}>
                        {carrier.account} <span className="muted">({carrier.project})</span>{' '}
                        <Badge
                          tone={
                            carrier.standing.state === 'ok'
                              ? 'good'
                              : carrier.standing.state === 'exhausted'
                                ? 'bad'
                                : 'warn'
                          }
                        >
                          {STANDING_WORDS[carrier.standing.state]}
                        </Badge>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted small">
        Counted by gemgate since midnight Pacific time, when Google resets daily quotas.{' '}
        <a href="#/keys">Each project in detail</a>
      </p>
    </Card>
  );
}

function LeftToday({ row }: { row: PoolModelQuota }) {
  if (row.leftToday === null) return <span>no limit known ({formatInt(row.usedToday)} used)</span>;
  return (
    <span>
      <strong data-testid="left-today">{formatInt(row.leftToday)}</strong>
      {row.unknownLimits > 0 &&
        ` + ${row.unknownLimits} project${row.unknownLimits === 1 ? '' : 's'} without a known limit`}
      <span className="muted"> · {formatInt(row.usedToday)} used</span>
      {row.servingNow === 0 && <div className="bad-text small">no project can serve it right now</div>}
    </span>
  );
}
