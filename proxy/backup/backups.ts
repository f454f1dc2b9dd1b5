import type { SecretStore } from '../secrets/secretStore.js';
import { collectBackup, type BackupData, type BackupPayload } from './backupPayload.js';
import { openBackup, sealBackup } from './backupFile.js';
import { applyImport, planImport, type ImportChange, type ImportMode } from './importBackup.js';
import { localDay } from '../usage/calendar.js';

export interface RestoreResult {
  /** Every change, in the order things hang on each other; the dry run's whole answer. */
  changes: ImportChange[];
  /** What went wrong after the commit (a secret that could not be deleted): nothing to undo. */
  warnings: string[];
}

/**
 * Encrypted backups, the same file `gemgate backup export` writes and `backup import` reads, for
 * the dashboard and the CLI: a file is decrypted and validated completely before anything is
 * written, and an import that would change nothing writes nothing.
 */
export class Backups {
  private lastExport: number | null = null;

  constructor(
    private readonly data: BackupData,
    private readonly secrets: SecretStore,
  ) {}

  /** When the dashboard last exported a backup (this run of the gateway), or null. */
  lastExportAt(): number | null {
    return this.lastExport;
  }

  /** The encrypted file's content and a name to save it under. */
  async export(passphrase: string): Promise<{ fileName: string; content: string }> {
    const { payload } = await collectBackup(this.data, this.secrets);
    const content = sealBackup(payload, passphrase);
    this.lastExport = Date.now();
    return { fileName: `gemgate-backup-${localDay(this.lastExport)}.json`, content };
  }

  /** Decrypts the file and restores it (or, on a dry run, only says what restoring would change). */
  import(request: {
    passphrase: string;
    data: string;
    mode: ImportMode;
    dryRun?: boolean;
  }): Promise<RestoreResult> {
    return this.restore(openBackup(request.data, request.passphrase), request.mode, request.dryRun);
  }

  /** Restores a decrypted payload, merging or replacing; a dry run changes nothing. */
  async restore(payload: BackupPayload, mode: ImportMode, dryRun = false): Promise<RestoreResult> {
    const plan = planImport(this.data, payload, mode);
    const changing = plan.changes.some((change) => change.action !== 'keep' && change.action !== 'skip');
    const warnings = !dryRun && changing ? (await applyImport(this.data, this.secrets, plan)).warnings : [];
    return { changes: plan.changes, warnings };
  }
}
