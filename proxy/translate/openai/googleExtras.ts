import type { SafetySetting } from '../../gemini/types.js';
import type { ChatRequest, GoogleExtras } from './chatRequestSchema.js';

/** Gemini-only settings a client can smuggle through the OpenAI dialect, in one normalised shape. */
export interface NormalisedGoogleExtras {
  thinkingBudget?: number;
  thinkingLevel?: string;
  includeThoughts?: boolean;
  cachedContent?: string;
  safetySettings?: SafetySetting[];
}

/**
 * Reads `extra_body.google` (the literal key Cherry Studio's AI SDK provider leaves in the body, see
 * CherryHQ/cherry-studio src/renderer/src/aiCore/utils/reasoning.ts) and a top-level `google`
 * (what SDKs that merge extra_body into the body produce). `extra_body` wins where both are set.
 * Snake case as Google's compat docs spell it, camel case as Gemini's REST docs do.
 */
export function readGoogleExtras(request: ChatRequest): NormalisedGoogleExtras {
  const merged = [request.google, request.extra_body?.google].reduce<NormalisedGoogleExtras>(
    (acc, extras) => ({ ...acc, ...definedOnly(normalise(extras)) }),
    {},
  );
  return merged;
}

function normalise(extras: GoogleExtras | null | undefined): NormalisedGoogleExtras {
  if (!extras) return {};
  const thinking = extras.thinking_config ?? extras.thinkingConfig;
  return {
    thinkingBudget: thinking?.thinking_budget ?? thinking?.thinkingBudget ?? undefined,
    thinkingLevel: thinking?.thinking_level ?? thinking?.thinkingLevel ?? undefined,
    includeThoughts: thinking?.include_thoughts ?? thinking?.includeThoughts ?? undefined,
    cachedContent: extras.cached_content ?? extras.cachedContent ?? undefined,
    safetySettings: extras.safety_settings ?? extras.safetySettings ?? undefined,
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
