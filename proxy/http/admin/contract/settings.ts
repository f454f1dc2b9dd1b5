/** The settings catalogue, as `gemgate config` reads and writes it. */
import type { SettingUnit } from '../../../config/settings.js';

export type SettingValueView = string | number | boolean | string[];

export interface SettingView {
  /** As `gemgate config` names it (`resume.stallTimeoutMs`). */
  name: string;
  /** A few words for people ("Silence before a stream counts as stalled"); the name when it has none. */
  label: string;
  /** What a number counts; `ms` values are shown and typed in seconds by the dashboard. */
  unit: SettingUnit | null;
  value: SettingValueView;
  default: SettingValueView;
  /** `list` values are edited as comma-separated text, as with `gemgate config set`. */
  kind: 'string' | 'number' | 'boolean' | 'list';
  /** The allowed values, when the setting is one of a fixed set (e.g. the pool strategy). */
  choices?: string[];
  description: string;
}

/** GET /admin/api/settings */
export interface SettingsResponse {
  settings: SettingView[];
}

/** PUT /admin/api/settings/:name answers SettingView. */
export interface UpdateSettingRequest {
  value: SettingValueView;
}
