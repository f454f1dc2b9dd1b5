import { useState, type FormEvent } from 'react';
import type { AccountView, ClientTokenView, PoolModelView } from '../../../proxy/http/admin/contract';
import { api, errorMessage } from '../../api/client';
import { Badge, ConfirmButton } from '../../components/ui';
import {
  draftFromPolicy,
  PolicyFields,
  policyFromDraft,
  type PolicyDraft,
} from '../../components/PolicyFields';
import { formatAgo, formatTime, formatUsd } from '../../format';

/** One token: its limits in words, what it spent against them, and its actions. */
export function TokenItem({
  token,
  accounts,
  models,
  onChanged,
  onError,
}: {
  token: ClientTokenView;
  accounts: AccountView[];
  models: readonly PoolModelView[];
  onChanged: () => void;
  onError: (message: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  const revoke = () =>
    api
      .revokeToken(token.id)
      .then(onChanged)
      .catch((failure: unknown) => onError(errorMessage(failure)));
  return (
    <li className="token" aria-label={`Token ${token.name}`}>
      <div className="token-head">
        <div>
          <strong>{token.name}</strong> <code>{token.prefix}…</code>{' '}
          {token.revokedAt ? <Badge tone="neutral">revoked</Badge> : <Badge tone="good">active</Badge>}
          <div className="muted small">
            Created {formatTime(token.createdAt)} · last used {formatAgo(token.lastUsedAt)}
            {token.revokedAt && ` · revoked ${formatTime(token.revokedAt)}`}
          </div>
          <div className="small" data-testid="policy-summary">
            Limits: {token.policy.summary}
          </div>
          <Spend token={token} />
        </div>
        {!token.revokedAt && (
          <div className="row-actions">
            <button
              type="button"
              className="button-small"
              aria-expanded={editing}
              aria-label={`Edit limits of ${token.name}`}
              onClick={() => setEditing(!editing)}
            >
              {editing ? 'Close limits' : 'Edit limits'}
            </button>
            <ConfirmButton
              label="Revoke"
              confirmLabel="Confirm revoke"
              ariaLabel={`Revoke token ${token.name}`}
              onConfirm={() => void revoke()}
            />
          </div>
        )}
      </div>
      {editing && (
        <PolicyForm
          token={token}
          accounts={accounts}
          models={models}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
          onError={onError}
        />
      )}
    </li>
  );
}

/** Spend today and this month; a bar against the token's limit for each period that has one. */
function Spend({ token }: { token: ClientTokenView }) {
  const { dailyUsd, monthlyUsd } = token.policy.policy;
  const limited: Array<[string, number, number]> = [];
  if (dailyUsd !== undefined) limited.push(['today', token.spend.todayUsd, dailyUsd]);
  if (monthlyUsd !== undefined) limited.push(['this month', token.spend.monthUsd, monthlyUsd]);
  return (
    <div className="spend" data-testid="token-spend">
      <div className="small">
        Spent today {formatUsd(token.spend.todayUsd)}
        {dailyUsd !== undefined && ` of ${formatUsd(dailyUsd)}`} · this month{' '}
        {formatUsd(token.spend.monthUsd)}
        {monthlyUsd !== undefined && ` of ${formatUsd(monthlyUsd)}`}
      </div>
      {limited.map(([when, spent, limit]) => (
        <div
          key={when}
          className="quota-track"
          role="meter"
          aria-label={`${token.name} spent ${when}: ${formatUsd(spent)} of ${formatUsd(limit)}`}
          aria-valuemin={0}
          aria-valuemax={limit}
          aria-valuenow={Math.min(spent, limit)}
        >
          <div
            className={`quota-fill quota-${spent >= limit ? 'bad' : spent >= limit * 0.7 ? 'warn' : 'good'}`}
            style={{ width: `${Math.round(Math.min(1, limit > 0 ? spent / limit : 1) * 100)}%` }}
          />
        </div>
      ))}
    </div>
  );
}

function PolicyForm({
  token,
  accounts,
  models,
  onSaved,
  onError,
}: {
  token: ClientTokenView;
  accounts: AccountView[];
  models: readonly PoolModelView[];
  onSaved: () => void;
  onError: (message: string) => void;
}) {
  const [draft, setDraft] = useState<PolicyDraft>(() => draftFromPolicy(token.policy.policy));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api.setPolicy(token.id, policyFromDraft(draft));
      onSaved();
    } catch (failure) {
      onError(errorMessage(failure));
    }
  };
  return (
    <form className="policy" onSubmit={(event) => void submit(event)} aria-label={`Limits of ${token.name}`}>
      <PolicyFields
        idBase={`policy-${token.id}`}
        draft={draft}
        onChange={setDraft}
        accounts={accounts}
        models={models}
      />
      <button type="submit">Save limits</button>
    </form>
  );
}
