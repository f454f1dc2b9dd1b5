import { useState, type FormEvent } from 'react';
import type { AccountView, CreateTokenResponse, PoolModelView } from '../../proxy/http/admin/contract';
import { api, errorMessage } from '../api/client';
import { useResource } from '../api/useResource';
import { Card, ErrorNotice, Loading, PageHeader } from '../components/ui';
import { draftFromPolicy, PolicyFields, policyFromDraft, type PolicyDraft } from '../components/PolicyFields';
import { NewToken } from './clients/NewToken';
import { TokenItem } from './clients/TokenItem';

export function Clients() {
  const tokens = useResource(api.tokens, ['tokens', 'usage']);
  const accounts = useResource(api.accounts, ['keys']);
  const models = useResource(api.models, ['keys']);
  const [created, setCreated] = useState<CreateTokenResponse>();
  const [error, setError] = useState<string>();
  const accountList = accounts.data?.accounts ?? [];
  const modelList = models.data?.models ?? [];

  return (
    <>
      <PageHeader title="Clients">
        Each app gets its own token, used as its API key, and optionally limits on what it may do. gemgate
        keeps only a hash: a token is shown once.
      </PageHeader>
      <CreateToken
        accounts={accountList}
        models={modelList}
        onCreated={(response) => {
          setCreated(response);
          tokens.reload();
        }}
      />
      {created && <NewToken created={created} onDone={() => setCreated(undefined)} />}
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
                  models={modelList}
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
  models,
  onCreated,
}: {
  accounts: AccountView[];
  models: readonly PoolModelView[];
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
      <form className="form" onSubmit={(event) => void submit(event)} aria-label="Create a token">
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
          <PolicyFields
            idBase="new-token"
            draft={draft}
            onChange={setDraft}
            accounts={accounts}
            models={models}
          />
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
