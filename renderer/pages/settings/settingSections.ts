import type { SettingValueView, SettingView } from '../../../proxy/http/admin/contract';

/** Each section's card title; a section not named here shows its own name. */
const SECTION_TITLES: Record<string, string> = {
  resume: 'Resume of cut streams',
  pool: 'Key pool',
  upstream: 'Upstream (Gemini)',
  server: 'Server',
  usage: 'Usage log',
  alerts: 'Alerts',
};

/** Resume and the pool first: they are what users come here to change. */
const FIRST = ['resume', 'pool'];

export interface SettingSection {
  /** The part of the settings' names before the first dot, e.g. `resume` for `resume.enabled`. */
  section: string;
  title: string;
  settings: SettingView[];
}

/**
 * The settings grouped into one card per section, in the catalogue's order within a section;
 * sections ordered resume, pool, then the rest alphabetically.
 */
export function settingSections(settings: readonly SettingView[]): SettingSection[] {
  const sections = new Map<string, SettingView[]>();
  for (const setting of settings) {
    const section = setting.name.split('.')[0]!;
    sections.set(section, [...(sections.get(section) ?? []), setting]);
  }
  return [...sections.keys()]
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((section) => ({
      section,
      title: SECTION_TITLES[section] ?? section,
      settings: sections.get(section)!,
    }));
}

function rank(section: string): number {
  const index = FIRST.indexOf(section);
  return index === -1 ? FIRST.length : index;
}

/** How a value reads in a text field: lists comma-separated, as `gemgate config set` takes them. */
export function asText(value: SettingValueView): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/**
 * How a value is shown and typed, in the unit a person thinks in: milliseconds as seconds, other
 * units as they are.
 *
 * | unit      | stored  | shown    | suffix       |
 * | --------- | ------- | -------- | ------------ |
 * | `ms`      | 120000  | 120      | seconds      |
 * | `seconds` | 300     | 300      | seconds      |
 * | `MB`      | 100     | 100      | MB           |
 * | `days`    | 90      | 90       | days         |
 * | none      | as is   | as is    | (none)       |
 */
export function shownUnit(unit: SettingView['unit']): {
  suffix: string;
  toShown: (stored: number) => number;
  toStored: (shown: number) => number;
} {
  switch (unit) {
    case 'ms':
      return { suffix: 'seconds', toShown: (ms) => ms / 1000, toStored: (s) => Math.round(s * 1000) };
    case 'seconds':
      return { suffix: 'seconds', toShown: (v) => v, toStored: (v) => v };
    case 'MB':
    case 'days':
    case 'attempts':
      return { suffix: unit, toShown: (v) => v, toStored: (v) => v };
    default:
      return { suffix: '', toShown: (v) => v, toStored: (v) => v };
  }
}

/** A setting's value as its field shows it: numbers in their shown unit, lists comma-separated. */
export function fieldText(setting: Pick<SettingView, 'unit' | 'kind'>, value: SettingValueView): string {
  if (setting.kind === 'number' && typeof value === 'number')
    return String(shownUnit(setting.unit).toShown(value));
  return asText(value);
}
