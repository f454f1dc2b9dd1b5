import { useState, type FormEvent } from 'react';
import type {
  BackupImportResponse,
  PriceView,
  SettingValueView,
  SettingView,
} from '../../proxy/http/admin/contract';
import { api, errorMessage } from '../api/client';
import { useResource } from '../api/useResource';
import { Badge, Card, ErrorNotice, Loading, PageHeader, PendingNotice } from '../components/ui';
import { formatTime } from '../format';

const SECTION_TITLES: Record<string, string> = {
  resume: 'Resume of cut streams',
  pool: 'Key pool',
  upstream: 'Upstream (Gemini)',
  server: 'Server',
  usage: 'Usage log',
  alerts: 'Alerts',
};

export function Settings() {
  const settings = useResource(api.settings, ['settings']);
  const sections = new Map<string, SettingView[]>();
  for (const setting of settings.data?.settings ?? []) {
    const section = setting.name.split('.')[0]!;
    sections.set(section, [...(sections.get(section) ?? []), setting]);
  }
  // Resume and the pool first: they are what users come here to change.
  const order = [...sections.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return (
    <>
      <PageHeader title="Settings">
        The same settings as <code>gemgate config</code>; changes apply at once.
      </PageHeader>
      <ErrorNotice message={settings.error} />
      {!settings.data ? (
        <Loading />
      ) : (
        order.map((section) => (
          <Card key={section} title={SECTION_TITLES[section] ?? section} id={`settings-${section}`}>
            <div className="settings-list">
              {sections.get(section)!.map((setting) => (
                <SettingRow key={setting.name} setting={setting} onSaved={settings.reload} />
              ))}
            </div>
          </Card>
        ))
      )}
      <Prices />
      <Backup />
    </>
  );
}

function rank(section: string): number {
  const index = ['resume', 'pool'].indexOf(section);
  return index === -1 ? 10 : index;
}

/** How a value reads in a text field: lists comma-separated, as `gemgate config set` takes them. */
function asText(value: SettingValueView): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function SettingRow({ setting, onSaved }: { setting: SettingView; onSaved: () => void }) {
  const [value, setValue] = useState(asText(setting.value));
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const id = `setting-${setting.name.replace(/\W/g, '-')}`;
  const save = async (raw: SettingValueView) => {
    setError(undefined);
    setSaved(false);
    try {
      const stored = await api.setSetting(setting.name, raw);
      setValue(asText(stored.value));
      setSaved(true);
      onSaved();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(setting.kind === 'number' ? Number(value) : value);
  };

  if (setting.kind === 'boolean') {
    return (
      <div className="setting">
        <label className="checkbox" htmlFor={id}>
          <input
            id={id}
            type="checkbox"
            checked={value === 'true'}
            onChange={(event) => void save(event.target.checked)}
          />
          <span>
            <strong>{setting.name}</strong>
            <span className="muted small setting-description">{setting.description}</span>
          </span>
        </label>
        {saved && (
          <span role="status" className="muted small">
            Saved.
          </span>
        )}
        <ErrorNotice message={error} />
      </div>
    );
  }
  return (
    <form className="setting" onSubmit={submit}>
      <label htmlFor={id}>
        <strong>{setting.name}</strong>
        <span className="muted small setting-description">
          {setting.description} Default: <code>{asText(setting.default) || '(none)'}</code>
        </span>
      </label>
      <div className="setting-input">
        {setting.choices ? (
          <select
            id={id}
            value={value}
            onChange={(event) => {
              setValue(event.target.value);
              setSaved(false);
            }}
          >
            {setting.choices.map((choice) => (
              <option key={choice} value={choice}>
                {choice}
              </option>
            ))}
          </select>
        ) : (
          <input
            id={id}
            type={setting.kind === 'number' ? 'number' : 'text'}
            value={value}
            onChange={(event) => {
              setValue(event.target.value);
              setSaved(false);
            }}
          />
        )}
        <button type="submit" className="button-small" disabled={value === asText(setting.value)}>
          Save
        </button>
        {saved && (
          <span role="status" className="muted small">
            Saved.
          </span>
        )}
      </div>
      <ErrorNotice message={error} />
    </form>
  );
}

function Prices() {
  const prices = useResource(api.prices, ['settings']);
  const [error, setError] = useState<string>();
  const done = () => {
    setError(undefined);
    prices.reload();
  };
  return (
    <Card title="Prices">
      <p className="muted">
        USD per million tokens, used to work out cost (thinking tokens are billed as output); images and
        speech per image and per second. gemgate ships Gemini&apos;s published prices; yours win over them.
      </p>
      <ErrorNotice message={error ?? prices.error} />
      {!prices.data ? (
        <Loading />
      ) : !prices.data.available ? (
        <PendingNotice pending={prices.data} />
      ) : (
        <>
          <div className="table-scroll">
            <table className="table prices">
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col">Input</th>
                  <th scope="col">Output</th>
                  <th scope="col">Source</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {prices.data.prices.map((price) => (
                  <PriceRow key={price.model} price={price} onSaved={done} onError={setError} />
                ))}
              </tbody>
            </table>
          </div>
          <NewPrice onSaved={done} onError={setError} />
        </>
      )}
    </Card>
  );
}

function PriceRow({
  price,
  onSaved,
  onError,
}: {
  price: PriceView;
  onSaved: () => void;
  onError: (message: string) => void;
}) {
  const [input, setInput] = useState(String(price.input));
  const [output, setOutput] = useState(String(price.output));
  const changed = input !== String(price.input) || output !== String(price.output);
  const save = () => {
    // Only the two rates change here; the long-prompt and cached rates stay as they were.
    const { source: _source, updatedAt: _updatedAt, ...rest } = price;
    api
      .setPrice({ ...rest, input: Number(input), output: Number(output) })
      .then(onSaved)
      .catch((failure: unknown) => onError(errorMessage(failure)));
  };
  const reset = () =>
    api
      .resetPrice(price.model)
      .then(onSaved)
      .catch((failure: unknown) => onError(errorMessage(failure)));
  return (
    <tr>
      <th scope="row">
        <code>{price.model}</code>
        {price.longThreshold !== undefined && (
          <div className="muted small">
            above {price.longThreshold.toLocaleString()} prompt tokens: {price.inputLong} / {price.outputLong}
          </div>
        )}
        {price.perImage !== undefined && <div className="muted small">USD {price.perImage} per image</div>}
        {price.perAudioSecond !== undefined && (
          <div className="muted small">USD {price.perAudioSecond} per second of speech</div>
        )}
      </th>
      <td>
        <PriceInput label={`Input price of ${price.model}`} value={input} onChange={setInput} />
      </td>
      <td>
        <PriceInput label={`Output price of ${price.model}`} value={output} onChange={setOutput} />
      </td>
      <td>{price.source === 'user' ? 'yours' : 'default'}</td>
      <td>
        <div className="row-actions">
          <button
            type="button"
            className="button-small"
            disabled={!changed}
            onClick={save}
            aria-label={`Save price of ${price.model}`}
          >
            Save
          </button>
          {price.source === 'user' && (
            <button
              type="button"
              className="button-small"
              onClick={() => void reset()}
              aria-label={`Reset price of ${price.model} to the default`}
            >
              Reset
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}

function NewPrice({ onSaved, onError }: { onSaved: () => void; onError: (message: string) => void }) {
  const [model, setModel] = useState('');
  const [input, setInput] = useState('');
  const [output, setOutput] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    api
      .setPrice({ model: model.trim(), input: Number(input), output: Number(output) })
      .then(() => {
        setModel('');
        setInput('');
        setOutput('');
        onSaved();
      })
      .catch((failure: unknown) => onError(errorMessage(failure)));
  };
  return (
    <form className="form-row new-price" onSubmit={submit} aria-label="Price another model">
      <label>
        Another model
        <input
          value={model}
          onChange={(event) => setModel(event.target.value)}
          required
          placeholder="model id"
        />
      </label>
      <label>
        Input (USD / 1M)
        <PriceInput value={input} onChange={setInput} required />
      </label>
      <label>
        Output (USD / 1M)
        <PriceInput value={output} onChange={setOutput} required />
      </label>
      <button type="submit">Add price</button>
    </form>
  );
}

/** A price in USD per 1M tokens; `label` names it when no visible label wraps it. */
function PriceInput(props: {
  value: string;
  onChange: (value: string) => void;
  label?: string;
  required?: boolean;
}) {
  return (
    <input
      type="number"
      min={0}
      step="0.001"
      aria-label={props.label}
      required={props.required}
      value={props.value}
      onChange={(event) => props.onChange(event.target.value)}
    />
  );
}

function Backup() {
  const status = useResource(api.backupStatus, ['settings', 'keys']);
  const [exportPassphrase, setExportPassphrase] = useState('');
  const [importPassphrase, setImportPassphrase] = useState('');
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const [dryRun, setDryRun] = useState(true);
  const [file, setFile] = useState<File>();
  const [note, setNote] = useState<string>();
  const [changes, setChanges] = useState<BackupImportResponse>();
  const [error, setError] = useState<string>();

  const doExport = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setNote(undefined);
    try {
      const { blob, fileName } = await api.exportBackup(exportPassphrase);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.click();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setExportPassphrase('');
      setNote(`Saved ${fileName}. Keep the passphrase: the backup cannot be opened without it.`);
      status.reload();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  const doImport = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setError(undefined);
    setNote(undefined);
    setChanges(undefined);
    try {
      const result = await api.importBackup({
        passphrase: importPassphrase,
        data: await file.text(),
        mode,
        dryRun,
      });
      setChanges(result);
      if (!dryRun) {
        setImportPassphrase('');
        setNote('Backup restored.');
      }
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  return (
    <Card title="Backup and restore">
      <p className="muted">
        One encrypted file with accounts, keys, tokens, settings and prices, like{' '}
        <code>gemgate backup export</code>. The request log is not in it.
      </p>
      <ErrorNotice message={error ?? status.error} />
      {note && (
        <p className="notice notice-good" role="status">
          {note}
        </p>
      )}
      {!status.data ? (
        <Loading />
      ) : !status.data.available ? (
        <PendingNotice pending={status.data} />
      ) : (
        <div className="grid">
          <form className="form" onSubmit={(event) => void doExport(event)} aria-label="Export a backup">
            <h3>Export</h3>
            <p className="muted small">Last export from here: {formatTime(status.data.lastExportAt)}</p>
            <label>
              Passphrase for the backup
              <input
                type="password"
                name="export-passphrase"
                autoComplete="new-password"
                minLength={8}
                required
                value={exportPassphrase}
                onChange={(event) => setExportPassphrase(event.target.value)}
              />
            </label>
            <button type="submit">Export backup</button>
          </form>
          <form className="form" onSubmit={(event) => void doImport(event)} aria-label="Restore a backup">
            <h3>Restore</h3>
            <label>
              Backup file
              <input type="file" name="backup-file" onChange={(event) => setFile(event.target.files?.[0])} />
            </label>
            <label>
              Passphrase of the backup
              <input
                type="password"
                name="import-passphrase"
                autoComplete="off"
                required
                value={importPassphrase}
                onChange={(event) => setImportPassphrase(event.target.value)}
              />
            </label>
            <label>
              How
              <select value={mode} onChange={(event) => setMode(event.target.value as 'merge' | 'replace')}>
                <option value="merge">Merge: add what is missing, keep what is here</option>
                <option value="replace">Replace: make everything exactly the backup</option>
              </select>
            </label>
            <label className="checkbox">
              <input type="checkbox" checked={dryRun} onChange={(event) => setDryRun(event.target.checked)} />
              Only list the changes
            </label>
            <button type="submit" disabled={!file}>
              {dryRun ? 'List changes' : 'Restore backup'}
            </button>
          </form>
        </div>
      )}
      {changes && <BackupChanges result={changes} />}
    </Card>
  );
}

function BackupChanges({ result }: { result: BackupImportResponse }) {
  const changed = result.changes.filter((change) => change.action !== 'keep');
  return (
    <div role="status" aria-label="Backup changes">
      <h3>Changes</h3>
      {changed.length === 0 ? (
        <p className="muted">Nothing to change: everything in the backup is already here.</p>
      ) : (
        <ul>
          {changed.map((change) => (
            <li key={`${change.kind}-${change.id}`}>
              <Badge tone={change.action === 'remove' ? 'bad' : change.action === 'skip' ? 'warn' : 'good'}>
                {change.action}
              </Badge>{' '}
              {change.kind} <code>{change.id}</code> <span className="muted">{change.detail}</span>
            </li>
          ))}
        </ul>
      )}
      {result.warnings.map((warning) => (
        <p key={warning} className="notice notice-warn">
          {warning}
        </p>
      ))}
    </div>
  );
}
