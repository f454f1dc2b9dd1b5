export interface Migration {
  /** Unique and permanent: the `schema_migrations` table records migrations by name. */
  name: string;
  sql: string;
}

/**
 * The schema, as named migrations applied once each, in this order, each in a transaction. Named
 * rather than numbered so that work on separate branches can each append one without renumbering.
 * Never edit a shipped migration: add a new one.
 *
 * Nothing secret lives here: keys are represented by a random id, a masked form and a SHA-256
 * fingerprint (for duplicate detection); client tokens by their SHA-256 hash.
 */
export const migrations: readonly Migration[] = [
  {
    name: '001-accounts-keys-tokens-settings',
    sql: `
  CREATE TABLE accounts (
    id          TEXT PRIMARY KEY,
    label       TEXT NOT NULL UNIQUE,
    tier        TEXT NOT NULL CHECK (tier IN ('primary', 'backup')),
    state       TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'disabled')),
    created_at  INTEGER NOT NULL
  );
  CREATE TABLE projects (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    label       TEXT NOT NULL,
    gcp_project TEXT,
    created_at  INTEGER NOT NULL
  );
  CREATE TABLE keys (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    project_id   TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    masked       TEXT NOT NULL,
    fingerprint  TEXT NOT NULL UNIQUE,
    state        TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'disabled', 'dead')),
    state_reason TEXT,
    state_since  INTEGER,
    last_checked_at INTEGER,
    created_at   INTEGER NOT NULL
  );
  CREATE INDEX keys_by_project ON keys(project_id);
  CREATE TABLE client_tokens (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    hash        TEXT NOT NULL UNIQUE,
    prefix      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at  INTEGER
  );
  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  },
  {
    // The key pool's memory: user-set quota limits, cooldowns after 429s and request counters, so
    // that a restart neither forgets a cooldown nor starts a day's count from zero.
    name: '100-pool-limits-cooldowns-counters',
    sql: `
  CREATE TABLE pool_limits (
    project_id TEXT REFERENCES projects(id) ON DELETE CASCADE, -- NULL: every project
    model      TEXT NOT NULL, -- model id, family pattern ending in *, or * for every model
    rpm        INTEGER,       -- NULL inherits; -1 lifts the limit
    tpm        INTEGER,
    rpd        INTEGER,
    updated_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX pool_limits_scope ON pool_limits(ifnull(project_id, ''), model);
  CREATE TABLE pool_cooldowns (
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    model      TEXT NOT NULL,
    until      INTEGER NOT NULL,
    scope      TEXT NOT NULL,
    quota_id   TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (project_id, model)
  );
  CREATE TABLE pool_counters (
    project_id      TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    model           TEXT NOT NULL,
    minute_start    INTEGER NOT NULL,
    minute_requests INTEGER NOT NULL,
    minute_tokens   INTEGER NOT NULL,
    day_end         INTEGER NOT NULL, -- when the Pacific day of day_requests ends
    day_requests    INTEGER NOT NULL,
    PRIMARY KEY (project_id, model)
  );
  `,
  },
  // --- usage: request log, price table, client policies ---
  {
    // One row per client request, written in batches after it ends. No prompt or answer content.
    // No foreign keys: the log outlives the tokens and keys it mentions.
    name: '200-usage-requests',
    sql: `
  CREATE TABLE usage_requests (
    id              INTEGER PRIMARY KEY,
    at              INTEGER NOT NULL,
    day             TEXT NOT NULL,
    client_id       TEXT,
    dialect         TEXT NOT NULL,
    endpoint        TEXT NOT NULL,
    model           TEXT,
    stream          INTEGER NOT NULL DEFAULT 0,
    key_id          TEXT,
    project_id      TEXT,
    account_id      TEXT,
    status          INTEGER NOT NULL,
    outcome         TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    resumes         INTEGER NOT NULL DEFAULT 0,
    causes          TEXT,
    prompt_tokens   INTEGER,
    output_tokens   INTEGER,
    thoughts_tokens INTEGER,
    cached_tokens   INTEGER,
    tool_prompt_tokens INTEGER,
    total_tokens    INTEGER,
    cost_usd        REAL,
    ttfb_ms         REAL,
    total_ms        REAL NOT NULL,
    error_class     TEXT,
    attempt_detail  TEXT
  );
  CREATE INDEX usage_by_time ON usage_requests(at);
  CREATE INDEX usage_by_day ON usage_requests(day);
  CREATE INDEX usage_by_client_day ON usage_requests(client_id, day);
  `,
  },
  {
    // The user's own prices (USD per 1M tokens); models without a row use the shipped defaults.
    name: '200-usage-prices',
    sql: `
  CREATE TABLE model_prices (
    model          TEXT PRIMARY KEY,
    input          REAL NOT NULL,
    output         REAL NOT NULL,
    cached         REAL,
    long_threshold INTEGER,
    input_long     REAL,
    output_long    REAL,
    cached_long    REAL,
    updated_at     INTEGER NOT NULL
  );
  `,
  },
  {
    // A client token's policy as JSON (validated on the way in and out); no row means no limits.
    name: '200-usage-client-policies',
    sql: `
  CREATE TABLE client_policies (
    token_id   TEXT PRIMARY KEY REFERENCES client_tokens(id) ON DELETE CASCADE,
    policy     TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
  },
  {
    // Each row carries the id of its request, so a row moved from the crash journal
    // (proxy/usage/usageJournal.ts) into the table twice is stored once.
    name: '201-usage-request-ids',
    sql: `
  ALTER TABLE usage_requests ADD COLUMN request_id TEXT;
  CREATE UNIQUE INDEX usage_by_request ON usage_requests(request_id);
  `,
  },
  {
    // Responses kept for `previous_response_id` and GET /v1/responses/{id} (proxy/store/responses.ts):
    // one row per response, its content sealed with AES-256-GCM under a key in the secret store.
    name: '300-responses-store',
    sql: `
  CREATE TABLE stored_responses (
    id          TEXT PRIMARY KEY,
    client_id   TEXT NOT NULL REFERENCES client_tokens(id) ON DELETE CASCADE,
    previous_id TEXT,
    created_at  INTEGER NOT NULL,
    used_at     INTEGER NOT NULL,
    bytes       INTEGER NOT NULL,
    sealed      TEXT NOT NULL
  );
  CREATE INDEX stored_responses_by_client_use ON stored_responses(client_id, used_at);
  CREATE INDEX stored_responses_by_use ON stored_responses(used_at);
  `,
  },
  {
    // Files API files and cached contents created through gemgate: which project owns each (only
    // that project's keys can read it), which client created it, and until when it exists at Google.
    // `resource` is Google's last JSON for it, served back to its client; it holds no content.
    name: '300-files-owned-resources',
    sql: `
  CREATE TABLE owned_resources (
    name         TEXT PRIMARY KEY, -- files/ID or cachedContents/ID
    kind         TEXT NOT NULL CHECK (kind IN ('file', 'cachedContent')),
    project_id   TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    client_id    TEXT,
    display_name TEXT,
    mime_type    TEXT,
    size_bytes   INTEGER,
    model        TEXT,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER,
    resource     TEXT NOT NULL
  );
  CREATE INDEX owned_by_client ON owned_resources(client_id, kind, created_at);
  CREATE INDEX owned_by_expiry ON owned_resources(expires_at);
  `,
  },
  {
    // Other upstreams beside Gemini, which is built in and has no row: OpenAI-compatible services
    // (Alibaba's DashScope, DeepSeek, OpenRouter, ...). `models` is a JSON array of model ids, from
    // the service's GET /models (`fetched`, or `pending` until a first key can ask) or typed in
    // (`manual`). `continuation` is how a cut stream of theirs is continued (docs/RESUME.md).
    // A project (the unit a quota applies to) belongs to one provider; a key to its project's.
    // Each request-log row names the provider that served it (NULL in rows older than this). A
    // price may come in tiers by prompt length (Qwen's), and a provider's model is priced as
    // `provider/model`.
    name: '400-providers',
    sql: `
  CREATE TABLE providers (
    name          TEXT PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('openai-compatible')),
    base_url      TEXT NOT NULL,
    models        TEXT NOT NULL DEFAULT '[]',
    models_source TEXT NOT NULL CHECK (models_source IN ('manual', 'fetched', 'pending')),
    continuation  TEXT NOT NULL CHECK (continuation IN ('partial', 'prefix', 'prompt')),
    preset        TEXT,
    created_at    INTEGER NOT NULL
  );
  ALTER TABLE projects ADD COLUMN provider TEXT NOT NULL DEFAULT 'gemini';
  ALTER TABLE usage_requests ADD COLUMN provider TEXT;
  ALTER TABLE model_prices ADD COLUMN tiers TEXT; -- JSON: [{upTo, input, output, cached}], by prompt length
  `,
  },
  {
    // Long-running operations gemgate started (Veo's predictLongRunning): only keys of the project
    // that started one can poll it, and only its client may, so the owner is kept, as files are,
    // for as long as Google keeps the operation (two days). A key gone since is no matter: any key
    // of the project can poll.
    name: '500-operation-owners',
    sql: `
  CREATE TABLE operation_owners (
    name       TEXT PRIMARY KEY, -- models/veo-…/operations/ID
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    key_id     TEXT NOT NULL,
    client_id  TEXT NOT NULL,
    started_at INTEGER NOT NULL
  );
  CREATE INDEX operation_owners_by_start ON operation_owners(started_at);
  `,
  },
  {
    // Which stored response holds each of its client's items (input and output, by item id), for
    // the Responses API's `item_reference`; the items themselves stay sealed in their response. An
    // item met again (a client sending back what it got) points to the newest response holding it.
    name: '600-stored-response-items',
    sql: `
  CREATE TABLE stored_response_items (
    client_id   TEXT NOT NULL,
    item_id     TEXT NOT NULL,
    response_id TEXT NOT NULL REFERENCES stored_responses(id) ON DELETE CASCADE,
    PRIMARY KEY (client_id, item_id)
  );
  CREATE INDEX stored_response_items_by_response ON stored_response_items(response_id);
  -- Every response is stored now (OpenAI's default), so the bounds are checked on every save: these
  -- hold the sizes in use order, so pruning reads them without reading a sealed row.
  -- They cover the indexes of 300-responses-store, which go.
  CREATE INDEX stored_responses_sizes_by_client ON stored_responses(client_id, used_at, bytes, id);
  CREATE INDEX stored_responses_sizes ON stored_responses(used_at, bytes, id);
  DROP INDEX stored_responses_by_client_use;
  DROP INDEX stored_responses_by_use;
  `,
  },
  {
    // Limits Google stated in 429s (QuotaFailure quotaValue) per project, model and field: the pool
    // plans with them in place of the built-in free-tier defaults, where the user set no rule.
    // `tier` is what the quota id names (FreeTier); `learned_at` the 429's time.
    name: '600-pool-learned-limits',
    sql: `
  CREATE TABLE pool_learned_limits (
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    model      TEXT NOT NULL,
    field      TEXT NOT NULL CHECK (field IN ('rpm', 'tpm', 'rpd')),
    value      INTEGER NOT NULL CHECK (value >= 1),
    tier       TEXT,
    quota_id   TEXT NOT NULL,
    learned_at INTEGER NOT NULL,
    PRIMARY KEY (project_id, model, field)
  );
  `,
  },
  {
    // What a request's client was told when it did not end well (the error message, word for
    // word), so the dashboard can show it beside the log's short error class. `attempt_detail`
    // now holds every request's attempts (not only resumed ones), each with its project, what
    // ended it and, before a failure, the keys asked; no column is needed for that.
    name: '202-usage-client-message',
    sql: `
  ALTER TABLE usage_requests ADD COLUMN client_message TEXT;
  `,
  },
  {
    // Resumable uploads under way (proxy/dispatch/uploadSessions.ts), kept so that an upload id a
    // client holds outlives a restart of gemgate. The id itself is not kept, only its SHA-256 (it is
    // the client's to show); nor is the key, only its id. `upstream_url` is Google's session URL for
    // the upload, good for that one upload only, for a day at most.
    name: '600-upload-sessions',
    sql: `
  CREATE TABLE upload_sessions (
    id_hash      TEXT PRIMARY KEY,
    client_id    TEXT NOT NULL,
    project_id   TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    key_id       TEXT NOT NULL,
    upstream_url TEXT NOT NULL,
    api_version  TEXT NOT NULL CHECK (api_version IN ('v1beta', 'v1')),
    created_at   INTEGER NOT NULL,
    touched_at   INTEGER NOT NULL
  );
  CREATE INDEX upload_sessions_by_touch ON upload_sessions(touched_at);
  `,
  },
  {
    // Interactions (Gemini's Interactions API) gemgate created: Google keeps a stored one in the
    // project that made it, so follow-ups, gets, deletes and cancels go to that project, for that
    // client only, as long as Google keeps it. `head_id` is the interaction at Google holding the
    // whole turn (the last continuation of a stream gemgate completed); `upstream_ids` (JSON) every
    // interaction at Google this one stands for.
    name: '600-interaction-owners',
    sql: `
  CREATE TABLE interaction_owners (
    id           TEXT PRIMARY KEY, -- the id the client was given
    project_id   TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    client_id    TEXT NOT NULL,
    model        TEXT NOT NULL, -- the model or agent
    previous_id  TEXT, -- the previous_interaction_id the client sent
    head_id      TEXT NOT NULL,
    upstream_ids TEXT NOT NULL,
    seam_removed INTEGER NOT NULL DEFAULT 0,
    background   INTEGER NOT NULL DEFAULT 0,
    usage_logged INTEGER NOT NULL DEFAULT 1, -- 0: a background run whose usage a poll is still to log
    created_at   INTEGER NOT NULL
  );
  CREATE INDEX interaction_owners_by_creation ON interaction_owners(created_at);
  `,
  },
];
