import type { GenerateContentRequest } from '../../gemini/types.js';
import type { Admission } from '../../policy/policyGate.js';
import type { ApiVersion } from '../../upstream/geminiClient.js';
import { startGeminiGeneration, type GeminiGeneration } from '../../resume/gemini/geminiGeneration.js';
import type { GatewayContext } from '../gatewayContext.js';
import { modelAllowed } from '../../policy/clientPolicy.js';

export interface GeminiCall {
  model: string;
  request: GenerateContentRequest;
  signal: AbortSignal;
  /** `v1beta` unless the client called `/v1/`. */
  apiVersion?: ApiVersion;
  /** The client it is for, when the request may name files or caches (refused if another client's). */
  clientId?: string;
}

/**
 * Starts a Gemini generation for an admitted client, the same for every route: only the keys its
 * policy allows, its resume settings, its conversation kept on the project that minted its thought
 * signatures, and the fallback models it may use when every project is overloaded.
 */
export function startGeminiFor(
  ctx: GatewayContext,
  admission: Admission,
  call: GeminiCall,
): Promise<GeminiGeneration> {
  return startGeminiGeneration(
    ctx.dispatcher,
    {
      apiVersion: call.apiVersion ?? 'v1beta',
      model: call.model,
      request: call.request,
      signal: call.signal,
      signatureRouting: ctx.routing,
      keyScope: admission.keyScope,
      ...(call.clientId === undefined ? {} : { clientId: call.clientId }),
      // Models to try when every project is overloaded: those of the chain the client may use.
      fallbacks: ctx.fallbacks(call.model).filter((model) => modelAllowed(admission.policy, model)),
    },
    admission.resume(ctx.resumeSettings()),
  );
}
