import { Router } from 'express';
import { z } from 'zod';
import type { AdminContext } from './adminContext.js';
import type {
  ClientPolicyView,
  CreateTokenRequest,
  CreateTokenResponse,
  TokensResponse,
} from './contract.js';
import { outline, schemaFor, type Outlined } from './schemaFor.js';
import { AdminError } from './adminError.js';
import { tokenView } from './views.js';
import { clientPolicySchema } from '../../policy/clientPolicy.js';

// A policy's own rules live with the policies (ClientPolicies.set applies them, so their messages
// reach the user); here only its outline, and the proof that those rules take exactly the contract's
// ClientPolicyView.
const policyBody = outline;
schemaFor<ClientPolicyView>()(clientPolicySchema);
const createBody = schemaFor<Outlined<CreateTokenRequest, 'policy'>>()(
  z.strictObject({
    name: z.string().trim().min(1, 'a token needs a name').max(100),
    policy: policyBody.optional(),
  }),
);

/** Client tokens: list, create (the one time the token is shown), revoke, and their policies. */
export function tokenRoutes(ctx: AdminContext): Router {
  const router = Router();
  const { store } = ctx;

  router.get('/tokens', (_req, res) => {
    const spend = ctx.sources.usage.spendByClient(Date.now());
    const response: TokensResponse = {
      tokens: store.tokens.list().map((token) => tokenView(token, ctx, spend.get(token.id))),
    };
    res.json(response);
  });

  router.post('/tokens', (req, res) => {
    const body = createBody.parse(req.body);
    const { policies } = ctx;
    // The policy is checked before the token exists, so a bad one creates nothing.
    const { record, token } = store.db.transaction(() => {
      const created = store.tokens.create(body.name);
      if (body.policy) policies.set(created.record.id, body.policy);
      return created;
    })();
    ctx.feed.publish('tokens', { reason: `token ${record.name} created` });
    const response: CreateTokenResponse = { token: tokenView(record, ctx), secret: token };
    // The one answer that carries a secret: never cached anywhere.
    res.setHeader('cache-control', 'no-store');
    res.status(201).json(response);
  });

  router.put('/tokens/:id/policy', (req, res) => {
    const token = store.tokens.get(req.params.id);
    if (!token) throw new AdminError(404, `No token with id "${req.params.id}".`);
    const body = policyBody.parse(req.body);
    ctx.policies.set(token.id, body);
    ctx.feed.publish('tokens', { reason: `policy of ${token.name} changed` });
    res.json(tokenView(token, ctx, ctx.sources.usage.spendByClient(Date.now()).get(token.id)));
  });

  router.delete('/tokens/:id', (req, res) => {
    const token = store.tokens.get(req.params.id);
    if (!token) throw new AdminError(404, `No token with id "${req.params.id}".`);
    if (!store.tokens.revoke(token.id)) throw new AdminError(409, `Token ${token.name} is already revoked.`);
    ctx.feed.publish('tokens', { reason: `token ${token.name} revoked` });
    res.json(tokenView(store.tokens.get(token.id)!, ctx));
  });

  return router;
}
