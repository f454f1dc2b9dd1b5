/** Encrypted backup export and restore. */

/** POST /admin/api/backup/export answers the encrypted backup file (a download). */
export interface BackupExportRequest {
  passphrase: string;
}

/** POST /admin/api/backup/import */
export interface BackupImportRequest {
  passphrase: string;
  /** The backup file's content, as the export wrote it. */
  data: string;
  /** merge: add what is missing, keep what is here; replace: make everything exactly the backup. */
  mode: 'merge' | 'replace';
  /** List the changes, change nothing. */
  dryRun?: boolean;
}

export interface BackupChangeView {
  action: 'add' | 'update' | 'remove' | 'keep' | 'skip';
  kind: string;
  id: string;
  detail: string;
}

export interface BackupImportResponse {
  changes: BackupChangeView[];
  warnings: string[];
}

/** GET /admin/api/backup */
export interface BackupStatusResponse {
  lastExportAt: number | null;
}
