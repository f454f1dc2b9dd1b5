/**
 * The admin API's contract: every route under `/admin/api/`, its request body and its answer, one
 * file per area in `contract/`. The dashboard (renderer/) imports this file with `import type` and
 * nothing else from proxy/, so the contract holds types only: its own, and those of the gateway's
 * parts that it shows as they are (a price, a client policy, a token's record, the status), taken
 * with `import type` so that a field added there reaches the dashboard's types at once.
 *
 * Errors are always `ApiError` with a fitting status: 400 bad input, 401 no session, 403 refused
 * (CSRF check, foreign origin), 404 unknown id, 409 conflict, 500 our fault. No answer ever holds
 * an API key in clear (Gemini's or another provider's), not even an error message; keys appear by id and
 * masked form only.
 */

export type * from './contract/session.js';
export type * from './contract/overview.js';
export type * from './contract/keys.js';
export type * from './contract/providers.js';
export type * from './contract/models.js';
export type * from './contract/tokens.js';
export type * from './contract/settings.js';
export type * from './contract/events.js';
export type * from './contract/usage.js';
export type * from './contract/requests.js';
export type * from './contract/prices.js';
export type * from './contract/backup.js';
export type * from './contract/files.js';
