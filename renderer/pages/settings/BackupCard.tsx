import { useState, type FormEvent } from 'react';
import type { BackupChangeView, BackupImportResponse } from '../../../proxy/http/admin/contract';
import { api, errorMessage } from '../../api/client';
import { downloadBlob } from '../../api/desktop';
import { useResource } from '../../api/useResource';
import { Badge, Card, ErrorNotice, Loading } from '../../components/ui';
import { formatTime } from '../../format';

type Mode = 'merge' | 'replace';

/**
 * Export an encrypted backup, or restore one. A restore lists its changes first (a dry run, by
 * default); replacing everything asks once more, in red, with what it would remove.
 */
export function BackupCard() {
  const status = useResource(api.backupStatus, ['settings', 'keys']);
  const [note, setNote] = useState<string>();
  const [error, setError] = useState<string>();
  return (
    <>
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
          <ExportCard
            lastExportAt={status.data.lastExportAt}
            onDone={(message) => {
              setNote(message);
              setError(undefined);
              status.reload();
            }}
            onError={setError}
          />
          <RestoreCard onNote={setNote} onError={setError} />
        </div>
      )}
    </>
  );
}

function ExportCard(props: {
  lastExportAt: number | null;
  onDone: (message: string) => void;
  onError: (message: string) => void;
}) {
  const [passphrase, setPassphrase] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const { blob, fileName } = await api.exportBackup(passphrase);
      downloadBlob(blob, fileName);
      setPassphrase('');
      props.onDone(`Saved ${fileName}. Keep the passphrase: the backup cannot be opened without it.`);
    } catch (failure) {
      props.onError(errorMessage(failure));
    }
  };
  return (
    <Card title="Export">
      <form className="form" onSubmit={(event) => void submit(event)} aria-label="Export a backup">
        <p className="muted small">Last export from here: {formatTime(props.lastExportAt)}</p>
        <label>
          Passphrase for the backup
          <input
            type="password"
            name="export-passphrase"
            autoComplete="new-password"
            minLength={8}
            required
            value={passphrase}
            onChange={(event) => setPassphrase(event.target.value)}
          />
        </label>
        <button type="submit">Export backup</button>
      </form>
    </Card>
  );
}

function RestoreCard({
  onNote,
  onError,
}: {
  onNote: (note?: string) => void;
  onError: (message?: string) => void;
}) {
  const [passphrase, setPassphrase] = useState('');
  const [mode, setMode] = useState<Mode>('merge');
  const [dryRun, setDryRun] = useState(true);
  const [file, setFile] = useState<File>();
  const [changes, setChanges] = useState<BackupImportResponse>();
  // A replace waits here, with its changes listed, until confirmed.
  const [pending, setPending] = useState<BackupImportResponse>();

  const send = async (dry: boolean) =>
    api.importBackup({ passphrase, data: await file!.text(), mode, dryRun: dry });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    onError(undefined);
    onNote(undefined);
    setChanges(undefined);
    setPending(undefined);
    try {
      if (dryRun) setChanges(await send(true));
      else if (mode === 'replace') setPending(await send(true));
      else finished(await send(false));
    } catch (failure) {
      onError(errorMessage(failure));
    }
  };
  const finished = (result: BackupImportResponse) => {
    setChanges(result);
    setPending(undefined);
    setPassphrase('');
    onNote('Backup restored.');
  };
  const confirmReplace = async () => {
    try {
      finished(await send(false));
    } catch (failure) {
      onError(errorMessage(failure));
    }
  };

  return (
    <Card title="Restore">
      <form className="form" onSubmit={(event) => void submit(event)} aria-label="Restore a backup">
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
            value={passphrase}
            onChange={(event) => setPassphrase(event.target.value)}
          />
        </label>
        <fieldset className="restore-mode">
          <legend>How</legend>
          <label className="checkbox">
            <input type="radio" name="mode" checked={mode === 'merge'} onChange={() => setMode('merge')} />
            Merge: add what is missing, keep what is here
          </label>
          <label className="checkbox danger-choice">
            <input
              type="radio"
              name="mode"
              checked={mode === 'replace'}
              onChange={() => setMode('replace')}
            />
            Replace: make everything exactly the backup (removes what it lacks)
          </label>
        </fieldset>
        <label className="checkbox">
          <input type="checkbox" checked={dryRun} onChange={(event) => setDryRun(event.target.checked)} />
          Only list the changes
        </label>
        <button
          type="submit"
          disabled={!file}
          className={!dryRun && mode === 'replace' ? 'button-danger-strong' : undefined}
        >
          {dryRun ? 'List changes' : mode === 'replace' ? 'Replace everything…' : 'Restore backup'}
        </button>
      </form>
      {pending && (
        <ConfirmReplace
          plan={pending}
          onConfirm={() => void confirmReplace()}
          onCancel={() => setPending(undefined)}
        />
      )}
      {changes && <BackupChanges result={changes} />}
    </Card>
  );
}

function ConfirmReplace({
  plan,
  onConfirm,
  onCancel,
}: {
  plan: BackupImportResponse;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const removed = plan.changes.filter((change) => change.action === 'remove');
  return (
    <div
      className="danger-zone"
      role="alertdialog"
      aria-label="Confirm replace"
      aria-describedby="replace-warning"
    >
      <p id="replace-warning">
        <strong>Replace everything with this backup?</strong>{' '}
        {removed.length > 0
          ? `It removes ${removed.length} thing${removed.length === 1 ? '' : 's'} this gemgate has and the backup lacks (listed below); keys removed here are deleted from the keychain.`
          : 'It removes nothing, but overwrites what differs.'}
      </p>
      <ChangeList changes={plan.changes.filter((change) => change.action !== 'keep')} />
      <div className="row-actions">
        <button type="button" className="button-danger-strong" onClick={onConfirm}>
          Yes, replace everything
        </button>
        <button type="button" className="button-small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

const TONE = { add: 'good', update: 'warn', remove: 'bad', keep: 'neutral', skip: 'warn' } as const;

function ChangeList({ changes }: { changes: BackupChangeView[] }) {
  return (
    <ul className="changes">
      {changes.map((change) => (
        <li key={`${change.kind}-${change.id}-${change.action}`}>
          <Badge tone={TONE[change.action]}>{change.action}</Badge> {change.kind}{' '}
          <strong>{change.name ?? change.kind}</strong>{' '}
          {change.detail !== change.name && <span className="muted">{change.detail}</span>}
        </li>
      ))}
    </ul>
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
        <ChangeList changes={changed} />
      )}
      {result.warnings.map((warning) => (
        <p key={warning} className="notice notice-warn">
          {warning}
        </p>
      ))}
    </div>
  );
}
