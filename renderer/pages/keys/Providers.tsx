import { useState, type FormEvent } from 'react';
import type { ContinuationStyle, ProvidersResponse } from '../../../proxy/http/admin/contract';
import { api, errorMessage } from '../../api/client';
import { ActionsHeading, Card, ConfirmButton, ErrorNotice, Loading, Url } from '../../components/ui';

/** The upstreams: Gemini (built in) and OpenAI-compatible services, added and removed here. */
export function Providers({
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
        <table className="table stack-table providers-table">
          <caption className="visually-hidden">Providers</caption>
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">Base URL</th>
              <th scope="col">Models</th>
              <th scope="col">Keys</th>
              <th scope="col">Resumes cut streams by</th>
              <ActionsHeading />
            </tr>
          </thead>
          <tbody>
            {providers.providers.map((provider) => (
              <tr key={provider.name} data-provider={provider.name}>
                <td data-label="Provider">
                  <strong>{provider.name}</strong>
                  <div className="muted small">{provider.kind === 'gemini' ? 'built in' : provider.kind}</div>
                </td>
                <td data-label="Base URL">
                  <Url href={provider.baseUrl} />
                </td>
                <td data-label="Models">
                  {provider.modelsSource === 'builtin'
                    ? "Gemini's catalogue"
                    : provider.modelsSource === 'pending'
                      ? 'listed when its first key is added'
                      : provider.models.join(', ')}
                </td>
                <td data-label="Keys">
                  {provider.activeKeys}/{provider.keys} active
                </td>
                <td data-label="Resumes cut streams by">
                  {provider.continuation ?? 'continuation prompt (Gemini)'}
                </td>
                <td data-label="">
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
