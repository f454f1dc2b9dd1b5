/**
 * The admin API's contract: every route under `/admin/api/`, its request body and its answer. The
 * dashboard (renderer/) imports this file with `import type` and nothing else from proxy/, so the
 * file must stay self-contained: no imports, no values, types only.
 *
 * Errors are always `ApiError` with a fitting status: 400 bad input, 401 no session, 403 refused
 * (CSRF check, foreign origin), 404 unknown id, 409 conflict, 500 our fault. No answer ever holds
 * an API key in clear (Gemini's or another provider's), not even an error message; keys appear by id and
 * masked form only.
 */

export interface ApiError {
  error: { message: string };
}

/* ---------- sign-in ---------- */

/** POST /admin/api/login: exchanges a one-time login token for the session cookie (answer 204). */
export interface LoginRequest {
  token: string;
}

/**
 * GET /admin/api/session: the one route that answers without a session, so the page can ask
 * whether it is signed in without provoking an error.
 */
export type SessionResponse =
  | {
      signedIn: true;
      /** When the session ends if left alone. */
      idleTimeoutMs: number;
    }
  | { signedIn: false };

/* ---------- overview ---------- */

export type Health = 'healthy' | 'degraded' | 'down' | 'empty';

export interface StatusView {
  url: string;
  keys: { total: number; healthy: number; cooling: number; disabled: number };
  today: { requests: number; costUsd: number };
  resumeEnabled: boolean;
  health: Health;
}

export interface TrafficView {
  /** Requests through the gateway (not the admin API) per second, averaged over the last 10 s. */
  requestsPerSecond: number;
  requestsLastMinute: number;
  /** Since the gateway started. */
  requestsTotal: number;
  errorsLastMinute: number;
}

export interface UsageTotals {
  requests: number;
  /** Requests that did not end well (refused, failed, incomplete). */
  errors: number;
  inputTokens: number;
  outputTokens: number;
  /** Thinking tokens, billed as output. */
  thoughtTokens: number;
  /** The known cost (requests of unknown cost add nothing). */
  costUsd: number;
  /** Requests whose cost is unknown (a model without a price, or embeddings): not in costUsd. */
  unpriced: number;
}

/** GET /admin/api/overview */
export interface OverviewResponse {
  version: string;
  status: StatusView;
  endpoints: {
    /** Where Gemini-dialect clients point (Cherry Studio "Gemini", ChatBox "Gemini", @google/genai). */
    gemini: string;
    /** Where OpenAI-dialect clients point (Roo Code, Cline, ChatBox "OpenAI API compatible", openai SDK). */
    openai: string;
  };
  traffic: TrafficView;
  /** Today (the local calendar day, as the usage log counts days): tokens and cost. */
  today: { totals: UsageTotals };
}

/* ---------- accounts, projects, keys ---------- */

export type Tier = 'primary' | 'backup';
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
  /**
   * Where `limit` comes from: gemgate's built-in free-tier default, the user's rule (`gemgate limits
   * set`, which always wins), or learned from Google (a 429 stated it for this project and model).
   */
  source: 'default' | 'rule' | 'learned';
  /** For a learned limit: when Google stated it, and the tier its quota id named (`FreeTier`). */
  learnedAt: number | null;
  tier: string | null;
}

