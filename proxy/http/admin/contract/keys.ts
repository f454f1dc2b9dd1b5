/** Accounts, their projects (the unit a quota applies to) and keys; quota meters; adding and checking keys. */
import type { Tier } from '../../../pool/tier.js';
import type { NotAdded } from '../../../keys/addPaste.js';

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
  /** Set while the project cools down after a 429 (for some model: its quotas say which). */
  coolingUntil: number | null;
  /** From the request log: requests it answered today (local day), how many failed, its last good answer (past week). */
  activity: { today: number; failedToday: number; lastOkAt: number | null };
}

export interface QuotaMeter {
  used: number;
  /** The limit in force; null when none is known (Gemini does not publish it per project). */
  limit: number | null;
  /** When the window restarts: the next minute for RPM/TPM, midnight Pacific for RPD. */
  resetsAt: number;
  /**
   * Where `limit` comes from, when the pool says: gemgate's built-in default, the user's rule
   * (`gemgate limits set`), or learned from Google (a 429 stated it for this project and model).
   */
  source?: 'default' | 'rule' | 'learned';
  /** For a learned limit: when Google stated it, and the tier its quota id named (`FreeTier`). */
  learnedAt?: number | null;
  tier?: string | null;
}

export interface ModelQuotaView {
  model: string;
  rpm: QuotaMeter;
  rpd: QuotaMeter;
  tpm: QuotaMeter;
  /** After a 429, the project rests for this model until then. */
  cooldownUntil: number | null;
  /**
   * What ran out: Google's daily quota (`day`), a minute's, an unknown one, or a spending limit
   * (`spend`, every model); null without a cooldown.
   */
  cooldownScope: 'minute' | 'day' | 'unknown' | 'spend' | null;
  /** By gemgate's own count the project is at a limit for this model until then (end of the minute or day). */
  atLimitUntil: number | null;
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

/** POST /admin/api/keys: paste many at once; each is shown to its provider before it is stored. */
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

/**
 * Every key of the paste gets its own verdict; one bad line spoils nothing else. Answered 201 when
 * some were added, 200 when none were (the reasons are in `notAdded`); 400 only for what concerns
 * the whole paste (an account's tier, a project id, an unknown provider).
 */
export interface AddKeysResponse {
  /** Added, each with what its provider said when shown the key (a key it could not be asked about is not checked yet). */
  added: Array<{ key: KeyView; check: CheckView }>;
  notAdded: NotAddedView[];
}

/** A key of the paste that was not added: its place, its masked form (null for text that is not a key), why, and what to do. */
export type NotAddedView = NotAdded;

/** PATCH /admin/api/keys/:id */
export interface UpdateKeyRequest {
  state: 'active' | 'disabled';
}

/** POST /admin/api/keys/:id/check answers CheckView; POST /admin/api/keys/check (all keys) this. */
export interface CheckAllResponse {
  results: CheckView[];
}

/* DELETE /admin/api/keys/:id answers 204. */
