import type { BackupData, BackupPayload } from './backupPayload.js';
import type { ImportMode, ImportPlan } from './importPlan.js';
import { planMerge } from './planMerge.js';
import { planReplace } from './planReplace.js';

export type { ImportChange, ImportMode, ImportPlan } from './importPlan.js';
export { applyImport } from './applyImport.js';

/** The order changes are listed in: what things hang on first. */
const KIND_ORDER = ['account', 'project', 'key', 'token', 'setting', 'price', 'limit', 'learned-limit'];

/**
 * Works out every change an import would make, without writing anything (the dry run shows
 * exactly this); `applyImport` then carries the plan out, all or nothing.
 */
export function planImport(data: BackupData, payload: BackupPayload, mode: ImportMode): ImportPlan {
  const plan = mode === 'replace' ? planReplace(data, payload) : planMerge(data, payload);
  plan.changes.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  return plan;
}
