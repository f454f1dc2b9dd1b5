/** Encrypted backup export and restore. */
import type { ImportChange } from '../../../backup/importPlan.js';

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

/**
 * One change a restore makes (or would make): what it does, to what kind of thing, by `id` (for
 * matching; may be internal) and by `name`, what a person knows it by.
 */
export type BackupChangeView = ImportChange;

export interface BackupImportResponse {
  changes: BackupChangeView[];
  warnings: string[];
}

/** GET /admin/api/backup */
export interface BackupStatusResponse {
  lastExportAt: number | null;
}
