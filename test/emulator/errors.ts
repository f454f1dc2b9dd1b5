import type { GoogleErrorBody, GoogleErrorDetail } from '../../proxy/gemini/types.js';
import type { ApiVersion, ErrorBodySource, FaultContext } from './types.js';

/**
 * Google error bodies, copied field for field from bodies that the real API returned and people quoted
 * in public issues (each builder names its source). The envelope is google.rpc.Status mapped to JSON
 * (https://cloud.google.com/apis/design/errors#http_mapping).
 */

const SERVICE = 'generativelanguage.googleapis.com';

export function googleError(
  code: number,
  status: string,
  message: string,
  details?: GoogleErrorDetail[],
): GoogleErrorBody {
  return { error: { code, message, status, ...(details ? { details } : {}) } };
}

function localized(message: string): GoogleErrorDetail {
  return { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message };
}

/** No key at all. Shape: googleapis' 403 for keyless calls, e.g. the body quoted in rubyonrails specs and
 *  gemini clients ("Method doesn't allow unregistered callers…", status PERMISSION_DENIED, no details). */
export function unregisteredCaller(): GoogleErrorBody {
  return googleError(
    403,
    'PERMISSION_DENIED',
    "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
  );
}

/** Malformed, deleted or unknown key. Source: continuedev/continue#8516, google/timesketch#3703. */
export function apiKeyInvalid(): GoogleErrorBody {
  const message = 'API key not valid. Please pass a valid API key.';
  return googleError(400, 'INVALID_ARGUMENT', message, [
    {
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: 'API_KEY_INVALID',
      domain: 'googleapis.com',
      metadata: { service: SERVICE },
    },
    localized(message),
  ]);
}

/** Suspended consumer. Source: continuedev/continue#10902, google/generative-ai-docs#356. */
export function consumerSuspended(apiKey: string, projectId: string): GoogleErrorBody {
  const message = `Permission denied: Consumer 'api_key:${apiKey}' has been suspended.`;
  return googleError(403, 'PERMISSION_DENIED', message, [
    {
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: 'CONSUMER_SUSPENDED',
      domain: 'googleapis.com',
      metadata: { consumer: `projects/${projectId}`, service: SERVICE, containerInfo: `api_key:${apiKey}` },
    },
    localized(message),
  ]);
}

/**
 * Key reported as leaked. Source: continuedev/continue#11541 and #10513 — Google sends this one
 * without details, so gemgate has to recognise it by status and message alone.
 */
export function keyLeaked(): GoogleErrorBody {
  return googleError(
    403,
    'PERMISSION_DENIED',
    'Your API key was reported as leaked. Please use another API key.',
  );
}

/**
 * Generative Language API disabled in the key's project. Source: google/generative-ai-docs#74 and
 * google-gemini/gemini-cli#1343 (ErrorInfo SERVICE_DISABLED with activationUrl, plus a Help link).
 */
export function serviceDisabled(projectId: string): GoogleErrorBody {
  const url = `https://console.developers.google.com/apis/api/${SERVICE}/overview?project=${projectId}`;
  const message =
    `Generative Language API has not been used in project ${projectId} before or it is disabled. ` +
    `Enable it by visiting ${url} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.`;
  return googleError(403, 'PERMISSION_DENIED', message, [
    {
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: 'SERVICE_DISABLED',
      domain: 'googleapis.com',
      metadata: {
        serviceTitle: 'Generative Language API',
        consumer: `projects/${projectId}`,
        containerInfo: projectId,
        service: SERVICE,
        activationUrl: url,
      },
    },
    localized(message),
    {
      '@type': 'type.googleapis.com/google.rpc.Help',
      links: [{ description: 'Google developers console API activation', url }],
    },
  ]);
}

/**
 * Unknown model, or a method the model does not support. Source: openclaw/openclaw#14036,
 * google/adk-python#200 ("… or is not supported for generateContent. Call ListModels …"); the streaming
 * method is spelled StreamGenerateContent there (ChatGPTNextWeb/NextChat#4699).
 */
export function modelNotFound(model: string, apiVersion: ApiVersion, method: string): GoogleErrorBody {
  return googleError(
    404,
    'NOT_FOUND',
    `models/${model} is not found for API version ${apiVersion}, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`,
  );
}

/** A plain INVALID_ARGUMENT, as Gemini sends for semantic checks (no details). */
export function invalidArgument(message: string): GoogleErrorBody {
  return googleError(400, 'INVALID_ARGUMENT', message);
}

/** Body that is not JSON. Shape of ESF's parser error: message, the offending text, a caret line. */
export function invalidJson(problem: string, context: string): GoogleErrorBody {
  return invalidArgument(`Invalid JSON payload received. ${problem}\n${context}\n^`);
}

