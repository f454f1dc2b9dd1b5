import { useEffect, useState, type FormEvent } from 'react';
import type {
  AccountView,
  AddKeysResponse,
  CheckView,
  ContinuationStyle,
  KeyView,
  ProjectView,
  ProvidersResponse,
  Tier,
} from '../../proxy/http/admin/contract';
import { api, errorMessage } from '../api/client';
import { useResource } from '../api/useResource';
import { Badge, Card, ConfirmButton, ErrorNotice, Loading, PageHeader } from '../components/ui';
import { QuotaBar } from '../components/QuotaBar';
import { formatAgo, formatUntil } from '../format';

/** Keys pasted one a line, or separated by spaces or commas, as they come out of a notes file. */
export function splitPastedKeys(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** Re-renders every few seconds so "resets in …" counts down. */
function useNow(intervalMs = 5000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function Keys() {
  // Traffic ticks move the quota bars while requests flow.
  const accounts = useResource(api.accounts, ['keys', 'status', 'usage', 'traffic']);
  const providers = useResource(api.providers, ['keys']);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string>();
  const [checks, setChecks] = useState<CheckView[]>();
  const now = useNow();

  const run = async (action: () => Promise<unknown>) => {
    setActionError(undefined);
    try {
      await action();
    } catch (error) {
      setActionError(errorMessage(error));
    } finally {
      accounts.reload();
    }
  };

  const checkAll = async () => {
    setBusy(true);
    await run(async () => setChecks((await api.checkAllKeys()).results));
    setBusy(false);
  };

  return (
    <>
      <PageHeader title="Accounts & keys">
        Keys of one Google Cloud project share its quota; another provider&apos;s keys of one account share
        that account&apos;s. Keys are shown masked; gemgate never sends one to this page.
      </PageHeader>
      <Providers
        providers={providers.data}
        onChanged={() => {
          providers.reload();
          accounts.reload();
        }}
      />
      <AddKeys
        accounts={accounts.data?.accounts ?? []}
        providers={(providers.data?.providers ?? []).map((provider) => provider.name)}
        onAdded={() => {
          accounts.reload();
          providers.reload();
        }}
      />
      <ErrorNotice message={actionError ?? accounts.error} />
      <div className="toolbar">
        <button type="button" onClick={() => void checkAll()} disabled={busy}>
          {busy ? 'Checking…' : 'Check all keys'}
        </button>
        {checks && <CheckSummary checks={checks} />}
      </div>
      {!accounts.data ? (
        <Loading />
      ) : accounts.data.accounts.length === 0 ? (
        <p className="muted">No accounts yet: paste a key above to create one.</p>
      ) : (
        accounts.data.accounts.map((account) => (
          <AccountCard key={account.id} account={account} now={now} run={run} />
        ))
      )}
    </>
  );
}

function CheckSummary({ checks }: { checks: CheckView[] }) {
  const ok = checks.filter((check) => check.ok).length;
  return (
    <span role="status" className="muted">
      {ok} of {checks.length} keys answered OK.
    </span>
  );
}

/** The upstreams: Gemini (built in) and OpenAI-compatible services, added and removed here. */
function Providers({
  providers,
  onChanged,
}: {
  providers: ProvidersResponse | undefined;
  onChanged: () => void;
}) {
  const [name, setName] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [models, setModels] = useState('');
  const [continuation, setContinuation] = useState<ContinuationStyle | ''>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const listed = models
        .split(/[\s,]+/)
        .map((id) => id.trim())
        .filter(Boolean);
      await api.addProvider({
        name: name.trim(),
        baseUrl: baseUrl.trim(),
        ...(listed.length > 0 ? { models: listed } : {}),
        ...(continuation ? { continuation } : {}),
      });
      setName('');
      setBaseUrl('');
      setModels('');
      setContinuation('');
      onChanged();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (provider: string) => {
    setError(undefined);
    try {
      await api.removeProvider(provider);
      onChanged();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  return (
    <Card title="Providers">
      {!providers ? (
        <Loading />
      ) : (
        <table className="table providers-table">
          <caption className="visually-hidden">Providers</caption>
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">Base URL</th>
              <th scope="col">Models</th>
              <th scope="col">Keys</th>
              <th scope="col">Resumes cut streams by</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {providers.providers.map((provider) => (
              <tr key={provider.name} data-provider={provider.name}>
                <td>
                  <strong>{provider.name}</strong>
                  <div className="muted small">{provider.kind === 'gemini' ? 'built in' : provider.kind}</div>
                </td>
                <td>
                  <code>{provider.baseUrl}</code>
                </td>
                <td>
                  {provider.modelsSource === 'builtin'
                    ? "Gemini's catalogue"
                    : provider.modelsSource === 'pending'
                      ? 'listed when its first key is added'
                      : provider.models.join(', ')}
                </td>
                <td>
                  {provider.activeKeys}/{provider.keys} active
                </td>
                <td>{provider.continuation ?? 'continuation prompt (Gemini)'}</td>
                <td>
                  {provider.kind !== 'gemini' && (
                    <ConfirmButton
                      label="Remove"
                      confirmLabel={`Remove with its ${provider.keys} key${provider.keys === 1 ? '' : 's'}`}
                      ariaLabel={`Remove provider ${provider.name}`}
                      onConfirm={() => void remove(provider.name)}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="form" aria-label="Add a provider" onSubmit={(event) => void submit(event)}>
        <div className="form-row">
          <label>
            Name
            <input
              name="provider-name"
              required
              value={name}
              onChange={(event) => setName(event.target.value)}
              placeholder="e.g. qwen"
              autoComplete="off"
            />
          </label>
          <label>
            Base URL or preset
            <input
              name="provider-base-url"
              list="provider-presets"
              required
              value={baseUrl}
              onChange={(event) => setBaseUrl(event.target.value)}
              placeholder="dashscope-intl, or https://…/v1"
              autoComplete="off"
            />
            <datalist id="provider-presets">
              {(providers?.presets ?? []).map((preset) => (
                <option key={preset.name} value={preset.name}>
                  {preset.describe}
                </option>
              ))}
            </datalist>
          </label>
          <label>
            Models <span className="muted">(optional: else listed by the service)</span>
            <input
              name="provider-models"
              value={models}
              onChange={(event) => setModels(event.target.value)}
              placeholder="qwen-plus, qwen-max"
              autoComplete="off"
            />
          </label>
          <label>
            Continue cut streams by
            <select
              name="provider-continuation"
              value={continuation}
              onChange={(event) => setContinuation(event.target.value as ContinuationStyle | '')}
            >
              <option value="">the preset&apos;s way (else asking in words)</option>
              <option value="partial">partial mode (DashScope)</option>
              <option value="prefix">prefix completion (DeepSeek)</option>
              <option value="prompt">asking in words</option>
            </select>
          </label>
        </div>
        <div className="form-actions">
          <button type="submit" disabled={busy || !name.trim() || !baseUrl.trim()}>
            {busy ? 'Checking the service…' : 'Add provider'}
          </button>
        </div>
      </form>
      <ErrorNotice message={error} />
    </Card>
  );
}

function AddKeys({
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

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const gemini = provider === 'gemini';
      const response = await api.addKeys({
        account: account.trim(),
        tier: existing ? undefined : tier,
        project: (gemini && project.trim()) || undefined,
        ...(gemini ? {} : { provider }),
        keys: splitPastedKeys(text),
      });
      // The pasted secrets leave the page as soon as the gateway has them.
      setText('');
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
      <form className="form" onSubmit={(event) => void submit(event)}>
        <div className="form-row">
          <label>
            Provider
            <select name="provider" value={provider} onChange={(event) => setProvider(event.target.value)}>
              {(providers.length > 0 ? providers : ['gemini']).map((name) => (
                <option key={name} value={name}>
                  {name}
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
          <label>
            Google Cloud project id <span className="muted">(optional)</span>
            <input
              name="project"
              value={provider === 'gemini' ? project : ''}
              disabled={provider !== 'gemini'}
              onChange={(event) => setProject(event.target.value)}
              placeholder={
                provider === 'gemini'
                  ? 'keys of one project share its quota'
                  : `${provider} keys of one account share its quota`
              }
              autoComplete="off"
            />
          </label>
        </div>
        <label>
          {provider === 'gemini' ? 'Gemini API keys' : `${provider} API keys`}, one a line
          <textarea
            name="keys"
            rows={4}
            required
            value={text}
            onChange={(event) => setText(event.target.value)}
            spellCheck={false}
            autoComplete="off"
            placeholder={provider === 'gemini' ? 'AIza…' : 'sk-…'}
          />
        </label>
        <div className="form-actions">
          <button type="submit" disabled={busy || count === 0 || !account.trim()}>
            {busy ? 'Adding and checking…' : count > 1 ? `Add and check ${count} keys` : 'Add and check'}
          </button>
        </div>
      </form>
      <ErrorNotice message={error} />
      {result && (
        <div role="status" aria-label="Added keys">
          <p>
            Added {result.added.length} key{result.added.length === 1 ? '' : 's'}:
          </p>
          <ul className="check-results">
            {result.added.map(({ key, check }) => (
              <li key={key.id}>
                <code>{key.masked}</code>{' '}
                <Badge tone={check.ok ? 'good' : 'bad'}>
                  {check.ok ? 'checked: OK' : `check: ${check.verdict}`}
                </Badge>{' '}
                <span className="muted">{check.detail}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}

function AccountCard({
  account,
  now,
  run,
}: {
  account: AccountView;
  now: number;
  run: (action: () => Promise<unknown>) => Promise<void>;
}) {
  const keyCount = account.projects.reduce((total, project) => total + project.keys.length, 0);
  return (
    <Card
      title={`Account: ${account.label}`}
      id={`account-${account.id}`}
      actions={
        <>
          <label className="inline-label">
            Tier
            <select
              value={account.tier}
              onChange={(event) =>
                void run(() => api.updateAccount(account.id, { tier: event.target.value as Tier }))
              }
            >
              <option value="primary">Primary</option>
              <option value="backup">Backup</option>
            </select>
          </label>
          <button
            type="button"
            className="button-small"
            onClick={() =>
              void run(() =>
                api.updateAccount(account.id, { state: account.state === 'active' ? 'disabled' : 'active' }),
              )
            }
          >
            {account.state === 'active' ? 'Disable account' : 'Enable account'}
          </button>
        </>
      }
    >
      <p className="muted">
        {keyCount} key{keyCount === 1 ? '' : 's'} in {account.projects.length} project
        {account.projects.length === 1 ? '' : 's'}
        {account.state === 'disabled' && ' · account disabled: none of its keys is used'}
      </p>
      {account.projects.map((project) => (
        <ProjectBlock key={project.id} project={project} now={now} run={run} />
      ))}
    </Card>
  );
}

function ProjectBlock({
  project,
  now,
  run,
}: {
  project: ProjectView;
  now: number;
  run: (action: () => Promise<unknown>) => Promise<void>;
}) {
  return (
    <div className="project">
      <h3>
        {project.provider !== 'gemini' ? (
          <>
            {project.provider} <span className="muted">keys of this account (they share its quota)</span>
          </>
        ) : project.gcpProject ? (
          `Project ${project.gcpProject}`
        ) : (
          <>
            Own project <span className="muted">of key {project.label}</span>
          </>
        )}
      </h3>
      {project.quotas.models.length === 0 ? (
        <p className="muted">No requests yet today.</p>
      ) : (
        <div className="quotas" aria-label={`Quota of project ${project.gcpProject ?? project.label}`}>
          {project.quotas.models.map((model) => (
            <div key={model.model} className="quota-model">
              <h4>
                {model.model}
                {model.cooldownUntil !== null && model.cooldownUntil > now && (
                  <Badge tone="warn">rate-limited, {formatUntil(model.cooldownUntil, now)}</Badge>
                )}
              </h4>
              <QuotaBar label="Requests per minute" meter={model.rpm} now={now} />
              <QuotaBar label="Requests per day" meter={model.rpd} now={now} />
              <QuotaBar label="Tokens per minute" meter={model.tpm} now={now} />
            </div>
          ))}
        </div>
      )}
      <table className="table keys-table">
        <caption className="visually-hidden">Keys of this project</caption>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">State</th>
            <th scope="col">Why</th>
            <th scope="col">Checked</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {project.keys.map((key) => (
            <KeyRow key={key.id} keyView={key} run={run} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

const STATE_TONE = { active: 'good', disabled: 'neutral', dead: 'bad' } as const;

function KeyRow({
  keyView,
  run,
}: {
  keyView: KeyView;
  run: (action: () => Promise<unknown>) => Promise<void>;
}) {
  const [checking, setChecking] = useState(false);
  // A dead key is re-enabled by hand once the user fixed it; a check revives it too.
  const toggle =
    keyView.state === 'active'
      ? { label: 'Disable', state: 'disabled' as const }
      : { label: keyView.state === 'dead' ? 'Re-enable' : 'Enable', state: 'active' as const };
  const check = async () => {
    setChecking(true);
    await run(() => api.checkKey(keyView.id));
    setChecking(false);
  };
  return (
    <tr data-key-id={keyView.id}>
      <td>
        <code>{keyView.masked}</code>
        <div className="muted small">{keyView.id}</div>
      </td>
      <td>
        <Badge tone={keyView.coolingUntil ? 'warn' : STATE_TONE[keyView.state]}>{keyView.state}</Badge>
      </td>
      <td className="why">{keyView.why}</td>
      <td>{formatAgo(keyView.lastCheckedAt)}</td>
      <td>
        <div className="row-actions">
          <button
            type="button"
            className="button-small"
            onClick={() => void check()}
            disabled={checking}
            aria-label={`Check key ${keyView.masked}`}
          >
            {checking ? 'Checking…' : 'Check'}
          </button>
          <button
            type="button"
            className="button-small"
            aria-label={`${toggle.label} key ${keyView.masked}`}
            onClick={() => void run(() => api.setKeyState(keyView.id, toggle.state))}
          >
            {toggle.label}
          </button>
          <ConfirmButton
            label="Remove"
            confirmLabel="Confirm remove"
            ariaLabel={`Remove key ${keyView.masked}`}
            onConfirm={() => void run(() => api.removeKey(keyView.id))}
          />
        </div>
      </td>
    </tr>
  );
}
