import { useState, type FormEvent } from 'react';
import type { AccountView, ClientTokenView, CreateTokenResponse } from '../../proxy/http/admin/contract';
import { api, errorMessage } from '../api/client';
import { useResource } from '../api/useResource';
import { Badge, Card, ConfirmButton, CopyButton, ErrorNotice, Loading, PageHeader } from '../components/ui';
import { draftFromPolicy, PolicyFields, policyFromDraft, type PolicyDraft } from '../components/PolicyFields';
import { formatAgo, formatTime } from '../format';

export function Clients() {
  const tokens = useResource(api.tokens, ['tokens', 'usage']);
  const accounts = useResource(api.accounts, ['keys']);
  const [created, setCreated] = useState<CreateTokenResponse>();
  const [error, setError] = useState<string>();
  const accountList = accounts.data?.accounts ?? [];

  return (
    <>
      <PageHeader title="Clients">
        Each app gets its own token, used as its API key, and optionally limits on what it may do. gemgate
        keeps only a hash: a token is shown once.
      </PageHeader>
      <CreateToken
        accounts={accountList}
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
                  accounts={accountList}
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

function CreateToken({
  accounts,
  onCreated,
}: {
  accounts: AccountView[];
  onCreated: (response: CreateTokenResponse) => void;
}) {
  const [name, setName] = useState('');
  const [draft, setDraft] = useState<PolicyDraft>(() => draftFromPolicy());
  const [error, setError] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const policy = policyFromDraft(draft);
      const limited = Object.keys(policy).length > 0;
      onCreated(await api.createToken(name.trim(), limited ? policy : undefined));
      setName('');
      setDraft(draftFromPolicy());
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  return (
    <Card title="Create a token">
      <form className="form" onSubmit={(event) => void submit(event)}>
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
        <details className="policy">
          <summary>Limits for this token (optional)</summary>
          <PolicyFields idBase="new-token" draft={draft} onChange={setDraft} accounts={accounts} />
        </details>
        <div className="form-actions">
          <button type="submit" disabled={!name.trim()}>
            Create token
          </button>
        </div>
      </form>
      <ErrorNotice message={error} />
    </Card>
  );
}

function TokenItem({
  token,
  accounts,
  onChanged,
  onError,
}: {
  token: ClientTokenView;
  accounts: AccountView[];
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

function PolicyForm({
  token,
  accounts,
  onSaved,
  onError,
}: {
  token: ClientTokenView;
  accounts: AccountView[];
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
      <PolicyFields idBase={`policy-${token.id}`} draft={draft} onChange={setDraft} accounts={accounts} />
      <button type="submit">Save limits</button>
    </form>
  );
}
