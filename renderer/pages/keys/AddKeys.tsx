import { useState, type FormEvent } from 'react';
import type { AccountView, AddKeysResponse, Tier } from '../../../proxy/http/admin/contract';
import { api, errorMessage } from '../../api/client';
import { Badge, Card, ErrorNotice } from '../../components/ui';
import { splitPastedKeys } from './splitPastedKeys';

const NOT_ADDED: Record<AddKeysResponse['notAdded'][number]['reason'], string> = {
  malformed: 'not a key',
  repeated: 'given twice',
  duplicate: 'already here',
  refused: 'refused',
};

/**
 * Paste keys of one account: each is shown to its provider first; what could not be added is
 * named key by key. Every choice starts afresh after an add, so none carries over unseen.
 */
export function AddKeys({
  accounts,
  providers,
  onAdded,
}: {
  accounts: AccountView[];
  providers: string[];
  onAdded: () => void;
}) {
  const [provider, setProvider] = useState('gemini');
  const [account, setAccount] = useState('');
  const [tier, setTier] = useState<Tier>('primary');
  const [project, setProject] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<AddKeysResponse>();
  const existing = accounts.find((candidate) => candidate.label === account.trim());
  const count = splitPastedKeys(text).length;
  const gemini = provider === 'gemini';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const response = await api.addKeys({
        account: account.trim(),
        tier: existing ? undefined : tier,
        project: (gemini && project.trim()) || undefined,
        ...(gemini ? {} : { provider }),
        keys: splitPastedKeys(text),
      });
      // The pasted secrets leave the page as soon as the gateway has them, and the form starts afresh.
      setText('');
      setAccount('');
      setProject('');
      setTier('primary');
      setProvider('gemini');
      setResult(response);
      onAdded();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Add keys">
      <form className="form" onSubmit={(event) => void submit(event)} aria-label="Add keys">
        <div className="form-row">
          <label>
            Provider
            <select name="provider" value={provider} onChange={(event) => setProvider(event.target.value)}>
              {(providers.length > 0 ? providers : ['gemini']).map((name) => (
                <option key={name} value={name}>
                  {name === 'gemini' ? 'Gemini (Google AI Studio)' : name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Account
            <input
              name="account"
              list="account-names"
              required
              value={account}
              onChange={(event) => setAccount(event.target.value)}
              placeholder="e.g. personal"
              autoComplete="off"
            />
            <datalist id="account-names">
              {accounts.map((entry) => (
                <option key={entry.id} value={entry.label} />
              ))}
            </datalist>
          </label>
          <label>
            Tier
            <select
              name="tier"
              value={existing?.tier ?? tier}
              disabled={Boolean(existing)}
              onChange={(event) => setTier(event.target.value as Tier)}
            >
              <option value="primary">Primary</option>
              <option value="backup">Backup (used when no primary key can serve)</option>
            </select>
          </label>
          {gemini && (
            <label>
              Google Cloud project id <span className="muted">(optional)</span>
              <input
                name="project"
                value={project}
                onChange={(event) => setProject(event.target.value)}
                placeholder="keys of one project share its quota"
                autoComplete="off"
              />
            </label>
          )}
        </div>
        {existing && (
          <p className="muted small">
            Joins account {existing.label}, a {existing.tier} account: its tier is changed on its card below.
          </p>
        )}
        <label>
          {gemini ? 'Gemini API keys' : `${provider} API keys`}, one a line
          <textarea
            name="keys"
            rows={4}
            required
            value={text}
            onChange={(event) => setText(event.target.value)}
            spellCheck={false}
            autoComplete="off"
            placeholder={gemini ? 'AIza…' : 'sk-…'}
          />
        </label>
        <div className="form-actions">
          <button type="submit" disabled={busy || count === 0 || !account.trim()}>
            {busy ? 'Checking and adding…' : count > 1 ? `Check and add ${count} keys` : 'Check and add'}
          </button>
        </div>
      </form>
      <ErrorNotice message={error} />
      {result && <PasteResult result={result} />}
    </Card>
  );
}

function PasteResult({ result }: { result: AddKeysResponse }) {
  const total = result.added.length + result.notAdded.length;
  return (
    <div role="status" aria-label="Added keys" className="paste-result">
      <p>
        <strong>
          Added {result.added.length} of {total} key{total === 1 ? '' : 's'}.
        </strong>
      </p>
      <ul className="check-results">
        {result.added.map(({ key, check }) => (
          <li key={key.id}>
            <code>{key.masked}</code>{' '}
            <Badge tone={check.ok ? 'good' : 'warn'}>
              {check.ok ? 'added, works' : 'added, not checked'}
            </Badge>{' '}
            <span className="muted">{check.ok ? check.detail : `could not ask: ${check.detail}`}</span>
          </li>
        ))}
        {result.notAdded.map((entry) => (
          <li key={`not-${entry.position}`}>
            {entry.masked ? <code>{entry.masked}</code> : <span>Line {entry.position}</span>}{' '}
            <Badge tone={entry.reason === 'duplicate' || entry.reason === 'repeated' ? 'neutral' : 'bad'}>
              not added: {NOT_ADDED[entry.reason]}
            </Badge>{' '}
            <span className="muted">{entry.detail}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