/**
 * Unknown field names. Source: mnfst/llm-gateway#1858, Alishahryar1/free-claude-code#542 and
 * MinLL/SkyrimNet-GamePlugin#77: one line per name joined by "\n", and a BadRequest fieldViolation
 * each (top-level names carry no "field").
 */
export function unknownFields(violations: Array<{ name: string; at?: string }>): GoogleErrorBody {
  const lines = violations.map(({ name, at }) =>
    at
      ? `Invalid JSON payload received. Unknown name "${name}" at '${at}': Cannot find field.`
      : `Invalid JSON payload received. Unknown name "${name}": Cannot find field.`,
  );
  return googleError(400, 'INVALID_ARGUMENT', lines.join('\n'), [
    {
      '@type': 'type.googleapis.com/google.rpc.BadRequest',
      fieldViolations: violations.map(({ at }, i) => ({
        ...(at ? { field: at } : {}),
        description: lines[i],
      })),
    },
  ]);
}

export type QuotaKind = 'rpm' | 'rpd' | 'tpm';

const QUOTAS: Record<QuotaKind, { metric: string; quotaId: string; perMinute: boolean }> = {
  rpm: {
    metric: `${SERVICE}/generate_content_free_tier_requests`,
    quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
    perMinute: true,
  },
  rpd: {
    metric: `${SERVICE}/generate_content_free_tier_requests`,
    quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
    perMinute: false,
  },
  tpm: {
    metric: `${SERVICE}/generate_content_free_tier_input_token_count`,
    quotaId: 'GenerateContentInputTokensPerModelPerMinute-FreeTier',
    perMinute: true,
  },
};

/** Seconds as a google.protobuf.Duration in JSON ("29s"), rounded up so a client never retries early. */
export function durationString(ms: number): string {
  return `${Math.max(0, Math.ceil(ms / 1000))}s`;
}

/**
 * 429 RESOURCE_EXHAUSTED. Source: RooCodeInc/Roo-Code#3883 and google-gemini/gemini-cli#8437 (details in
 * the order QuotaFailure, Help, RetryInfo; quotaDimensions location/model; quotaValue as a string) and
 * the message tail "* Quota exceeded for metric: …, limit: N, model: M\nPlease retry in 31.44s.".
 * A per-day 429 carries the same details (quotaId GenerateRequestsPerDayPerProjectPerModel-FreeTier,
 * quotaValue "20" for 3.8 Flash, with a RetryInfo of seconds that does not shorten the day: bodies
 * quoted in public code and notes, July-August 2026). `retryDelayMs` null leaves RetryInfo (and the
 * "Please retry" line) out, as some 429s come.
 */
export function quotaExceeded(
  kind: QuotaKind,
  model: string,
  limit: number,
  retryDelayMs: number | null,
): GoogleErrorBody {
  const q = QUOTAS[kind];
  const seconds = Math.max(0, (retryDelayMs ?? 0) / 1000);
  const message =
    'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/rate-limit. \n' +
    `* Quota exceeded for metric: ${q.metric}, limit: ${limit}, model: ${model}` +
    (retryDelayMs === null ? '' : `\nPlease retry in ${Number(seconds.toFixed(6))}s.`);
  return googleError(429, 'RESOURCE_EXHAUSTED', message, [
    {
      '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
      violations: [
        {
          quotaMetric: q.metric,
          quotaId: q.quotaId,
          quotaDimensions: { location: 'global', model },
          quotaValue: String(limit),
        },
      ],
    },
    {
      '@type': 'type.googleapis.com/google.rpc.Help',
      links: [
        {
          description: 'Learn more about Gemini API quotas',
          url: 'https://ai.google.dev/gemini-api/docs/rate-limits',
        },
      ],
    },
    ...(retryDelayMs === null
      ? []
      : [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: durationString(retryDelayMs) }]),
  ]);
}

export type SpendCapKind = 'project-monthly' | 'billing-monthly' | 'prepay';

/**
 * A spending limit reached: 429 RESOURCE_EXHAUSTED with only a message (no QuotaFailure, no
 * RetryInfo). Sources, each message verbatim as quoted in public code and issues in 2026:
 * - project-monthly (AI Studio's Project Spend Cap): "Your project has exceeded its monthly spending
 *   cap. Please go to AI Studio at https://ai.studio/spend to manage your project." (a Gemini Live
 *   engine's tests and a client's message table, both 2026; a bench harness's capture of 2026-08-24).
 * - billing-monthly (the usage tier's cap on the billing account): "Your billing account has exceeded
 *   its monthly spending cap. Please go to AI Studio at https://ai.studio/billing to manage your
 *   billing. Learn more at https://ai.google.dev/gemini-api/docs/billing#tier-spend-caps." (a
 *   benchmark log and an image client's tests, 2026).
 * - prepay: "Your prepayment credits are depleted. Please go to AI Studio at
 *   https://ai.studio/projects to manage your project and billing." (dyad-sh/dyad#3626, 2026-06-10;
 *   JeffOtano/roni#336, 2026-05-04).
 */
