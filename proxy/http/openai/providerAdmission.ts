import type { Response } from 'express';
import type { GatewayContext, ClientLocals } from '../gatewayContext.js';
import type { ProviderRecord } from '../../store/providers.js';
import type { Admission } from '../../policy/policyGate.js';
import type { RequestTrace } from '../requestTrace.js';

/** A model of another provider, as ctx.models resolved it. */
export interface ProviderRoute {
  provider: ProviderRecord;
  /** The model id as the provider knows it. */
  model: string;
}

/**
 * The admitting phase of a request relayed to another provider: the trace names the provider and
 * its model, `check` reads what gemgate relies on in the body (its throw is the client's 400), and
 * the client's policy must allow that provider and model. Both logged as a rejection when refused.
 */
export function admitForProvider<Body>(
  ctx: GatewayContext,
  res: Response,
  route: ProviderRoute,
  trace: RequestTrace,
  check: () => Body,
): { body: Body; admission: Admission } {
  const { client } = res.locals as ClientLocals;
  trace.provider = route.provider.name;
  trace.model = route.model;
  return trace.admitting(() => {
    const body = check();
    const admission = ctx.policies.admit(client, route.model, route.provider.name);
    return { body, admission };
  });
}
