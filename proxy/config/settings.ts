import { z } from 'zod';
import { STRATEGIES } from '../pool/strategies.js';
import { InputError } from '../failures/inputError.js';
import { parseRange } from '../util/ipAddress.js';

/**
 * Every user-visible setting: its type, its default and what it does. `gemgate config get|set`,
 * the dashboard and the gateway all read this one catalogue, so a setting cannot exist in one
 * place and not another.
 */
/** A comma-separated list (the CLI) or an array (the admin API), its entries trimmed, empty ones dropped. */
const commaList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (Array.isArray(value) ? value : value.split(',')).map((entry) => entry.trim()).filter(Boolean),
  );

/** A comma list in lower case. */
const lowerCaseList = commaList.transform((entries) => entries.map((entry) => entry.toLowerCase()));

/** Host names. */
const hostList = lowerCaseList.pipe(
  z.array(z.string().regex(/^[a-z0-9.-]+$/, 'a host name such as mybox.local')),
);

const originList = commaList.pipe(
  z.array(
    z
      .string()
      .regex(
        /^https?:\/\/[^/\s*]+$/,
        'an origin such as https://web.chatboxai.app (scheme and host, no path, no *)',
      ),
  ),
);

/** Host names, addresses and address ranges. */
const fetchAllowList = lowerCaseList.pipe(
  z.array(
    z
      .string()
      .refine(
        (entry) => parseRange(entry) !== undefined || /^[a-z0-9.-]+$/.test(entry),
        'a host name (mybox.local), an address (192.168.1.5) or a range (192.168.1.0/24, fd00::/8)',
      ),
  ),
);

/** `alias=target` pairs, comma-separated (the CLI) or an array (the admin API). */
const aliasList = commaList.pipe(
  z.array(
    z
      .string()
      .regex(
        /^[A-Za-z0-9._:@*-]{1,100}=[A-Za-z0-9._:@/-]{1,200}$/,
        'an alias such as fast=qwen/qwen-flash (a name, "=", then a model id, with its provider/ when it has one; a * in the name matches any run of characters)',
      ),
  ),
);

/** `a>b>c` chains, comma-separated: when every project answers `a` with 503 overloaded, try `b`, then `c`. */
const fallbackList = commaList.pipe(
  z.array(
    z
      .string()
      .regex(
        /^[A-Za-z0-9._:@/-]{1,200}(>[A-Za-z0-9._:@/-]{1,200})+$/,
        'a chain such as gemini-3-pro-preview>gemini-2.5-pro (a model, then ">" and the models to try instead, in order)',
      ),
  ),
);

/**
 * How the dashboard shows a setting: `label`, a few words; `unit`, what its number counts (`ms`
 * values are shown and typed in seconds there). Optional: a setting without them shows its name.
 */
export type SettingUnit = 'ms' | 'seconds' | 'MB' | 'days' | 'attempts';

