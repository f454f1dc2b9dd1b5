/** Client tokens and their policies. */
import type { ClientToken } from '../../../store/clientTokens.js';
import type { ClientPolicy } from '../../../policy/clientPolicy.js';

/** What one client token may do; every field optional, absent meaning "no limit" (the policies' own type). */
export type ClientPolicyView = ClientPolicy;

/** A token as the store keeps it (`prefix`: enough to tell tokens apart; the token itself is shown once). */
export interface ClientTokenView extends ClientToken {
  /** The policy and one line describing it ("models gemini-2.5-*; 30 rpm", or "no limits"). */
  policy: { policy: ClientPolicyView; summary: string };
  /** What it spent, over requests of known cost, on the local calendar day and month: what its spend limits count. */
  spend: { todayUsd: number; monthUsd: number };
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