export interface ModelQuotaView {
  model: string;
  rpm: QuotaMeter;
  rpd: QuotaMeter;
  tpm: QuotaMeter;
  /** After a 429, the project rests for this model until then. */
  cooldownUntil: number | null;
  /** Why it rests: a minute or day quota, an unknown one, or a spending limit (every model). */
  cooldownScope: 'minute' | 'day' | 'unknown' | 'spend' | null;
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

/* ---------- providers ---------- */

export type ContinuationStyle = 'partial' | 'prefix' | 'prompt';

/** An upstream: Gemini (built in) or an OpenAI-compatible service. */
export interface ProviderView {
  name: string;
  kind: 'gemini' | 'openai-compatible';
  baseUrl: string;
  /** Another provider's model ids; Gemini's come from its own catalogue (empty here). */
  models: string[];
  /** `builtin` for Gemini; `pending` until a first key lets gemgate ask the service for its list. */
  modelsSource: 'builtin' | 'manual' | 'fetched' | 'pending';
  /** How a cut stream is continued (docs/RESUME.md); null for Gemini, which has its own engine. */
  continuation: ContinuationStyle | null;
  /** The preset it was made from, if any. */
  preset: string | null;
  keys: number;
  activeKeys: number;
  createdAt: number | null;
}

export interface ProviderPresetView {
  name: string;
  baseUrl: string;
  continuation: ContinuationStyle;
  describe: string;
}

/** GET /admin/api/providers: Gemini first, then the others in the order they were added. */
export interface ProvidersResponse {
  providers: ProviderView[];
  presets: ProviderPresetView[];
}

/**
 * POST /admin/api/providers answers ProviderView (201). The service must be reachable, the name
 * new; otherwise 400 and nothing changes.
 */
export interface AddProviderRequest {
  name: string;
  /** The API root (https://…/v1), or a preset's name. */
  baseUrl: string;
  /** Model ids; absent: listed by the service when its first key is added. */
  models?: string[];
  continuation?: ContinuationStyle;
}

/* DELETE /admin/api/providers/:name removes it with its keys; answers 204. */

/* ---------- client tokens and their policies ---------- */

/** What one client token may do; every field optional, absent meaning "no limit". */
export interface ClientPolicyView {
  /** Model patterns the token may call (`*` matches any run of characters); absent: every model. */
  allowModels?: string[];
  /** Model patterns left out of the token's model lists. */
  hideModels?: string[];
  /** Providers that may serve the token (`gemini`, `qwen`, ...); absent: every provider. */
  allowProviders?: string[];
  /** Account ids whose keys may serve the token; absent: every account. */
  allowAccounts?: string[];
  /** Key tiers that may serve the token; absent: both. */
  allowTiers?: Tier[];
  /** false: cut streams are not resumed for this token; absent: the `resume.enabled` setting. */
  resume?: boolean;
  /** false: Responses API answers are never stored for this token (`store: false` forced). */
  storeResponses?: boolean;
  /** false: its interactions are sent with `store: false`, so Google keeps none (Interactions API). */
  storeInteractions?: boolean;
  /** Requests per minute. */
  rpm?: number;
  /** Spend limits in USD over the local calendar day and month. */
  dailyUsd?: number;
  monthlyUsd?: number;
}

export interface ClientTokenView {
  id: string;
  name: string;
  /** First characters, enough to tell tokens apart; the token itself is shown once, at creation. */
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
  /** The policy and one line describing it ("models gemini-2.5-*; 30 rpm", or "no limits"). */
  policy: { policy: ClientPolicyView; summary: string };
}

/** GET /admin/api/tokens */
export interface TokensResponse {
  tokens: ClientTokenView[];
}

/** POST /admin/api/tokens: with a policy, the token is created with it in one step. */
export interface CreateTokenRequest {
  name: string;
  policy?: ClientPolicyView;
}

export interface CreateTokenResponse {
  token: ClientTokenView;
  /** The token itself: shown once, never stored in clear, never sent again. */
  secret: string;
}

/*
 * PUT /admin/api/tokens/:id/policy with a ClientPolicyView replaces the policy (`{}` removes every
 * limit); answers ClientTokenView.
 */

/* DELETE /admin/api/tokens/:id revokes; answers ClientTokenView. */

/* ---------- settings ---------- */

export type SettingValueView = string | number | boolean | string[];

export interface SettingView {
  name: string;
  value: SettingValueView;
  default: SettingValueView;
  /** `list` values are edited as comma-separated text, as with `gemgate config set`. */
  kind: 'string' | 'number' | 'boolean' | 'list';
  /** The allowed values, when the setting is one of a fixed set (e.g. the pool strategy). */
  choices?: string[];
  description: string;
}

/** GET /admin/api/settings */
export interface SettingsResponse {
  settings: SettingView[];
}

/** PUT /admin/api/settings/:name answers SettingView. */
export interface UpdateSettingRequest {
  value: SettingValueView;
}

/* ---------- events and alerts ---------- */

export type EventType =
  | 'key.disabled'
  | 'key.quarantined'
  | 'key.recovered'
  | 'project.exhausted'
  | 'project.spendCapped'
  | 'pool.down'
  | 'pool.recovered'
  | 'resume.gaveUp'
  | 'spend.limit';

export interface EventView {
  type: EventType;
  at: number;
  severity: 'info' | 'warning' | 'error';
  title: string;
  message: string;
  keyId?: string;
  projectId?: string;
  model?: string;
  /** The client token concerned (spend limits, a client's answer that stayed incomplete). */
  clientId?: string;
}

/** GET /admin/api/events: the most recent first. */
export interface EventsResponse {
  events: EventView[];
}

/**
 * GET /admin/api/events/stream: Server-Sent Events, one JSON object per `data:` line, with the
 * event name as SSE `event:`. A `hello` comes first; then pushes as things happen.
 */
export interface StreamMessages {
  hello: { status: StatusView; traffic: TrafficView };
  status: StatusView;
  event: EventView;
  /** About once a second while requests flow, and once more when they stop. */
  traffic: TrafficView;
  /** Keys, accounts or projects changed (added, removed, checked, disabled): reload them. */
  keys: { reason: string };
  /** A request finished and its usage was recorded. */
  usage: { at: number };
  tokens: { reason: string };
  settings: { name: string };
}

export type StreamEventName = keyof StreamMessages;

/* ---------- usage, cost, request log ---------- */

export type UsageGroup = 'day' | 'provider' | 'model' | 'key' | 'client';

export interface UsageRow extends Omit<UsageTotals, 'costUsd'> {
  /** Null on a row none of whose requests has a known cost: a model without a price ("no price"). */
  costUsd: number | null;
  /** The day (YYYY-MM-DD), provider name, model name, key id or client token id. */
  group: string;
  /** What to show: the masked key or the client's name where the group is an id. */
  label: string;
  /** By model: false when the price table has no price for the model (show "no price", never $0). */
  priced?: boolean;
}

/** GET /admin/api/usage?by=day|provider|model|key|client&since=YYYY-MM-DD&until=YYYY-MM-DD, as the server reads it. */
export interface UsageQuery {
  /** Absent: by day. */
  by: UsageGroup;
  /** Local calendar days, YYYY-MM-DD, both included; absent since: the last 30 days. */
  since?: string;
  until?: string;
}

export interface UsageResponse {
  by: UsageGroup;
  rows: UsageRow[];
  totals: UsageTotals;
}

export interface RequestLogEntry {
  id: string;
  at: number;
  clientId: string | null;
  clientName: string | null;
  model: string;
  /** The provider that served it (`gemini` for rows older than providers). */
  provider: string;
  keyId: string | null;
  masked: string | null;
  /** HTTP status the client got. */
  status: number;
  dialect: 'gemini' | 'openai' | 'anthropic';
  streamed: boolean;
  /** Upstream attempts, the first included: more than one means failover or a resumed stream. */
  attempts: number;
  inputTokens: number;
  outputTokens: number;
  /** Null when unknown: a model without a price ("no price"), or embeddings. Never a made-up 0. */
  costUsd: number | null;
  durationMs: number;
  error: string | null;
}

/** GET /admin/api/requests?client=&model=&key=&status=ok|error&limit=&before=, as the server reads it. */
export interface RequestLogQuery {
  /** A client token's id or name. */
  client?: string;
  model?: string;
  /** A key's id or masked form. */
  key?: string;
  status?: 'ok' | 'error';
  /** Absent: 100; at most 500. */
  limit: number;
  /** Only requests before this time (ms since the epoch), to page back. */
  before?: number;
}

export interface RequestLogResponse {
  entries: RequestLogEntry[];
}

/* ---------- prices ---------- */

/** A model's price in USD per million tokens (Gemini's paid tier, standard rates). */
export interface PriceInput {
  model: string;
  input: number;
  output: number;
  /** Cached input; absent: as much as other input. */
  cached?: number;
  /** Above this many prompt tokens the `*Long` rates apply to the whole request. */
  longThreshold?: number;
  inputLong?: number;
  outputLong?: number;
  cachedLong?: number;
  /** USD per image made (Imagen, Gemini's image models). */
  perImage?: number;
  /** The image tokens Gemini reports for one such image (per-image price -> per-token). */
  imageTokens?: number;
  /** USD per second of speech made (Gemini's TTS models). */
  perAudioSecond?: number;
  /**
   * Rates by prompt length (Qwen's models): a call is priced whole at the first tier whose `upTo`
   * its prompt does not exceed, or at the last. Replaces input/output/cached and the long rates.
   */
  tiers?: Array<{ upTo: number; input: number; output: number; cached?: number }>;
}

export interface PriceView extends PriceInput {
  /** `default`: shipped with gemgate; `user`: set by the user, wins over the default. */
  source: 'default' | 'user';
  updatedAt: number | null;
}

/**
 * GET /admin/api/prices; PUT /admin/api/prices/:model with PriceInput answers PriceView;
 * DELETE /admin/api/prices/:model drops the user's price (back to the default) and answers 204.
 */
export interface PricesResponse {
  prices: PriceView[];
}

/* ---------- backup ---------- */

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

/* ---------- files and cached contents ---------- */

/**
 * A Files API file or a cached content made through gemgate. It lives in one project at Google
 * (only that project's keys can read it) until `expiresAt`, and only the client that made it sees it.
 */
export interface OwnedResourceView {
  /** `files/ID` or `cachedContents/ID`. */
  name: string;
  kind: 'file' | 'cachedContent';
  displayName: string | null;
  mimeType: string | null;
  sizeBytes: number | null;
  /** A cached content's model (`models/…`). */
  model: string | null;
  /** Google's processing state of a file (PROCESSING, ACTIVE, FAILED), as last read. */
  state: string | null;
  project: { id: string; label: string; account: string | null };
  /** The client token that made it; null when the token is gone. */
  client: { id: string; name: string } | null;
  createdAt: number;
  expiresAt: number | null;
}

/** GET /admin/api/files: every file and cached content made through gemgate and not expired, newest first. */
export interface FilesResponse {
  resources: OwnedResourceView[];
}

/**
 * DELETE /admin/api/files/:name (the name URL-encoded, `files%2Fabc`): deleted at its project, then
 * forgotten (204); also forgotten when Google no longer has it.
 */