export const SETTINGS = {
  'upstream.baseUrl': {
    label: 'Gemini API address',
    schema: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, '')),
    default: 'https://generativelanguage.googleapis.com',
    describe: "Gemini's API root. Change it only to reach a relay or the test emulator.",
  },
  'upstream.requestTimeoutMs': {
    label: 'Longest wait for Gemini',
    unit: 'ms',
    schema: z.coerce.number().int().min(1000).max(3_600_000),
    default: 600_000,
    describe:
      "Longest wait for Gemini's response headers (non-streamed calls), or between two pieces of its answer.",
  },
  'resume.enabled': {
    label: 'Resume cut streams',
    schema: z.stringbool().or(z.boolean()),
    default: true,
    describe: 'Continue streams that Gemini cuts off, so the client sees one complete answer.',
  },
  'resume.maxAttempts': {
    label: 'Attempts per answer',
    unit: 'attempts',
    schema: z.coerce.number().int().min(1).max(20),
    default: 5,
    describe: 'Upstream attempts per answer, the first one included, before gemgate gives up honestly.',
  },
  'resume.firstByteTimeoutMs': {
    label: 'Wait for the first chunk',
    unit: 'ms',
    schema: z.coerce.number().int().min(1000).max(900_000),
    default: 120_000,
    describe: 'How long to wait for the first chunk; long, because thinking happens before it.',
  },
  'resume.stallTimeoutMs': {
    label: 'Silence before a stream counts as stalled',
    unit: 'ms',
    schema: z.coerce.number().int().min(1000).max(600_000),
    default: 45_000,
    describe: 'Longest silence between two chunks before a stream counts as stalled and is resumed.',
  },
  'resume.continuationThinking': {
    label: 'Thinking in a continuation',
    schema: z.enum(['least', 'same']),
    default: 'least' as 'least' | 'same',
    describe:
      "How much a continuation thinks: least (the least the model accepts: it already reasoned before the cut) or same (the client's setting, billed again).",
  },
  'resume.keepAliveMs': {
    label: 'Keep-alive while waiting',
    unit: 'ms',
    schema: z.coerce.number().int().min(1000).max(120_000),
    default: 10_000,
    describe: 'While waiting (thinking, resuming), send an SSE keep-alive comment after this much silence.',
  },
  'server.allowedHosts': {
    label: 'Extra host names',
    schema: hostList,
    default: [] as string[],
    describe:
      'Extra host names accepted in the Host header (comma-separated), e.g. mybox.local for LAN use. IP addresses and localhost are always accepted.',
  },
  'server.corsOrigins': {
    label: 'Browser origins allowed (CORS)',
    schema: originList,
    default: [] as string[],
    describe:
      'Browser origins allowed to call the API (comma-separated), e.g. https://web.chatboxai.app. Empty: no CORS, which suits desktop apps and SDKs.',
  },
  'fetch.allowHosts': {
    schema: fetchAllowList,
    default: [] as string[],
    describe:
      'Where images and files that clients give by URL may also be fetched from, besides the public internet (comma-separated host names, addresses or ranges), e.g. mybox.local,192.168.1.0/24. Empty: loopback, private, link-local and other non-public addresses are refused.',
  },
  'server.maxRequestMB': {
    label: 'Largest request',
    unit: 'MB',
    schema: z.coerce.number().int().min(1).max(2048),
    default: 100,
    describe:
      'Largest JSON request body accepted, in MB. Gemini takes up to 100 MB inline per request (PDFs 50 MB); bigger files go through the Files API, whose uploads this does not limit.',
  },
  'server.bodyBudgetMB': {
    label: 'Request bodies held at once',
    unit: 'MB',
    schema: z.coerce.number().int().min(1).max(16_384),
    default: 200,
    describe:
      'Most MB of JSON request bodies held at once across all clients; a request that would go over waits for others to finish, so a few huge requests cannot exhaust memory. Never less than server.maxRequestMB.',
  },
  'pool.strategy': {
    label: 'How requests are spread',
    schema: z.enum(STRATEGIES),
    default: 'round-robin',
    describe:
      "How the pool spreads requests over projects: round-robin (in turn), most-headroom (the project with the most of its quota left) or weighted (at random, in proportion to each project's daily limit).",
  },
  'pool.stickiness': {
    label: 'Keep a conversation on its project',
    schema: z.stringbool().or(z.boolean()),
    default: true,
    describe:
      'Keep each conversation on the project it started on while that project can serve, so thought signatures stay valid.',
  },
  'pool.recheckIntervalMs': {
    label: 'Re-check refused keys every',
    unit: 'ms',
    schema: z.coerce
      .number()
      .int()
      .min(1000)
      .max(7 * 24 * 3_600_000),
    default: 1_800_000,
    describe:
      'How often the running gateway re-checks keys Gemini refused, and re-enables those that work again.',
  },
  'models.aliases': {
    label: 'Model aliases',
    schema: aliasList,
    default: [] as string[],
    describe:
      'Model names of your own, comma-separated: fast=qwen/qwen-flash,smart=gemini-2.5-pro,claude-*haiku*=gemini-2.5-flash-lite. A client asking for the alias gets the model (and provider) it names; * matches any run of characters. Claude ids without an alias go to gemini-2.5-flash (haiku) or gemini-2.5-pro (sonnet, opus, others).',
  },
  'models.fallbacks': {
    schema: fallbackList,
    default: [] as string[],
    describe:
      'Models to try when every project answers a model with 503 overloaded, before the first byte: gemini-3-pro-preview>gemini-2.5-pro>gemini-2.5-flash. Comma-separate chains for several models. The answer says which model answered.',
  },
  'server.port': {
    label: 'Port',
    schema: z.coerce.number().int().min(0).max(65535),
    default: 8787,
    describe: 'Port `gemgate serve` and the desktop app listen on, unless --port says otherwise.',
  },
  // --- request log, alerts and budgets ---
  'usage.retentionDays': {
    label: 'Keep the request log for',
    unit: 'days',
    schema: z.coerce.number().int().min(0).max(3650),
    default: 90,
    describe: 'Days the request log is kept (0 keeps it forever); older rows are pruned every few hours.',
  },
  'alerts.webhookUrl': {
    label: 'Webhook for alerts',
    schema: z.literal('').or(z.url({ protocol: /^https?$/ })),
    default: '',
    describe:
      'If set, each alert (key disabled, pool down, resume gave up, spend limit) is POSTed here as JSON.',
  },
  'alerts.foldWindowSeconds': {
    label: 'Fold repeated alerts within',
    unit: 'seconds',
    schema: z.coerce.number().int().min(1).max(86_400),
    default: 300,
    describe: 'Repeats of an alert within this window are folded into one alert with a count.',
  },
} as const;

export type SettingName = keyof typeof SETTINGS;
export type SettingValue<N extends SettingName> = z.output<(typeof SETTINGS)[N]['schema']>;
export type Settings = { [N in SettingName]: SettingValue<N> };

export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

export function isSettingName(name: string): name is SettingName {
  return Object.hasOwn(SETTINGS, name);
}

/** Parses a value given as text (the CLI) or as JSON (the admin API) for one setting. */
export function parseSetting<N extends SettingName>(name: N, raw: unknown): SettingValue<N> {
  const result = SETTINGS[name].schema.safeParse(raw);
  if (!result.success) {
    const reason = result.error.issues.map((issue) => issue.message).join('; ');
    throw new InputError(`Invalid value for ${name}: ${reason}. ${SETTINGS[name].describe}`);
  }
  return result.data as SettingValue<N>;
}

export function unknownSettingMessage(name: string): string {
  return `Unknown setting "${name}". Known settings: ${SETTING_NAMES.join(', ')}.`;
}

export function defaultSettings(): Settings {
  return Object.fromEntries(SETTING_NAMES.map((name) => [name, SETTINGS[name].default])) as Settings;
}

/** The models to try, in order, when every project answers `model` overloaded (setting `models.fallbacks`). */
export function fallbacksOf(settings: Settings, model: string): string[] {
  for (const chain of settings['models.fallbacks']) {
    const [first, ...rest] = chain.split('>');
    if (first === model) return rest;
  }
  return [];
}
