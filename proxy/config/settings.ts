import { z } from 'zod';

/**
 * Every user-visible setting: its type, its default and what it does. `gemgate config get|set`,
 * the dashboard and the gateway all read this one catalogue, so a setting cannot exist in one
 * place and not another.
 */
export const SETTINGS = {
  'upstream.baseUrl': {
    schema: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, '')),
    default: 'https://generativelanguage.googleapis.com',
    describe: "Gemini's API root. Change it only to reach a relay or the test emulator.",
  },
  'upstream.requestTimeoutMs': {
    schema: z.coerce.number().int().min(1000).max(3_600_000),
    default: 600_000,
    describe: 'Longest a whole upstream call may take.',
  },
  'resume.enabled': {
    schema: z.stringbool().or(z.boolean()),
    default: true,
    describe: 'Continue streams that Gemini cuts off, so the client sees one complete answer.',
  },
  'resume.maxAttempts': {
    schema: z.coerce.number().int().min(1).max(20),
    default: 5,
    describe: 'Upstream attempts per answer, the first one included, before gemgate gives up honestly.',
  },
  'resume.firstByteTimeoutMs': {
    schema: z.coerce.number().int().min(1000).max(900_000),
    default: 120_000,
    describe: 'How long to wait for the first chunk; long, because thinking happens before it.',
  },
  'resume.stallTimeoutMs': {
    schema: z.coerce.number().int().min(1000).max(600_000),
    default: 45_000,
    describe: 'Longest silence between two chunks before a stream counts as stalled and is resumed.',
  },
  'server.port': {
    schema: z.coerce.number().int().min(0).max(65535),
    default: 8787,
    describe: 'Port `gemgate serve` and the desktop app listen on, unless --port says otherwise.',
  },
  // --- usage branch (issue 6) ---
  'usage.retentionDays': {
    schema: z.coerce.number().int().min(0).max(3650),
    default: 90,
    describe: 'Days the request log is kept (0 keeps it forever); older rows are pruned every few hours.',
  },
  'alerts.webhookUrl': {
    schema: z.literal('').or(z.url({ protocol: /^https?$/ })),
    default: '',
    describe:
      'If set, each alert (key disabled, pool down, resume gave up, spend limit) is POSTed here as JSON.',
  },
  'alerts.foldWindowSeconds': {
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

export class SettingError extends Error {
  override name = 'SettingError';
}

/** Parses a value given as text (the CLI) or as JSON (the admin API) for one setting. */
export function parseSetting<N extends SettingName>(name: N, raw: unknown): SettingValue<N> {
  const result = SETTINGS[name].schema.safeParse(raw);
  if (!result.success) {
    const reason = result.error.issues.map((issue) => issue.message).join('; ');
    throw new SettingError(`Invalid value for ${name}: ${reason}. ${SETTINGS[name].describe}`);
  }
  return result.data as SettingValue<N>;
}

export function unknownSettingMessage(name: string): string {
  return `Unknown setting "${name}". Known settings: ${SETTING_NAMES.join(', ')}.`;
}

export function defaultSettings(): Settings {
  return Object.fromEntries(SETTING_NAMES.map((name) => [name, SETTINGS[name].default])) as Settings;
}
