import { useState, type FormEvent } from 'react';
import type {
  ClientPolicyView,
  ClientTokenView,
  CreateTokenResponse,
  Tier,
} from '../../proxy/http/admin/contract';
import { api, ApiRequestError } from '../api/client';
import { useResource } from '../api/useResource';
import { Badge, Card, CopyButton, ErrorNotice, Loading, PageHeader, PendingNotice } from '../components/ui';
import { formatAgo, formatTime } from '../format';

function message(error: unknown): string {
  return error instanceof ApiRequestError || error instanceof Error ? error.message : String(error);
}

export function Clients() {
  const tokens = useResource(api.tokens, ['tokens', 'usage']);
  const [created, setCreated] = useState<CreateTokenResponse>();
  const [error, setError] = useState<string>();

  return (
    <>
      <PageHeader title="Clients">
        Each app gets its own token, used as its API key. gemgate keeps only a hash: a token is shown once.
      </PageHeader>
      <CreateToken
        onCreated={(response) => {
          setCreated(response);
          tokens.reload();
        }}
      />
      {created && (
        <Card title="New token">
          <p className="notice notice-warn" role="status">
            Copy the token for <strong>{created.token.name}</strong> now: it is not shown again.
          </p>
          <p className="secret-line">
            <code data-testid="new-token">{created.secret}</code>{' '}
            <CopyButton text={created.secret} label="the new token" />
          </p>
          <button type="button" className="button-small" onClick={() => setCreated(undefined)}>
            Done, hide it
          </button>
        </Card>
      )}
      <ErrorNotice message={error ?? tokens.error} />
      {!tokens.data ? (
        <Loading />
      ) : (
        <Card title="Tokens">
          {tokens.data.tokens.length === 0 ? (
            <p className="muted">No tokens yet.</p>
          ) : (
            <ul className="token-list">
              {tokens.data.tokens.map((token) => (
                <TokenItem
                  key={token.id}
                  token={token}
                  onError={setError}
                  onChanged={() => {
                    setError(undefined);
                    tokens.reload();
                  }}
                />
              ))}
            </ul>
          )}
        </Card>
      )}
    </>
  );
}

function CreateToken({ onCreated }: { onCreated: (response: CreateTokenResponse) => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      onCreated(await api.createToken(name.trim()));
      setName('');
    } catch (failure) {
      setError(message(failure));
    }
  };
  return (
    <Card title="Create a token">
      <form className="form-row" onSubmit={(event) => void submit(event)}>
        <label>
          Name (who uses it)
          <input
            name="token-name"
            required
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="e.g. cherry-studio or phone-chatbox"
            autoComplete="off"
          />
        </label>
        <button type="submit" disabled={!name.trim()}>
          Create token
        </button>
      </form>
      <ErrorNotice message={error} />
    </Card>
  );
}

function TokenItem({
  token,
  onChanged,
  onError,
}: {
  token: ClientTokenView;
  onChanged: () => void;
  onError: (message: string) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const revoke = () =>
    api
      .revokeToken(token.id)
      .then(onChanged)
      .catch((failure: unknown) => onError(message(failure)));
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
        </div>
        {!token.revokedAt &&
          (confirming ? (
            <div className="row-actions">
              <button type="button" className="button-small button-danger" onClick={() => void revoke()}>
                Confirm revoke
              </button>
              <button type="button" className="button-small" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </div>
          ) : (
            <button
              type="button"
              className="button-small"
              aria-label={`Revoke token ${token.name}`}
              onClick={() => setConfirming(true)}
            >
              Revoke
            </button>
          ))}
      </div>
      {!token.revokedAt &&
        (token.policy.available ? (
          <PolicyEditor token={token} policy={token.policy.policy} onChanged={onChanged} onError={onError} />
        ) : (
          <PendingNotice pending={token.policy} />
        ))}
    </li>
  );
}

function PolicyEditor({
  token,
  policy,
  onChanged,
  onError,
}: {
  token: ClientTokenView;
  policy: ClientPolicyView;
  onChanged: () => void;
  onError: (message: string) => void;
}) {
  const [models, setModels] = useState(policy.allowedModels.join(', '));
  const [tiers, setTiers] = useState<Tier[]>(policy.tiers);
  const [rpm, setRpm] = useState(policy.requestsPerMinute?.toString() ?? '');
  const [budget, setBudget] = useState(policy.dailyBudgetUsd?.toString() ?? '');
  const [saved, setSaved] = useState(false);
  const idBase = `policy-${token.id}`;
  const toggleTier = (tier: Tier) =>
    setTiers((current) => (current.includes(tier) ? current.filter((t) => t !== tier) : [...current, tier]));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    try {
      await api.setPolicy(token.id, {
        allowedModels: models
          .split(/[\s,]+/)
          .map((model) => model.trim())
          .filter(Boolean),
        tiers,
        requestsPerMinute: rpm.trim() ? Number(rpm) : null,
        dailyBudgetUsd: budget.trim() ? Number(budget) : null,
      });
      setSaved(true);
      onChanged();
    } catch (failure) {
      onError(message(failure));
    }
  };

  return (
    <form className="policy" onSubmit={(event) => void submit(event)} aria-label={`Policy of ${token.name}`}>
      <div className="form-row">
        <label htmlFor={`${idBase}-models`}>
          Allowed models <span className="muted">(empty: all)</span>
          <input
            id={`${idBase}-models`}
            value={models}
            onChange={(event) => setModels(event.target.value)}
            placeholder="gemini-2.5-flash, gemini-2.5-pro"
          />
        </label>
        <fieldset>
          <legend>Key tiers</legend>
          {(['primary', 'backup'] as const).map((tier) => (
            <label key={tier} className="checkbox">
              <input type="checkbox" checked={tiers.includes(tier)} onChange={() => toggleTier(tier)} />
              {tier === 'primary' ? 'Primary' : 'Backup'}
            </label>
          ))}
        </fieldset>
        <label htmlFor={`${idBase}-rpm`}>
          Requests per minute
          <input
            id={`${idBase}-rpm`}
            type="number"
            min={1}
            value={rpm}
            onChange={(event) => setRpm(event.target.value)}
            placeholder="no limit"
          />
        </label>
        <label htmlFor={`${idBase}-budget`}>
          Daily budget (USD)
          <input
            id={`${idBase}-budget`}
            type="number"
            min={0}
            step="0.01"
            value={budget}
            onChange={(event) => setBudget(event.target.value)}
            placeholder="no limit"
          />
        </label>
        <button type="submit">Save policy</button>
        {saved && (
          <span role="status" className="muted">
            Saved.
          </span>
        )}
      </div>
    </form>
  );
}
