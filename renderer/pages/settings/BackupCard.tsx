import { useState, type FormEvent } from 'react';
import type { BackupImportResponse } from '../../../proxy/http/admin/contract';
import { api, errorMessage } from '../../api/client';
import { useResource } from '../../api/useResource';
import { Badge, Card, ErrorNotice, Loading } from '../../components/ui';
import { formatTime } from '../../format';

/** The encrypted backup `gemgate backup export` writes: export one, or restore one or list its changes. */
export function BackupCard() {
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
