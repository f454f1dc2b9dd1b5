/** Accounts, their projects (the unit a quota applies to) and keys; quota meters; adding and checking keys. */
import type { Tier } from '../../../pool/tier.js';

export type { Tier };
export type KeyState = 'active' | 'disabled' | 'dead';

export interface KeyView {
  id: string;
  /** `AIza…abcd` (or `sk-1…abcd`): the only form of a key that ever leaves the gateway. */
  masked: string;
  accountId: string;
  projectId: string;
  /** `gemini`, or the name of the provider the key is for. */
  provider: string;
  state: KeyState;
  stateReason: string | null;
  stateSince: number | null;
  /** Plain words on why the key is in its state, e.g. "Gemini refused it: API_KEY_INVALID". */
  why: string;
  lastCheckedAt: number | null;
  createdAt: number;
  /** Set while the project cools down after a 429, for every model it covers. */
  coolingUntil: number | null;
}

export interface QuotaMeter {
  used: number;
  /** Null when the limit is not known (Gemini does not publish it per project). */
  limit: number | null;
  /** When the window restarts: the next minute for RPM/TPM, midnight Pacific for RPD. */
  resetsAt: number;
}

export interface ModelQuotaView {
  model: string;
  rpm: QuotaMeter;
  rpd: QuotaMeter;
  tpm: QuotaMeter;
  /** After a 429, the project rests for this model until then. */
  cooldownUntil: number | null;
}

export interface ProjectView {
  id: string;
  label: string;
  gcpProject: string | null;
  /** `gemini`, or another provider (whose keys of one account share this project's quota). */
  provider: string;
  keys: KeyView[];
  quotas: { models: ModelQuotaView[] };
}

export interface AccountView {
  id: string;
  label: string;
  tier: Tier;
  state: 'active' | 'disabled';
  createdAt: number;
  projects: ProjectView[];
}

/** GET /admin/api/accounts */
export interface AccountsResponse {
  accounts: AccountView[];
}

/** PATCH /admin/api/accounts/:id */
export interface UpdateAccountRequest {
  tier?: Tier;
  state?: 'active' | 'disabled';
}

/** POST /admin/api/keys: paste many at once; all are validated before any is stored, then each is checked. */
export interface AddKeysRequest {
  account: string;
  tier?: Tier;
  /** Google Cloud project id the keys share (its quota); each key gets its own project when absent. */
  project?: string;
  /** The provider the keys are for; absent: gemini. Another provider's keys are checked with it before any is stored. */
  provider?: string;
  keys: string[];
}

export type CheckVerdict = 'ok' | 'invalid' | 'denied' | 'unreachable' | 'missing-secret' | 'error';

export interface CheckView {
  keyId: string;
  masked: string;
  ok: boolean;
  verdict: CheckVerdict;
  detail: string;
  state: KeyState;
}

export interface AddKeysResponse {
  added: Array<{ key: KeyView; check: CheckView }>;
}

/** PATCH /admin/api/keys/:id */
export interface UpdateKeyRequest {
  state: 'active' | 'disabled';
}

/** POST /admin/api/keys/:id/check answers CheckView; POST /admin/api/keys/check (all keys) this. */
export interface CheckAllResponse {
  results: CheckView[];
}

/* DELETE /admin/api/keys/:id answers 204. */