export function spendCapExceeded(kind: SpendCapKind): GoogleErrorBody {
  const message = {
    'project-monthly':
      'Your project has exceeded its monthly spending cap. Please go to AI Studio at https://ai.studio/spend to manage your project.',
    'billing-monthly':
      'Your billing account has exceeded its monthly spending cap. Please go to AI Studio at https://ai.studio/billing to manage your billing. Learn more at https://ai.google.dev/gemini-api/docs/billing#tier-spend-caps. ',
    prepay:
      'Your prepayment credits are depleted. Please go to AI Studio at https://ai.studio/projects to manage your project and billing.',
  }[kind];
  return googleError(429, 'RESOURCE_EXHAUSTED', message);
}

/**
 * Service disabled for the terms of service: 403 PERMISSION_DENIED with ErrorInfo TOS_VIOLATION and
 * an appeal link (router-for-me/CLIProxyAPI#1823, 2026-03-04, a body from Google's Code Assist
 * service, whose domain it keeps). Some come with the message alone ("Gemini has been disabled in
 * this account for violation of Terms of Service…": anomalyco/opencode#11239, 2026-01-30).
 */
export function termsOfServiceViolation(withDetails = true): GoogleErrorBody {
  if (!withDetails) {
    return googleError(
      403,
      'PERMISSION_DENIED',
      'Gemini has been disabled in this account for violation of Terms of\n\t\tService. If you believe this is an error, please contact Google Cloud Support, or email\n\t\tgemini-code-assist-user-feedback@google.com.',
    );
  }
  return googleError(
    403,
    'PERMISSION_DENIED',
    'This service has been disabled in this account for violation of Terms of Service. Please submit an appeal to continue using this product.',
    [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'TOS_VIOLATION',
        domain: 'cloudcode-pa.googleapis.com',
        metadata: {
          uiMessage: 'true',
          appeal_url_link_text: 'Submit Appeal',
          appeal_url: 'https://forms.gle/hGzM9MEUv2azZsrb9',
        },
      },
    ],
  );
}

/**
 * A retired model: 404 NOT_FOUND, message only. Source: "This model models/gemini-2.0-flash is no
 * longer available to new users. Please update your code to use a newer model." (an incident log,
 * 2026-05-14); with a successor named: "…Please update your code to use models/gemini-3.6-flash for
 * the latest features and improvements. We recommend you to use the Interactions API." (a verbatim
 * response recorded in public notes, 2026).
 */
export function modelRetired(model: string, successor?: string): GoogleErrorBody {
  const advice = successor
    ? `Please update your code to use models/${successor} for the latest features and improvements. We recommend you to use the Interactions API.`
    : 'Please update your code to use a newer model.';
  return googleError(
    404,
    'NOT_FOUND',
    `This model models/${model} is no longer available to new users. ${advice}`,
  );
}

/** 500. Source: google-gemini issues quoting "An internal error has occurred. Please retry or report in …". */
export function internalError(): GoogleErrorBody {
  return googleError(
    500,
    'INTERNAL',
    'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  );
}

/** 503. Source: many client fixtures of Gemini's overload answer ("The model is overloaded. …", UNAVAILABLE). */
export function overloaded(): GoogleErrorBody {
  return googleError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.');
}

/** A plausible body for a bare status (used when an http fault gives no body). */
export function bodyForStatus(status: number, model: string): GoogleErrorBody {
  switch (status) {
    case 400:
      return invalidArgument('Request contains an invalid argument.');
    case 401:
      return googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
    case 403:
      return googleError(403, 'PERMISSION_DENIED', 'The caller does not have permission');
    case 404:
      return googleError(404, 'NOT_FOUND', 'Requested entity was not found.');
    case 429:
      return quotaExceeded('rpm', model, 10, 29_000);
    case 500:
      return internalError();
    case 503:
      return overloaded();
    case 504:
      return googleError(504, 'DEADLINE_EXCEEDED', 'Deadline expired before operation could complete.');
    default:
      return googleError(status, 'UNKNOWN', `HTTP ${status}`);
  }
}

/** The body an injected HTTP fault answers with: its own (built for this call), or the status's usual one. */
export function faultBody(
  body: ErrorBodySource | undefined,
  status: number,
  ctx: FaultContext,
): GoogleErrorBody {
  if (typeof body === 'function') return body(ctx);
  return body ?? bodyForStatus(status, ctx.model);
}
